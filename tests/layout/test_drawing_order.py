"""Pages printed in drawing order (no blank line anywhere): reader/layout/drawing_order.py.

Each page is built the way pypdfium2 prints one: every text box whole, in the order drawn,
with no blank lines; the expectations are the articles and headlines the page was built
from. The last test scores the corpus's pdfium pages against their reference.
"""

from __future__ import annotations

from pathlib import Path

from pagetext import column

from reader.layout.blocks import Block, Head, Item, Para, build_stream
from reader.layout.drawing_order import (
    is_drawing_order,
    mark_headlines,
    merge_sections,
    share_by_position,
    split_joined,
    split_shared_line,
)
from reader.layout.evaluate import score_reference
from reader.layout.headlines import Attached, Fit
from reader.layout.lines import Role, classify
from reader.layout.page import analyze_page
from reader.model import Article, Kind

REPAIR_TITLE = "市图书馆开讲古籍修复公开课市民学习传统技艺"
REPAIR = [
    "昨日，市图书馆举办古籍修复公开课，吸引了众多市民前来参加，现场气氛十分热烈，"
    "不少市民表示受益匪浅。",
    "修复师李四介绍了纸张脱酸、补洞和装裱等古籍修复基本技法，并现场演示了修复一册清代家谱的全过程。",
    "据介绍，市图书馆今年将再举办四期古籍修复公开课，内容涵盖碑帖拓印和古籍数字化保护。",
]
PARKS_TITLE = "全市二十座公园夜间延长开放方便市民健身"
PARKS = [
    "本月起，全市二十座公园夜间延长开放至二十二点，方便市民晚间散步健身，受到广泛欢迎。",
    "市园林部门表示，公园夜间开放期间将增派巡逻人员，并对园内照明设施进行检修。",
    "不少市民说，晚饭后到公园走一走，已经成为一家人的新习惯。",
]
BIKES_TITLE = "城区首条自行车专用道通车连接三个居民区"
BIKES = [
    "昨日，城区首条自行车专用道正式通车，全长八公里，连接三个居民区和两所学校。",
    "交通部门提醒，自行车专用道禁止机动车驶入和停放，违者将依法处理。",
]


def drawn(*parts: str) -> str:
    """Parts printed one after the other with no blank line at all."""
    return "\n".join(line for part in parts for line in part.splitlines() if line.strip()) + "\n"


def articles(text: str) -> list[Article]:
    return [a for a in analyze_page(text, "测试报|2025-01-01|1|test") if a.kind is Kind.ARTICLE]


def test_drawing_order_is_told_by_the_absence_of_blank_lines() -> None:
    assert is_drawing_order(drawn(column(REPAIR), column(PARKS), column(BIKES)))
    assert not is_drawing_order(column(REPAIR + PARKS + BIKES))  # blank line after paragraphs
    assert not is_drawing_order("一行\n两行\n")  # too short to tell


def test_two_articles_joined_by_a_bare_paragraph_break_are_cut_apart() -> None:
    """A's headline is printed above A, B's below B, and A and B meet at a paragraph break:
    B's headline, unused and printed beside the joined text, says it is two articles."""
    text = drawn(
        BIKES_TITLE, column(BIKES), REPAIR_TITLE, column(REPAIR), column(PARKS), PARKS_TITLE
    )
    found = {a.title: a.paragraphs for a in articles(text)}
    assert found == {BIKES_TITLE: BIKES, REPAIR_TITLE: REPAIR, PARKS_TITLE: PARKS}


def test_a_joined_text_is_cut_where_the_upper_headlines_subject_stops() -> None:
    """A text goes on about its own subject to its end: the part cut off below must not
    still carry the upper headline's words (it would be that article's rest). Here the
    upper article's lead shares few words with its rest, which talks of the park too: the
    break after the lead is where the vocabulary changes most, but the rest still speaks
    of 古籍修复公开课, so the cut comes after it."""
    repair = [
        "昨日，市图书馆举办古籍修复公开课，吸引了众多市民前来参加，现场气氛十分热烈。",
        "公开课结束后，不少市民来到公园散步，市园林部门介绍，公园夜间开放期间将增派巡逻人员。",
        "市民表示，古籍修复公开课让人受益匪浅，晚饭后到公园走一走，再到图书馆学一学，已经成为新习惯。",
    ]
    text = drawn(
        BIKES_TITLE, column(BIKES), REPAIR_TITLE, column(repair), column(PARKS), PARKS_TITLE
    )
    found = {a.title: "".join(a.paragraphs) for a in articles(text)}
    assert found == {
        BIKES_TITLE: "".join(BIKES),
        REPAIR_TITLE: "".join(repair),
        PARKS_TITLE: "".join(PARKS),
    }


def test_two_headlines_stacked_after_a_joined_text_cut_it_and_are_shared() -> None:
    """A's headline is printed above A; B's headline is drawn after B and C's right under
    it, before C; A and B meet at a bare paragraph break. The group of two headlines went
    to C, but its upper line names the text above, which has a headline of its own printed
    before it: that text is A and B joined, and the upper line heads B."""
    upper = "古籍修复，市民学艺"  # names REPAIR a little, PARKS not at all
    bikes_head = Head([BIKES_TITLE], lines=[0])
    joined = Block(Kind.ARTICLE, [Para(text, []) for text in BIKES + REPAIR])
    group = Head([upper, PARKS_TITLE], lines=[9, 10])
    parks = Block(Kind.ARTICLE, [Para(text, []) for text in PARKS])
    stream: list[Item] = [bikes_head, joined, group, parks]
    attached = {id(joined): Attached(title=bikes_head), id(parks): Attached(title=group)}
    split_joined(stream, attached)
    titled = {
        attached[id(item)].title.title: [p.text for p in item.paras]
        for item in stream
        if isinstance(item, Block) and attached.get(id(item), Attached()).title is not None
    }
    assert titled == {BIKES_TITLE: BIKES, upper: REPAIR, PARKS_TITLE: PARKS}


