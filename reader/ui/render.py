"""Stories as HTML for the article pane. Article text is data, never markup: every piece
of it is escaped, and the only links are the reader's own (``fragment:`` anchors)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from reader.model import Article, Kind, Page, Story
from reader.search.snippets import find_spans


# Two ideographic spaces: the Chinese first-line indent. Qt's rich text ignores
# "text-indent: 2em" and collapses leading spaces unless they are preformatted.
def _tr(text: str) -> str:
    """UI text goes through Qt's translation, as in the widgets."""
    return QCoreApplication.translate("ArticleView", text)


INDENT = '<span style="white-space: pre">\u3000\u3000</span>'


# Core messages read "中文说明 (english detail)": the detail is for logs and the command line.
_ENGLISH_DETAIL = re.compile(r"\s\((?=[^()]*[A-Za-z])[\x20-\x7e]*\)$", re.MULTILINE)


def ui_text(message: str) -> str:
    """A core message as the window shows it: Chinese only, without the English detail."""
    return _ENGLISH_DETAIL.sub("", message)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as written.

    Qt renders a tooltip as rich text whenever it merely *looks* like HTML, so a title such
    as ``<img src=/some/file>`` would be rendered, and the file loaded. Escaped inside an
    explicit paragraph, it is always shown literally (line breaks kept).
    """
    return f'<p style="white-space: pre-wrap">{html.escape(text)}</p>'


@dataclass(frozen=True, slots=True)
class Colors:
    """Taken from the window palette, so light and dark themes both read well, and the
    reader's line spacing (percent of the font size)."""

    text: str = "#202020"
    quiet: str = "#707070"
    hit: str = "#ffe58a"
    current: str = "#ffab40"
    rule: str = "#d0d0d0"
    line_height: int = 150


def page_label(page: Page) -> str:
    if page.meta.page:
        return _tr("第%1版").replace("%1", str(page.meta.page))
    return _tr("版次未知")


class _Marker:
    """Wraps search matches in numbered spans, counting them across the whole story."""

    def __init__(self, needles: list[str], current: int) -> None:
        self.needles = needles
        self.current = current
        self.count = 0

    def __call__(self, text: str) -> str:
        if not self.needles:
            return html.escape(text)
        out, last = [], 0
        for start, end in find_spans(text, self.needles):
            css = "hit current" if self.count == self.current else "hit"
            out.append(html.escape(text[last:start]))
            out.append(
                f'<a name="hit-{self.count}"></a><span class="{css}">'
                f"{html.escape(text[start:end])}</span>"
            )
            self.count += 1
            last = end
        out.append(html.escape(text[last:]))
        return "".join(out)


def story_html(
    story: Story,
    colors: Colors = Colors(),
    needles: list[str] | None = None,
    current_hit: int = -1,
    present_pages: frozenset[int] | set[int] = frozenset(),
    links: bool = True,
    note: str = "",
    corrected: bool = False,
) -> tuple[str, int]:
    """The story as one reflowed article; returns (html, number of search matches).

    ``present_pages``: page numbers of the story's issue that are in the library, so a
    continuation that was not found is described truthfully (page missing, or page there
    but the continuing part not recognised on it). ``links`` False for print: a page
    reference is text there, not a blue underlined link. ``note``: the reader's bookmark
    note, shown with the article it is about.
    """
    mark = _Marker(needles or [], current_hit)
    lead = story.lead
    parts = [_style(colors), "<body>"]
    if lead.column:
        parts.append(f'<p class="column">{mark(lead.column)}</p>')
    if lead.kicker:
        parts.append(f'<p class="kicker">{mark(lead.kicker)}</p>')
    if story.title:
        parts.append(f"<h1>{mark(story.title)}</h1>")
    else:  # an untitled item: say so, instead of dressing its first words up as a headline
        parts.append(f'<p class="untitled">{_UNTITLED[lead.kind]()}</p>')
    if lead.subtitle:
        parts.append(f'<p class="subtitle">{mark(lead.subtitle)}</p>')
    bylines = list(dict.fromkeys(a.byline for a in story.fragments if a.byline))
    if bylines and lead.kind is not Kind.PHOTO:
        parts.append(f'<p class="byline">{mark(" ".join(bylines))}</p>')
    mark_corrected = f" · {html.escape(_tr('已更正'))}" if corrected else ""
    parts.append(f'<p class="meta">{_meta_line(story, links)}{mark_corrected}</p>')
    if note:
        label = html.escape(_tr("书签备注："))
        parts.append(f'<p class="note">{label}{html.escape(note)}</p>')
    parts.append("<hr/>")
    if lead.continued_from is not None:
        marker = _tr("上接第%1版").replace("%1", str(lead.continued_from))
        parts.append(_missing_note(marker, lead.continued_from, present_pages))
    for index, (article, page) in enumerate(zip(story.fragments, story.pages, strict=True)):
        if index:
            join = _tr("（接%1）").replace("%1", page_label(page))
            parts.append(f'<p class="join">{_link(article.id, join, links)}</p>')
            if heading := story.heading_over(article):
                parts.append(f'<p class="subhead">{mark(heading)}</p>')
        parts.append(f'<a name="{html.escape(article.id)}"></a>')
        parts.extend(_paragraphs(article, mark))
    last = story.fragments[-1]
    if last.continues_to is not None:
        marker = _tr("下转第%1版").replace("%1", str(last.continues_to))
        parts.append(_missing_note(marker, last.continues_to, present_pages))
    parts.append("</body>")
    return "\n".join(parts), mark.count


