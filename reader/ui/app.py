"""Start the desktop app: ``newspaper-reader`` / ``python -m reader`` without a command."""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QThreadPool, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from reader import __version__
from reader.app import ReaderCore
from reader.logs import library_text, setup_logging
from reader.paths import bundled_library, ensure_writable_data_dir, settings_file
from reader.ui.main_window import MainWindow

SCREENSHOT_TIMEOUT_MS = 120_000
SIGNAL_CHECK_MS = 250
EXIT_WAIT_MS = 3_000  # background work still running after this at exit is abandoned
QT_TRANSLATION = "qtbase_zh_CN"
log = logging.getLogger(__name__)


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("newspaper-reader")
    app.setApplicationDisplayName("报纸阅读器")
    app.setOrganizationName("newspaper-reader")
    # resources/ lies beside seeds/ (source tree and frozen build); not found through
    # reader.language.segmenter, which would import jieba on the GUI thread
    icon = bundled_library().parent / "resources" / "icon.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_qt_translation(app)
    # The UI is Chinese: so are month names, weekdays and dates in Qt's widgets (calendar)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return app


def install_qt_translation(app: QApplication) -> bool:
    """Qt's own dialogs (file, print, calendar, OK/Cancel) in Chinese, like the rest of the UI.

    Only ``qtbase_zh_CN.qm`` ships (150 KB); the app's own text is Chinese already.
    """
    if getattr(app, "_reader_translator", None) is not None:
        return True
    translator = QTranslator(app)
    for folder in _translation_folders():
        if translator.load(QT_TRANSLATION, str(folder)):
            app.installTranslator(translator)
            app._reader_translator = translator  # type: ignore[attr-defined]
            # installed last, asked first: it answers only what qtbase_zh_CN lacks
            app._reader_gaps = MissingQtTranslations(app)  # type: ignore[attr-defined]
            app.installTranslator(app._reader_gaps)  # type: ignore[attr-defined]
            return True
    log.warning(
        "Qt's Chinese translation (%s) not found; Qt dialogs stay in English", QT_TRANSLATION
    )
    return False


class MissingQtTranslations(QTranslator):
    """Qt texts that ``qtbase_zh_CN.qm`` lacks (or words unlike the window), in Chinese.

    Qt's own file dialog (the one used where the desktop offers none: a bare Linux, the
    frozen build without a platform theme) fills its "Type" column from
    ``QAbstractFileIconProvider``, a Qt 6 context the shipped translation (made for Qt 5's
    ``QFileDialog`` context) has no entry for: every folder read "Folder". Any other text
    gets None, a null string, which Qt takes as "not translated here" (an empty string
    would be taken as the translation).
    """

    TEXTS: ClassVar[dict[tuple[str, str], str]] = {
        ("QAbstractFileIconProvider", "Folder"): "文件夹",
        ("QAbstractFileIconProvider", "File Folder"): "文件夹",
        ("QAbstractFileIconProvider", "Drive"): "驱动器",
        ("QAbstractFileIconProvider", "File"): "文件",
        ("QAbstractFileIconProvider", "Alias"): "替身",
        ("QAbstractFileIconProvider", "Shortcut"): "快捷方式",
        ("QAbstractFileIconProvider", "Unknown"): "未知",
        # qtbase_zh_CN spells the arrow keys 左方向…; the menus and the F1 list use arrows
        ("QShortcut", "Left"): "←",
        ("QShortcut", "Right"): "→",
        ("QShortcut", "Up"): "↑",
        ("QShortcut", "Down"): "↓",
    }

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return self.TEXTS.get((context, source))  # None: a null string, "not mine"

    def isEmpty(self) -> bool:
        return False


def _translation_folders() -> list[Path]:
    import PySide6

    return [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        Path(PySide6.__file__).resolve().parent / "Qt" / "translations",
    ]


def create_window(library: Path | None) -> MainWindow:
    """The window on ``library`` (None: the default library), with start-up problems shown.

    A data folder that cannot be written and a damaged bookmarks database are explained to
    the user instead of stopping the app with a traceback.
    """
    data_problem = ensure_writable_data_dir()
    if data_problem:
        log.error("%s", data_problem)
    settings = QSettings(str(settings_file()), QSettings.Format.IniFormat)
    core = ReaderCore(library if library is not None else last_library(settings))
    # the library actually opened: --library, else the one open at the last close
    log.info("opened %s", library_text(core.folders))
    window = MainWindow(core, settings)
    if data_problem:
        window.notify(window.tr("数据文件夹无法写入"), data_problem)
    if core.bookmarks.set_aside is not None:
        window.notify(
            window.tr("书签数据库已损坏"),
            window.tr("书签数据库无法读取，已原样保留为 %1，并新建了一个空的书签库。").replace(
                "%1", str(core.bookmarks.set_aside)
            ),
        )
    return window


def last_library(settings: QSettings) -> Path | None:
    """The library open when the app was last closed, if it is still there."""
    value = settings.value("last_library", "")
    if isinstance(value, str) and value and Path(value).is_dir():
        return Path(value)
    return None


def run_app(library: Path | None, screenshot: Path | None = None) -> int:
    started = time.perf_counter()
    log_file = setup_logging()
    log.info("starting %s, log %s", __version__, log_file)
    app = application()
    window = create_window(library)
    window.show()
    shown = time.perf_counter() - started
    log.info("window shown after %.2f s", shown)
    _close_on_terminate(app)
    window.start()
    if screenshot is not None:
        _take_screenshot_when_ready(window, screenshot, started, shown)
    code = app.exec()
    # The closed window cancelled its background work; wait for it (a library being read
    # stops at its next page), as Python must not tear down the objects it reports through.
    # The index is kill-safe (a half-built one is discarded at the next start), so the
    # user need not wait for a long first build: keep what is saved, then leave at once.
    if window.core.index_building or not QThreadPool.globalInstance().waitForDone(EXIT_WAIT_MS):
        log.info("leaving with background work still running")
        window.core.bookmarks.close()
        logging.shutdown()
        sys.stdout.flush()
        os._exit(code)
    window.core.close()
    return code


def _close_on_terminate(app: QApplication) -> None:
    """SIGTERM (a session logging out, ``kill``) and SIGINT close the window as 退出 does,
    so the window's layout and the reading place are saved, instead of ending the process
    where it stands. Python runs a signal handler only when the interpreter gets a turn,
    and Qt's event loop is C++: a timer gives it one four times a second. The close is
    queued, so a signal that comes before the event loop runs still closes the window."""

    def close(_signum: int, _frame: object) -> None:
        log.info("closing on signal %s", _signum)
        QTimer.singleShot(0, app.closeAllWindows)

    for name in ("SIGTERM", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), close)
    turns = QTimer(app)
    turns.timeout.connect(lambda: None)
    turns.start(SIGNAL_CHECK_MS)


def _take_screenshot_when_ready(
    window: MainWindow, path: Path, started: float, shown: float
) -> None:
    """Wait for the index, open the first story, render the window to PNG, quit."""

    def capture() -> None:
        first = window.tree.first_article()
        if first is not None:
            window.open_story(*first)
        QApplication.processEvents()
        ok = window.grab().save(str(path))
        ready = time.perf_counter() - started
        print(
            f"window shown after {shown:.2f} s; index ready after {ready:.2f} s; "
            f"screenshot {'saved to ' + str(path) if ok else 'FAILED'}"
        )
        QApplication.exit(0 if ok else 1)

    window.index_ready.connect(lambda: QTimer.singleShot(300, capture))
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, lambda: QApplication.exit(1))