def test_a_headline_with_its_byline_that_no_text_got_cuts_the_text_beside_it() -> None:
    """A feature's headline need not repeat its text's words: a complete headline group
    (headline and byline) that no text got, printed after a text whose headline stands
    before it, says the text is two articles; it is cut where the subject changes."""
    feature = "夜色里的城市新去处"  # no word of it in PARKS
    text = drawn(
        REPAIR_TITLE,
        column(REPAIR),
        column(PARKS),
        feature,
        "本报记者 李四",
        BIKES_TITLE,
        column(BIKES),
    )
    found = articles(text)
    assert [a.paragraphs for a in found if a.title == REPAIR_TITLE] == [REPAIR]
    assert PARKS in [a.paragraphs for a in found]  # which headline it gets is assign's call


def roles(text: str) -> dict[str, Role]:
    lines = classify(text)
    mark_headlines(lines)
    return {line.text: line.role for line in lines}


CAPTION = ["图为昨日市民在城区新建成的自行车专用道上骑行通勤，沿途设有休息驿站和维修点。图/张三"]


def test_a_line_a_little_wider_than_the_column_after_a_paragraph_end_is_a_headline() -> None:
    """No body line is wider than its column: after a paragraph's end, a line two
    characters wider, with no clauses, heads what follows (here a caption set flush)."""
    title = "城区首条自行车专用道正式通车运行"  # 16 characters on a 14-character column
    text = drawn(column(REPAIR), title, column(CAPTION, indent=0), column(PARKS))
    found = roles(text)
    assert found[title] is Role.HEADLINE
    assert all(found[line] is Role.BODY for line in column(REPAIR).splitlines() if line)


def test_a_line_wider_than_the_column_after_a_sentence_ending_on_a_full_line_heads() -> None:
    """A paragraph may end on a full line (a new sentence of it could start on the next),
    but no running line is wider than its column: an unpunctuated line a little wider,
    after a sentence's end on a full line and before a text's opening (here a caption in
    another measure), is a headline, not the paragraph going on."""
    last = "".join(REPAIR).replace("。", "，")[: 18 + 20 * 3 - 1] + "。"  # ends a full line
    title = "城区首条自行车专用道正式通车连接三个居民区两校"  # 23 on a 20-character column
    text = drawn(
        REPAIR_TITLE,
        column(["".join(PARKS), last], width=20),
        title,
        column(CAPTION, width=30, indent=0),
        column(["".join(BIKES)], width=20),
    )
    assert column([last], width=20).splitlines()[-1].endswith("。")
    found = roles(text)
    assert found[title] is Role.HEADLINE
    assert all(found[line] is Role.BODY for line in column([last], width=20).splitlines())


def test_two_boxes_drawn_on_one_baseline_come_apart_after_the_sentence_end() -> None:
    """A text's last line and a box beside it on the same baseline come out as one line,
    a space between them. No sentence runs on into a byline, and a dateline opens a text:
    after a sentence end, those start a line of their own; so does any text that makes
    the line wider than the box it ends. A space inside a caption's own line stays."""
    repair = column(REPAIR)
    last = repair.splitlines()[-1]
    for beside, role in (("本报记者 王五", Role.BYLINE), ("本报讯（记者王五）昨日", Role.BODY)):
        text = drawn(REPAIR_TITLE, repair.replace(last, f"{last} {beside}"), column(PARKS))
        found = roles(text)
        assert found[last] is Role.BODY and found[beside] is role
    wide = "全市二十座公园夜间延长开放方便市民健身"  # a headline beside the text's last line
    found = roles(drawn(REPAIR_TITLE, repair.replace(last, f"{last} {wide}"), column(PARKS)))
    assert last in found and wide in found
    caption = [
        "近日，城区首条自行车专用道正式通车，全长八公里，连接三个居民区和两所学校，"
        "沿途设有休息驿站。 图为市民在专用道上骑行通勤。图/张三"
    ]
    inside = column(caption, width=30, indent=0)
    assert " " in inside.splitlines()[1]
    found = roles(drawn(column(REPAIR), inside, column(PARKS)))
    assert all(line in found for line in inside.splitlines())


def test_a_line_wider_than_its_box_is_cut_where_the_box_ends() -> None:
    """With no sentence end to cut at, a line wider than the box above it still holds two
    boxes' lines: a byline after any space (no sentence runs on into one), else the widest
    first piece that fits the box. A space between the words of a Latin name is no gap
    between boxes."""
    head_line = "全市二十座公园夜间延长开"  # a headline's first line, its byline beside it
    found = roles(
        drawn(column(REPAIR), head_line + " 本报记者 王五", "放方便市民健身", column(PARKS))
    )
    assert head_line in found and found["本报记者 王五"] is Role.BYLINE
    repair = column(["".join(REPAIR + PARKS)], width=20).splitlines()
    opening = repair[2]  # a full line of running text, a headline set beside it
    found = roles(drawn(*repair[:2], f"{opening} {BIKES_TITLE}", *repair[3:], column(BIKES)))
    assert opening in found and BIKES_TITLE in found
    latin = "据《Science Advances》报道，"
    found = roles(drawn(column(REPAIR), latin + "城区首条自行车专用道正式通车", column(PARKS)))
    assert latin + "城区首条自行车专用道正式通车" in found


