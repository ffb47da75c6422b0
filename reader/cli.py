"""Command line: ``python -m reader`` / ``newspaper-reader``.

Sub-commands work on the core alone (no Qt import), so they run on servers and in scripts.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from reader.app import ReaderCore
from reader.archive import Archive, load_archive
from reader.fix_store import FixStore
from reader.fixes import HEADLINE_FIELDS, Fix, FixRefused, Status
from reader.imports import (
    ImportItem,
    ImportRefused,
    check_newspaper_name,
    preview,
    proposed_meta,
)
from reader.library import find_page_files
from reader.logs import setup_logging
from reader.model import Article, Kind, Page, PageMeta, Story
from reader.paths import fixes_db, library_folders
from reader.search.engine import BuildReport, Results, SearchRequest, Sort


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script and of ``python -m reader``."""
    _utf8_stdout()
    setup_logging()
    parser = _parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is not None:
        try:
            return handler(args)
        except BrokenPipeError:
            return _reader_went_away()
    if args.self_test:
        from reader.selftest import run_self_test

        return run_self_test()
    if args.outline:
        return _outline_command(args)
    from reader.ui.app import run_app  # Qt is imported only for the window

    return run_app(_library(args), screenshot=args.screenshot)


def _reader_went_away() -> int:
    """The program reading our output stopped (``… | head``): that is how a pipe ends, not
    a crash, so nothing is logged. Standard output goes to the null device, or Python's
    flush at exit would raise again; the exit status is a shell's for SIGPIPE."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)
    return 128 + 13


def _utf8_stdout() -> None:
    """Chinese text must print on consoles whose locale is not UTF-8 (CI, Windows)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newspaper-reader",
        description="Read Chinese newspaper page text as clean articles and stories.",
    )
    parser.add_argument("--library", type=Path, help="library folder (default: bundled samples)")
    parser.add_argument(
        "--outline",
        action="store_true",
        help="print the library outline instead of opening the window",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that this installation works (library, index, searches, window); exit 0/1",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PNG",
        help="open the window, wait for the index, save a screenshot, exit",
    )
    commands = parser.add_subparsers(title="commands")

    parse = commands.add_parser("parse", help="analyse page files and print their articles")
    parse.add_argument("paths", nargs="+", type=Path, help="page files or folders")
    parse.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parse.add_argument(
        "--no-fixes", action="store_true", help="show the analysis without readers' fixes"
    )
    parse.add_argument(
        "--library",
        type=Path,
        default=argparse.SUPPRESS,
        help="library whose fixes apply (default: the default library)",
    )
    parse.set_defaults(handler=_parse_command)

    _fix_parser(commands)

    index = commands.add_parser("index", help="build or update the search index")
    _library_options(index)
    index.set_defaults(handler=_index_command)

    search = commands.add_parser("search", help="search the library (several queries at once)")
    search.add_argument("queries", nargs="+", metavar="QUERY")
    _library_options(search)
    search.add_argument("--json", action="store_true", help="print machine-readable JSON")
    search.add_argument("--limit", type=int, default=10, help="hits per query (default 10)")
    search.add_argument("--sort", choices=[s.value for s in Sort], default=Sort.RELEVANCE.value)
    search.set_defaults(handler=_search_command)

    imports = commands.add_parser(
        "import",
        help="copy page files into the library (exit 0: all imported, 1: some refused)",
    )
    imports.add_argument("files", nargs="+", type=Path, metavar="FILE", help="page files")
    imports.add_argument(
        "--library",
        type=Path,
        default=argparse.SUPPRESS,
        help="library folder (default: your own library in the user data folder)",
    )
    imports.add_argument("--newspaper", help="newspaper name (one folder name)")
    imports.add_argument("--date", type=_iso_date, help="issue date, YYYY-MM-DD")
    imports.add_argument("--page", type=_page_number, help="page number (第N版)")
    imports.add_argument(
        "--force",
        action="store_true",
        help="also import files that do not look like a newspaper page (a short note)",
    )
    imports.set_defaults(handler=_import_command)

    bench = commands.add_parser("bench", help="measure parse throughput on a generated library")
    bench.add_argument(
        "--pages",
        type=int,
        default=None,
        help="pages to generate (default: 1200 for parsing, 3000 with --search, 1550 with --ui)",
    )
    bench.add_argument("--seed", type=int, default=7, help="generator seed (deterministic)")
    bench.add_argument(
        "--search",
        action="store_true",
        help="benchmark the search index instead (default 3000 pages)",
    )
    bench.add_argument(
        "--json",
        action="store_true",
        help="with --search: only the numbers, as one JSON object, on standard output "
        "(the readable report goes to standard error)",
    )
    bench.add_argument(
        "--workers",
        type=int,
        default=None,
        help="analysis processes for the index build (default: all cores)",
    )
    bench.add_argument(
        "--layout",
        nargs="*",
        type=Path,
        metavar="GOLD_OR_CORPUS",
        help="score layout analysis against references (gold.json files or folders; "
        "default: the corpus in tests/corpus)",
    )
    bench.add_argument(
        "--ui",
        action="store_true",
        help="longest GUI-thread stalls while the window starts on a generated library "
        "(default 1550 pages; needs a display, e.g. Xvfb)",
    )
    bench.set_defaults(handler=_bench_command)
    return parser


