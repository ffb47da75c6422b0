"""The reference answer for search tests: brute-force substring search over the parsed
archive, never numbers an index happened to produce."""

from __future__ import annotations

from collections import Counter

from reader.archive import Archive
from reader.language.normalize import compact
from reader.search.documents import story_doc


def story_texts(archive: Archive) -> list[tuple[str, str, str | None]]:
    """(story id, everything searchable as one compacted string, date) per story."""
    out = []
    for story in archive.stories:
        doc = story_doc(story)
        everything = "\n".join(filter(None, [doc.title, doc.heads, doc.byline, doc.text]))
        out.append((doc.story_id, compact(everything), doc.date))
    return out


def matching(archive: Archive, *needles: str) -> Counter[str]:
    """Story ids (with multiplicity) whose text contains every needle."""
    folded = [compact(n) for n in needles]
    return Counter(sid for sid, text, _ in story_texts(archive) if all(n in text for n in folded))
