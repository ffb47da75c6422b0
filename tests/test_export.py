"""Citations (GB/T 7714-2015) and text exports of stories."""

from __future__ import annotations

from datetime import date

from reader.export import (
    authors,
    citation,
    citation_bibtex,
    citation_ris,
    stories_markdown,
    story_markdown,
    story_text,
)
from reader.model import Article, Kind, Page, PageMeta, Story


def make_story(
    byline: str = "新华社记者 谢彬彬", page: int | None = 1, title: str = "标题"
) -> Story:
    article = Article(
        "a1",
        Kind.ARTICLE,
        ["第一段。", "小标题", "第二段。"],
        title=title,
        byline=byline,
        subheads=[1],
        continues_to=4,
    )
    meta = PageMeta("乌海日报", date(2025, 6, 23), page)
    return Story("s1", title, [article], [Page("p.txt", meta)], missing_pages=[4])


def test_citation_of_a_newspaper_article() -> None:
    assert citation(make_story()) == "谢彬彬. 标题[N]. 乌海日报, 2025-06-23(1)."


def test_citation_without_author_or_page_number() -> None:
    assert citation(make_story(byline="", page=None)) == "标题[N]. 乌海日报, 2025-06-23."


def test_an_untitled_item_is_cited_by_its_opening_words_marked_as_supplied() -> None:
    """Its first words are no headline: GB/T 7714 puts a supplied title in square brackets,
    in every citation format."""
    story = make_story(title="")
    supplied = f"[{story.lead.display_title}]"
    assert story.lead.display_title.startswith("第一段")
    assert citation(story) == f"谢彬彬. {supplied}[N]. 乌海日报, 2025-06-23(1)."
    assert f"title = {{{supplied}}}" in citation_bibtex(story)
    assert f"TI  - {supplied}" in citation_ris(story)


def test_citation_with_many_authors_uses_deng() -> None:
    story = make_story(byline="本报记者 甲乙 丙丁 戊己 庚辛")
    assert citation(story).startswith("甲乙, 丙丁, 戊己, 等. 标题[N].")


def test_authors_drop_roles_and_credits() -> None:
    assert authors(make_story(byline="本报记者 陈洋 曹艺")) == ["陈洋", "曹艺"]
    assert authors(make_story(byline="本报记者 吕会生 摄")) == ["吕会生"]
    assert authors(make_story(byline="郭浩 文/图")) == ["郭浩"]


def test_markdown_and_text_exports() -> None:
    story = make_story()
    markdown = story_markdown(story)
    assert markdown.startswith("# 标题\n") and "\n## 小标题\n" in markdown
    assert "（下转第4版，续文未包含在内）" in markdown and "引用：谢彬彬. 标题[N]." in markdown
    text = story_text(story)
    assert "乌海日报 · 2025-06-23 · 第1版" in text and "第二段。" in text


def test_bibtex_and_ris_citations() -> None:
    story = make_story(byline="本报记者 王超 李明", title="标题_含 & 特殊%字符")
    bibtex = citation_bibtex(story)
    assert bibtex.startswith("@article{news20250623-") and bibtex.split(",")[0].isascii()
    assert "author = {王超 and 李明}" in bibtex and "journal = {乌海日报}" in bibtex
    assert "date = {2025-06-23}" in bibtex and "pages = {1}" in bibtex
    assert r"title = {标题\_含 \& 特殊\%字符}" in bibtex
    assert bibtex.count("{") == bibtex.count("}")
    ris = citation_ris(story).splitlines()
    assert ris[0] == "TY  - NEWS" and ris[-1] == "ER  - "
    assert [line for line in ris if line.startswith("AU")] == ["AU  - 王超", "AU  - 李明"]
    assert "DA  - 2025/06/23" in ris and "T2  - 乌海日报" in ris and "SP  - 1" in ris


def test_several_stories_in_one_markdown_document() -> None:
    first, second = make_story(title="甲"), make_story(title="乙")
    text = stories_markdown([first, second], "乌海日报 2025-06-23")
    assert text.startswith("# 乌海日报 2025-06-23\n")
    assert "\n## 甲\n" in text and "\n## 乙\n" in text and "\n### 小标题\n" in text
    assert text.index("## 甲") < text.index("## 乙")
    for story in (first, second):
        for paragraph in story.lead.paragraphs:
            assert paragraph in text


