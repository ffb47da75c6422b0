"""Linking continued fragments into stories across the pages of one issue."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pagetext import column, page

from reader.archive import Archive, load_archive
from reader.layout.evaluate import score_links
from reader.model import Article, Kind, Page, PageMeta, Story
from reader.stories import link_stories

PARKS_TITLE = "全市公园延长夜间开放时间"
BIKES_TITLE = "城区首条自行车专用道通车"
MARKET_TITLE = "节日市场供需两旺"

FRONT = page(
    column(
        [
            "本报讯（记者王五）本月起，全市二十座公园延长夜间开放时间至二十二点，方便市民晚间散步健身。",
            "市园林部门表示，夜间开放期间将增派巡逻人员，并对园内",
        ]
    ),
    "（下转第四版）",
    PARKS_TITLE,
    column(
        [
            "本报讯（记者赵六）昨日，城区首条自行车专用道正式通车，全长八公里，连接三个居民区和",
            "两所学校。交通部门提醒，专用道",
        ]
    ),
    "（下转第四版）",
    BIKES_TITLE,
    column(
        [
            "本报讯（记者孙七）春节假期，我市消费市场红红火火，各大商家推出丰富多彩的优惠活动，"
            "营造出浓浓的节日气氛，市民纷纷走出家门"
        ]
    ),
    "（下转第二版）",
    MARKET_TITLE,
    column(
        ["本报讯（记者周八）干部作风建设要上接天线、下接地气，从线下转向线上的服务也要常态化。"]
    ),
    "干部作风建设常态化",
)
# The continuation page prints the fragments in the other order than the front page.
INNER = page(
    BIKES_TITLE + "\n（上接第1版）" + column(["禁止机动车驶入和停放，违者将依法处理。"]),
    PARKS_TITLE + "\n（上接第1版）" + column(["照明设施进行全面检修，确保游园安全。"]),
    "老城区改造加快推进\n（上接第3版）"
    + column(["改造工程计划年底前全部完工，惠及居民三千余户。"]),
)
SECOND = page(
    MARKET_TITLE + "\n（上接第1版）" + column(["逛街购物下馆子，好不热闹。商务部门表示，"]),
    "（下转第三版）",
)
THIRD = page(MARKET_TITLE + "\n（上接第2版）" + column(["节日消费将持续升温。"]))


def library(
    root: Path, pages: dict[str, str], paper: str = "乌海日报", day: str = "2025-06-18"
) -> Path:
    folder = root / paper / day
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in pages.items():
        (folder / f"{number}.txt").write_text(text, encoding="utf-8")
    return root


def story(archive: Archive, title: str) -> Story:
    return next(s for s in archive.stories if s.title == title)


def pages_of(s: Story) -> list[int | None]:
    return [p.meta.page for p in s.pages]


def test_several_continued_articles_between_two_pages_link_by_headline(tmp_path: Path) -> None:
    archive = load_archive([library(tmp_path, {"01": FRONT, "04": INNER})])
    parks, bikes = story(archive, PARKS_TITLE), story(archive, BIKES_TITLE)
    assert pages_of(parks) == [1, 4] and pages_of(bikes) == [1, 4]
    assert parks.fragments[1].paragraphs == ["照明设施进行全面检修，确保游园安全。"]
    assert bikes.fragments[1].paragraphs == ["禁止机动车驶入和停放，违者将依法处理。"]
    assert parks.missing_pages == [] and bikes.missing_pages == []


def test_fragment_whose_page_is_missing_says_which_page(tmp_path: Path) -> None:
    archive = load_archive([library(tmp_path, {"01": FRONT, "04": INNER})])
    assert story(archive, MARKET_TITLE).missing_pages == [2]
    old_town = story(archive, "老城区改造加快推进")
    assert old_town.missing_pages == [3] and pages_of(old_town) == [4]


def test_prose_that_looks_like_a_marker_links_nothing(tmp_path: Path) -> None:
    archive = load_archive([library(tmp_path, {"01": FRONT, "04": INNER})])
    style = story(archive, "干部作风建设常态化")
    assert len(style.fragments) == 1 and style.missing_pages == []
    assert "上接天线、下接地气" in style.fragments[0].paragraphs[0]


def test_a_story_runs_across_three_pages(tmp_path: Path) -> None:
    archive = load_archive([library(tmp_path, {"01": FRONT, "02": SECOND, "03": THIRD})])
    market = story(archive, MARKET_TITLE)
    assert pages_of(market) == [1, 2, 3] and market.missing_pages == []


def test_pages_of_another_issue_never_link(tmp_path: Path) -> None:
    library(tmp_path, {"01": FRONT})
    library(tmp_path, {"04": INNER}, day="2025-06-19")
    archive = load_archive([tmp_path])
    assert story(archive, PARKS_TITLE).missing_pages == [4]
    assert len(story(archive, PARKS_TITLE).fragments) == 1


def test_continuation_page_with_unknown_number_links_by_headline(tmp_path: Path) -> None:
    library(tmp_path, {"01": FRONT})
    inner = tmp_path / "scans"
    inner.mkdir()
    (inner / "inner.txt").write_text(INNER, encoding="utf-8")
    (inner / "manifest.toml").write_text(
        '[[page]]\nfile = "inner.txt"\nnewspaper = "乌海日报"\ndate = 2025-06-18\n',
        encoding="utf-8",
    )
    archive = load_archive([tmp_path])
    assert pages_of(story(archive, PARKS_TITLE)) == [1, None]


def test_ids_survive_rereading_and_adding_the_missing_page(tmp_path: Path) -> None:
    root = library(tmp_path, {"01": FRONT, "04": INNER})
    before = load_archive([root])
    again = load_archive([root])
    assert [s.id for s in before.stories] == [s.id for s in again.stories]
    library(root, {"02": SECOND})
    after = load_archive([root])
    assert {s.id for s in before.stories} <= {s.id for s in after.stories}
    article_ids = {a.id for p in before.pages for a in p.articles}
    assert article_ids <= {a.id for p in after.pages for a in p.articles}
    assert len(story(after, MARKET_TITLE).fragments) == 2


def test_story_id_is_kept_when_the_first_page_arrives_later(tmp_path: Path) -> None:
    only_inner = load_archive([library(tmp_path / "a", {"04": INNER})])
    both = load_archive([library(tmp_path / "b", {"01": FRONT, "04": INNER})])
    assert story(only_inner, PARKS_TITLE).missing_pages == [1]
    assert story(only_inner, PARKS_TITLE).id == story(both, PARKS_TITLE).id


def test_every_article_is_in_exactly_one_story(tmp_path: Path) -> None:
    archive = load_archive([library(tmp_path, {"01": FRONT, "02": SECOND, "04": INNER})])
    in_stories = [a.id for s in archive.stories for a in s.fragments]
    on_pages = [a.id for p in archive.pages for a in p.articles]
    assert sorted(in_stories) == sorted(on_pages)


def test_seed_continuations_name_their_missing_pages(seeds: Path) -> None:
    archive = load_archive([seeds])
    missing = {s.title: s.missing_pages for s in archive.stories if s.missing_pages}
    assert missing["弘扬“中国—中亚精神”开创更加美好未来"] == [4]
    assert missing["构筑生态屏障 矢志向绿而行"] == [2]
    assert missing["“管家式”服务为企业发展积势蓄能"] == [1]
    # every page a marker names that the issue lacks is missing from its story, and no other
    present: dict[object, set[int | None]] = {p.meta.issue_key: set() for p in archive.pages}
    for each in archive.pages:
        present[each.meta.issue_key].add(each.meta.page)
    for story in archive.stories:
        issue = present[story.pages[0].meta.issue_key]
        named = {
            number
            for a in story.fragments
            for number in (a.continued_from, a.continues_to)
            if number is not None
        }
        assert set(story.missing_pages) == named - issue, story.title


def test_rereading_reuses_unchanged_pages_and_rereads_changed_ones(tmp_path: Path) -> None:
    root = library(tmp_path, {"01": FRONT, "04": INNER})
    first = load_archive([root])
    inner = root / "乌海日报" / "2025-06-18" / "04.txt"
    assert "惠及居民三千余户" in INNER
    inner.write_text(INNER.replace("惠及居民三千余户", "惠及居民四千余户"), encoding="utf-8")
    second = load_archive([root], previous=first)
    assert second.pages[0] is first.pages[0]
    assert second.pages[1] is not first.pages[1]
    assert "惠及居民四千余户" in story(second, "老城区改造加快推进").fragments[0].paragraphs[0]


def _analysed(number: int, *articles: Article) -> Page:
    """A page as the layout left it: the tests below are about linking, not reading."""
    meta = PageMeta(newspaper="乌海日报", date=date(2025, 6, 18), page=number)
    return Page(source=f"{number:02}.txt", meta=meta, articles=list(articles))


def _article(ident: str, title: str, text: str, **markers: int) -> Article:
    return Article(id=ident, kind=Kind.ARTICLE, paragraphs=[text], title=title, **markers)


def test_a_repeated_headline_links_a_continuation_whose_jump_line_went_astray() -> None:
    """Extraction left the 下转 line (with the story's last paragraph) under the next
    article; the continuation page's repeated headline still names the story."""
    front = _analysed(
        1,
        _article("a1", PARKS_TITLE, "本月起，全市二十座公园延长夜间开放时间。", continues_to=3),
        _article(
            "a2", MARKET_TITLE, "春节假期，市场红火。夜间开放期间将增派巡逻人员。", continues_to=2
        ),
    )
    inner = _analysed(
        2, _article("a3", PARKS_TITLE, "照明设施进行全面检修，确保游园安全。", continued_from=1)
    )
    stories = link_stories([front, inner])
    [parks] = [s for s in stories if s.fragments[0].id == "a1"]
    assert [f.id for f in parks.fragments] == ["a1", "a3"]
    [market] = [s for s in stories if s.fragments[0].id == "a2"]
    assert market.missing_pages == [2]  # its jump line still says so, honestly unanswered


def test_a_headline_run_into_the_first_paragraph_still_names_the_story() -> None:
    front = _analysed(
        1, _article("a1", "", BIKES_TITLE + "昨日，城区首条自行车专用道正式通车，全长八公里。")
    )
    inner = _analysed(
        4, _article("a2", BIKES_TITLE, "禁止机动车驶入和停放，违者将依法处理。", continued_from=1)
    )
    [bikes] = link_stories([front, inner])
    assert [f.id for f in bikes.fragments] == ["a1", "a2"]


@pytest.mark.parametrize(
    ("heading", "beyond"),
    [
        (PARKS_TITLE, ""),  # the headline repeated: nothing new
        (PARKS_TITLE + "巡逻照明两手抓", "巡逻照明两手抓"),  # with this page's own words
        ("园内照明全面检修", "园内照明全面检修"),  # a headline of its own
        ("", ""),
    ],
)
def test_what_a_continuations_heading_prints_beyond_the_headline(heading: str, beyond: str) -> None:
    """Those words were neither shown nor indexed: only the lead's headline was."""
    opening = "本月起，全市公园延长夜间开放时间，园内照明设施"
    front = _analysed(1, _article("a1", PARKS_TITLE, opening, continues_to=4))
    inner = _analysed(
        4,
        _article("a2", heading, "全市公园夜间开放时间内，园内照明设施全面检修。", continued_from=1),
    )
    [parks] = link_stories([front, inner])
    assert [f.id for f in parks.fragments] == ["a1", "a2"]
    assert parks.heading_over(parks.fragments[0]) == ""
    assert parks.heading_over(parks.fragments[1]) == beyond


def test_a_headline_repeated_on_another_page_than_the_jump_line_names_links_nothing() -> None:
    front = _analysed(1, _article("a1", PARKS_TITLE, "本月起，全市公园延长开放时间。"))
    inner = _analysed(
        4, _article("a2", PARKS_TITLE, "照明设施进行全面检修，确保游园安全。", continued_from=2)
    )
    assert len(link_stories([front, inner])) == 2


# What the development corpus's stories join today (`bench --layout`): a floor, so a change
# that joins fewer continuations, or joins more the reference does not have, fails here.
CORPUS = Path(__file__).parent / "corpus"
JOINED_AT_LEAST = {"pdfminer": 20, "pdftotext": 21, "pdfium": 21, "pymupdf": 21}
WRONG_JOINS_AT_MOST = 4


@pytest.mark.parametrize("extractor", sorted(JOINED_AT_LEAST))
def test_corpus_continuations_are_joined(extractor: str) -> None:
    score = score_links(CORPUS / extractor / "gold.json")
    assert score.pairs == 27  # the reference's 下转 → 上接 pairs, all scored
    assert score.linked >= JOINED_AT_LEAST[extractor], score.line()
    assert score.wrong <= WRONG_JOINS_AT_MOST, score.line()


def test_the_continuation_scorer_counts_joins_against_its_reference(tmp_path: Path) -> None:
    library(tmp_path / "pages", {"01": FRONT, "04": INNER})

    def item(start: str, **markers: int) -> dict:
        return {"kind": "article", "title": None, "start": [start], "end": ["x"], **markers}

    def reference(parks_goes_on: str) -> Path:
        pages = {
            "乌海日报/2025-06-18/01.txt": {
                "date": "2025-06-18",
                "page": 1,
                "articles": [item("本报讯（记者王五）", continues_to=4)],
            },
            "乌海日报/2025-06-18/04.txt": {
                "date": "2025-06-18",
                "page": 4,
                "articles": [item(parks_goes_on, continued_from=1)],
            },
        }
        path = tmp_path / "gold.json"
        path.write_text(json.dumps({"pages": pages}, ensure_ascii=False), encoding="utf-8")
        return path

    right = score_links(reference("照明设施进行全面检修"))
    assert (right.pairs, right.linked, right.wrong) == (1, 1, 1)  # the bikes' join is not in it
    wrong = score_links(reference("禁止机动车驶入和停放"))
    assert (wrong.pairs, wrong.linked, wrong.wrong) == (1, 0, 2)
