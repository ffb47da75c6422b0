"""Stories as text for people: citations (GB/T 7714-2015), Markdown and plain text."""

from __future__ import annotations

import re

from reader.model import Page, Story

# 本报记者 / 新华社记者 / 通讯员 …: roles, not names.
_ROLE = re.compile(
    r"(本报|新华社|中新社|人民日报)?(特约|见习|实习|首席)?(记者|通讯员|评论员)|摄影?$|文/图"
)


def authors(story: Story) -> list[str]:
    """Names from the bylines, in order, without roles (记者, 摄)."""
    names: list[str] = []
    for article in story.fragments:
        for token in _ROLE.sub(" ", article.byline).replace("、", " ").split():
            if token not in names:
                names.append(token)
    return names


def cited_title(story: Story) -> str:
    """The printed headline; for an item printed without one, its opening words in square
    brackets, the mark GB/T 7714 (and cataloguing generally) gives a title the cataloguer
    supplied, so a citation never passes the first words off as a headline."""
    return story.title or f"[{story.lead.display_title}]"


def printed_pages(story: Story) -> str:
    """The pages a story is printed on, as GB/T 7714 writes page numbers: a run of
    consecutive pages joined by "-", others by "," ("1,3", "2-3"); empty when unknown.
    A story continued from page 1 to page 3 was cited as page 1 alone."""
    numbers = list(dict.fromkeys(p.meta.page for p in story.pages if p.meta.page is not None))
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ",".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def citation(story: Story) -> str:
    """GB/T 7714-2015 newspaper reference: 作者. 题名[N]. 报纸名, 出版日期(版次).

    More than three authors are cited as the first three and “等”; an unknown page number
    is left out rather than invented.
    """
    meta = story.pages[0].meta
    names = authors(story)
    author = ", ".join(names[:3]) + (", 等" if len(names) > 3 else "")
    title = cited_title(story)
    where = meta.newspaper or "未知报纸"
    when = meta.date.isoformat() if meta.date else ""
    pages = printed_pages(story)
    page = f"({pages})" if pages else ""
    parts = [f"{author}. " if author else "", f"{title}[N]. {where}"]
    if when:
        parts.append(f", {when}{page}")
    return "".join(parts) + "."


def _continuation_note(story: Story, page: int) -> str:
    """True whether or not that page is in the library: this text lacks that part."""
    if story.fragments[0].continued_from == page:
        return f"（上接第{page}版，前文未包含在内）"
    return f"（下转第{page}版，续文未包含在内）"


def _notes(story: Story, before: bool) -> list[str]:
    """The missing parts' notes where the article pane puts them: （上接…） before the
    text, （下转…） after it (after the text, a 上接 note read as the next story's)."""
    first = story.fragments[0].continued_from
    return [_continuation_note(story, n) for n in story.missing_pages if (n == first) == before]


def _where(story: Story) -> str:
    meta = story.pages[0].meta
    pages = "、".join(f"第{p.meta.page}版" if p.meta.page else "版次未知" for p in story.pages)
    return " · ".join(
        filter(None, [meta.newspaper, meta.date.isoformat() if meta.date else "", pages])
    )


def _join(page: Page) -> str:
    """Where a continued story's next fragment starts, as the article pane marks it: a
    reader quoting the text needs to know which page a passage was printed on."""
    return f"（接第{page.meta.page}版）" if page.meta.page else "（接版次未知）"


def story_text(story: Story) -> str:
    lead = story.lead
    lines = [part for part in (lead.kicker, story.title, lead.subtitle, lead.byline) if part]
    lines.append(_where(story))
    lines.append("")
    lines.extend(_notes(story, before=True))
    for index, (article, page) in enumerate(zip(story.fragments, story.pages, strict=True)):
        if index:
            lines.append(_join(page))
            if heading := story.heading_over(article):
                lines.append(heading)
        lines.extend(article.paragraphs)
    if after := _notes(story, before=False):
        lines.append("")
        lines.extend(after)
    lines.append("")
    lines.append(citation(story))
    return "\n".join(lines) + "\n"


