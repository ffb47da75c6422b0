"""Pages read straight from PDFs (reader/pdf): accuracy on the corpus PDFs, text and regions
checked against pdfium's own text layer, whole issues, bad files, import and the library.

Every bad file here is a real file made for the test (an encrypted, a damaged, an
image-only, a huge and a multi-page PDF), read through the same code as the library.
"""

from __future__ import annotations

import ctypes
import json
import re
import shutil
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from reader.archive import load_archive, read_pages
from reader.cli import main
from reader.imports import ImportItem, import_pages, preview
from reader.layout.evaluate import Score, score_page, score_reference
from reader.layout.markers import MARKER_RE
from reader.layout.page import analyze
from reader.library import find_page_files
from reader.model import Page, PageMeta
from reader.pdf import read_pdf
from reader.pdf.document import MAX_PDF_BYTES

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "pdf-dev" / "pdf"
REFERENCE = CORPUS / "gold.json"
ISSUE = CORPUS / "中国气象报" / "2026-06-09"
SAMPLE = ["2026-06-09/01", "2026-07-14/01", "2026-08-05/03", "2026-08-13/02"]


@cache
def corpus_page(name: str) -> Page:
    [page] = read_pdf(CORPUS / "中国气象报" / f"{name}.pdf", PageMeta())
    return page


def squeezed(text: str) -> str:
    return "".join(text.split())


def text_layer(path: Path, index: int = 0) -> str:
    document = pdfium.PdfDocument(str(path))
    try:
        return document[index].get_textpage().get_text_range()
    finally:
        document.close()


# -- accuracy -------------------------------------------------------------------------------
def test_the_corpus_pdfs_are_complete() -> None:
    gold = json.loads(REFERENCE.read_text(encoding="utf-8"))
    assert len(gold["pages"]) == 64
    assert all((CORPUS / name).is_file() for name in gold["pages"])


def test_accuracy_on_the_corpus_pdfs_does_not_drop() -> None:
    """Scored as score.py scores ``parse --json``; thresholds at what is reached
    (boundary 457/468, title 442/444, whole 455/468, spurious 19)."""
    score = score_reference(REFERENCE)
    assert score.pages == 64
    assert score.boundary >= 0.97, score.line()
    assert score.title >= 0.99, score.line()
    assert score.whole_rate >= 0.96, score.line()
    assert score.spurious <= 19, score.line()


def test_a_gold_written_for_text_pages_scores_the_pdfs(tmp_path: Path) -> None:
    """``NN.txt`` in a reference names the page; where only ``NN.pdf`` is there, that is read."""
    gold = json.loads(REFERENCE.read_text(encoding="utf-8"))
    key = "中国气象报/2026-06-09/01.pdf"
    text_gold = {"pages_dir": str(CORPUS), "pages": {key[:-4] + ".txt": gold["pages"][key]}}
    reference = tmp_path / "gold.json"
    reference.write_text(json.dumps(text_gold, ensure_ascii=False), encoding="utf-8")
    by_text = score_reference(reference)
    direct = Score()
    score_page(gold["pages"][key], corpus_page("2026-06-09/01").articles, direct)
    assert by_text.pages == 1
    assert (by_text.bounded, by_text.titles_right) == (direct.bounded, direct.titles_right)
    assert by_text.items == len(gold["pages"][key]["articles"])


# -- the page text, source lines and regions, against pdfium's own text layer --------------
@pytest.mark.parametrize("name", SAMPLE)
def test_nothing_printed_is_lost_and_nothing_is_doubled(name: str) -> None:
    page = corpus_page(name)
    layer = text_layer(CORPUS / "中国气象报" / f"{name}.pdf")
    assert Counter(squeezed(page.text)) == Counter(squeezed(layer))
    used = [number for article in page.articles for number in article.source_lines]
    assert len(used) == len(set(used))


@pytest.mark.parametrize("name", SAMPLE)
def test_each_article_is_made_of_its_source_lines(name: str) -> None:
    page = corpus_page(name)
    lines = page.text.split("\n")
    for article in page.articles:
        own = squeezed("".join(lines[n] for n in article.source_lines))
        for part in [article.title, article.kicker, article.subtitle, *article.paragraphs]:
            assert squeezed(MARKER_RE.sub("", part)) in MARKER_RE.sub("", own), part


