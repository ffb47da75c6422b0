"""Helpers that write page text the way PDF extraction prints it, for layout fixtures."""

from __future__ import annotations

from pathlib import Path


def column(
    paragraphs: list[str], width: int = 14, indent: int = 2, breaks: tuple[int, ...] = ()
) -> str:
    """Hard-wrap paragraphs at ``width`` characters, first lines ``indent`` shorter.

    ``breaks`` lists output line numbers after which a blank line (a column break) is
    inserted, as extraction does where a column ends in mid-sentence.
    """
    lines: list[str] = []
    for paragraph in paragraphs:
        rest, first = paragraph, True
        while rest:
            take = width - indent if first else width
            lines.append(rest[:take])
            rest, first = rest[take:], False
        lines.append("")
    out: list[str] = []
    for number, line in enumerate(lines):
        out.append(line)
        if number in breaks and line:
            out.append("")
    return "\n".join(out).strip("\n") + "\n"


def page(*parts: str) -> str:
    """Join page parts (bodies, headlines) with blank lines, as extracted text has them."""
    return "\n".join(part.strip("\n") + "\n" for part in parts)


def write_continued_story(library: Path, continues_further: bool = False) -> Path:
    """A story on 乌海日报 2025-06-18 page 1, continued on page 4 (and, if asked, on to a
    page 5 that the library does not have). Returns the issue folder."""
    folder = library / "乌海日报" / "2025-06-18"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "01.txt").write_text(
        "本报讯（记者王五）本月起，全市二十座公园延长\n夜间开放时间，方便市民散步健身。\n\n"
        "（下转第四版）\n\n全市公园延长夜间开放时间\n",
        encoding="utf-8",
    )
    (folder / "04.txt").write_text(
        "全市公园延长夜间开放时间\n（上接第1版）园内照明设施全面检修，夜间\n散步更安心。"
        + ("（下转第五版）" if continues_further else "")
        + "\n",
        encoding="utf-8",
    )
    return folder


def write_unfiled_page(root: Path) -> tuple[Path, Path]:
    """A page with nothing that tells its paper, date or number (a loose file, no masthead).
    Returns the file and the path it would have filed under 乌海日报 2025-06-18 page 3."""
    text = page(
        "市民公园新添健身步道",
        column(
            [
                "本报讯 记者从市园林局获悉，市民公园今年新修健身步道三公里，沿途设置休息座椅。",
                "园林局负责人表示，步道铺设透水材料，雨后不积水，夜间照明也已同步完成。",
            ]
        ),
    )
    loose = root / "收件.txt"
    loose.write_text(text, encoding="utf-8")
    return loose, root / "乌海日报" / "2025-06-18" / "03.txt"


def write_saved_page(folder: Path) -> Path:
    """A page that prints its masthead (乌海日报), date line (2025-06-23) and folio (第2版),
    saved under a download folder whose path looks like the library's convention
    (下载/2026-06-09/01.txt)."""
    body = column(["本报讯 市园林局昨日介绍，全市公园自本周起延长夜间开放时间至二十二时。" * 3])
    path = folder / "下载" / "2026-06-09" / "01.txt"
    path.parent.mkdir(parents=True)
    path.write_text(
        page("乌海日报", "2025年6月23日 星期一", "第2版", body, "全市公园延长开放"),
        encoding="utf-8",
    )
    return path