def test_pdf_cmap_lookalikes_become_the_ideographs() -> None:
    """Only destinations change; consecutive ranges are left whole; a PDF round-trips."""
    from reader.pdf_text import fix_cmap, fix_pdf_text, lookalikes_in, standard_equivalent

    assert standard_equivalent("\u2f24") == "大"  # ⼤ Kangxi radical
    assert standard_equivalent("大") is None and standard_equivalent("，") is None
    cmap = (
        b"2 beginbfrange\n<0001> <0003> [<2F24> <5927> <FF0C>]\n<2F24> <2F25> <4E00>\n"
        b"endbfrange\n1 beginbfchar\n<2F24> <2EDB>\nendbfchar\n"
    )
    fixed, changed = fix_cmap(cmap, {"\u2f24": "大", "\u2edb": "风"})
    assert changed == 2
    assert b"[<5927> <5927> <FF0C>]" in fixed
    assert b"<2F24> <2F25> <4E00>" in fixed  # glyph codes on the left stay
    assert b"<2F24> <98CE>" in fixed
    pdf = (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Font /ToUnicode 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Length "
        + str(len(cmap)).encode()
        + b" >>\nstream\n"
        + cmap
        + b"\nendstream\nendobj\nxref\n0 3\ntrailer\n<< /Size 3 /Root 1 0 R >>\n"
        b"startxref\n9\n%%EOF\n"
    )
    assert lookalikes_in(pdf) == {"\u2f24", "\u2edb"}
    updated, count = fix_pdf_text(pdf, {"\u2f24": "大", "\u2edb": "风"})
    assert count == 2 and updated.startswith(pdf)  # Qt's bytes stay; an update follows
    assert lookalikes_in(updated) == set()
    assert b"/Prev 9" in updated[len(pdf) :]


def test_misread_characters_are_found_by_reading_the_pdf_back() -> None:
    from reader.pdf_text import misread_chars

    printed = "全市用户一户一策，大力推进\n用户服务"
    read_back = "全市用戶一戶一策，⼤力推进 用戶服务"  # what a wrong ToUnicode map gives
    assert misread_chars(read_back, printed) == {"戶": "户", "⼤": "大"}
    assert misread_chars("⸺写在", "——写在") == {"⸺": "——"}
    # A character read for two different printed ones has no single fix; one that was
    # printed as itself somewhere is not a misreading.
    assert misread_chars("甲乙甲", "丙丁戊") == {"乙": "丁"}
    assert misread_chars("户户", "户戶") == {}
    # a line drawn again at the head of the next page (with the page number) holds a
    # misread glyph: the stretch read longer than printed still names it at its edges
    printed = "远道而来的贵客。向外辐射开放"
    read_back = "远Ĭ而来的\n1\n远Ĭ而来的贵客。向外辐Ȥ\n2\n开放"
    assert misread_chars(read_back, printed) == {"Ĭ": "道", "Ȥ": "射"}


def test_glyph_map_holes_and_wrong_entries_are_named_from_the_printed_text() -> None:
    """Glyphs with no entry or a contradicted one get the character printed in their place;
    a glyph confirmed anywhere, or read two ways, is left alone; CMaps round-trip."""
    from reader.pdf_text import cmap_entries, glyph_fixes, write_cmap

    cmap = b"2 beginbfrange\n<0001> <0002> [<4E2D> <592E>]\n<0005> <0006> <4E00>\nendbfrange\n"
    entries = cmap_entries(cmap)
    assert entries == {1: "中", 2: "央", 5: "一", 6: "丁"}
    assert cmap_entries(write_cmap(entries)) == entries
    printed = "中央第一\n中央第央央"
    # glyph 3 (第) has no entry; glyph 6 is printed as 央 but says 丁
    shown = [(9, code) for code in (1, 2, 3, 5, 1, 2, 3, 6, 6)]
    maps = {9: {1: "中", 2: "央", 5: "一", 6: "丁"}}
    assert glyph_fixes(shown, maps, printed) == {(9, 3): "第", (9, 6): "央"}
    # a line drawn again at the head of the next page, after the page number (glyph 8),
    # holds an unmapped glyph (2, printed as 道): the longer stretch still names it
    maps = {9: {1: "远", 3: "而", 4: "来", 5: "的", 6: "贵", 7: "客", 8: "1", 10: "。"}}
    shown = [(9, code) for code in (1, 2, 3, 4, 5, 8, 1, 2, 3, 4, 5, 6, 7, 10)]
    assert glyph_fixes(shown, maps, "远道而来的贵客。") == {(9, 2): "道"}
    maps = {9: {1: "中", 2: "央", 5: "一", 6: "丁"}}
    # the same glyph stands for two printed characters: no single entry is right
    assert glyph_fixes([(9, 1), (9, 7), (9, 2), (9, 7)], maps, "中甲央乙") == {}