def test_a_line_that_leaves_a_bracket_open_for_the_text_under_it_is_no_headline() -> None:
    """A headline is a whole phrase: it closes every bracket and quote it opens. A line a
    little wider than the column after a byline would head what follows, but it opens a
    book title (《) that the body line under it closes: it is that text's first line."""
    opening = "品读《城市自行车专用道建设与管理规"  # 17 on a 14-character column
    rest = column(["定》，市民纷纷表示，专用道让骑行通勤更安全、更便捷。", *BIKES])
    text = drawn(column(REPAIR), PARKS_TITLE, "本报记者 王五", opening, rest, column(PARKS))
    assert roles(text)[opening] is Role.BODY
    shut = opening + "》"  # the same line closing its bracket would be a headline here
    text = drawn(column(REPAIR), PARKS_TITLE, "本报记者 王五", shut, column(BIKES), column(PARKS))
    assert roles(text)[shut] is Role.HEADLINE


def test_a_paragraph_opening_is_not_taken_for_a_headline() -> None:
    """An indented line without clauses after a paragraph end is the next paragraph."""
    paragraphs = [
        "昨日，市图书馆举办古籍修复公开课，吸引了众多市民前来参加。",
        "修复师李四介绍纸张脱酸补洞和装裱等古籍修复基本技法，并现场演示了修复过程。",
    ]
    text = drawn(REPAIR_TITLE, column(paragraphs + REPAIR[2:] + PARKS))
    assert "修复师李四介绍纸张脱酸补" in text.splitlines()  # indented, no clauses
    found = roles(text)
    assert all(role is Role.BODY for line, role in found.items() if line != REPAIR_TITLE)


def test_a_question_may_head_an_article_but_not_follow_a_question() -> None:
    """A headline may ask (…为何…？); a question right after another one is the text asking
    on (那么，…是什么？ / 又为何…？), never a headline."""
    title = "城区为何要修建自行车专用道路？"  # wider than the 14-character column
    text = drawn(column(REPAIR), title, column(BIKES), column(PARKS))
    assert roles(text)[title] is Role.HEADLINE
    asking = drawn("那么有何好处？", "又为何要花整整八年时间才修建完成？", column(BIKES))
    found = roles(drawn(column(REPAIR), asking, column(PARKS)))
    assert all(role is Role.BODY for role in found.values())


def test_a_headline_in_a_narrow_box_beside_its_text_is_one_headline() -> None:
    """A headline set in a narrow box wraps every few characters: the run of narrow lines
    after a paragraph's end, none with clauses, is one headline, whatever each line says."""
    narrow = ["城区首条", "自行车专", "用道正式", "通车"]
    long_repair, long_parks = ["".join(REPAIR)], ["".join(PARKS)]  # mostly full lines
    found = roles(drawn(column(long_repair), *narrow, column(long_parks)))
    assert found["".join(narrow)] is Role.HEADLINE


def test_a_narrow_box_is_one_title_whatever_its_short_pieces_and_a_label_over_it_stays() -> None:
    """The box wraps where its measure ends, not where its phrases do: no piece of it is a
    label or a subtitle however short (四个字 / 将至), and a number is not broken, so a line
    may stop a little short (居民领到 / 1317.96万元). A label's word over the box, clearly
    shorter than the box's lines, is the column label, not part of the title."""
    box = ["9414户农区", "居民领到", "1317.96万元", "“暖心煤”补", "贴"]
    text = drawn(
        REPAIR_TITLE,
        column(REPAIR),
        "民生速递",
        "全市二十座公",
        "园夜间延长开",
        "放方便市民健",
        "身",
        column(PARKS),
        *box,
        column(BIKES),
    )
    found = {a.title: a for a in articles(text)}
    assert set(found) == {REPAIR_TITLE, PARKS_TITLE, "".join(box)}
    assert found[PARKS_TITLE].paragraphs == PARKS and found[PARKS_TITLE].column == "民生速递"
    assert found["".join(box)].paragraphs == BIKES


def test_a_line_between_finished_text_and_a_headline_is_a_headline() -> None:
    """No text follows it, so it is no paragraph: a headline of two phrases (…，为何…？)."""
    asked = "城区修路，为何先修自行车道？"
    found = roles(drawn(column(REPAIR), asked, PARKS_TITLE, column(PARKS), column(BIKES)))
    assert found[asked] is Role.HEADLINE


def test_two_lines_under_a_headline_line_before_a_text_go_on_with_the_headline() -> None:
    """A column label over a two-line headline as wide as the column: no paragraph opens
    flush under a headline, so the unpunctuated lines up to the next text's opening go on
    with it (here the text after it is set in a wider measure)."""
    head = ["城区首条自行车专用道正式", "通车连接三个居民区和学校"]  # 12 + 12 on a 12 column
    found = roles(
        drawn(column(REPAIR, width=12), "城市动态", *head, column(PARKS, width=24, indent=0))
    )
    assert [found[line] for line in ["城市动态", *head]] == [Role.HEADLINE] * 3


