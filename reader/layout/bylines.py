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
