"""Continuation markers in every spelling, and prose that only looks like one."""

from __future__ import annotations

import pytest

from reader.layout.markers import (
    Direction,
    chinese_number,
    cut_marker,
    find_markers,
    strip_markers,
)
from reader.layout.page import analyze_page


@pytest.mark.parametrize(
    ("text", "direction", "page"),
    [
        ("（下转第四版）", Direction.CONTINUES_TO, 4),
        ("(下转第二版)", Direction.CONTINUES_TO, 2),
        ("（上接第1版）", Direction.CONTINUED_FROM, 1),
        ("（转第2版）", Direction.CONTINUES_TO, 2),
        ("（接第一版）", Direction.CONTINUED_FROM, 1),
        ("（下转第１２版）", Direction.CONTINUES_TO, 12),
        ("( 上接 第 3 版 )", Direction.CONTINUED_FROM, 3),
        ("（下转第十二版）", Direction.CONTINUES_TO, 12),
        ("（转4版）", Direction.CONTINUES_TO, 4),
        ("（续第二十版）", Direction.CONTINUED_FROM, 20),
    ],
)
def test_every_spelling_is_recognised(text: str, direction: Direction, page: int) -> None:
    [marker] = find_markers(text)
    assert (marker.direction, marker.page) == (direction, page)


def test_marker_glued_to_a_sentence_is_cut_off() -> None:
    text, markers = strip_markers("周边国家。 （下转第四版）")
    assert text == "周边国家。"
    assert [(m.direction, m.page) for m in markers] == [(Direction.CONTINUES_TO, 4)]


def test_marker_opening_a_line_is_cut_off() -> None:
    text, markers = strip_markers("（上接第1版）以精诚服务，厚植企")
    assert text == "以精诚服务，厚植企"
    assert markers[0].direction is Direction.CONTINUED_FROM


@pytest.mark.parametrize(
    "prose",
    [
        "上接天线、下接地气，工作作风扎实",
        "从线下转向线上，服务更便捷",
        "转第二产业用电量稳步攀升",
        "（下转弯处注意安全）",
        "接第一版面设计意见",
        "（第四版）刊登了读者来信",
    ],
)
def test_prose_is_not_a_marker(prose: str) -> None:
    assert find_markers(prose) == []


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("四", 4),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十四", 24),
        ("一百零五", 105),
        ("4", 4),
        ("１６", 16),
    ],
)
def test_chinese_numerals(numeral: str, value: int) -> None:
    assert chinese_number(numeral) == value


@pytest.mark.parametrize(
    ("line", "below", "opening"),
    [
        ("…全面检修。（", "下转第四版）", 6),
        ("的产业结构。（下", "转第二版）", 6),
        ("（上接", "第1版）园内照明设施", 0),
        # a bracket at a line's end that opens prose, not a marker
        ("据介绍（", "下一步将扩建）", -1),
        ("出版时间（", "第一版为2020年）", -1),
        ("（完）", "下转第四版）", -1),
    ],
)
def test_a_marker_cut_by_a_line_break_is_found(line: str, below: str, opening: int) -> None:
    assert cut_marker(line, below) == opening


def test_a_cut_marker_still_continues_the_article_and_is_no_signature() -> None:
    """Cut as ``…检修。（`` / ``下转第四版）``, the marker was read as a bracketed signature: the
    byline became 记者王五 下转第四版 and the continuation was lost. Read as one line with
    the line it ends on, it is whole again; every printed character stays."""
    text = (
        "全市公园延长夜间开放时间\n\n"
        "本报讯（记者王五）本月起，全市二十\n座公园延长夜间开放时间至二十二点，\n"
        "方便市民晚间散步健身。市园林部门表示，\n夜间开放期间将增派巡逻人员，并对园\n"
        "内照明设施进行全面检修。（\n下转第四版）\n"
    )
    [article] = analyze_page(text, "测试报|2025-01-01|1|t")
    assert article.continues_to == 4 and "下转" not in article.byline
    assert article.paragraphs[-1].endswith("全面检修。")
    assert max(article.source_lines) == text.rstrip("\n").count("\n")  # its last line too