@pytest.mark.parametrize("name", SAMPLE)
def test_each_headline_is_printed_inside_its_article_regions(name: str) -> None:
    page = corpus_page(name)
    assert page.pdf is not None and page.pdf.index == 0
    document = pdfium.PdfDocument(page.pdf.path)
    textpage = document[0].get_textpage()
    height = page.pdf.height
    try:
        for article in page.articles:
            assert article.regions
            for box in article.regions:
                assert 0 <= box.x0 < box.x1 <= page.pdf.width
                assert 0 <= box.top < box.bottom <= height
            inside = squeezed(
                "".join(
                    textpage.get_text_bounded(
                        b.x0 - 1, height - b.bottom - 1, b.x1 + 1, height - b.top + 1
                    )
                    for b in article.regions
                )
            )
            for part in [article.title, article.paragraphs[0] if article.paragraphs else ""]:
                assert squeezed(part)[:6] in inside, part
    finally:
        document.close()


def test_headlines_subtitles_and_continuations_come_from_the_print() -> None:
    page = corpus_page("2026-06-09/01")
    by_title = {article.title: article for article in page.articles}
    split = by_title["从“0”到“1”破局从“有”到“优”提质"]
    assert split.subtitle == "——气象信息服务认证先行先试工作见成效"
    assert split.continues_to == 2
    award = by_title["气科院举行2026年度研究生毕业典礼暨学位授予仪式"]
    assert award.kicker == "陈振林寄语要把青春华章写在服务国家服务人民的气象实践中"
    assert (
        by_title["应急物资储备调度气象预警服务平台亮相气象预警可直达粮储仓库点位"].column
        == "基层动态"
    )
    [photo] = [a for a in page.articles if a.kind == "photo"]
    picture, caption = photo.regions  # the picture over its caption: printed, but no text
    assert picture.bottom <= caption.top
    document = pdfium.PdfDocument(page.pdf.path)
    h = page.pdf.height
    inside = (
        document[0]
        .get_textpage()
        .get_text_bounded(picture.x0, h - picture.bottom, picture.x1, h - picture.top)
    )
    document.close()
    assert squeezed(inside) == ""
    assert page.meta == PageMeta("中国气象报", date(2026, 6, 9), 1)


def test_a_byline_set_apart_under_its_headline_is_the_byline_not_a_paragraph() -> None:
    """本报通讯 员 张玮李伊吟 stood as the text's first paragraph, the author missing from
    the byline and so from citations; the job title spaced apart by extraction is one word."""
    page = corpus_page("2026-06-10/03")
    printed = text_layer(page.pdf.path)
    [article] = [a for a in page.articles if a.title.startswith("精进光伏预测技术")]
    assert "张玮" in printed  # the page prints it
    assert article.byline == "本报通讯员 张玮李伊吟"
    assert not any("张玮" in paragraph for paragraph in article.paragraphs)
    # a team: a byline line, then lines of names only
    page = corpus_page("2026-07-09/02")
    [team] = [a for a in page.articles if a.title.startswith("六地抓住暴雨间隙")]
    names = ("叶奕宏", "玉素甫·吐尔公", "赵晓凤")
    assert all(name in text_layer(page.pdf.path) and name in team.byline for name in names)
    assert not any(name in team.paragraphs[0] for name in names)  # (its signature names them)


def test_a_subtitle_set_in_a_size_of_its_own_joins_its_headline() -> None:
    """——玉环气象党员干部奋战防汛一线观察, flush right under 风过玉环灯照榴岛 in a size of its
    own, was taken for a headline: an item of its own that took half the text (trial 2)."""
    page = corpus_page("2026-07-14/01")
    assert "——玉环气象党员干部奋战防汛一线观察" in squeezed(text_layer(page.pdf.path))
    [article] = [a for a in page.articles if a.title == "风过玉环灯照榴岛"]
    assert article.subtitle == "——玉环气象党员干部奋战防汛一线观察"
    assert not any(a.title.startswith("——") for a in page.articles)


# -- whole issues, metadata -----------------------------------------------------------------
def make_issue(path: Path, pages: list[Path]) -> None:
    issue = pdfium.PdfDocument.new()
    for source in pages:
        issue.import_pages(pdfium.PdfDocument(str(source)))
    issue.save(str(path))
    issue.close()


def test_a_whole_issue_becomes_one_page_per_pdf_page_numbered_by_its_header(
    tmp_path: Path,
) -> None:
    path = tmp_path / "issue.pdf"
    make_issue(path, [ISSUE / "02.pdf", ISSUE / "03.pdf"])
    pages = read_pdf(path, PageMeta())
    assert [page.source for page in pages] == [f"{path}#1", f"{path}#2"]
    assert [page.meta for page in pages] == [
        PageMeta("中国气象报", date(2026, 6, 9), 2),
        PageMeta("中国气象报", date(2026, 6, 9), 3),
    ]
    assert [page.pdf.index for page in pages] == [0, 1]
    alone = [read_pdf(ISSUE / name, PageMeta())[0] for name in ("02.pdf", "03.pdf")]
    for page, single in zip(pages, alone, strict=True):
        assert [a.title for a in page.articles] == [a.title for a in single.articles]