def test_a_features_section_heads_opening_with_a_short_phrase_stay_in_the_feature() -> None:
    """Two-line section heads that open with a short phrase (破解数据难题 / …) look like a
    column label over a headline; coming as a series inside one run of text with no byline
    or dateline after any, they are the feature's sections, not articles. A lone labelled
    head keeps its label."""
    intro = "湖北省气象服务中心依托自主研发的新能源发电功率预测技术，构建了风光一体化预报平台。"
    first = "长期以来，新能源功率预测普遍存在数据来源单一、时空分辨率不足等短板，团队迎难而上。"
    second = "不同于传统的粗放式预报，该技术成果为每个风电场和光伏电站构建了专属的预测模型。"

    def text(paragraph: str, byline: str = "") -> Block:
        return Block(Kind.ARTICLE, [Para(paragraph, [])], byline=byline)

    labelled = Head(["实现多源异构数据深度融合"], label="破解数据难题")
    stream: list[Item] = [
        text(intro, byline="本报记者 李四"),
        labelled,
        text(first),
        Head(["实施一场一策", "定制化模型提升预测精度"]),
        text(second),
        Head(["新能源功率预测赋能绿电稳发满供"]),
        Block(Kind.ARTICLE, [Para("本报讯（记者王五）" + "".join(PARKS), [])], dateline=True),
    ]
    merged = merge_sections(stream)
    blocks = [item for item in merged if isinstance(item, Block)]
    assert blocks[0].text.replace("\n", "") == "".join(
        [
            intro,
            labelled.label + labelled.titles[0],
            first,
            "实施一场一策定制化模型提升预测精度",
            second,
        ]
    )
    lone = Head([PARKS_TITLE], label="城市动态")
    merged = merge_sections([text("".join(REPAIR)), lone, text("".join(PARKS))])
    assert lone in merged and lone.label == "城市动态"


def test_a_two_line_head_between_a_titled_and_an_untitled_text_is_shared_by_position() -> None:
    """Every text has a headline drawn right before or after it: two headline lines that
    the text above got, while the text below got none, are the two texts' headlines, upper
    for upper, the byline going with the lower one — even when neither repeats a word of its
    text. Not so where the upper text is the rest of a sentence begun before it, or where
    the first line runs on into the second (a colon)."""
    note = "编者按：暑气渐消，新凉初生，本期专版带你走进处暑时节的物候与风俗。"
    feature = "处暑是秋天的第二个节气，对于北方大部分地区来说，处暑期间气温下降。"

    def page(upper: str, before: list[Block]) -> tuple[list[Item], Block, Block, Head]:
        above = Block(Kind.ARTICLE, [Para(note, [])])
        below = Block(Kind.ARTICLE, [Para(feature, [])])
        head = Head([upper, "暑气渐收秋实初成"], bylines=["本报记者 李四"], lines=[5, 6])
        return [*before, above, head, below], above, below, head

    stream, above, below, head = page("暑退秋来物阜年丰", [])
    attached = {id(above): Attached(title=head), id(below): Attached()}
    share_by_position(stream, attached, Fit([above, below]))
    upper, lower = attached[id(above)].title, attached[id(below)].title
    assert upper is not None and upper.titles == ["暑退秋来物阜年丰"] and not upper.bylines
    assert lower is not None and lower.titles == ["暑气渐收秋实初成"]
    assert lower.bylines == ["本报记者 李四"]

    broken = Block(Kind.ARTICLE, [Para("本报讯 记者王五报道会议在各省", [])])
    for upper_text, before in (("暑退秋来物阜年丰", [broken]), ("暑退秋来有三候：", [])):
        stream, above, below, head = page(upper_text, before)
        attached = {id(above): Attached(title=head), id(below): Attached()}
        share_by_position(stream, attached, Fit([b for b in stream if isinstance(b, Block)]))
        assert attached[id(above)].title is head and attached[id(below)].title is None


def test_a_signed_headline_taken_for_a_column_label_heads_the_untitled_text_before_it() -> None:
    """A column label carries no byline: a headline group with its own byline, taken as the
    label of the text after the next headline, is the headline of the untitled text right
    before it (drawn after its text), even when it repeats none of that text's words."""
    feature = Block(Kind.ARTICLE, [Para(text, []) for text in REPAIR])
    signed = Head(["夜色里的城市新去处"], bylines=["本报记者 李四"], lines=[5])
    bikes_head = Head([BIKES_TITLE], lines=[6])
    bikes = Block(Kind.ARTICLE, [Para(text, []) for text in BIKES])
    stream: list[Item] = [feature, signed, bikes_head, bikes]
    attached = {id(bikes): Attached(title=bikes_head, columns=[signed])}
    split_joined(stream, attached)
    assert attached[id(feature)].title is signed
    assert attached[id(bikes)].title is bikes_head and not attached[id(bikes)].columns
    unsigned = Head(["夜色里的城市新去处"], lines=[5])  # a bare label stays a label
    stream = [Block(Kind.ARTICLE, [Para(t, []) for t in REPAIR]), unsigned, bikes_head, bikes]
    attached = {id(bikes): Attached(title=bikes_head, columns=[unsigned])}
    split_joined(stream, attached)
    assert attached[id(bikes)].columns == [unsigned]


