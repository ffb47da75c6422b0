"""Helpers that write page text the way PDF extraction prints it, for layout fixtures."""

from __future__ import annotations


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
