"""Extract the corpus PDFs with PyMuPDF's default ``page.get_text()`` into the corpus layout.

A fourth common extractor, and a second one that prints in drawing order with no blank line
at all (like pypdfium2): ``pymupdf/`` beside the other development sets and
``wuhai/pymupdf/`` beside the held-out ones, each with the reference of the PDFs it read.
PyMuPDF is not a dependency of the app (nor of its tests: the text is committed); run this in
a separate environment::

    uv venv /tmp/mupdf && uv pip install --python /tmp/mupdf pymupdf
    /tmp/mupdf/bin/python tests/corpus/pymupdf_text.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf  # type: ignore[import-not-found]

CORPUS = Path(__file__).resolve().parent
SETS = {
    CORPUS / "pdf-dev" / "pdf" / "gold.json": (CORPUS / "pymupdf", "pymupdf"),
    CORPUS / "wuhai" / "pdf" / "gold.json": (CORPUS / "wuhai" / "pymupdf", "wuhai-pymupdf"),
}


def extract(reference: Path, target: Path, name: str) -> int:
    gold = json.loads(reference.read_text(encoding="utf-8"))
    pages = {}
    for page_name, page in gold["pages"].items():
        pdf = (reference.parent / page_name).with_suffix(".pdf")
        with pymupdf.open(pdf) as document:
            (only,) = document  # one printed page per file
            text = only.get_text()
        text_name = str(Path(page_name).with_suffix(".txt"))
        out = target / "pages" / text_name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        pages[text_name] = page
    about = f"PyMuPDF {pymupdf.VersionBind} (MuPDF {pymupdf.VersionFitz}) default get_text()"
    reference_out = {"name": name, "about": f"{about} of {reference.parent.name}", "pages": pages}
    (target / "gold.json").write_text(
        json.dumps(reference_out, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return len(pages)


if __name__ == "__main__":
    for reference, (target, name) in SETS.items():
        print(target, extract(reference, target, name))
