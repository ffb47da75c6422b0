"""The search box language: parsing, friendly errors, exact evaluation."""

from __future__ import annotations

import pytest

from reader.language.normalize import char_grams, compact, query_grams
from reader.search.query import (
    AnyOf,
    Filter,
    Negated,
    QuerySyntaxError,
    Term,
    parse,
)


def test_spaces_mean_and() -> None:
    assert parse("煤 电").clauses == (Term("煤"), Term("电"))


def test_or_binds_tighter_than_and() -> None:
    assert parse("煤 电 OR 热 OR 气").clauses == (
        Term("煤"),
        AnyOf((Term("电"), Term("热"), Term("气"))),
    )


def test_negation_phrase_and_fields() -> None:
    parsed = parse('-督察 "生态 环境" title:周金星 byline:王超 标题:会议')
    assert parsed.clauses == (
        Negated(Term("督察")),
        Term("生态环境", phrase=True),
        Term("周金星", scope="title"),
        Term("王超", scope="byline"),
        Term("会议", scope="title"),
    )


def test_chinese_quotes_make_a_phrase() -> None:
    assert parse("“生态环境保护”").clauses == (Term("生态环境保护", phrase=True),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date:2025-06-01..2025-06-30", Filter("date", "2025-06-01", "2025-06-30")),
        ("date:2025-06", Filter("date", "2025-06-01", "2025-06-30")),
        ("date:2024-02", Filter("date", "2024-02-01", "2024-02-29")),
        ("date:2025", Filter("date", "2025-01-01", "2025-12-31")),
        ("date:2025-6-3", Filter("date", "2025-06-03", "2025-06-03")),
        ("date:..2025-06-30", Filter("date", "0000-00-00", "2025-06-30")),
        ("date:2025-06-01..", Filter("date", "2025-06-01", "9999-99-99")),
        ("paper:乌海日报", Filter("newspaper", "乌海日报")),
        ("page:01", Filter("page", "1")),
        ("版:4", Filter("page", "4")),
    ],
)
def test_filters(text: str, expected: Filter) -> None:
    assert parse(f"煤 {text}").clauses[1] == expected


def test_unknown_field_is_plain_text() -> None:
    assert parse("8:00").clauses == (Term("8:00"),)


def test_line_breaks_inside_a_copied_word_are_not_separators() -> None:
    assert parse("降\n解 材料").clauses == (Term("降解"), Term("材料"))


def test_normalisation_is_the_same_as_at_index_time() -> None:
    assert parse("ＢＤＯ ２０２５年 RCEP").clauses == (Term("bdo"), Term("2025年"), Term("rcep"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请输入"),
        ("   ", "请输入"),
        ("OR 煤", "OR"),
        ("煤 OR", "OR"),
        ("煤 OR OR 电", "OR"),
        ("-煤", "排除"),
        ("煤 date:2025-13", "日期不存在"),
        ("煤 date:昨天", "日期格式"),
        ("煤 date:2025-06-30..2025-06-01", "开始晚于结束"),
        ("煤 page:一", "版次应为数字"),
        ("煤 paper:", "缺少内容"),
    ],
)
def test_malformed_queries_get_a_friendly_message(text: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=message):
        parse(text)


def test_grams_cover_every_substring() -> None:
    grams = set(char_grams("生态 环境\n保护"))
    for term in ["生", "护", "生态", "态环", "环境保护"]:
        assert set(query_grams(compact(term))) <= grams


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("“有台", '"有台'),
        ('"生态环境', '"生态环境'),
        ("生态环境”", '生态环境"'),
        ("「有台", '"有台'),
    ],
)
def test_an_unbalanced_quote_is_text(text: str, term: str) -> None:
    assert parse(text).clauses == (Term(term),)


def test_a_phrase_closes_with_its_own_mark() -> None:
    assert parse('"生态 环境"').clauses == (Term("生态环境", phrase=True),)
    assert parse("“生态 环境”").clauses == (Term("生态环境", phrase=True),)
    # a copied paragraph with quotations inside, wrapped in ASCII quotes, stays one phrase
    assert parse('"他说“好”了"').clauses == (Term('他说"好"了', phrase=True),)


def test_traditional_characters_fold_to_simplified() -> None:
    assert compact("生態 環境保護") == "生态环境保护"
    assert compact("臺灣") == compact("台湾") == "台湾"
    assert parse("環境保護").clauses == (Term("环境保护"),)


def test_the_frozen_character_table_is_opencc_s() -> None:
    from reader.language import t2s_table

    pytest.importorskip("opencc")
    assert t2s_table.from_opencc() == (t2s_table.TRADITIONAL, t2s_table.SIMPLIFIED)
