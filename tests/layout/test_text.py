"""Spacing clean-up, widths and joining of wrapped text."""

from __future__ import annotations

import pytest

from reader.layout.text import (
    clean_spaces,
    clean_title_spaces,
    coverage,
    ends_sentence,
    fold,
    join_wrapped,
    visual_width,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("6月 20日，", "6月20日，"),
        ("今年，该公司计划投资 5 亿", "今年，该公司计划投资5亿"),
        ("效 、取 暖 产 品 质 量 等 方 面 持 续 发", "效、取暖产品质量等方面持续发"),
        ("市 人 民 政 府 召 开 常 务 会 议", "市人民政府召开常务会议"),
        ("“解难题促发展 争先锋作表率”", "“解难题促发展 争先锋作表率”"),
        ("本报讯 （记者鲍维）今年", "本报讯（记者鲍维）今年"),
        ("10.4 万吨/年 BDO 生产", "10.4万吨/年BDO生产"),
        ("E-pack 绿色脱盐技术", "E-pack绿色脱盐技术"),
        ("Whoosh Reloaded 搜索", "Whoosh Reloaded搜索"),
        ("全角\u3000空格", "全角 空格"),
        # a letter-spaced line spaces its digits and letters out too (trial 9)
        ("圈 半 径 达 4 5 0 公 里 ， 环 流", "圈半径达450公里，环流"),
        ("据 欧 洲 E C M W F 预 报", "据欧洲ECMWF预报"),
        ("受 COVID 19 影 响 的 地 区", "受COVID 19影响的地区"),
    ],
)
def test_clean_spaces(raw: str, clean: str) -> None:
    assert clean_spaces(raw) == clean


def test_title_keeps_phrase_spaces_but_closes_letter_spacing() -> None:
    assert clean_title_spaces("同比增长101.3% 前5月我市外贸") == "同比增长101.3% 前5月我市外贸"
    assert clean_title_spaces("勇 当 改 革 开 放 排 头 兵") == "勇当改革开放排头兵"


def test_join_wrapped_adds_no_space_in_chinese_but_separates_latin_words() -> None:
    assert join_wrapped("可降", "解材料") == "可降解材料"
    assert join_wrapped("BDO一", "体化") == "BDO一体化"
    assert join_wrapped("green", "building") == "green building"


def test_visual_width_counts_latin_and_digits_as_half() -> None:
    assert visual_width("乌海") == 2
    assert visual_width("BDO") == 1.5
    assert visual_width("“三北”") == 3  # curly quotes are set half-width
    assert visual_width("市 人 民") == 3


def test_ends_sentence_looks_through_closing_quotes() -> None:
    assert ends_sentence("真是大变样了。”")
    assert ends_sentence("（完）。")
    assert not ends_sentence("正在开展“伴随式”执")
    assert not ends_sentence("田兆强深有感触地说，")


def test_fold_normalises_width_and_case() -> None:
    assert fold("ＢＤＯ，２０２４年！") == "bdo2024年"


def test_coverage() -> None:
    assert coverage("暖心煤补贴", "发放“暖心煤”补贴资金") == 1.0
    assert coverage("公交线路", "农区居民取暖") == 0.0