def _library_options(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: a sub-command's unset option must not hide the same top-level option
    parser.add_argument(
        "--library",
        type=Path,
        default=argparse.SUPPRESS,
        help="library folder (default: bundled samples)",
    )
    parser.add_argument(
        "--index-dir",
        type=Path,
        default=None,
        help="index folder (default: in the user data folder)",
    )


def _library(args: argparse.Namespace) -> Path | None:
    """The ``--library`` folder, or None for the default library (samples + own pages)."""
    return getattr(args, "library", None)


def _open_current_index(args: argparse.Namespace, quiet: bool = False) -> ReaderCore:
    """Open the library's index, building or updating it first if the library changed."""
    core = ReaderCore(_library(args), index_root=args.index_dir)
    current = core.index_current()  # opens the index: what recovery did is known from here
    told = _tell_index_messages(core, 0)
    if not current:
        verb = "建立" if not core.search_ready else "更新"
        if not quiet:
            roots = "、".join(map(str, core.folders.roots))
            print(f"正在{verb}索引：{roots}", file=sys.stderr)
        archive = core.load(progress=None if quiet else _bar("读取版面"))
        for problem in archive.errors + archive.warnings:
            print(f"! {problem}", file=sys.stderr)
        report = core.index(None if quiet else _bar_phase())
        if report is not None and not quiet:
            print(f"\n{_report_line(report)}", file=sys.stderr)
        _tell_index_messages(core, told)
    return core


def _tell_index_messages(core: ReaderCore, told: int) -> int:
    """Print what index recovery did (a damaged or outdated index rebuilt...) that was not
    printed yet, even with ``--json`` (it goes to stderr); returns how many are printed."""
    messages = core.index_messages
    for message in messages[told:]:
        print(message, file=sys.stderr)
    return len(messages)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text!r}") from None


def _page_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"版次应为正整数：{text!r}")
    return int(text)


def _import_command(args: argparse.Namespace) -> int:
    """Import files with the same validation and code path as the window's import dialog.

    Metadata given on the command line applies to every file; what is not given comes
    from each file's own name and manifest, as in the dialog.
    """
    try:
        given = PageMeta(
            check_newspaper_name(args.newspaper) if args.newspaper is not None else None,
            args.date,
            args.page,
        )
    except ImportRefused as exc:
        print(f"newspaper-reader import: {exc}", file=sys.stderr)
        return 2
    items, doubtful = [], []
    for found in find_page_files(args.files):
        doubt = None if args.force else preview(found.path).doubt
        if doubt:  # as in the window: importing a note as a page is the user's call
            doubtful.append((found.path, f"{doubt}；确要导入请加 --force"))
        else:
            proposed = proposed_meta(found.path, found.meta)
            items.append(ImportItem(found.path, _merged(given, proposed)))
    core = ReaderCore(_library(args))
    report = core.import_pages(items)
    report.rejected.extend(doubtful)
    core.close()
    for path in report.imported:
        print(f"已导入：{path}")
    for path, reason in report.rejected:
        print(f"未导入：{path}：{reason}", file=sys.stderr)
    return 0 if report.ok else 1


def _merged(given: PageMeta, found: PageMeta) -> PageMeta:
    return PageMeta(
        given.newspaper or found.newspaper,
        given.date or found.date,
        given.page or found.page,
    )


def _report_line(report: BuildReport) -> str:
    kind = "全部重建" if report.full else "增量更新"
    return (
        f"索引{kind}：写入 {report.indexed} 篇，删除 {report.removed} 篇，"
        f"未变 {report.unchanged} 篇，用时 {report.seconds:.2f} 秒"
    )