def heads_after_split(text: str) -> list[str]:
    stream = split_shared_line(build_stream(classify(text), text))
    return [item.title for item in stream if isinstance(item, Head)]


def test_two_headlines_sharing_a_line_are_split_where_each_names_its_text() -> None:
    shared = "市图书馆开讲古籍修复公开课 全市公园夜间延长开放"
    text = drawn(column(REPAIR), shared, column(PARKS), BIKES_TITLE, column(BIKES))
    assert heads_after_split(text)[:2] == ["市图书馆开讲古籍修复公开课", "全市公园夜间延长开放"]


def test_a_headline_with_a_space_naming_one_text_stays_whole() -> None:
    whole = "市图书馆开讲古籍修复公开课 修复师演示清代家谱修复"
    text = drawn(column(REPAIR), whole, column(PARKS), BIKES_TITLE, column(BIKES))
    assert whole in heads_after_split(text)


def test_lines_stacked_above_a_dateline_or_an_editors_note_are_headlines() -> None:
    """A dateline or 编者按 opens a text: the unpunctuated lines above it, back to finished
    text, are headlines — here two of them, four lines, no wider than body lines."""
    stack = [
        "市图书馆开讲古籍修复公开",
        "课市民学习传统技艺",
        "全市二十座公园夜间",
        "延长开放方便健身",
    ]
    news = ["本报讯（记者王五）" + PARKS[0], *PARKS[1:]]
    found = roles(drawn(REPAIR_TITLE, column(REPAIR), *stack, column(news), column(BIKES)))
    assert [found[line] for line in stack] == [Role.HEADLINE] * len(stack)
    note = ["编者按：" + REPAIR[0], *REPAIR[1:]]
    found = roles(drawn(column(PARKS), "古籍修复公开课", column(note), column(BIKES)))
    assert found["古籍修复公开课"] is Role.HEADLINE


def test_lines_between_finished_text_and_a_byline_are_headlines() -> None:
    """A byline follows its headline, which may be of two phrases set on narrow lines."""
    stack = ["古籍修复，", "走进寻常百姓家"]
    found = roles(drawn(column(PARKS), *stack, "本报记者 张三", column(REPAIR), column(BIKES)))
    assert [found[line] for line in stack] == [Role.HEADLINE] * len(stack)


def test_two_lines_that_cannot_open_a_paragraph_are_a_headline() -> None:
    """The first as wide as a paragraph's indented opening, but the second neither fills
    the measure nor ends a sentence: no paragraph starts so. A headline and its second line."""
    long_repair, long_parks = ["".join(REPAIR)], ["".join(PARKS)]  # mostly full lines
    head = ["古籍修复公开课开讲啦", "市民学习传统技艺"]  # 10 wide: an opening on a 12 column
    found = roles(drawn(column(long_repair, width=12), *head, column(long_parks, width=12)))
    assert [found[line] for line in head] == [Role.HEADLINE, Role.HEADLINE]


CORPUS = Path(__file__).resolve().parents[1] / "corpus"
# pdfium's pages of the development corpus (tests/corpus/README.md), scored against their
# reference: (boundary, title, whole) reached with the drawing-order rules minus a small
# margin, and spurious at most. Raise when the analysis gets better; never lower.
PDFIUM_MINIMUM = (0.89, 0.93, 0.83, 60)


def test_pdfium_pages_keep_the_accuracy_reached() -> None:
    score = score_reference(CORPUS / "pdfium" / "gold.json")
    boundary, title, whole, spurious = PDFIUM_MINIMUM
    assert score.boundary >= boundary, score.line()
    assert score.title >= title, score.line()
    assert score.whole_rate >= whole, score.line()
    assert score.spurious <= spurious, score.line()


def test_a_headline_that_cut_a_text_no_longer_titles_the_text_after_it() -> None:
    """B's headline, printed after B's text, was first given to the feature after it. Once
    it has cut B off the text before it, it heads B: the feature is not yet titled, and a
    headline group printed after the feature cuts nothing there (it is the feature's own)."""
    feature = [
        "入夜后的城区并不安静，年轻人纷纷走出家门。",
        "一家开在老厂房里的书店把营业时间延长到午夜，店主说晚上的读者更多。",
        "夜市的摊主们发现，年轻人更愿意为手作小玩意和地方小吃买单。",
        "城市管理部门表示，将为夜间小店提供外摆许可和照明改造补贴。",
    ]
    text = drawn(
        PARKS_TITLE,
        column(PARKS),
        column(REPAIR),
        REPAIR_TITLE,
        column(feature),
        "灯火阑珊处",  # no word of it in the feature's text
        "本报记者 李四",
    )
    stream = build_stream(classify(text), text)
    blocks = [item for item in stream if isinstance(item, Block)]
    heads = {item.title: item for item in stream if isinstance(item, Head)}
    assert len(blocks) == 2 and len(blocks[1].paras) == len(feature)
    attached = {
        id(blocks[0]): Attached(title=heads[PARKS_TITLE]),
        id(blocks[1]): Attached(title=heads[REPAIR_TITLE]),  # the first, wrong, assignment
    }
    split_joined(stream, attached)
    texts = ["".join(p.text for p in item.paras) for item in stream if isinstance(item, Block)]
    assert texts == ["".join(PARKS), "".join(REPAIR), "".join(feature)]


