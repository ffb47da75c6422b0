"""Continuation markers in every spelling, and prose that only looks like one."""

from __future__ import annotations

import pytest

from reader.layout.markers import Direction, chinese_number, find_markers, strip_markers


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