def _bar(label: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        _draw(done, total, label)

    return show


def _bar_phase() -> Callable[[int, int, str], None]:
    return lambda done, total, phase: _draw(done, total, phase)


def _draw(done: int, total: int, label: str) -> None:
    width = 30
    filled = width * done // total if total else width
    sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    sys.stderr.flush()


def _index_command(args: argparse.Namespace) -> int:
    core = _open_current_index(args)
    print(f"索引就绪：{core.engine.document_count()} 篇稿件，位于 {core.index_folder}")
    core.close()
    return 0


def _search_command(args: argparse.Namespace) -> int:
    core = _open_current_index(args, quiet=args.json)
    answers = [
        core.search(SearchRequest(q, sort=Sort(args.sort), limit=args.limit)) for q in args.queries
    ]
    core.close()
    for answer in answers:
        if answer.error:
            print(f"“{answer.query}”：{answer.error}", file=sys.stderr)
    if args.json:
        print(
            json.dumps(
                {"results": [results_json(a) for a in answers]}, ensure_ascii=False, indent=1
            )
        )
    else:
        print("\n\n".join(results_text(a) for a in answers))
    return 2 if any(a.error for a in answers) else 0


def results_json(results: Results) -> dict:
    return {
        "query": results.query,
        "total": results.total,
        "ms": round(results.ms, 3),
        "hits": [
            {
                "story_id": hit.story_id,
                "article_id": hit.article_id,
                "title": hit.title,
                "newspaper": hit.newspaper,
                "date": hit.date,
                "pages": hit.pages,
                "snippet": hit.snippet.html(),
                "score": round(hit.score, 4),
            }
            for hit in results.hits
        ],
        "timeline": results.timeline,
        "suggestions": [
            {"query": s.query, "total": s.total, "kind": s.kind} for s in results.suggestions
        ],
    }


def results_text(results: Results) -> str:
    if results.error:
        return f"“{results.query}”：{results.error}"
    lines = [f"“{results.query}”：{results.total} 条结果（{results.ms:.1f} 毫秒）"]
    if not results.total and not results.cancelled:
        tries = "；".join(f"“{s.query}”（{s.total} 条）" for s in results.suggestions)
        lines.append(f"没有找到。可以试试：{tries}" if tries else "没有找到。")
        lines.append("检查错别字，或换一个说法。")
    for number, hit in enumerate(results.hits, start=1):
        pages = "、".join(f"第{p}版" for p in hit.pages) or "版次未知"
        where = " · ".join(filter(None, [hit.newspaper, hit.date, pages]))
        lines.append(f"{number}. {hit.title or '（无标题）'}  [{where}]")
        lines.append(f"   {hit.snippet.marked('【', '】')}")
    return "\n".join(lines)


def _outline_command(args: argparse.Namespace) -> int:
    folders = library_folders(args.library)
    archive = load_archive(folders.roots, fixes=_stored_fixes(args.library))
    print(outline(archive))
    return 1 if not archive.pages or (archive.errors and not archive.stories) else 0


def _parse_command(args: argparse.Namespace) -> int:
    fixes = [] if args.no_fixes else _stored_fixes(_library(args))
    archive = load_archive(args.paths, fixes=fixes)
    for status in archive.fixes.problems if archive.fixes else []:
        if status.status is not Status.PAGE_MISSING:  # pages not asked for are not a problem
            print(f"! 更正未应用（{status.problem}）：{status.fix.describe()}", file=sys.stderr)
    if args.json:
        print(json.dumps(archive_json(archive), ensure_ascii=False, indent=1))
    else:
        print(outline(archive))
    return 0 if any(page.ok for page in archive.pages) else 1


# -- fix: readers' corrections --------------------------------------------------------------
def _stored_fixes(library: Path | None) -> list[Fix]:
    """The library's fixes, without creating a database where none was made. Fixes that
    cannot be read (a data folder out of reach) are said so; the analysis still prints."""
    try:
        path = fixes_db(library_folders(library))
        if not path.exists():
            return []
        store = FixStore(path)
    except (OSError, sqlite3.Error) as exc:
        print(f"! 无法读取更正（{exc}），显示未更正的分析结果", file=sys.stderr)
        return []
    try:
        return store.all()
    finally:
        store.close()


def _fix_parser(commands: argparse._SubParsersAction) -> None:
    fix = commands.add_parser("fix", help="correct the analysis: split, merge, titles, links")
    actions = fix.add_subparsers(title="actions", required=True, metavar="ACTION")

    def action(
        name: str, text: str, handler: Callable, load: bool = True
    ) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=text)
        sub.add_argument(
            "--library",
            type=Path,
            default=argparse.SUPPRESS,
            help="library folder (default: bundled samples and your own pages)",
        )
        sub.set_defaults(handler=lambda args: _run_fix(args, handler, load))
        return sub

    split = action("split", "start a new article at a paragraph or line", _fix_split)
    split.add_argument("article_id", metavar="ARTICLE_ID")
    split.add_argument("--before", required=True, metavar="TEXT", help="where the new one starts")
    merge = action("merge", "merge two items of one page", _fix_merge)
    merge.add_argument("ids", nargs=2, metavar="ID")
    title = action(
        "title", "set title, kicker, subtitle, byline or column label ('' clears)", _fix_title
    )
    title.add_argument("article_id", metavar="ID")
    for name in HEADLINE_FIELDS:
        title.add_argument(f"--{name}", metavar=name[0].upper())
    kind = action("kind", "change what an item is", _fix_kind)
    kind.add_argument("article_id", metavar="ID")
    kind.add_argument("kind", choices=[k.value for k in Kind])
    link = action("link", "TO_ID continues FROM_ID (on another page)", _fix_link)
    link.add_argument("from_id", metavar="FROM_ID")
    link.add_argument("to_id", metavar="TO_ID")
    unlink = action("unlink", "FROM_ID is not continued where the analysis said", _fix_unlink)
    unlink.add_argument("from_id", metavar="FROM_ID")
    listing = action("list", "list the library's fixes and whether they apply", _fix_list)
    listing.add_argument("--json", action="store_true", help="print machine-readable JSON")
    action("undo", "remove the fix made last", _fix_undo, load=False)
    export = action("export", "write the fixes to a JSON file", _fix_export, load=False)
    export.add_argument("file", type=Path, metavar="FILE")
    imported = action("import", "add the fixes of an exported file", _fix_import)
    imported.add_argument("file", type=Path, metavar="FILE")