ROUNDUP_TITLE = "多地气象部门针对暴雨开展精细服务"
ROUNDUP_INTRO = ["受强降雨影响，全省多地出现暴雨天气，各地气象部门提前研判，滚动发布预警信息。"]
EAST = [
    "东城区气象局提前三天发布重要天气报告，提醒有关部门做好城市排涝准备工作。",
    "暴雨期间，东城区气象局每小时更新一次降水实况，为转移群众提供依据。（李四）",
]
WEST = [
    "西城区气象局联合水务部门开展会商，对低洼路段和下穿通道逐一排查隐患。",
    "西城区还通过社区广播和短信提醒居民减少外出，暴雨期间未发生人员伤亡。（王五）",
]


def roundup(byline: str) -> str:
    """A roundup: a headline, a byline, a lead, then two sections under place names, each
    signed by the reporter who wrote it; then a news article of its own."""
    news = ["本报讯（记者赵六）" + PARKS[0], *PARKS[1:]]
    return drawn(
        REPAIR_TITLE,
        column(REPAIR),
        ROUNDUP_TITLE,
        byline,
        column(ROUNDUP_INTRO),
        "东城",
        column(EAST),
        "西城",
        column(WEST),
        PARKS_TITLE,
        column(news),
    )


def test_a_roundups_sections_signed_by_its_own_reporters_stay_in_the_roundup() -> None:
    """A roundup's byline names its team, and each section under its short head (东城 /
    西城) is signed by the one who wrote it: that signature closes the section, not the
    article. Under a byline of one reporter a signature closes that reporter's article,
    and the next head is an article's headline."""
    found = {a.title: a for a in articles(roundup("本报记者 张三 李四 王五"))}
    assert set(found) == {REPAIR_TITLE, ROUNDUP_TITLE, PARKS_TITLE}
    body = "".join(found[ROUNDUP_TITLE].paragraphs)
    assert body.startswith(ROUNDUP_INTRO[0]) and body.endswith(WEST[-1])
    assert "东城" in body and "（李四）" in body
    alone = {a.title for a in articles(roundup("本报记者 李四"))}
    assert "西城" in alone


def test_a_headline_line_broken_inside_a_word_goes_on_in_the_line_under_it() -> None:
    """Text does not open in the middle of a word: the line under a headline line that
    breaks one (…通车连 / 接…) is the headline's rest, though as wide as an opening. A line
    that itself runs on into the line under it is running text, not a headline's end."""
    head = ["城区首条自行车专用道今日正式通车连", "接三个居民区和两所学校"]
    found = roles(drawn(REPAIR_TITLE, column(REPAIR), *head, column(BIKES), column(PARKS)))
    assert [found[line] for line in head] == [Role.HEADLINE, Role.HEADLINE]
    titles = [a.title for a in articles(drawn(REPAIR_TITLE, column(REPAIR), *head, column(BIKES)))]
    assert "".join(head) in titles
    running = ["城区首条自行车专用道今日正式通车连", "接三个居民区和两所学", "校，全长八公里。"]
    found = roles(drawn(REPAIR_TITLE, column(REPAIR), *running, column(BIKES)))
    assert found[running[1]] is Role.BODY


def test_a_bare_name_under_a_headline_is_its_byline() -> None:
    """Some papers print the reporter's bare name under the headline (王江宇), with no
    本报记者: a headline does not end on a name, so it is the byline. A headline's wrapped
    rest is no name, though short: its word runs on from the line above (…万平 / 方米)."""
    text = drawn(
        REPAIR_TITLE,
        column(REPAIR),
        PARKS_TITLE,
        "王江宇",
        column(PARKS),
        BIKES_TITLE,
        column(BIKES),
    )
    found = {a.title: a for a in articles(text)}
    assert found[PARKS_TITLE].byline == "王江宇"
    assert "".join(found[PARKS_TITLE].paragraphs) == "".join(PARKS)
    wrapped = ["城区今年新增绿化面积一百二十万平", "方米"]
    found = roles(drawn(REPAIR_TITLE, column(REPAIR), *wrapped, column(PARKS)))
    assert [found[line] for line in wrapped] == [Role.HEADLINE, Role.HEADLINE]


def test_a_headline_groups_byline_stays_over_the_text_under_it() -> None:
    """A byline follows its own headline and stands over that headline's text: the group's
    lower line, which the byline goes with, is not cut off for an untitled text elsewhere
    on the page, however much that text shares its words (推动…高质量发展 is said of many)."""
    lead = [
        "城市的夜晚需要更多去处。让市民在夜间也能走进图书馆、博物馆和公园，"
        "是推动城市高质量发展的一件实事。",
        "这样的好事，值得多做一些，也值得做得更细一些。",
    ]
    news = ["本报讯（记者张三）" + REPAIR[0], *REPAIR[1:]]
    head = ["市图书馆开讲古籍修复公开课", "推动城市高质量发展"]
    text = drawn(column(lead), BIKES_TITLE, column(BIKES), *head, "本报记者 张三", column(news))
    found = {a.paragraphs[0][:4]: a for a in articles(text)}
    assert found["本报讯（"].title == "".join(head)
    assert found[lead[0][:4]].title == ""