def test_glyphs_are_aligned_across_a_repeated_line_and_a_page_number() -> None:
    """A line cut by a page break is drawn twice and a page number is drawn between: the
    holes on either side are still named, and nothing else is touched."""
    from reader.pdf_text import align, glyph_fixes

    printed = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥" * 3
    chars = sorted(set(printed))
    maps = {1: {n: c for n, c in enumerate(chars) if c not in "丙申"}, 2: {99: "1"}}
    code = {c: n for n, c in enumerate(chars)}
    body = [(1, code[c]) for c in printed]
    shown = [*body[:30], (2, 99), *body[24:30], *body[30:]]  # page number, line again
    assert glyph_fixes(shown, maps, printed) == {(1, code["丙"]): "丙", (1, code["申"]): "申"}
    ops = list(align(list("甲乙X丁戊己庚辛壬癸子丑"), list("甲乙丙丁戊己庚辛壬癸子丑")))
    assert ops == [("equal", 0, 2, 0, 2), ("replace", 2, 3, 2, 3), ("equal", 3, 12, 3, 12)]


def test_exports_mark_where_a_continued_story_changes_page() -> None:
    """As the article pane does: （接第3版） before the part printed on page 3."""
    first = Article("a1", Kind.ARTICLE, ["头版的部分，"], title="标题", continues_to=3)
    second = Article("a2", Kind.ARTICLE, ["第三版的部分。"], continued_from=1)
    pages = [Page(f"{n}.txt", PageMeta("中国气象报", date(2026, 7, 21), n)) for n in (1, 3)]
    story = Story("s1", "标题", [first, second], pages)
    text = story_text(story)
    assert text.index("头版的部分，") < text.index("（接第3版）") < text.index("第三版的部分。")
    markdown = story_markdown(story)
    assert "头版的部分，\n\n*（接第3版）*\n\n第三版的部分。" in markdown


def test_words_a_continuations_heading_adds_are_exported_at_the_join() -> None:
    """标题 repeated over page 3's part with words of its own: those words are printed text."""
    first = Article("a1", Kind.ARTICLE, ["头版的部分，"], title="标题", continues_to=3)
    second = Article("a2", Kind.ARTICLE, ["第三版的部分。"], title="标题全链条", continued_from=1)
    pages = [Page(f"{n}.txt", PageMeta("中国气象报", date(2026, 7, 21), n)) for n in (1, 3)]
    story = Story("s1", "标题", [first, second], pages)
    text = story_text(story)
    assert text.index("（接第3版）") < text.index("全链条") < text.index("第三版的部分。")
    assert "*（接第3版）*\n\n## 全链条\n\n第三版的部分。" in story_markdown(story)


def test_a_missing_beginning_is_noted_before_the_text_and_a_missing_end_after() -> None:
    """As the article pane shows them; after the text a （上接…） note read as the next
    story's in an issue's Markdown."""
    article = Article("a1", Kind.ARTICLE, ["中间的部分，"], continued_from=1, continues_to=4)
    page = Page("2.txt", PageMeta("呼和浩特日报", date(2023, 7, 27), 2))
    story = Story("s1", "标题", [article], [page], missing_pages=[1, 4])
    for text in (story_text(story), story_markdown(story)):
        assert text.index("（上接第1版") < text.index("中间的部分，") < text.index("（下转第4版")


def test_an_untitled_story_is_not_exported_under_a_made_up_headline() -> None:
    article = Article("a1", Kind.ARTICLE, ["市发改委深入贯彻有关精神，推进能源工作。第二句。"])
    page = Page("1.txt", PageMeta("呼和浩特日报", date(2023, 7, 27), 1))
    markdown = story_markdown(Story("s1", "", [article], [page]))
    assert markdown.startswith("# （无标题）市发改委深入贯彻有关精神")


def test_a_story_continued_over_pages_is_cited_with_every_page() -> None:
    """Pages as GB/T 7714 writes them: consecutive ones as a range, others with commas."""

    def continued(*numbers: int | None) -> Story:
        parts = [Article(f"a{n}", Kind.ARTICLE, ["段。"], title="标题") for n in numbers]
        pages = [Page(f"{n}.txt", PageMeta("乌海日报", date(2025, 6, 23), n)) for n in numbers]
        return Story("s1", "标题", parts, pages)

    assert citation(continued(1, 3)).endswith("2025-06-23(1,3).")
    assert citation(continued(2, 3, 4, 8)).endswith("2025-06-23(2-4,8).")
    assert citation(continued(None, None)).endswith("2025-06-23.")
    assert "pages = {1,3--4}" in citation_bibtex(continued(1, 3, 4))
    assert "SP  - 1,3" in citation_ris(continued(1, 3)).splitlines()