def test_the_library_path_is_never_overridden_by_the_print(tmp_path: Path) -> None:
    target = tmp_path / "某报" / "2020-01-02" / "07.pdf"
    target.parent.mkdir(parents=True)
    shutil.copy(ISSUE / "02.pdf", target)
    archive = load_archive([tmp_path])
    assert [page.meta for page in archive.pages] == [PageMeta("某报", date(2020, 1, 2), 7)]


def test_unchanged_pdfs_are_not_read_again(tmp_path: Path) -> None:
    make_issue(tmp_path / "issue.pdf", [ISSUE / "01.pdf", ISSUE / "04.pdf"])
    shutil.copy(ISSUE / "02.pdf", tmp_path / "02.pdf")
    first = load_archive([tmp_path])
    files = list(find_page_files([tmp_path]))
    again = read_pages(files, previous=first)
    assert len(again) == 3
    assert all(a is b for a, b in zip(again, first.pages, strict=True))


# -- bad files ------------------------------------------------------------------------------
def write_encrypted(path: Path) -> None:
    """A PDF under the standard security handler whose user password is not empty."""
    o_key, u_key = "11" * 32, "22" * 32
    path.write_bytes(
        b"%PDF-1.4\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
        + f"4 0 obj << /Filter /Standard /V 1 /R 2 /O <{o_key}> /U <{u_key}> /P -4 >> endobj\n".encode()
        + b"trailer << /Root 1 0 R /Encrypt 4 0 R /Size 5 "
        b"/ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\n%%EOF\n"
    )


def write_image_only(path: Path) -> None:
    """A scanned page: a picture and a frame, no text."""
    document = pdfium.PdfDocument.new()
    page = document.new_page(600, 800)
    image = pdfium.PdfImage.new(document)
    bitmap = pdfium.PdfBitmap.new_native(60, 80, pdfium_c.FPDFBitmap_BGR)
    bitmap.fill_rect((200, 200, 200, 255), 0, 0, 60, 80)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(500, 700).translate(50, 50))
    page.insert_obj(image)
    frame = pdfium_c.FPDFPageObj_CreateNewRect(40, 40, 520, 720)
    pdfium_c.FPDFPath_SetDrawMode(frame, pdfium_c.FPDF_FILLMODE_NONE, 1)
    pdfium_c.FPDFPage_InsertObject(page.raw, frame)
    page.gen_content()
    document.save(str(path))
    document.close()


def write_huge(path: Path) -> None:
    """A file over the size limit (sparse: it takes no disk space)."""
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(MAX_PDF_BYTES + 1)


