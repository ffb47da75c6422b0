"""Command line: ``python -m reader`` / ``newspaper-reader``.

Sub-commands work on the core alone (no Qt import), so they run on servers and in scripts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from reader.archive import Archive, bundled_library, load_archive
from reader.model import Article, Page, Story


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script and of ``python -m reader``."""
    _utf8_stdout()
    parser = _parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        return _outline_command(args)
    return handler(args)


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
    commands = parser.add_subparsers(title="commands")

    parse = commands.add_parser("parse", help="analyse page files and print their articles")
    parse.add_argument("paths", nargs="+", type=Path, help="page files or folders")
    parse.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parse.set_defaults(handler=_parse_command)

    bench = commands.add_parser("bench", help="measure parse throughput on a generated library")
    bench.add_argument("--pages", type=int, default=1200, help="pages to generate (≥ 1000)")
    bench.add_argument("--seed", type=int, default=7, help="generator seed (deterministic)")
    bench.set_defaults(handler=_bench_command)
    return parser


def _outline_command(args: argparse.Namespace) -> int:
    archive = load_archive([args.library or bundled_library()])
    print(outline(archive))
    return 1 if not archive.pages or (archive.errors and not archive.stories) else 0


def _parse_command(args: argparse.Namespace) -> int:
    archive = load_archive(args.paths)
    if args.json:
        print(json.dumps(archive_json(archive), ensure_ascii=False, indent=1))
    else:
        print(outline(archive))
    return 0 if any(page.ok for page in archive.pages) else 1


def _bench_command(args: argparse.Namespace) -> int:
    from reader.bench import run_parse_benchmark

    print(run_parse_benchmark(pages=args.pages, seed=args.seed))
    return 0


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