def test_a_headline_beside_a_texts_last_line_is_read_after_that_text() -> None:
    """A headline box drawn on the baseline of a text's last line comes out first on that
    line (城市公园夜间开放 …保护。（下转第二版）). The line above stops in mid-sentence: the
    text goes on in the piece that finishes it, with its jump line, and the headline, no
    clause in it, heads the text after it."""
    repair = column(REPAIR, width=12).splitlines()
    head = "城市公园夜间开放"
    last = f"{head} {repair[-1]}（下转第二版）"
    text = drawn(REPAIR_TITLE, *repair[:-1], last, "本报记者 王五", column(PARKS, width=12))
    found = {a.title: a for a in articles(text)}
    assert "".join(found[REPAIR_TITLE].paragraphs) == "".join(REPAIR)
    assert found[REPAIR_TITLE].continues_to == 2
    assert "".join(found[head].paragraphs) == "".join(PARKS)


def test_a_two_line_headline_beside_a_one_line_one_comes_out_around_it() -> None:
    """Drawn side by side, a two-line headline and a one-line one come out on one line,
    the one-line headline between the other's two lines (市图书馆开讲 全市公园夜间延长开放
    古籍修复公开课). The outer pieces are one headline, the middle one the other; the
    subtitle under the line goes with the headline of the text printed under it."""
    shared = "市图书馆开讲 全市公园夜间延长开放 古籍修复公开课"
    subtitle = "——园林部门增派巡逻人员"
    text = drawn(column(REPAIR), shared, subtitle, column(PARKS), BIKES_TITLE, column(BIKES))
    stream = split_shared_line(build_stream(classify(text), text))
    heads = [(item.title, item.subtitles) for item in stream if isinstance(item, Head)]
    assert heads[:2] == [("市图书馆开讲古籍修复公开课", []), ("全市公园夜间延长开放", [subtitle])]


def test_a_headline_beside_the_second_line_of_another_is_told_by_the_broken_word() -> None:
    """A two-line headline drawn after its text, a one-line feature headline beside its
    second line: the first line breaks a word (…众多市 / 民…) that one piece of the second
    line completes, so that piece goes on with it and the other piece is the headline
    beside it. A feature headline need not repeat its text's words: with its subtitle,
    printed over the text under the line, it names that text."""
    upper = "市图书馆古籍修复公开课吸引众多市"
    shared = "夜色里的城市 民前来学习"
    subtitle = "——全市二十座公园夜间延长开放方便市民健身"
    text = drawn(
        BIKES_TITLE,
        column(BIKES),
        column(REPAIR),
        upper,
        shared,
        subtitle,
        "本报记者 王五",
        column(PARKS),
    )
    stream = split_shared_line(build_stream(classify(text), text))
    heads = [(item.title, item.subtitles) for item in stream if isinstance(item, Head)]
    assert heads[1:] == [(upper + "民前来学习", []), ("夜色里的城市", [subtitle])]


def test_a_headline_drawn_after_the_text_it_names_heads_it() -> None:
    """Headlines printed after their texts: A's headline, with its subtitle and byline,
    then B's text, then B's headline (a feature's: none of B's words) and C's stacked, then
    C's text. A's headline was given to B (a headline is looked for over its text first),
    but it names A, untitled right above it, and hardly B: it is A's; B, untitled now,
    takes the upper line of the stack."""

    def text(paragraphs: list[str]) -> Block:
        return Block(Kind.ARTICLE, [Para(p, []) for p in paragraphs])

    repair, parks, bikes = text(REPAIR), text(PARKS), text(BIKES)
    own = Head(
        [REPAIR_TITLE], subtitles=["——修复师现场演示清代家谱修复全过程"], bylines=["本报记者 李四"]
    )
    stacked = Head(["夜色温柔处处是风景", BIKES_TITLE], bylines=["本报记者 王五"])
    stream: list[Item] = [repair, own, parks, stacked, bikes]
    attached = {
        id(repair): Attached(),
        id(parks): Attached(title=own),  # the first, wrong, assignment
        id(bikes): Attached(title=stacked),
    }
    split_joined(stream, attached)
    titles = {block.text[:4]: attached[id(block)].title for block in (repair, parks, bikes)}
    assert titles[REPAIR[0][:4]] is own
    assert titles[PARKS[0][:4]].titles == ["夜色温柔处处是风景"]
    assert titles[BIKES[0][:4]].titles == [BIKES_TITLE]


def test_a_line_breaking_a_word_into_the_text_under_it_is_no_headline() -> None:
    """A headline never breaks a word into its text's first line: a line taken for a
    headline (here by hand, as a page-wide rule may take a paragraph's short opening)
    whose last word runs on into the running text under it (…持续按 / 照…) is that text's."""
    opening = "相关信访举报件将持续按"
    text = drawn(
        column(REPAIR, width=13), opening, "照中央督察组边督边改工作要", "求推进查处整改工作。"
    )
    lines = classify(text)
    taken = next(line for line in lines if line.text == opening)
    taken.role = Role.HEADLINE
    mark_headlines(lines)
    assert taken.role is Role.BODY