@pytest.fixture
def library_with_bad_pdfs(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    write_encrypted(folder / "encrypted.pdf")
    (folder / "damaged.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    truncated = (ISSUE / "03.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(truncated[: len(truncated) // 3])
    write_image_only(folder / "scan.pdf")
    write_huge(folder / "huge.pdf")
    shutil.copy(ISSUE / "01.pdf", folder / "good.pdf")
    (folder / "note.txt").write_text("本报讯 今天天气晴朗。\n\n市民外出游玩。\n", encoding="utf-8")
    return folder


REASONS = {
    "encrypted.pdf": "已加密",
    "damaged.pdf": "已损坏",
    "truncated.pdf": "已损坏",
    "scan.pdf": "没有文字层",
    "huge.pdf": "过大",
}


def test_bad_pdfs_are_reported_in_chinese_and_the_rest_loads(library_with_bad_pdfs: Path) -> None:
    archive = load_archive([library_with_bad_pdfs])
    by_name = {Path(page.source.split("#")[0]).name: page for page in archive.pages}
    for name, reason in REASONS.items():
        assert not by_name[name].ok
        assert any(reason in error for error in by_name[name].errors), by_name[name].errors
    assert by_name["good.pdf"].ok and len(by_name["good.pdf"].articles) >= 5
    assert by_name["note.txt"].ok and by_name["note.txt"].articles
    assert any(s.pages[0] is by_name["good.pdf"] for s in archive.stories)


def test_bad_pdfs_are_refused_at_import_with_the_reason(
    library_with_bad_pdfs: Path, tmp_path: Path
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    meta = PageMeta("中国气象报", date(2026, 6, 9), None)
    items = [ImportItem(library_with_bad_pdfs / name, meta) for name in REASONS]
    report = import_pages(library, items)
    assert report.imported == []
    reasons = {path.name: reason for path, reason in report.rejected}
    for name, reason in REASONS.items():
        assert reason in reasons[name]
        assert reason in (preview(library_with_bad_pdfs / name).problem or "")
    assert not any(library.rglob("*.pdf"))


def test_a_pdf_is_imported_as_a_pdf_and_reads_back(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    source = ISSUE / "04.pdf"
    assert preview(source).problem is None and preview(source).doubt is None
    report = import_pages(
        library, [ImportItem(source, PageMeta("中国气象报", date(2026, 6, 9), 4))]
    )
    assert report.ok
    [target] = report.imported
    assert target == library / "中国气象报" / "2026-06-09" / "04.pdf"
    assert target.read_bytes() == source.read_bytes()
    again = import_pages(library, [ImportItem(source, PageMeta("中国气象报", date(2026, 6, 9), 4))])
    assert not again.ok
    archive = load_archive([library])
    [page] = archive.pages
    assert page.meta == PageMeta("中国气象报", date(2026, 6, 9), 4)
    assert [a.title for a in page.articles] == [
        a.title for a in corpus_page("2026-06-09/04").articles
    ]


def test_cli_parse_and_import_take_pdfs(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["parse", str(ISSUE / "01.pdf"), "--json"]) == 0
    parsed = json.loads(capsys.readouterr().out)
    [page] = parsed["pages"]
    assert page["source"].endswith("01.pdf") and page["page"] == 1
    titles = [a["title"] for a in page["articles"]]
    assert titles == [a.title for a in corpus_page("2026-06-09/01").articles]
    library = tmp_path / "library"
    code = main(
        ["import", "--library", str(library), "--newspaper", "中国气象报", str(ISSUE / "02.pdf")]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.search(r"已导入：.*02\.pdf", out)
    assert (library / "中国气象报" / "2026-06-09" / "02.pdf").is_file()


def write_plain(path: Path, lines: list[str]) -> None:
    """A text PDF with every line in one font and size: no headline to see."""
    document = pdfium.PdfDocument.new()
    page = document.new_page(400, 600)
    for number, text in enumerate(lines):
        obj = pdfium_c.FPDFPageObj_NewTextObj(document.raw, b"Helvetica", 10)
        wide = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 40, 550 - 14 * number)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    page.gen_content()
    document.save(str(path))
    document.close()


def test_a_page_without_headline_type_is_read_by_the_text_analysis(tmp_path: Path) -> None:
    lines = [
        "A page set in one size and weight throughout,",
        "so its geometry names no headline at all;",
        "the text analysis reads it as a text page.",
    ]
    write_plain(tmp_path / "plain.pdf", lines)
    [page] = read_pdf(tmp_path / "plain.pdf", PageMeta())
    assert page.ok and page.text == "\n".join(lines)
    by_text = analyze(page.text, "x").articles
    assert [a.paragraphs for a in page.articles] == [a.paragraphs for a in by_text]
    assert page.articles and not any(a.title for a in page.articles)


def test_threads_reading_pdfs_at_once_get_what_one_thread_gets() -> None:
    """PDFium is not thread-safe: a reload and an import preview at once must neither crash
    the process nor mix pages up (without the module's lock this run dies in pdfium)."""
    from concurrent.futures import ThreadPoolExecutor

    paths = sorted(CORPUS.rglob("*.pdf"))[:8]

    def texts(path: Path) -> list[tuple[str, list[str]]]:
        return [
            (page.text, [article.text for article in page.articles])
            for page in read_pdf(path, PageMeta())
        ]

    alone = [texts(path) for path in paths]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(texts, paths * 2))
    assert together == alone * 2


def test_a_columns_text_is_not_given_to_the_headline_beside_it() -> None:
    """乌海日报 2025-06-25 page 1 (held-out paper): the feature's first paragraph ends on a
    short line (葱茏。) under its indented first line; that line and the column under it are
    the feature's text, not the notice whose headline stands beside them."""
    held_out = CORPUS.parents[1] / "wuhai" / "pdf" / "乌海日报" / "2025-06-25" / "01.pdf"
    [page] = read_pdf(held_out, PageMeta())
    bodies = {a.title: squeezed("".join(a.paragraphs)) for a in page.articles}
    feature = bodies["构筑生态屏障 矢志向绿而行"]
    assert feature.startswith("盛夏时节，乌海大地满目葱茏。在乌海市珍稀植物")
    notice = next(body for title, body in bodies.items() if "第十一批" in title)
    assert "葱茏" not in notice and notice.endswith("边督边改工作要求推进查处整改工作。")
