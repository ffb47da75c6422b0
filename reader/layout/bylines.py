"""Bylines as printed: what extraction does to them, undone.

Kept apart from the line rules because both readers of a page (the text analysis and the
PDF geometry) need it.
"""

from __future__ import annotations

import re

# A reporter's job title spaced apart by extraction (本报通讯 员 黄姿娜): closed up in the
# byline, while the spaces that set the names apart are kept.
_SPACED_ROLE_RE = re.compile(
    "|".join(
        r"\s*".join(word)
        for word in (
            "通讯员",
            "通訊員",
            "评论员",
            "評論員",
            "特约记者",
            "見習記者",
            "见习记者",
            "实习生",
            "摄影记者",
            "记者",
            "記者",
        )
    )
)


def closed_roles(byline: str) -> str:
    """``本报通讯 员 黄姿娜`` → ``本报通讯员 黄姿娜``: a job title is one word, never spaced."""
    return _SPACED_ROLE_RE.sub(lambda found: "".join(found.group().split()), byline)


# A roundup's byline names its whole team: at least this many reporters.
TEAM = 3
# Words of a byline that name no one (本报记者, 通讯员).
_BYLINE_WORDS_RE = re.compile(r"本报|记者|通讯\s*员|特约|报道")


def team_names(bylines: list[str]) -> str:
    """The names a roundup's byline gives (本报记者 庄若南 张莹 段宸宇), run together; "" unless
    it names a team. Each section of a roundup is signed by one of them (（张莹）): both
    readers of a page (blank-line and drawing order) ask whether a signature is the team's."""
    names = _BYLINE_WORDS_RE.sub(" ", " ".join(bylines)).replace("、", " ").split()
    return "".join(names) if len(names) >= TEAM else ""