def test_a_byline_beside_a_headline_is_cut_where_its_paper_or_title_opens() -> None:
    """A's headline drawn after A, a byline and the top line of B's narrow headline box on
    one baseline (…受欢迎 全市公园夜 本报记者 李四). The byline opens with its paper's name,
    so the cut comes before 本报, not before 全市公园夜 (closed up, 全市公园夜本报 would read
    as a paper); the piece left beside A's headline is as wide as the narrow line under it,
    which completes its word (夜 / 间): it is the box's top line and heads B with it."""
    parks = ["本报讯 " + PARKS[0], *PARKS[1:]]
    shared = "市图书馆古籍修复公开课受欢迎 全市公园夜 本报记者 李四"
    box = ["间延长开放", "方便市民健", "身"]
    text = drawn(BIKES_TITLE, column(BIKES), column(REPAIR), shared, *box, column(parks))
    found = {a.title: a for a in articles(text)}
    assert found["市图书馆古籍修复公开课受欢迎"].byline == "本报记者 李四"
    assert "".join(found["市图书馆古籍修复公开课受欢迎"].paragraphs) == "".join(REPAIR)
    assert "".join(found["全市公园夜间延长开放方便市民健身"].paragraphs) == "".join(parks)


def test_a_headline_drawn_inside_a_sentence_is_lifted_out_before_the_text_it_names() -> None:
    """B's headline drawn on the baseline of a line of A's last paragraph, in mid-sentence
    (…公开课，内容 全市二十座公园… / 涵盖碑帖拓印…): A's sentence runs on into the line under
    the two pieces, and B's text follows A's at a bare paragraph break. The headline names
    B's text, not A's: it is lifted out of A's sentence and heads B."""
    repair = column(REPAIR).splitlines()
    at = next(i for i, line in enumerate(repair) if line.startswith("举办四期"))
    repair[at] += " " + PARKS_TITLE
    text = drawn(BIKES_TITLE, column(BIKES), REPAIR_TITLE, *repair, column(PARKS))
    found = {a.title: a.paragraphs for a in articles(text)}
    assert found == {BIKES_TITLE: BIKES, REPAIR_TITLE: REPAIR, PARKS_TITLE: PARKS}


def test_a_headline_drawn_inside_a_sentence_heads_the_text_before_that_it_names() -> None:
    """A's headline drawn on the baseline of B's first line (本月起，全市二十座公园夜
    市图书馆开讲… / 间延长开放…), B's own headline printed over B: the headline names A, the
    text before B's headline, and not B. It is lifted out of B's sentence and set after A,
    drawn after its own text, as a headline may be."""
    parks = column(PARKS).splitlines()
    parks[0] += " " + REPAIR_TITLE
    text = drawn(BIKES_TITLE, column(BIKES), column(REPAIR), PARKS_TITLE, *parks)
    found = {a.title: a.paragraphs for a in articles(text)}
    assert found[REPAIR_TITLE] == REPAIR
    assert found[PARKS_TITLE] == PARKS


def test_a_dateline_drawn_after_its_texts_first_line_is_read_before_it() -> None:
    """A dateline set in its own face may be drawn after the rest of its line (全市公园、
    广场夜间延长开 / 本报讯 记者 王五 报道近日，): a lone running line that ends no sentence,
    under a column label and over a dateline line that runs on, is no text of its own (a
    text ends on a sentence); it is read after the dateline. (Here the line is set as
    running text by hand, as the wider page reads it.)"""
    dateline, first = "本报讯 记者 王五 报道近日，", "全市公园、广场夜间延长开"
    rest = "放至二十二点，方便市民晚间散步健身，受到广泛欢迎。"
    text = drawn(BIKES_TITLE, column(BIKES), "城市生活", first, dateline, column([rest], indent=0))
    lines = classify(text)
    next(line for line in lines if line.text == first).role = Role.BODY
    mark_headlines(lines)
    order = [line.text for line in lines]
    assert order.index(dateline) + 1 == order.index(first)


def test_an_editors_note_drawn_after_its_texts_first_line_is_read_before_it() -> None:
    """An editor's note opens its text as a dateline does, and its label may be drawn after
    the rest of the box's first line (也带来新的考验。近年来，极 / 编者按：雨水滋养万物，/ 端强
    降水…): the lone running line after finished text that ends no sentence, its last word
    running on into the line under the note (no word is broken across two boxes), is read
    after the note's line."""
    note, first = "编者按：雨水滋养万物，", "也带来新的考验。近年来，极"
    rest = "端强降水事件频频发生，影响农业生产、城市运行和全球安全。本期聚焦降水背后的气象答案。"
    text = drawn(BIKES_TITLE, column(BIKES), first, note, column([rest], indent=0))
    lines = classify(text)
    for line in lines:
        if line.text in (first, note):
            line.role = Role.BODY
    mark_headlines(lines)
    order = [line.text for line in lines]
    assert order.index(note) + 1 == order.index(first)


def test_a_headline_drawn_inside_a_sentence_is_lifted_to_the_paragraph_end_it_heads() -> None:
    """B's headline drawn on the baseline of a line in A's first paragraph, in mid-sentence
    (…吸引了众多市民前来参加， 全市二十座公园… / 现场气氛…), B's text after A's at a bare
    paragraph break. Of the paragraph ends ahead, the headline goes to the one where the
    text after contains its words and shares least vocabulary with the text before: B's
    opening, not the end of the paragraph it interrupts."""
    repair = column(REPAIR).splitlines()
    at = next(i for i, line in enumerate(repair) if "参加" in line and not line.endswith("。"))
    repair[at] += " " + PARKS_TITLE
    text = drawn(BIKES_TITLE, column(BIKES), REPAIR_TITLE, *repair, column(PARKS))
    found = {a.title: a.paragraphs for a in articles(text)}
    assert found == {BIKES_TITLE: BIKES, REPAIR_TITLE: REPAIR, PARKS_TITLE: PARKS}