def _run_fix(args: argparse.Namespace, handler: Callable, load: bool) -> int:
    """Load the library with its fixes, run one action; a refused fix changes nothing."""
    core = ReaderCore(_library(args))
    try:
        if load:
            core.load()
        return handler(core, args)
    except FixRefused as exc:
        print(f"newspaper-reader fix: {exc}", file=sys.stderr)
        return 1
    finally:
        core.close()


def _done(fix: Fix) -> int:
    print(f"已更正：{fix.describe()}")
    return 0


def _fix_split(core: ReaderCore, args: argparse.Namespace) -> int:
    fix = core.split_article(args.article_id, args.before)
    page = core.archive.page_of(args.article_id)
    ids = [a.id for a in page.articles] if page else []
    if args.article_id in ids and ids.index(args.article_id) + 1 < len(ids):
        print(f"新文章：{ids[ids.index(args.article_id) + 1]}")
    return _done(fix)


def _fix_merge(core: ReaderCore, args: argparse.Namespace) -> int:
    return _done(core.merge_articles(*args.ids))


def _fix_title(core: ReaderCore, args: argparse.Namespace) -> int:
    fields = {name: getattr(args, name) for name in HEADLINE_FIELDS}
    return _done(core.set_headline(args.article_id, **fields))


def _fix_kind(core: ReaderCore, args: argparse.Namespace) -> int:
    return _done(core.set_kind(args.article_id, args.kind))


def _fix_link(core: ReaderCore, args: argparse.Namespace) -> int:
    return _done(core.link_continuation(args.from_id, args.to_id))


def _fix_unlink(core: ReaderCore, args: argparse.Namespace) -> int:
    return _done(core.unlink_continuation(args.from_id))


_STATUS_LABEL = {
    Status.APPLIED: "已应用",
    Status.PAGE_CHANGED: "未应用：版面文字已改变",
    Status.PAGE_MISSING: "未应用：版面不在库中",
    Status.NOT_PLACED: "未应用",
}


def _fix_list(core: ReaderCore, args: argparse.Namespace) -> int:
    statuses = core.fixes()
    if args.json:
        rows = [
            {
                **status.fix.to_json(),
                "description": status.fix.describe(),
                "status": str(status.status),
                "problem": status.problem,
            }
            for status in statuses
        ]
        print(json.dumps({"fixes": rows}, ensure_ascii=False, indent=1))
        return 0
    if not statuses:
        print("没有更正。")
    for number, status in enumerate(statuses, start=1):
        label = _STATUS_LABEL[status.status]
        if status.status is Status.NOT_PLACED:
            label += f"：{status.problem}"
        print(f"{number}. {status.fix.describe()}  [{label}]")
    return 0


def _fix_undo(core: ReaderCore, args: argparse.Namespace) -> int:
    fix = core.undo_fix()
    if fix is None:
        raise FixRefused("没有可撤销的更正")
    print(f"已撤销：{fix.describe()}")
    return 0