def _link(article_id: str, label: str, links: bool) -> str:
    if not links:
        return label
    return f'<a href="fragment:{html.escape(article_id)}">{label}</a>'


def _meta_line(story: Story, links: bool = True) -> str:
    meta = story.pages[0].meta
    pages = [
        _link(a.id, page_label(p), links) for a, p in zip(story.fragments, story.pages, strict=True)
    ]
    pieces = [
        html.escape(meta.newspaper or _tr("未归档")),
        html.escape(meta.date.isoformat() if meta.date else _tr("日期未知")),
        "、".join(pages),
    ]
    return " · ".join(pieces)


def _missing_note(marker: str, page: int, present_pages: frozenset[int] | set[int]) -> str:
    if page in present_pages:
        note = _tr("未找到接续部分（已在本期第%1版查找）").replace("%1", str(page))
    else:
        note = _tr("本库未收录第%1版").replace("%1", str(page))
    return f'<p class="missing">{marker} — {note}</p>'


_UNTITLED = {
    Kind.ARTICLE: lambda: _tr("（无标题）"),
    Kind.PHOTO: lambda: _tr("（图片，无标题）"),
    Kind.NOTICE: lambda: _tr("（公告，无标题）"),
}


def _paragraphs(article: Article, mark: _Marker) -> list[str]:
    if article.kind is Kind.PHOTO:
        caption = " ".join(mark(p) for p in article.paragraphs)
        credit = (
            f'<br/><span class="credit">{mark(article.byline)}</span>' if article.byline else ""
        )
        return [f'<p class="caption">{_tr("［图片］")}{caption}{credit}</p>']
    out = []
    for index, paragraph in enumerate(article.paragraphs):
        if index in article.subheads:
            out.append(f'<p class="subhead">{mark(paragraph)}</p>')
        elif article.kind is Kind.NOTICE:
            out.append(f'<p class="notice">{mark(paragraph)}</p>')
        else:
            out.append(f"<p>{INDENT}{mark(paragraph)}</p>")
    return out


def original_html(story: Story, colors: Colors = Colors()) -> str:
    """Each fragment's page exactly as printed, with the fragment's lines marked."""
    parts = [_style(colors), "<body>"]
    first_marked = False
    for article, page in zip(story.fragments, story.pages, strict=True):
        parts.append(
            f"<h2>{html.escape(page.meta.newspaper or _tr('未归档'))} "
            f"{page_label(page)}{_tr('（整版文字）')}</h2>"
        )
        marked = set(article.source_lines)
        lines = []
        for number, line in enumerate(page.text.split("\n")):
            escaped = html.escape(line) or "&nbsp;"
            if number in marked:
                escaped = f'<span class="mine">{escaped}</span>'
                if not first_marked:  # where the reader is taken: the story's first line
                    escaped = f'<a name="mine-0"></a>{escaped}'
                    first_marked = True
            lines.append(escaped)
        parts.append("<pre>" + "\n".join(lines) + "</pre>")
    parts.append("</body>")
    return "\n".join(parts)


def _style(colors: Colors) -> str:
    return f"""<style>
body {{ color: {colors.text}; }}
h1 {{ font-size: 160%; margin: 0.2em 0; }}
h2 {{ font-size: 110%; color: {colors.quiet}; }}
p {{ margin: 0.5em 0; line-height: {colors.line_height}%; }}
p.note {{ text-indent: 0; color: {colors.quiet}; border-left: 3px solid {colors.hit};
  padding-left: 0.5em; font-style: italic; }}
p.untitled {{ text-indent: 0; color: {colors.quiet}; font-size: 120%; margin: 0.4em 0; }}
p.kicker, p.column {{ text-indent: 0; color: {colors.quiet}; margin: 0; }}
p.subtitle {{ text-indent: 0; font-size: 115%; margin: 0.2em 0; }}
p.byline {{ text-indent: 0; color: {colors.quiet}; }}
p.meta {{ text-indent: 0; color: {colors.quiet}; font-size: 90%; }}
p.subhead {{ text-indent: 0; font-weight: bold; margin-top: 1em; }}
p.caption {{ text-indent: 0; font-style: italic; color: {colors.quiet};
             border: 1px solid {colors.rule}; padding: 6px; }}
p.notice {{ text-indent: 0; }}
p.join, p.missing {{ text-indent: 0; color: {colors.quiet}; font-size: 90%;
                     margin: 1em 0; }}
span.credit {{ font-size: 90%; }}
span.hit {{ background-color: {colors.hit}; }}
span.current {{ background-color: {colors.current}; }}
span.mine {{ background-color: {colors.hit}; }}
pre {{ white-space: pre-wrap; }}
</style>"""
