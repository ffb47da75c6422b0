"""Rules added for pages of any newspaper: furniture, bylines, captions, blank-line habits."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pagetext import column, page

from reader.archive import load_archive
from reader.layout.furniture import furniture_line, is_masthead, read_furniture
from reader.layout.lines import Role, blank_habit, classify, is_byline
from reader.layout.page import analyze, analyze_page
from reader.model import Article, Kind

PARKS = [
    "本报讯（记者王五）本月起，全市二十座公园延长夜间开放时间至二十二点，方便市民晚间散步健身。",
    "市园林部门表示，夜间开放期间将增派巡逻人员，并对园内照明设施进行全面检修。",
]
BIKES = [
    "城区首条自行车专用道昨日正式通车，全长八公里，连接三个居民区和两所学校，沿线设有十处停车点。",
    "交通部门提醒，专用道禁止机动车驶入和停放，违者将依法处理。",
]
MARKET = [
    "今年以来，全市农贸市场改造提速，二十家市场完成升级，摊位统一规划，地面全部硬化，环境明显改善。",
    "市场监管部门表示，将继续推进农贸市场标准化建设，让市民买得放心。",
]


def analyze_text(text: str) -> list[Article]:
    return analyze_page(text, "测试报|2025-01-01|1|test")


def articles_of(articles: list[Article]) -> list[Article]:
    return [a for a in articles if a.kind is Kind.ARTICLE]


# -- furniture -------------------------------------------------------------------------
def test_furniture_lines_and_what_they_say() -> None:
    assert furniture_line("2026年7月2日 星期四", edge=False) == {"date": date(2026, 7, 2)}
    assert furniture_line("第1版", edge=False) == {"page": 1}
    assert furniture_line("第 四 版", edge=False) == {"page": 4}
    assert furniture_line("2026年7月16日 星期四　第4版 中国气象报", edge=False) == {
        "date": date(2026, 7, 16),
        "page": 4,
        "newspaper": "中国气象报",
    }
    assert furniture_line("要闻 2025年6月23日 星期一 第2版", edge=False) is not None
    assert furniture_line("责任编辑：王五 版式：赵六", edge=False) == {}


def test_text_is_never_furniture() -> None:
    assert furniture_line("2026年7月2日，全市召开防汛工作会议。", edge=True) is None
    assert furniture_line("2026年7月2日", edge=False) is None  # a lone date mid-page
    assert furniture_line("第1版要闻回顾：全市经济稳中向好", edge=False) is None
    assert not is_masthead("天气预报")
    assert not is_masthead("情况通报")
    assert is_masthead("乌海日报") and is_masthead("新民晚报")


def test_furniture_is_kept_out_of_articles_and_read() -> None:
    text = page(
        "乌海日报", "2025年6月23日 星期一", "第2版", column(PARKS), "全市公园延长夜间开放时间"
    )
    analysis = analyze(text, "x")
    [article] = analysis.articles
    assert article.title == "全市公园延长夜间开放时间"
    assert "乌海日报" not in article.text and "星期一" not in article.text
    found = analysis.furniture
    assert (found.newspaper, found.date, found.page) == ("乌海日报", date(2025, 6, 23), 2)
    assert set(found.lines) == {0, 2, 4}


def test_furniture_fills_missing_metadata_but_never_overrides(tmp_path: Path) -> None:
    text = page(
        "乌海日报", "2025年6月23日 星期一", "第2版", column(PARKS), "全市公园延长夜间开放时间"
    )
    (tmp_path / "scan.txt").write_text(text, encoding="utf-8")
    filed = tmp_path / "北方新报" / "2024-01-05"
    filed.mkdir(parents=True)
    (filed / "03.txt").write_text(text, encoding="utf-8")
    metas = {Path(p.source).name: p.meta for p in load_archive([tmp_path]).pages}
    unfiled = metas["scan.txt"]
    assert (unfiled.newspaper, unfiled.date, unfiled.page) == ("乌海日报", date(2025, 6, 23), 2)
    known = metas["03.txt"]
    assert (known.newspaper, known.date, known.page) == ("北方新报", date(2024, 1, 5), 3)


def test_furniture_never_overrides_a_manifest_and_fills_only_what_it_leaves_out(
    tmp_path: Path,
) -> None:
    """A manifest is trusted most: its paper and date stand against the masthead's, and
    only the page number it does not give comes from the page's furniture."""
    text = page(
        "乌海日报", "2025年6月23日 星期一", "第2版", column(PARKS), "全市公园延长夜间开放时间"
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(
        '[[page]]\nfile = "a.txt"\nnewspaper = "北方新报"\ndate = 2024-01-05\n',
        encoding="utf-8",
    )
    (meta,) = (p.meta for p in load_archive([tmp_path]).pages)
    assert (meta.newspaper, meta.date, meta.page) == ("北方新报", date(2024, 1, 5), 2)


def test_read_furniture_of_a_page_without_any() -> None:
    found = read_furniture(column(PARKS))
    assert (found.newspaper, found.date, found.page, found.lines) == (None, None, None, {})


# -- bylines -------------------------------------------------------------------------------
def test_bylines_of_any_paper_and_not_prose() -> None:
    for line in (
        "本报记者 王五",
        "经济日报记者 刘洋",
        "新华社记者 赵六 孙七",
        "本报通讯 员 李辉",
        "本报评论员",
    ):
        assert is_byline(line), line
    for line in ("记者攥着手机", "中国气象局局长", "记者从市气象局获悉，今年汛期"):
        assert not is_byline(line), line


def test_byline_of_another_paper_is_not_the_title() -> None:
    text = page("全市公园延长夜间开放时间", "经济日报记者 刘洋", column(PARKS[1:]))
    [article] = analyze_text(text)
    assert article.title == "全市公园延长夜间开放时间"
    assert article.byline == "经济日报记者 刘洋"


def test_byline_after_a_blank_line_under_its_title() -> None:
    text = page("全市公园延长夜间开放时间", "本报记者 王五", column(PARKS[1:]))
    [article] = analyze_text(text)
    assert (article.title, article.byline) == ("全市公园延长夜间开放时间", "本报记者 王五")


def test_reporters_named_in_a_dateline_fill_the_byline() -> None:
    for opening, byline in [
        ("本报讯（记者 王五）", "记者 王五"),
        ("本报讯 记者 王五 报道 ", "记者 王五"),
        ("本报北京6月1日电（记者 王五、赵六）", "记者 王五、赵六"),
        # the same conventions printed in traditional characters
        ("本報訊（記者 陳大文）", "記者 陳大文"),
        ("新華社香港6月1日電（記者 王五）", "記者 王五"),
    ]:
        body = opening + PARKS[0].removeprefix("本报讯（记者王五）")
        [article] = analyze_text(page("全市公园延长夜间开放时间", column([body])))
        assert article.byline.replace(" ", "") == byline.replace(" ", "")
        assert article.paragraphs[0].startswith(opening.strip()[:3])  # the text keeps it


# -- photos ----------------------------------------------------------------------------------
def test_photo_credits_make_photo_items() -> None:
    caption = "市民在公园赏雪，雪景吸引了众多游客驻足拍照。"
    for credit in (
        "图/文 王翔",
        "图/王翔",
        "图/李信君 文/王小宁",
        "（王翔 摄）",
        "（王翔 攝）",
        "圖/王翔",
    ):
        text = page(column(PARKS), "全市公园延长夜间开放时间", caption + credit)
        articles = analyze_text(text)
        [photo] = [a for a in articles if a.kind is Kind.PHOTO]
        assert photo.paragraphs == [caption], credit
        assert "王翔" in photo.byline or "李信君" in photo.byline
        [article] = articles_of(articles)
        assert article.title == "全市公园延长夜间开放时间"


def test_photo_caption_followed_by_a_byline_is_read() -> None:
    """This used to raise IndexError in blocks._byline and lose the page's structure."""
    text = page("市民在公园赏雪。（王翔 摄）", "本报记者 王五", column(PARKS[1:]))
    articles = analyze_text(text)
    assert [a.kind for a in articles] == [Kind.PHOTO, Kind.ARTICLE]
    assert articles[1].byline == "本报记者 王五"


def test_caption_set_flush_after_an_article_is_its_own_item() -> None:
    caption = "图为市民在公园赏雪，雪景吸引了众多游客驻足拍照，公园管理处增派人员维持秩序。"
    text = page(column(PARKS), column([caption], indent=0), "全市公园延长夜间开放时间")
    articles = analyze_text(text)
    assert articles[0].paragraphs == PARKS
    assert [caption] in [a.paragraphs for a in articles]


# -- headlines -----------------------------------------------------------------------------
def test_blank_line_habit_is_read_from_the_page() -> None:
    spaced = column(PARKS + BIKES + MARKET + PARKS)
    assert blank_habit(classify(spaced)) == 1.0
    packed = spaced.replace("\n\n", "\n")
    assert blank_habit(classify(packed)) == 0.0


def test_headlines_without_any_blank_line() -> None:
    """pdfium prints no blank lines: headlines are known by shape and position alone."""

    def packed(paragraphs: list[str]) -> str:
        return column([p * 2 for p in paragraphs]).replace("\n\n", "\n").strip()

    text = "\n".join(
        [
            "全市公园延长夜间开放时间",
            packed(PARKS),
            "城区首条自行车道通车",
            packed(BIKES),
            "农贸市场改造提速",
            packed(MARKET),
        ]
    )
    headlines = [line.text for line in classify(text) if line.role is Role.HEADLINE]
    assert headlines == ["全市公园延长夜间开放时间", "城区首条自行车道通车", "农贸市场改造提速"]
    assert next(a.title for a in analyze_text(text) if a.title) == "全市公园延长夜间开放时间"


def test_a_line_with_a_full_stop_is_not_a_headline() -> None:
    text = page(column(MARKET), "全市公园延长开放。市民", column(PARKS[1:]))
    assert all("。市民" not in a.title for a in analyze_text(text))


def test_the_line_above_a_dateline_is_headline() -> None:
    text = page(column(MARKET), "全市二十座公园\n" + column(PARKS).strip())
    titled = [a for a in analyze_text(text) if a.title]
    assert [a.title for a in titled] == ["全市二十座公园"]
    assert titled[0].paragraphs == PARKS


def test_a_headline_between_unrelated_texts_is_not_a_subhead() -> None:
    more_bikes = "自行车专用道沿线设有十处停车点，专用道禁止机动车驶入，自行车出行更安全。"
    text = page(
        column(PARKS),
        "自行车道通车",
        column(BIKES),
        "公园延长开放",
        "车道配套停车点",
        column([more_bikes]),
    )
    articles = articles_of(analyze_text(text))
    assert {a.title for a in articles} == {"公园延长开放", "自行车道通车", "车道配套停车点"}
    assert next(a for a in articles if a.title == "公园延长开放").paragraphs == PARKS


def test_credit_line_right_after_a_captioned_photo_is_read() -> None:
    """A credit line with no text of its own before it used to raise IndexError too."""
    text = page(column(PARKS), "市民在公园赏雪。（王翔 摄）", "■本报记者 吕会生 摄")
    articles = analyze_text(text)
    assert [a.kind for a in articles].count(Kind.PHOTO) == 2
    assert "吕会生" in " ".join(a.byline for a in articles)


def test_a_question_set_on_its_byline_is_a_headline() -> None:
    text = page(column(MARKET), "公园为何延长开放？\n本报记者 王五", column(PARKS[1:]))
    titled = [a for a in analyze_text(text) if a.title]
    assert [(a.title, a.byline) for a in titled] == [("公园为何延长开放？", "本报记者 王五")]


def test_a_question_paragraph_is_not_a_headline() -> None:
    text = page(column(MARKET), "公园为何延长开放？", column(PARKS[1:]))
    assert all(a.title != "公园为何延长开放？" for a in analyze_text(text))


def test_a_short_word_above_a_headline_is_its_column_label() -> None:
    text = page(column(PARKS), "一线传真\n全市公园延长夜间开放时间")
    [article] = analyze_text(text)
    assert (article.column, article.title) == ("一线传真", "全市公园延长夜间开放时间")
