"""Stories as index documents: plain, picklable data, analysed in worker processes.

jieba is the cost of indexing, so analysis runs in a process pool (both cores) and the
single Whoosh writer only receives ready token lists.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from reader.language.normalize import compacted, gram_codes, normalize
from reader.language.segmenter import normalized_words
from reader.model import Story
from reader.search import printed
from reader.search.schema import ANALYSIS_VERSION, SCHEMA_VERSION, TEXT_ENCODING


@dataclass(frozen=True, slots=True)
class StoryDoc:
    """What the index knows of a story."""

    story_id: str
    article_id: str
    title: str
    heads: str  # subtitle; later fragments' own heading words
    byline: str
    text: str  # all fragments' paragraphs, one per line
    newspaper: str | None
    date: str | None
    pages: tuple[int, ...]
    kind: str
    # column label and kicker: printed above the headline, so they come before it when a
    # reader types the whole printed head as one phrase (引题 + 主题)
    over_title: str = ""
    signature: str = field(default="", compare=False)


def story_doc(story: Story) -> StoryDoc:
    lead = story.lead
    meta = story.pages[0].meta
    later = (story.heading_over(a) for a in story.fragments[1:])
    heads = " ".join(filter(None, [lead.subtitle, *later]))
    over_title = " ".join(filter(None, [lead.column, lead.kicker]))
    bylines = list(dict.fromkeys(a.byline for a in story.fragments if a.byline))
    fields = (
        story.id,
        lead.id,
        story.title,
        heads,
        " ".join(bylines),
        "\n".join(p for a in story.fragments for p in a.paragraphs),
        meta.newspaper,
        meta.date.isoformat() if meta.date else None,
        tuple(p.meta.page for p in story.pages if p.meta.page is not None),
        str(lead.kind),
        over_title,
    )
    return StoryDoc(*fields, signature=_signature(fields))


def _signature(fields: tuple) -> str:
    """A fingerprint of everything indexed (the document's fields in order, and the index
    versions): unchanged stories are not re-indexed. The fields go to JSON as they are
    (``dataclasses.asdict`` of the document, twice, was most of making a document: 0.4 s
    of a 300-page build)."""
    payload = json.dumps([*fields, SCHEMA_VERSION, ANALYSIS_VERSION], ensure_ascii=False)
    return hashlib.sha1(payload.encode()).hexdigest()


def analyze(doc: StoryDoc) -> dict:
    """The fields ``writer.add_document`` takes for one story."""
    # normalised once per part (NFKC and folding are a good part of the analysis); the
    # normal form of joined parts is the joined normal forms
    fields = (doc.over_title, doc.title, doc.heads, doc.byline, doc.text)
    over, title, heads, byline, text = map(normalize, fields)
    folded_text = compacted(text)
    # the head in printed order (column label, kicker, headline, subtitle): a phrase typed
    # across the kicker and the headline is found; whitespace is dropped, so the joined
    # parts' compacted form is their compacted forms joined
    norm_title = compacted(" ".join(filter(None, [over, title, heads])))
    norm_byline = compacted(byline)
    norm_all = norm_title + norm_byline + folded_text
    return {
        "story_id": doc.story_id,
        "title_words": normalized_words(title),
        "heads_words": normalized_words(" ".join(filter(None, [over, heads]))),
        "body_words": normalized_words(text),
        "gram": gram_codes(norm_all),
        "title_gram": gram_codes(norm_title),
        "byline_gram": gram_codes(norm_byline),
        "norm_all": norm_all.encode(TEXT_ENCODING),
        "norm_title": norm_title.encode(TEXT_ENCODING),
        "norm_byline": norm_byline.encode(TEXT_ENCODING),
        "newspaper": doc.newspaper or "",
        "date": doc.date or "",
        "pages": ",".join(str(p) for p in doc.pages),
        "kind": doc.kind,
        "data": {
            "article_id": doc.article_id,
            "title": doc.title,
            "heads": doc.heads,
            "byline": doc.byline,
            # the printed text as edits of its folded text (the tail of norm_all)
            **printed.encode(doc.text, folded_text),
            "newspaper": doc.newspaper,
            "date": doc.date,
            "pages": list(doc.pages),
            "kind": doc.kind,
        },
    }


def analyze_batch(docs: list[StoryDoc]) -> list[dict]:
    """Worker-process entry point: analyse a batch (amortises inter-process transfer)."""
    return [analyze(doc) for doc in docs]