def _fix_export(core: ReaderCore, args: argparse.Namespace) -> int:
    count = core.export_fixes(args.file)
    print(f"已导出 {count} 条更正：{args.file}")
    return 0


def _fix_import(core: ReaderCore, args: argparse.Namespace) -> int:
    known = {status.fix.uid for status in core.fixes()}
    added = core.import_fixes(args.file)
    print(f"已导入 {added} 条新更正：{args.file}")
    for status in core.fixes():
        if status.fix.uid not in known and not status.applied:
            label = _STATUS_LABEL[status.status]
            print(f"! {status.fix.describe()}  [{label}：{status.problem}]", file=sys.stderr)
    return 0


def _bench_command(args: argparse.Namespace) -> int:
    try:
        from reader.bench import run_layout_benchmark, run_parse_benchmark, run_search_benchmark
    except ImportError:  # the standalone app leaves the developer tools out
        print("bench 是开发者工具，不在独立版程序中：请在源码目录用 uv run 运行。", file=sys.stderr)
        return 2

    if args.json and not args.search:
        print("--json 只用于 --search（检索基准）。", file=sys.stderr)
        return 2
    if args.ui:
        from reader.ui.responsiveness import run_ui_benchmark

        print(run_ui_benchmark(pages=args.pages or 1550, seed=args.seed))
    elif args.layout is not None:
        print(run_layout_benchmark(args.layout))
    elif args.search:
        report = run_search_benchmark(
            pages=args.pages or 3000, seed=args.seed, workers=args.workers
        )
        _print_search_report(report, numbers_only=args.json)
    else:
        print(run_parse_benchmark(pages=args.pages or 1200, seed=args.seed))
    return 0


def _print_search_report(report: str, numbers_only: bool) -> None:
    """The search report's last line is its numbers as JSON; with ``--json`` that line alone
    goes to stdout, so ``bench --search --json | tail -1`` (or a JSON reader) gets an object."""
    if not numbers_only:
        print(report)
        return
    readable, _, numbers = report.rpartition("\n")
    print(readable, file=sys.stderr)
    print(numbers)


# -- output -------------------------------------------------------------------------------
def article_json(article: Article) -> dict:
    return {
        "id": article.id,
        "kind": str(article.kind),
        "column": article.column,
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "byline": article.byline,
        "paragraphs": list(article.paragraphs),
        "continues_to": article.continues_to,
        "continued_from": article.continued_from,
    }


def page_json(page: Page) -> dict:
    meta = page.meta
    return {
        "source": page.source,
        "newspaper": meta.newspaper,
        "date": meta.date.isoformat() if meta.date else None,
        "page": meta.page,
        "errors": list(page.errors),
        "articles": [article_json(a) for a in page.articles],
    }


def story_json(story: Story) -> dict:
    return {
        "id": story.id,
        "title": story.title,
        "fragments": [a.id for a in story.fragments],
        "missing_pages": list(story.missing_pages),
    }


def archive_json(archive: Archive) -> dict:
    return {
        "pages": [page_json(p) for p in archive.pages],
        "stories": [story_json(s) for s in archive.stories],
    }


_KIND_LABEL = {"article": "文章", "photo": "图片", "notice": "公告"}


def outline(archive: Archive) -> str:
    """Human outline: paper / date / page, then each article with kind, title and markers."""
    lines: list[str] = []
    for page in archive.pages:
        meta = page.meta
        page_label = f"第{meta.page}版" if meta.page else "版次未知"
        date_label = meta.date.isoformat() if meta.date else "日期未知"
        lines.append(f"{meta.newspaper or '未归档'} / {date_label} / {page_label}  ({page.source})")
        lines.extend(f"  ! {error}" for error in page.errors)
        for article in page.articles:
            marks = []
            if article.continued_from:
                marks.append(f"上接第{article.continued_from}版")
            if article.continues_to:
                marks.append(f"下转第{article.continues_to}版")
            suffix = f"  [{'，'.join(marks)}]" if marks else ""
            title = article.title or f"（无标题）{article.display_title}"
            lines.append(f"  - {_KIND_LABEL[str(article.kind)]}  {title}{suffix}")
    missing = [s for s in archive.stories if s.missing_pages]
    if missing:
        lines.append("")
        lines.append("未收录的续版:")
        for story in missing:
            pages = "、".join(f"第{n}版" for n in story.missing_pages)
            lines.append(f"  - {story.title or story.lead.display_title}: {pages}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