def story_markdown(story: Story) -> str:
    lead = story.lead
    lines = []
    if lead.kicker:
        lines.append(f"*{lead.kicker}*")
        lines.append("")
    # an untitled item says so, as the article pane does, and is named by its first words
    lines.append(f"# {story.title or '（无标题）' + lead.display_title}")
    lines.append("")
    for extra in (lead.subtitle, lead.byline):
        if extra:
            lines.append(f"**{extra}**" if extra is lead.subtitle else extra)
            lines.append("")
    lines.append(f"> {_where(story)}")
    lines.append("")
    for note in _notes(story, before=True):
        lines.extend((note, ""))
    for number, (article, page) in enumerate(zip(story.fragments, story.pages, strict=True)):
        if number:
            lines.append(f"*{_join(page)}*")
            lines.append("")
            if heading := story.heading_over(article):
                lines.extend((f"## {heading}", ""))
        for index, paragraph in enumerate(article.paragraphs):
            lines.append(f"## {paragraph}" if index in article.subheads else paragraph)
            lines.append("")
    for note in _notes(story, before=False):
        lines.extend((note, ""))
    lines.append(f"引用：{citation(story)}")
    return "\n".join(lines) + "\n"


def stories_markdown(stories: list[Story], heading: str) -> str:
    """Several stories as one Markdown document (bookmarks or a whole issue), each whole.

    The stories' own headings move down one level under the document's heading.
    """
    parts = [f"# {heading}", ""]
    for story in stories:
        body = story_markdown(story)
        parts.append(
            "\n".join(f"#{line}" if line.startswith("#") else line for line in body.splitlines())
        )
        parts.append("")
        parts.append("---")
        parts.append("")
    return "\n".join(parts).rstrip("-\n") + "\n"


def _escape_bibtex(text: str) -> str:
    for char in "\\{}":
        text = text.replace(char, f"\\{char}" if char != "\\" else "\\textbackslash{}")
    for char in "&%$#_":
        text = text.replace(char, f"\\{char}")
    return text


def citation_bibtex(story: Story) -> str:
    """A BibTeX ``@article`` for a newspaper story (biblatex reads ``date`` and ``journaltitle``
    too; ``journal`` and ``year`` keep classic BibTeX styles working)."""
    meta = story.pages[0].meta
    names = authors(story)
    # classic BibTeX accepts only ASCII keys: the date and the story id name it
    key = f"news{meta.date.strftime('%Y%m%d') if meta.date else ''}-{story.id[-6:]}"
    fields = [("title", cited_title(story))]
    if names:
        fields.append(("author", " and ".join(names)))
    fields.append(("journal", meta.newspaper or "未知报纸"))
    if meta.date:
        fields += [
            ("year", str(meta.date.year)),
            ("month", str(meta.date.month)),
            ("date", meta.date.isoformat()),
        ]
    if pages := printed_pages(story):
        fields.append(("pages", pages.replace("-", "--")))  # BibTeX's range dash
    fields.append(("language", "chinese"))
    body = ",\n".join(f"  {name} = {{{_escape_bibtex(value)}}}" for name, value in fields)
    return f"@article{{{key},\n{body}\n}}\n"


def citation_ris(story: Story) -> str:
    """An RIS record (type NEWS), as reference managers (Zotero, EndNote) import it."""
    meta = story.pages[0].meta
    lines = ["TY  - NEWS", f"TI  - {cited_title(story)}"]
    lines += [f"AU  - {name}" for name in authors(story)]
    lines.append(f"T2  - {meta.newspaper or '未知报纸'}")
    if meta.date:
        lines += [f"DA  - {meta.date.strftime('%Y/%m/%d')}", f"PY  - {meta.date.year}"]
    if pages := printed_pages(story):
        lines.append(f"SP  - {pages}")
    lines += ["LA  - zh", "ER  - "]
    return "\n".join(lines) + "\n"
