"""One test per layout rule, each on a small page built like PDF-extracted text."""

from __future__ import annotations

import pytest
from pagetext import column, page

from reader.layout.blocks import Block, Para
from reader.layout.headlines import Attached, Head
from reader.layout.lines import Role, classify
from reader.layout.page import (
    _join_linked,
    _join_tentative,
    _opens_linked,
    analyze_page,
    joined_subtitle,
)
from reader.model import Article, Kind

LIBRARY_TALK = [
    "本报讯（记者张三）昨日，市图书馆举办古籍修复公开课，吸引了众多市民前来参加，"
    "现场气氛十分热烈，不少市民表示受益匪浅。",
    "修复师李四介绍了纸张脱酸、补洞和装裱等基本技法，并现场演示了修复一册清代家谱的全过程。",
    "据介绍，市图书馆今年将再举办四期公开课，内容涵盖碑帖拓印和古籍数字化保护。",
]
PARKS = [
    "本报讯（记者王五）本月起，全市二十座公园延长夜间开放时间至二十二点，方便市民晚间散步健身。",
    "市园林部门表示，夜间开放期间将增派巡逻人员，并对园内照明设施进行全面检修。",
]
BIKES = [
    "本报讯（记者赵六）昨日，城区首条自行车专用道正式通车，全长八公里，连接三个居民区和两所学校。",
    "交通部门提醒，专用道禁止机动车驶入和停放，违者将依法处理。",
]


def analyze(text: str) -> list[Article]:
    return analyze_page(text, "测试报|2025-01-01|1|test")


def only(articles: list[Article], kind: Kind = Kind.ARTICLE) -> Article:
    [article] = [a for a in articles if a.kind is kind]
    return article


def test_hard_wraps_are_joined_without_spaces_and_paragraph_ends_kept() -> None:
    article = only(analyze(column(LIBRARY_TALK)))
    assert article.paragraphs == LIBRARY_TALK


def test_blank_line_of_a_column_break_in_mid_sentence_is_joined() -> None:
    text = column(LIBRARY_TALK, breaks=(1, 8))  # blank lines after lines 2 and 9, mid-sentence
    assert "\n\n" in text.split("受益匪浅")[0]
    article = only(analyze(text))
    assert article.paragraphs == LIBRARY_TALK


def test_word_cut_by_column_break_is_whole_again() -> None:
    text = "本报讯（记者张三）新材料项目生产全自然域生物降\n\n解材料，年产三万吨。\n"
    article = only(analyze(text))
    assert "生物降解材料" in article.paragraphs[0]


def test_headline_printed_after_its_body() -> None:
    text = page(column(LIBRARY_TALK), "市图书馆开讲古籍修复公开课")
    article = only(analyze(text))
    assert article.title == "市图书馆开讲古籍修复公开课"
    assert article.paragraphs[0].startswith("本报讯（记者张三）")  # the dateline stays in the text


def test_headline_goes_to_its_body_even_several_articles_away() -> None:
    text = page(
        column(PARKS),
        column(LIBRARY_TALK),
        "全市公园延长夜间开放时间",
        column(BIKES),
        "城区首条自行车专用道通车",
        "古籍修复公开课走进图书馆",
    )
    titles = {a.paragraphs[0][:12]: a.title for a in analyze(text)}
    assert titles[PARKS[0][:12]] == "全市公园延长夜间开放时间"
    assert titles[BIKES[0][:12]] == "城区首条自行车专用道通车"
    assert titles[LIBRARY_TALK[0][:12]] == "古籍修复公开课走进图书馆"


def test_two_headlines_sharing_one_line_go_to_the_right_bodies_not_by_position() -> None:
    # The left half belongs to the article printed *second*: position alone would swap them.
    text = page(column(PARKS), column(BIKES), "城区首条自行车专用道通车 全市公园延长夜间开放时间")
    titles = {a.paragraphs[0][:12]: a.title for a in analyze(text)}
    assert titles[PARKS[0][:12]] == "全市公园延长夜间开放时间"
    assert titles[BIKES[0][:12]] == "城区首条自行车专用道通车"


def test_a_two_part_headline_on_one_line_is_not_split() -> None:
    text = page(column(PARKS), "公园延长开放时间 市民夜晚散步健身更方便")
    assert only(analyze(text)).title == "公园延长开放时间 市民夜晚散步健身更方便"


def test_spaced_out_title_is_collapsed() -> None:
    text = page(column(LIBRARY_TALK), "图 书 馆 举 办 古 籍 修 复 公 开 课")
    assert only(analyze(text)).title == "图书馆举办古籍修复公开课"


def test_vertical_title_one_character_per_line_is_collapsed() -> None:
    text = page(
        "1月23日，市民在公园赏雪。公园积雪\n形成的雪景吸引了众多游客驻足拍照。",
        "■本报记者 吕会生 摄",
        "冬\n日\n赏\n雪",
    )
    photo = only(analyze(text), Kind.PHOTO)
    assert photo.title == "冬日赏雪"
    assert photo.byline == "本报记者 吕会生 摄"
    assert photo.paragraphs == [
        "1月23日，市民在公园赏雪。公园积雪形成的雪景吸引了众多游客驻足拍照。"
    ]


def test_inline_photo_credit_makes_a_photo_with_its_printed_title() -> None:
    text = page(column(PARKS), "时下，公园里色彩斑斓，风光怡人。 （王超 摄）多彩秋景")
    photo = only(analyze(text), Kind.PHOTO)
    assert (photo.title, photo.byline) == ("多彩秋景", "王超 摄")
    assert photo.paragraphs == ["时下，公园里色彩斑斓，风光怡人。"]
    assert only(analyze(text)).paragraphs == PARKS


def test_text_and_picture_credit_makes_a_photo() -> None:
    caption = "6月21日，全民健身运动会乒乓球比赛在我市圆满落幕，来自全区的200余名爱好者参赛。（郭浩 文/图）"
    photo = only(analyze(page(column(PARKS), caption)), Kind.PHOTO)
    assert photo.byline == "郭浩 文/图"
    assert photo.paragraphs[0].endswith("爱好者参赛。")


def test_boxed_hotline_becomes_a_notice_with_its_title() -> None:
    text = page(
        "督察进驻时间：2025年5月28日—6月28日\n专门值班电话：0471-4819165\n"
        "受理举报电话时间：每天8:00—20:00",
        "督察组值班电话和受理时间",
        column(PARKS),
    )
    notice = only(analyze(text), Kind.NOTICE)
    assert notice.title == "督察组值班电话和受理时间"
    assert notice.paragraphs[1] == "专门值班电话：0471-4819165"


def test_a_notice_set_in_a_narrow_box_keeps_its_wrapped_items() -> None:
    """A notice box set narrow wraps its items (督察进驻时间：2025年5 | 月28日…), and
    extraction may space an item's characters out: the box is still a notice, each item
    read whole, and no line of it is taken for a headline."""
    items = [
        "督察进驻时间：2025年5月28日—6月28日",
        "专门值班电话：0471-4819165",
        "受理举报电话时间：每天8:00—20:00",
    ]
    printed = "督察进驻时间：2025年5\n月28日—6月28日\n专 门 值 班 电 话 ： 0 4 7 1 -\n4819165\n"
    printed += "受理举报电话时间：每天8\n:00—20:00"
    text = page("督察组值班电话和受理时间", printed, "全市公园延长夜间开放", column(PARKS))
    notice = only(analyze(text), Kind.NOTICE)
    assert notice.title == "督察组值班电话和受理时间"
    assert notice.paragraphs == items
    assert only(analyze(text)).paragraphs == PARKS


def test_article_without_printed_headline_keeps_an_empty_title() -> None:
    article = only(analyze(column(PARKS)))
    assert article.title == ""
    assert article.display_title.startswith("本报讯（记者王五）本月起")


def test_byline_and_subtitle_under_the_title() -> None:
    text = page(
        column(LIBRARY_TALK[1:]),
        "古籍修复：让旧书重获新生\n——记市图书馆修复师李四",
        "本报记者 刘洋",
    )
    article = only(analyze(text))
    assert article.title == "古籍修复：让旧书重获新生"
    assert article.subtitle == "——记市图书馆修复师李四"
    assert article.byline == "本报记者 刘洋"


@pytest.mark.parametrize(
    ("printed", "byline"),
    [("本报通讯 员 刘洋", "本报通讯员 刘洋"), ("本报通讯 员 刘洋 王五", "本报通讯员 刘洋 王五")],
)
def test_a_job_title_spaced_apart_by_extraction_is_closed_up(printed: str, byline: str) -> None:
    """Extraction may space out a word of the byline: the job title is one word again, the
    names keep the space that sets them apart."""
    text = page("古籍修复：让旧书重获新生", printed, column(LIBRARY_TALK[1:]))
    assert only(analyze(text)).byline == byline


def test_short_line_under_the_title_is_its_subtitle() -> None:
    text = page(
        column(["本报讯（记者王超）昨日，市长崔景英主持召开市政府常务会议，研究部署防汛工作。"]),
        "市政府召开常务会议\n崔景英主持",
    )
    article = only(analyze(text))
    assert (article.title, article.subtitle) == ("市政府召开常务会议", "崔景英主持")


@pytest.mark.parametrize(
    ("printed", "title", "subtitle"),
    [
        # the second line completes the word the first stopped in
        ("古籍修复让旧书重获新\n生", "古籍修复让旧书重获新生", ""),
        ("市民公园延长夜间开放时\n间至二十二点", "市民公园延长夜间开放时间至二十二点", ""),
        # or closes its quote
        ("记录城市里的“烟火\n气”", "记录城市里的“烟火气”", ""),
        # a headline set in a narrow box: lines as narrow as its first, the last shorter
        (
            "决定召开二\n十届五中全\n会研究当前\n经济工作",
            "决定召开二十届五中全会研究当前经济工作",
            "",
        ),
        # a subtitle stays one: ——…, a short line under a wide headline, a label or a name
        ("古籍修复：让旧书\n——记市图书馆修复师", "古籍修复：让旧书", "——记市图书馆修复师"),
        ("市政府召开常务会议\n崔景英主持", "市政府召开常务会议", "崔景英主持"),
    ],
)
def test_a_headline_wrapped_onto_lines_read_as_subtitles_is_one_title(
    printed: str, title: str, subtitle: str
) -> None:
    """A headline breaks between words and closes its quotes; read as title and subtitle,
    it was cut in two (trial: 何以虑、何 / 以备、何以 应？, cited as 何以虑、何)."""
    article = only(analyze(page(printed, column(LIBRARY_TALK))))
    assert (article.title, article.subtitle) == (title, subtitle)


def test_a_subtitle_in_a_narrow_box_reads_as_one_phrase() -> None:
    """Its lines are one phrase wrapped (trial: 中尺度对流 系统如何主 导暖季强降 水 split
    words); lines of a wider deck, and a ——line, stay phrases set apart."""
    narrow = ["中尺度对流", "系统如何主", "导暖季强降", "水"]
    assert joined_subtitle(narrow) == "中尺度对流系统如何主导暖季强降水"
    wide = ["——记全国劳动模范张建国", "在平凡岗位上坚守三十年"]
    assert joined_subtitle(wide) == "——记全国劳动模范张建国 在平凡岗位上坚守三十年"
    assert joined_subtitle(["中尺度对流", "——写在汛期"]) == "中尺度对流 ——写在汛期"
    assert joined_subtitle([]) == ""


def test_kicker_printed_above_the_title() -> None:
    text = page(column(PARKS), "为方便市民夜间健身", "全市公园延长开放时间")
    article = only(analyze(text))
    assert (article.kicker, article.title) == ("为方便市民夜间健身", "全市公园延长开放时间")


def test_column_label_glued_before_the_dateline() -> None:
    text = column(["“文明城市”系列报道②" + PARKS[0], PARKS[1]])
    article = only(analyze(text))
    assert article.column == "“文明城市”系列报道②"
    assert article.paragraphs[0].startswith("本报讯（记者王五）")


def test_in_body_subhead_stays_in_its_article_and_is_marked() -> None:
    body = column(
        ["荒漠化治理是一项难度高、投资大、周期长、见效慢的系统工程，我市从实际出发推进治理。"]
    )
    rest = column(
        ["我市按照以水定绿原则，科学选择本土超旱生植物，加大本土苗木培育力度，降低治沙成本。"]
    )
    text = page(body, "科学防沙治沙", rest, "我市科学推进荒漠化治理")
    article = only(analyze(text))
    assert article.title == "我市科学推进荒漠化治理"
    assert article.paragraphs[1] == "科学防沙治沙"
    assert article.subheads == [1]
    assert len(article.paragraphs) == 3


def test_trailing_signature_becomes_the_byline() -> None:
    text = column([*BIKES[:1], "交通部门提醒，专用道禁止机动车驶入和停放。（赵晖）"])
    article = only(analyze(text))
    assert article.byline == "记者赵六 赵晖"  # the dateline names the reporter too
    assert article.paragraphs[-1] == "交通部门提醒，专用道禁止机动车驶入和停放。"


def test_continuation_markers_set_the_fragment_links() -> None:
    text = page(
        column(PARKS),
        "（下转第四版）",
        "全市公园延长夜间开放时间",
        "“管家式”服务为企业发展积势蓄能\n（上接第1版）以精诚服务，厚植企业\n成长沃土。",
    )
    articles = analyze(text)
    first, second = articles
    assert (first.continues_to, first.continued_from) == (4, None)
    assert first.title == "全市公园延长夜间开放时间"
    assert (second.continued_from, second.title) == (1, "“管家式”服务为企业发展积势蓄能")
    assert second.paragraphs == ["以精诚服务，厚植企业成长沃土。"]


def test_markdown_export_headings_and_unwrapped_paragraphs() -> None:
    text = (
        "## 全市公园延长夜间开放时间\n\n"
        "本报讯 本月起,全市二十座公园延长夜间开放时间,方便市民\n\n晚间散步健身。\n\n"
        "## 城区首条自行车专用道通车\n\n"
        "本报讯 昨日,城区首条自行车专用道正式通车。(赵六)\n"
    )
    parks, bikes = analyze(text)
    assert parks.title == "全市公园延长夜间开放时间"
    assert parks.paragraphs == [
        "本报讯 本月起,全市二十座公园延长夜间开放时间,方便市民晚间散步健身。"
    ]
    assert (bikes.title, bikes.byline) == ("城区首条自行车专用道通车", "赵六")


def test_ids_are_stable_and_distinct() -> None:
    text = page(column(PARKS), column(BIKES))
    first, second = analyze(text), analyze(text)
    assert [a.id for a in first] == [a.id for a in second]
    assert len({a.id for a in first}) == 2
    assert analyze_page(text, "other|page")[0].id != first[0].id


def test_source_lines_cover_the_article_text() -> None:
    text = page(column(PARKS), "全市公园延长夜间开放时间")
    article = only(analyze(text))
    printed = text.split("\n")
    assert printed[article.source_lines[0]].startswith("本报讯")
    assert printed[article.source_lines[-1]] == "全市公园延长夜间开放时间"


def test_a_news_item_has_no_subheads_a_head_after_it_opens_the_next_article() -> None:
    """However much the next text shares the news item's subject (here: parks at night),
    a headline after a dateline's report is the next article's, not a subhead of the report."""
    walks = [
        "夜幕降临，公园里散步健身的市民渐渐多了起来，照明设施让园内步道亮如白昼。",
        "不少市民表示，公园夜间开放后，晚饭后有了散步健身的好去处。",
    ]
    articles = analyze(page(column(PARKS), "夜游公园的市民", column(walks)))
    assert [a.paragraphs for a in articles] == [PARKS, walks]
    assert articles[1].title == "夜游公园的市民"


def test_a_team_byline_runs_on_over_lines_of_names() -> None:
    """Lines of bare names under a byline (one name cut by the line end) are more byline,
    not the opening of the text."""
    names = "本报记者 王五 赵六\n周芳华 王佳 刘丽媛 陈\n晓颖 李明瑶"
    article = only(analyze(page("全市公园延长夜间开放时间\n" + names, column(PARKS[1:]))))
    assert article.paragraphs == PARKS[1:]
    assert article.byline == " ".join(names.split())


def test_a_team_byline_names_a_transliterated_name_run_together() -> None:
    """A transliterated name printed without its dot (玉素甫吐尔公, six ideographs) is one
    of the names: the line is byline, and so are the lines of names after it."""
    names = "本报记者 王五 赵六\n玉素甫吐尔公 黄娟 李雯\n周本喜 陈争"
    article = only(analyze(page("全市公园延长夜间开放时间\n" + names, column(PARKS[1:]))))
    assert article.paragraphs == PARKS[1:]
    assert article.byline == " ".join(names.split())


def test_a_dateline_under_a_byline_is_not_more_names() -> None:
    """本报讯通讯员 X under another article's byline opens the next article: it is no line
    of names running on the byline above it."""
    text = page(
        "古籍修复公开课受欢迎\n本报记者 张三",
        column(LIBRARY_TALK[1:]),
        "城区首条自行车专用道通车",
    )
    text = text.replace("本报记者 张三\n", "本报记者 张三\n本报讯通讯员 赵六\n")
    lines = classify(text)
    opening = next(line for line in lines if line.text == "本报讯通讯员 赵六")
    assert opening.role is not Role.BYLINE


def test_a_full_line_of_clauses_under_running_text_is_not_a_headline() -> None:
    """Where columns are printed as runs (no blank after a paragraph), a stray full-width
    line from the next column, in clauses and unfinished, sits between a sentence end and
    an indented opening like a headline set on its text; it fills its column, with no
    white space above it, so it is running text."""
    stray = "华南等地降水显著增加，随后季"

    def run(paragraphs: list[str]) -> str:
        return "\n".join(line for line in column(paragraphs).split("\n") if line)

    body = run(LIBRARY_TALK[:2]) + "\n" + stray + "\n" + run(LIBRARY_TALK[2:])
    lines = classify(page("古籍修复公开课受欢迎", body, "全市公园延长开放", run(PARKS)))
    assert next(line for line in lines if line.text == stray).role is Role.BODY
    assert [line.text for line in lines if line.role is Role.HEADLINE] == [
        "古籍修复公开课受欢迎",
        "全市公园延长开放",
    ]


def test_a_signed_text_after_an_editors_note_is_an_article_of_its_own() -> None:
    """An editor's note is never signed by an author: a text that opens with a note and
    ends with a signature is the note and the signed article after it."""
    note = "编者按：古籍是中华文明的重要载体。本期，我们走进市图书馆，看修复师如何让古书重焕新生。"
    articles = analyze(
        page("让古书重焕新生", column([note, *LIBRARY_TALK[1:], "修复工作还在继续。（张三）"]))
    )
    assert [a.paragraphs for a in articles] == [[note], [*LIBRARY_TALK[1:], "修复工作还在继续。"]]
    assert (articles[0].title, articles[1].byline) == ("让古书重焕新生", "张三")


def test_text_carried_over_goes_where_its_broken_word_goes_on() -> None:
    """A flush paragraph after another article that opens by completing the word a text
    stops in the middle of (古籍修|复室) is that text's rest, though its vocabulary (古籍
    修复) is the article's it is printed after."""
    unfinished = PARKS[0] + "市园林部门表示，修复期间将增派讲解人员，并对馆内古籍修"
    rest = "复室开放参观，市民可预约走进修复室，近距离观看古籍修复的全过程。"
    text = page(
        "全市公园延长夜间开放时间",
        column([unfinished]),
        "古籍修复公开课受欢迎",
        column(LIBRARY_TALK),
        column([rest], indent=0),
    )
    parks, talk = analyze(text)
    assert parks.paragraphs == [unfinished + rest]
    assert talk.paragraphs == LIBRARY_TALK


def test_a_signature_standing_as_a_paragraph_closes_the_article() -> None:
    """A bracketed signature with the writer's post, set as a paragraph of its own, closes
    the article as one after the last sentence does; a section number (（一）) does not."""
    signature = "（市图书馆古籍部主任李四）"
    talk = [*LIBRARY_TALK[:2], "（一）", LIBRARY_TALK[2], signature]
    articles = analyze(page("古籍修复公开课受欢迎", column(talk), column(PARKS[1:])))
    assert [a.paragraphs for a in articles] == [talk, PARKS[1:]]


def test_a_headline_line_naming_its_own_text_is_not_given_to_the_untitled_text_beside_it() -> None:
    """A two-line headline between an untitled text and its own text: the upper line names
    its own text (德州, only that text has it), so it is that headline wrapped, not the
    untitled neighbour's headline, however much of its common vocabulary (气象, 实况证明)
    the neighbour shares."""
    floods = [
        "本报讯（记者李四）连日来，山区持续降雨，多个乡镇组织群众转移避险，"
        "气象部门推行实况证明服务，志愿者逐户敲门核实人员去向。",
        "当地应急部门连夜调集救援力量，转移受威胁群众五百余人，安置点物资充足，秩序井然。",
    ]
    claims = [
        "本报讯（记者刘五）近日，德州市气象局和金融监管分局联合出台便民举措：全市保险理赔"
        "所需的气象实况证明由保险公司与气象部门线上对接出具，投保人不再跑腿。",
        "该举措减轻了投保人负担，进一步提升了保险理赔效率，受到投保群众欢迎。",
    ]
    text = page(column(floods), "德州推行气象实况证明\n保险理赔不用再跑腿", column(claims))
    titles = {a.paragraphs[0][:8]: a.title for a in analyze(text)}
    assert titles == {floods[0][:8]: "", claims[0][:8]: "德州推行气象实况证明保险理赔不用再跑腿"}


def test_item_lines_set_straight_on_running_text_are_its_header_not_a_notice() -> None:
    """时间：/地点： lines set straight on running text head that text (an event, a
    profile): the item is an article with those lines in its text; set apart, they are a
    notice."""
    header = ["时间：6月8日上午九点", "地点：市图书馆三楼报告厅"]
    text = page("古籍修复公开课", "\n".join(header) + "\n" + column(LIBRARY_TALK[1:]))
    article = only(analyze(text))
    assert article.title == "古籍修复公开课"
    assert "".join(article.paragraphs) == "".join(header + LIBRARY_TALK[1:])
    assert [a.kind for a in analyze(page("古籍修复公开课", "\n".join(header)))] == [Kind.NOTICE]


def test_text_under_a_headline_its_article_claimed_elsewhere_is_that_articles_rest() -> None:
    """Where every text box is set apart, a headline stands over its article's text: the
    untitled text right under a headline whose words name a text opened elsewhere (its
    dateline printed further down) is the rest of that article."""
    text = page(
        "古籍修复公开课走进图书馆",
        column(LIBRARY_TALK[1:]),
        "全市公园延长夜间开放时间",
        column(PARKS),
        column(LIBRARY_TALK[:1]),
    )
    parks, talk = analyze(text)
    assert (talk.title, talk.paragraphs) == ("古籍修复公开课走进图书馆", LIBRARY_TALK)
    assert (parks.title, parks.paragraphs) == ("全市公园延长夜间开放时间", PARKS)


@pytest.mark.parametrize("upper_first", [False, True])
def test_two_stacked_headlines_each_naming_a_part_of_one_text_cut_it_in_two(
    upper_first: bool,
) -> None:
    """Two headlines one over the other above one text: the upper reads as the lower one's
    kicker, but each one's words are only in one half of the text (the library, the
    parks): the text is two articles printed one after the other, each headline heading
    the half it names, whichever of the two is printed on top."""
    talk = [p.removeprefix("本报讯（记者张三）") for p in LIBRARY_TALK]
    talk.append("修复师表示，欢迎更多市民走进图书馆，了解古籍修复这门手艺。")
    parks = [
        "本月起，全市二十座公园延长夜间开放时间至二十二点，方便市民晚间散步健身。",
        "市园林部门表示，夜间开放期间将增派巡逻人员，并对园内照明设施进行全面检修。",
    ]
    heads = ["全市公园延长夜间开放", "古籍修复公开课走进图书馆"]
    text = page(*(heads[::-1] if upper_first else heads), column(talk + parks))
    titles = {a.title: a.paragraphs for a in analyze(text)}
    assert titles == {"古籍修复公开课走进图书馆": talk, "全市公园延长夜间开放": parks}


def test_a_headline_that_cut_a_text_heads_the_part_it_named() -> None:
    """After two stacked headlines cut a text in two, each heads its own part, even the
    feature headline that repeats none of its part's words (headlines are given again
    after the cut, and would read the two as kicker and title of the first part again)."""
    talk = [p.removeprefix("本报讯（记者张三）") for p in LIBRARY_TALK]
    talk.append("修复师表示，欢迎更多市民走进图书馆，了解古籍修复这门手艺。")
    parks = [
        "本月起，全市二十座公园延长夜间开放时间至二十二点，方便市民晚间散步健身。",
        "市园林部门表示，夜间开放期间将增派巡逻人员，并对园内照明设施进行全面检修。",
    ]
    text = page("古籍修复公开课走进图书馆", "夜色里的一次漫步", column(talk + parks))
    articles = analyze(text)
    assert [(a.kicker, a.title, a.paragraphs) for a in articles] == [
        ("", "古籍修复公开课走进图书馆", talk),
        ("", "夜色里的一次漫步", parks),
    ]


def test_a_box_of_short_bare_lines_inside_a_broken_sentence_is_a_headline() -> None:
    """Where every text box is printed apart, justified text fills its measure: a box of
    three short lines with no punctuation, printed between the two halves of a sentence
    broken at a column's foot, is no part of that text but a headline set beside it. The
    text runs on past it, and the headline heads the article it names."""
    talk = column(LIBRARY_TALK).split("\n")
    broken = next(i for i, line in enumerate(talk) if line and line[-1] not in "。，")
    inset = ["", "全市公园延", "长夜间开放", "时间", ""]
    text = page("\n".join(talk[: broken + 1] + inset + talk[broken + 1 :]), column(PARKS))
    titles = {a.title: a.paragraphs for a in analyze(text)}
    assert titles == {"": LIBRARY_TALK, "全市公园延长夜间开放时间": PARKS}


def test_a_box_of_short_bare_lines_is_a_headline_where_blank_lines_are_rare() -> None:
    """Where the extractor prints few blank lines (columns as runs), the blank lines around
    a box of three short lines with no punctuation, set inside a broken sentence, set it
    apart all the more: it is a headline, and the sentence runs on past it."""
    talk = "\n".join(line for line in column(LIBRARY_TALK).split("\n") if line)
    talk_lines = talk.split("\n")
    broken = next(i for i, line in enumerate(talk_lines) if line[-1] not in "。，")
    inset = ["", "全市公园延", "长夜间开放", "时间", ""]
    parks = "\n".join(line for line in column(PARKS).split("\n") if line)
    text = "\n".join(talk_lines[: broken + 1] + inset + talk_lines[broken + 1 :]) + "\n\n" + parks
    titles = {a.title: "".join(a.paragraphs) for a in analyze(text)}
    assert titles == {"": "".join(LIBRARY_TALK), "全市公园延长夜间开放时间": "".join(PARKS)}


def _runs(paragraphs: list[str], width: int = 14) -> list[str]:
    """A column printed as one run, no blank lines (as pdftotext prints columns)."""
    return [line for line in column(paragraphs, width).split("\n") if line]


@pytest.mark.parametrize(
    ("after", "head"),
    [
        # clearly shorter than the column and ending no sentence: not the sentence's next line
        ("前来参加，现场", "全市公园延长夜间开放"),
        # as wide as the column, but the sentence's word runs past it (受|…|益匪浅)
        ("市民表示受", "全市二十座公园延长夜间开放"),
    ],
)
def test_a_lone_line_the_broken_sentence_cannot_go_on_with_is_a_headline(
    after: str, head: str
) -> None:
    """Where blank lines are rare, a line alone between two of them right after text that
    stops in mid-sentence is not that sentence's next line when it is clearly shorter than
    the column (the next line fills the measure unless it ends the sentence), or when the
    sentence's word runs past it: it is a headline set beside the text."""
    talk = _runs(LIBRARY_TALK)
    broken = next(i for i, line in enumerate(talk) if line.endswith(after))
    text = "\n".join([*talk[: broken + 1], "", head, "", *talk[broken + 1 :], "", *_runs(PARKS)])
    titles = {a.title: "".join(a.paragraphs) for a in analyze(text)}
    assert titles == {"": "".join(LIBRARY_TALK), head: "".join(PARKS)}


def test_a_line_opening_a_box_on_an_indented_paragraph_is_its_headline() -> None:
    """Where blank lines are rare, a line that opens a box (a blank line above it), runs in
    no clauses and ends no sentence, glued onto a paragraph's indented first line, is the
    box's headline even when it is narrower than that line: text that ends no sentence is
    never followed by a new paragraph."""
    # long paragraphs, printed as runs: full lines set the measure, paragraph ends no blank
    talk = [LIBRARY_TALK[0] + LIBRARY_TALK[1], LIBRARY_TALK[1] + LIBRARY_TALK[2]]
    opening = PARKS[0].removeprefix("本报讯（记者王五）")
    parks = [opening * 2, PARKS[1] * 2]
    head = "全市二十座公园夜间开放延长两小时"  # narrower than the indented line under it
    text = "\n".join([*_runs(talk, 20), "", head, *_runs(parks, 20)])
    titles = {a.title: a.paragraphs for a in analyze(text)}
    assert titles == {"": talk, head: parks}


def test_a_box_of_two_short_phrases_broken_at_a_comma_is_a_headline() -> None:
    """A headline of two phrases is often set on two lines, broken at the comma between
    them. A box of two short lines after finished text, the first closed by that comma and
    the last by no punctuation, is no paragraph (its first line would fill the measure less
    the indent, its last would end a sentence): it is a headline."""
    talk = _runs(LIBRARY_TALK)
    text = "\n".join([*talk, "", "公园夜间开放，", "市民散步健身", "", *_runs(PARKS)])
    # the second phrase may read as the first one's subtitle: the headline is both lines
    titles = {a.title + a.subtitle: a.paragraphs for a in analyze(text)}
    assert titles == {"": LIBRARY_TALK, "公园夜间开放，市民散步健身": PARKS}


def test_a_lone_line_wider_than_the_column_inside_a_broken_sentence_is_a_headline() -> None:
    """No body line is wider than its column: a line alone between blank lines, clearly
    wider than the column and made of no clauses, is a headline even between the two halves
    of a broken sentence (set across the columns); the sentence runs on past it."""
    talk = column(LIBRARY_TALK).split("\n")
    broken = next(i for i, line in enumerate(talk) if line.endswith("表示受"))
    head = "全市二十座公园夜间开放时间延长两小时"  # 18 characters, the column 14
    text = page("\n".join([*talk[: broken + 1], "", head, "", *talk[broken + 1 :]]), column(PARKS))
    titles = {a.title: a.paragraphs for a in analyze(text)}
    assert titles == {"": LIBRARY_TALK, head: PARKS}


def test_a_box_of_two_lines_wider_than_the_column_is_a_headline() -> None:
    """A headline set across the columns may wrap: a box of two lines, each clearly wider
    than the column and made of no clauses, is a headline even between the halves of a
    broken sentence, and the sentence runs on past it."""
    talk = column(LIBRARY_TALK).split("\n")
    broken = next(i for i, line in enumerate(talk) if line.endswith("表示受"))
    head = ["全市二十座公园夜间开放时间延长两小时", "园林部门增派巡逻人员全面检修园内照明"]
    text = page("\n".join([*talk[: broken + 1], "", *head, "", *talk[broken + 1 :]]), column(PARKS))
    titles = {a.title + a.subtitle: a.paragraphs for a in analyze(text)}
    assert titles == {"": LIBRARY_TALK, "".join(head): PARKS}


def test_a_signature_closing_a_feature_does_not_break_its_series_of_subheads() -> None:
    """A feature's sections come under a series of like subheads; a name signed at the end
    of its last section (（张三整理）) is how the feature ends, not the apparatus of a new
    article. The series holds, even where the last section shares its words with another
    article on the page more than with the section before it."""
    intro = ["夏夜的城市里，处处是市民休闲的身影，我们走访了几处公共场所。"]
    library = [p.removeprefix("本报讯（记者张三）") for p in LIBRARY_TALK]
    bikes = [
        "城区首条自行车专用道正式通车，全长八公里，连接三个居民区和两所学校。",
        "交通部门提醒，专用道禁止机动车驶入和停放。（张三整理）",
    ]
    signs = [
        "本报讯（记者赵六）城区自行车专用道通车后，交通部门在专用道沿线增设指示标志，"
        "禁止机动车驶入和停放。"
    ]
    text = page(
        "夏夜城市漫记",
        column(intro),
        "古籍课堂人气旺",
        column(library),
        "骑行专道通车了",
        column(bikes),
        "自行车专用道增设指示标志",
        column(signs),
    )
    feature, other = analyze(text)
    assert feature.title == "夏夜城市漫记"
    assert feature.paragraphs == [
        *intro,
        "古籍课堂人气旺",
        *library,
        "骑行专道通车了",
        bikes[0],
        bikes[1].removesuffix("（张三整理）"),
    ]
    assert feature.byline == "张三整理"
    assert (other.title, other.paragraphs) == ("自行车专用道增设指示标志", signs)


def test_a_full_line_breaking_its_word_onto_the_text_below_is_text() -> None:
    """A line of no clauses that fills the column's measure right under the text above it,
    and breaks its word onto the text below a column break (古籍修 | 复成果展), is running
    text: a headline is set apart, in a width of its own, and never breaks a word onto the
    text below it."""
    _goes_on_after_the_break(
        ["市图书馆下月还将再举办古籍修", "", "复成果展，展出修复后的家谱和", "地方志。"],
        "市图书馆下月还将再举办古籍修复成果展，展出修复后的家谱和地方志。",
    )


def test_a_line_glued_under_finished_text_before_a_column_break_is_text() -> None:
    """A line standing alone between blank lines may be a headline; a line glued under the
    text above it that merely ends its box is that text's next line before a column
    break, whatever its width: the text goes on after the break."""
    _goes_on_after_the_break(
        ["下月起市图书馆还将开放", "", "古籍修复工作室，供市民预约参", "观。"],
        "下月起市图书馆还将开放古籍修复工作室，供市民预约参观。",
    )


def _goes_on_after_the_break(rest: list[str], joined: str) -> None:
    """The library talk with ``rest`` (its last lines, a column break among them), then the
    parks item: the talk's last paragraph reads ``joined``, across the break."""
    text = "\n".join([*_runs(LIBRARY_TALK), *rest, "", *_runs(PARKS)])
    assert [(a.title, a.paragraphs) for a in analyze(text)] == [
        ("", [*LIBRARY_TALK, joined]),
        ("", PARKS),
    ]


def test_a_run_of_narrow_lines_is_a_headline_set_in_a_narrow_box() -> None:
    """A headline set in a narrow box beside its text wraps onto many short lines. Body
    text fills its column (only a paragraph's last line is short), so four lines in a row
    no wider than half the column, none ending a sentence or a clause, are a headline —
    even printed between the two halves of a broken sentence, which runs on past it."""
    talk = column(LIBRARY_TALK).split("\n")
    broken = next(i for i, line in enumerate(talk) if line.endswith("表示受"))
    deck = ["全市公园", "延长夜间", "开放时间", "两小时"]
    text = page("\n".join([*talk[: broken + 1], "", *deck, "", *talk[broken + 1 :]]), column(PARKS))
    # the lines under the first may read as its subtitle: the headline is all of them
    titles = {"".join((a.title + a.subtitle).split()): a.paragraphs for a in analyze(text)}
    assert titles == {"": LIBRARY_TALK, "".join(deck): PARKS}


RIVER = [
    "本报讯（记者孙七）昨日，护城河清淤工程完工，河道水质明显好转。",
    "工程共清理淤泥三万立方米，新建生态护岸两公里。",
    "水务部门表示，将定期巡查河道，防止垃圾倾倒。",
]


def test_a_sentence_broken_at_a_column_foot_does_not_go_on_into_a_new_paragraph() -> None:
    """Where columns are printed as runs, a sentence stopping at a column's foot (…前来参加，
    现场) goes on in some run that opens mid-sentence — never in a paragraph's indented
    opening printed next (another text's rest carried over): the run of the text's own
    vocabulary that opens mid-sentence is its rest, though no word runs across the break."""
    talk, parks = _runs(LIBRARY_TALK), _runs(PARKS)
    broken = next(i for i, line in enumerate(talk) if line.endswith("前来参加，现场"))
    carried = next(i for i, line in enumerate(parks) if line.startswith("市园林"))
    text = "\n".join(
        [
            "城区首条自行车专用道通车",
            *_runs(BIKES),
            "",
            "全市公园延长夜间开放时间",
            *parks[:carried],
            "",
            "古籍修复公开课受欢迎",
            *talk[: broken + 1],
            "",
            *parks[carried:],  # the parks text's second paragraph, carried over
            "",
            *talk[broken + 1 :],  # 气氛十分热烈…: the sentence goes on here
            "",
            "护城河清淤工程完工",
            *_runs(RIVER),
        ]
    )
    titles = {a.title: a.paragraphs for a in analyze(text)}
    assert titles["古籍修复公开课受欢迎"] == LIBRARY_TALK
    assert titles["全市公园延长夜间开放时间"] == PARKS


def test_a_byline_wrapped_onto_a_second_line_keeps_all_its_names() -> None:
    """A byline that fills its column wraps like any line; with the names run together the
    wrap may fall inside a name (…王小红赵 | 大伟). The few bare ideographs glued under it
    are the rest of the byline, read on without a space — not the text's first line."""
    text = "\n".join(
        [
            "全市公园延长夜间开放时间",
            "本报通讯员 李明王小红赵",
            "大伟",
            *_runs([PARKS[0].removeprefix("本报讯（记者王五）"), PARKS[1]]),
        ]
    )
    article = only(analyze(text))
    assert article.byline == "本报通讯员 李明王小红赵大伟"
    assert article.paragraphs[0].startswith("本月起")


def test_a_question_alone_between_blank_lines_is_a_headline_where_blanks_are_rare() -> None:
    """Where the extractor prints columns as runs and rarely a blank line, a question
    standing alone between two blank lines after finished text is a box of its own: a
    headline (何以应？), not a one-line paragraph of the text before it."""
    parks = [PARKS[0].removeprefix("本报讯（记者王五）"), PARKS[1]]
    head = "公园为何延长夜间开放？"
    text = "\n".join(
        [
            "古籍修复公开课受欢迎",
            *_runs(LIBRARY_TALK),
            "",
            head,
            "",
            *_runs(parks),
            "",
            "护城河清淤工程完工",
            *_runs(RIVER),
            "",
            "城区首条自行车专用道通车",
            *_runs(BIKES),
        ]
    )
    titles = {a.title: a.paragraphs for a in analyze(text)}
    assert titles[head] == parks
    assert titles["古籍修复公开课受欢迎"] == LIBRARY_TALK


def test_a_head_set_inside_a_texts_box_is_a_subhead_where_blanks_are_rare() -> None:
    """Where the extractor prints a column as one run and a blank line only where a text
    box ends, a new article's headline opens a box of its own (a blank line above it); a
    short head printed right under a finished paragraph, no blank line between, is set
    inside that text's box: an in-body subhead, even when the section under it shares the
    vocabulary of another article on the page more than the text above it."""
    talk = [LIBRARY_TALK[0].removeprefix("本报讯（记者张三）"), *LIBRARY_TALK[1:]]
    section = ["全市二十座公园本月起延长夜间开放时间，园内照明设施已全面检修，夜间散步更安心。"]
    text = "\n".join(
        [
            "古籍修复公开课受欢迎",
            "本报记者 张三",
            *_runs(talk),
            "公园夜游",  # glued under the finished paragraph above
            *_runs(section),
            "",
            "全市公园延长夜间开放时间",
            *_runs(PARKS),
            "",
            "城区首条自行车专用道通车",
            *_runs(BIKES),
        ]
    )
    articles = analyze(text)
    feature = next(a for a in articles if a.title == "古籍修复公开课受欢迎")
    assert feature.paragraphs == [*talk, "公园夜游", *section]
    assert feature.subheads == [len(talk)]
    assert "公园夜游" not in {a.title for a in articles}


def test_a_subtitle_wrapped_onto_a_second_line_is_read_whole() -> None:
    """A ``——`` subtitle wider than its box wraps like any line (…践行“观测即服务”理 | 念…):
    the line set right under it, before the byline, is the rest of the subtitle — not a
    headline of its own taking the byline and the text."""
    subtitle = "——记市图书馆古籍修复师李四和他带出的三位年轻徒弟"
    text = "\n".join(
        [
            "古籍修复：让旧书重获新生",
            "",
            subtitle[:14],
            subtitle[14:],
            "本报记者 刘洋",
            "",
            *_runs(LIBRARY_TALK[1:]),
        ]
    )
    article = only(analyze(text))
    assert article.title == "古籍修复：让旧书重获新生"
    assert article.subtitle == subtitle
    assert article.byline == "本报记者 刘洋"


def test_a_subhead_wrapped_onto_two_lines_is_still_one_of_the_series() -> None:
    """A feature's subheads are set in one style, about as wide; one whose words run longer
    wraps onto a second line and is still one of them — the sections stay one article,
    however little their subjects share."""
    intro = ["夏夜的城市里，处处是市民休闲的身影，我们走访了几处公共场所。"]
    library = [p.removeprefix("本报讯（记者张三）") for p in LIBRARY_TALK]
    bikes = [p.removeprefix("本报讯（记者赵六）") for p in BIKES]
    signs = [
        "本报讯（记者赵六）城区自行车专用道通车后，交通部门在专用道沿线增设指示标志，"
        "禁止机动车驶入和停放。"
    ]
    text = page(
        "夏夜城市漫记",
        column(intro),
        "古籍课堂人气旺",
        column(library),
        "城区自行车专用道\n今天正式通车了",
        column(bikes),
        "自行车专用道增设指示标志",
        column(signs),
    )
    feature, other = analyze(text)
    assert feature.title == "夏夜城市漫记"
    assert feature.paragraphs == [
        *intro,
        "古籍课堂人气旺",
        *library,
        "城区自行车专用道今天正式通车了",
        *bikes,
    ]
    assert (other.title, other.paragraphs) == ("自行车专用道增设指示标志", signs)


def test_a_headline_that_lost_its_text_to_the_deck_on_it_is_the_title_not_a_label() -> None:
    """Two headlines naming one text, the first printed apart and the second set right on
    the text (a deck, 副题): the first is the title and the deck its subtitle. A headline
    as long as a title is no column label (栏目: a short standing name like 科普园地)."""
    text = "\n".join(
        [
            "古籍修复公开课走进市图书馆",
            "",
            "全市公园延长夜间开放时间",
            "",
            "修复师现场演示补洞装裱技法",
            *_runs(LIBRARY_TALK),
            "",
            *_runs(PARKS),
        ]
    )
    library = next(a for a in analyze(text) if a.paragraphs[0] == LIBRARY_TALK[0])
    assert (library.column, library.title, library.subtitle) == (
        "",
        "古籍修复公开课走进市图书馆",
        "修复师现场演示补洞装裱技法",
    )


def test_two_labels_over_a_headline_stack_and_the_headline_keeps_its_own_words() -> None:
    """Short standing words over a headline are its column labels (短评, 本报专访): a
    second one glued over the headline is a label as much as the first set apart above
    it, not the headline's first words."""
    text = "\n".join(
        [
            *_runs(BIKES),
            "",
            "短评",
            "",
            "本报专访",
            "全市二十座公园",
            "延长夜间开放时间",
            "",
            *_runs(PARKS),
        ]
    )
    parks = next(a for a in analyze(text) if a.paragraphs[0] == PARKS[0])
    assert (parks.column, parks.title) == ("短评 本报专访", "全市二十座公园延长夜间开放时间")


def test_a_headline_broken_over_two_boxes_is_read_whole_where_its_phrase_runs_on() -> None:
    """A headline set in two boxes (a blank line between its parts, as extractors that
    print every box apart give it) is one headline when the words across the break read
    on as a phrase the page prints whole (…延长 | 夜间… : 延长夜间 in the text)."""
    text = page(column(BIKES), "全市二十座公园延长", "夜间开放至二十二点", column(PARKS))
    parks = next(a for a in analyze(text) if a.paragraphs[0] == PARKS[0])
    assert (parks.column, parks.kicker, parks.title) == (
        "",
        "",
        "全市二十座公园延长夜间开放至二十二点",
    )


def test_a_headline_wrapped_in_mid_word_keeps_its_short_rest_in_the_title() -> None:
    """A headline wraps where its box ends, in mid-word if need be (开放时 | 间): a short
    line glued under it that goes on with a word the page prints whole (时间, in the text)
    is the headline's rest, not a subtitle like 崔景英主持."""
    text = "\n".join(["全市公园延长夜间开放时", "间", *_runs(PARKS)])
    article = only(analyze(text))
    assert (article.title, article.subtitle) == ("全市公园延长夜间开放时间", "")


def test_a_headline_glued_under_a_wrapped_headlines_short_rest_is_the_next_headline() -> None:
    """A wrap fills every line of its box but the last: after the short rest that ends a
    wrapped headline, a headline line glued under it is the next article's headline, not
    more of the same one."""
    text = "\n".join(
        [
            *_runs(BIKES),
            "全市公园延长夜间开放时",
            "间",
            "城区首条自行车专用道通车",
            *_runs(PARKS),
        ]
    )
    titles = {a.paragraphs[0][:12]: a.title for a in analyze(text)}
    assert titles[PARKS[0][:12]] == "全市公园延长夜间开放时间"
    assert titles[BIKES[0][:12]] == "城区首条自行车专用道通车"


WALK = [
    "傍晚时分，河边步道上人来人往，老人们三五成群地散步聊天，孩子们在草坪上追逐嬉戏。",
    "一位带着孙女的老人说，天气热了以后，晚饭后出来走走成了一家人的习惯。",
]


def test_a_signed_text_with_no_headline_takes_the_stacked_headline_naming_the_other_less() -> None:
    """A text that opens with its own byline is an article and has a headline. Where it got
    none and the text before it got two stacked headlines (one read as the other's kicker),
    the one that names that text less is the signed text's (a headline of images, 夏夜里的
    烟火气, may repeat no word of its text)."""
    text = page(
        "城区首条自行车专用道通车",
        "夏夜里的烟火气",
        "\n".join(_runs(BIKES)),
        "\n".join(["本报记者 王五", *_runs(WALK)]),
    )
    by_opening = {a.paragraphs[0][:8]: a for a in analyze(text) if a.paragraphs}
    bikes, walk = by_opening[BIKES[0][:8]], by_opening[WALK[0][:8]]
    assert (bikes.kicker, bikes.title) == ("", "城区首条自行车专用道通车")
    assert (walk.title, walk.byline) == ("夏夜里的烟火气", "本报记者 王五")


def test_a_signed_text_with_no_headline_takes_a_headline_read_as_its_neighbours_label() -> None:
    """The same for a headline of a title's length (with its own deck) that the text before
    the signed one got as a column label: a column label is a short standing name, and the
    signed text has no headline of its own."""
    text = page(
        "夏夜里的烟火气\n——城市生活小记",
        "城区首条自行车专用道通车",
        "\n".join(_runs([p.replace("本报讯（记者赵六）", "") for p in BIKES])),
        "\n".join(["本报记者 王五", *_runs(WALK)]),
    )
    by_opening = {a.paragraphs[0][:8]: a for a in analyze(text) if a.paragraphs}
    bikes, walk = by_opening["昨日，城区首条自"], by_opening[WALK[0][:8]]
    assert (bikes.column, bikes.kicker, bikes.title) == ("", "", "城区首条自行车专用道通车")
    assert (walk.title, walk.byline) == ("夏夜里的烟火气", "本报记者 王五")


def test_a_lone_line_the_sentence_runs_past_is_a_headline_set_beside_the_text() -> None:
    """Where every text box has a blank line around it, a line alone in its box between a
    line that stops in mid-sentence (…更是古) and one whose word goes on with it (人对…:
    古人, a word the page prints) is not in that sentence: the sentence runs past it. Of no
    clauses and no sentence, it is a headline set beside the text (an inset)."""
    chrysanthemum = "\n".join(
        [
            "处暑之后，暑气渐消，菊花",
            "悄然含苞，博物馆所藏的玉雕花",
            "熏，便是这一时节的写照。古人",
            "观察四时流转，把菊花的开落刻",
            "进器物里。",
            "",
            "器腹镂雕缠枝菊花纹，花瓣舒",
            "展。菊花并非仅为装饰，更是古",
            "",
            "器物里的秋声",
            "",
            "人对秋日物候的回应。",
        ]
    )
    text = page(chrysanthemum, "全市二十座公园延长夜间开放时间", column(PARKS))
    article = next(a for a in analyze(text) if a.paragraphs[0].startswith("处暑之后"))
    assert (
        article.paragraphs[1]
        == "器腹镂雕缠枝菊花纹，花瓣舒展。菊花并非仅为装饰，更是古人对秋日物候的回应。"
    )
    assert article.title == "器物里的秋声"


def test_a_headline_under_one_printed_after_its_text_heads_the_untitled_text_below() -> None:
    """On a page whose headlines follow their body, a second headline right under a text's
    headline, right over a text that has none, is not a kicker (a kicker stands over its
    title): it is the headline of the text it stands over, whatever its words (丰收季)."""
    harvest = [
        "北方大部分地区气温下降，农民抢抓晴好天气收获玉米和大豆，田间一片忙碌。",
        "农技人员提醒，收获后要及时晾晒，防止霉变。（崔国辉）",
    ]
    text = page(
        column(BIKES),
        "城区首条自行车专用道正式通车",
        column(PARKS),
        "全市二十座公园延长夜间开放时间",
        "又是一年丰收季",
        column(harvest),
    )
    heads = {a.paragraphs[0][:6]: (a.kicker, a.title) for a in analyze(text)}
    assert heads[PARKS[0][:6]] == ("", "全市二十座公园延长夜间开放时间")
    assert heads[harvest[0][:6]] == ("", "又是一年丰收季")


# A series on one template (督察组 交办 第N批), each article's body printing its batch number in
# digits while the headlines spell it out: the shared words fit every body alike, and only the
# numbers with their counters (二十三批 = 23批, 1件 / 2件) tell the headlines apart.
SERIES_BODIES = {
    "二十三": [
        "6月20日，中央第二生态环境保护督察组向内蒙古自治区交办第23批信访举报件涉及乌海市"
        "共1件，其中来电1件，来信0件。本批信访件涉及海南区1件。",
        "本批信访件涉及水污染问题1件，已转交相关部门依法办理。",
    ],
    "二十四": [
        "6月21日，中央第二生态环境保护督察组向内蒙古自治区交办第24批信访举报件涉及乌海市"
        "共2件，其中来电2件，来信0件。本批信访件涉及海南区2件。",
        "本批信访件涉及土壤污染问题1件、生态破坏问题1件。",
    ],
    "十四": [
        "按照中央第二生态环境保护督察组工作要求，6月20日，全市已对中央督察组交办的第14批"
        "1件信访举报件进行调查处理，办结1件。",
        "相关信访举报件将持续按照边督边改工作要求推进查处整改。",
    ],
}
SERIES_HEADS = {
    "二十三": "中央第二生态环境保护督察组向内蒙古自治区交办第二十三批涉及乌海市1件群众信访举报情况",
    "二十四": "中央第二生态环境保护督察组向内蒙古自治区交办第二十四批涉及乌海市2件群众信访举报情况",
    "十四": "中央第二生态环境保护督察组交办内蒙古自治区第十四批涉及乌海市1件群众信访举报件办理情况",
}


@pytest.mark.parametrize(
    "heads",
    [("十四", "二十三", "二十四"), ("十四", "二十四", "二十三")],
)
def test_headlines_on_one_template_go_to_their_texts_by_what_sets_them_apart(
    heads: tuple[str, str, str],
) -> None:
    """Each headline printed after a body that is not its own (headlines after their body is
    this page's habit, so position misleads): the numbers decide."""
    bodies = ("二十三", "二十四", "十四")
    text = page(
        *(
            p
            for b, h in zip(bodies, heads, strict=True)
            for p in (column(SERIES_BODIES[b]), SERIES_HEADS[h])
        )
    )
    titles = {a.paragraphs[0]: a.title for a in analyze(text) if a.paragraphs}
    assert titles == {SERIES_BODIES[b][0]: SERIES_HEADS[b] for b in bodies}


def test_a_story_continued_from_another_page_never_goes_on_the_text_above_it() -> None:
    """Text split off only at a box end that no headline claims is usually the rest of the
    text before it; but one opened by a jump line (（上接第1版）…) is the rest of a story
    from another page, whatever it is printed under (here a text sharing its words)."""
    parks = Block(Kind.ARTICLE, [Para("本报讯 全市公园延长夜间开放时间，方便市民散步。", [1, 2])])
    rest = Block(
        Kind.ARTICLE,
        [Para("公园夜间开放后，园内照明设施全面检修，市民散步更安心。", [4, 5])],
        continued_from=1,
        tentative="box",
    )
    head = Head(["全市公园延长夜间开放时间"], lines=[0])
    stream = [head, parks, rest]
    attached = {id(parks): Attached(title=head), id(rest): Attached()}
    _join_tentative(stream, attached)
    assert stream == [head, parks, rest]
    assert parks.paras[-1].text.endswith("方便市民散步。")


@pytest.mark.parametrize(
    ("line", "role"),
    [("7月12日以来，受台风“巴", Role.BODY), ("台风“巴威”过境以后", Role.HEADLINE)],
)
def test_a_line_alone_that_leaves_a_quote_open_is_running_text(line: str, role: Role) -> None:
    """A line standing alone between blank lines after finished text reads as a head,
    but one that leaves a quote open at its end (…受台风“巴) stops inside a word: it is
    the opening of a sentence whose rest was printed elsewhere, never a whole headline —
    not even set right over a headline on its dateline (two heads stacked). The same
    line with its quote closed is a head."""
    text = page(
        column(LIBRARY_TALK),
        line,
        "城区首条自行车专用道通车",
        column(BIKES),
    )
    [found] = [entry for entry in classify(text) if entry.text == line]
    assert found.role is role


def test_an_indented_line_in_clauses_before_a_break_opens_a_paragraph() -> None:
    """Where columns print as runs, a paragraph's indented first line running in clauses
    (具体来看，…将统筹做), glued under finished text, opens a paragraph even when a break
    follows it (a headline set beside the text, then the paragraph's rest): a headline is
    not shorter than the column by exactly the indent and made of clauses. The line alone
    after the break is the inset headline the sentence runs past (统筹做 | … | 好全国)."""
    opening = "具体来看，馆方统筹做"  # indented: two characters short of the column
    rest = "好全市古籍普查、修复和数字化保护工作，每年培训修复人员五十名，并向社会开放修复室。"
    head = "城区首条自行车专用道通车"
    text = "\n".join(
        [
            "古籍修复公开课受欢迎",
            *_runs(LIBRARY_TALK, 12),
            opening,
            "",
            head,
            "",
            *column([rest], 12, indent=0).split("\n"),
            "",
            "全市公园延长夜间开放",
            *_runs(PARKS, 12),
        ]
    )
    roles = {line.text: line.role for line in classify(text)}
    assert roles[opening] is Role.BODY
    assert roles[head] is Role.HEADLINE


def test_a_flush_paragraph_far_wider_than_the_text_before_it_is_another_box() -> None:
    """A lede set wide comes before its body, never after it: after a finished paragraph
    of an indented column, a paragraph set flush in a measure far wider (a caption or a
    box printed across the columns) is not that text's next paragraph."""
    wide = (
        "聚焦近期天气变化，市气象台建议：市民外出注意携带雨具，途经积水路段减速慢行，"
        "低洼地区商户提前做好防涝准备，学校和工地加强巡查。"
    )
    text = page(
        "古籍修复公开课受欢迎",
        column(LIBRARY_TALK),
        column([wide], width=30, indent=0),
        "全市公园延长夜间开放",
        column(PARKS),
    )
    titled = {a.title: a.paragraphs for a in analyze(text)}
    assert titled["古籍修复公开课受欢迎"] == LIBRARY_TALK


def test_a_short_line_on_an_indented_opening_is_a_headline_even_after_a_broken_sentence() -> None:
    """Where columns print as runs, a paragraph's last line ends its sentence, so a short
    line standing apart (a blank line above it) that ends no sentence, glued onto an
    indented paragraph opening, is a headline set on its text — even when the text before
    the blank line stops in mid-sentence (that sentence goes on in another column)."""
    head = "夜游公园"
    broken = _runs(LIBRARY_TALK, 12)[:-1]  # the last line, which ends the sentence, is elsewhere
    parks = [PARKS[0].removeprefix("本报讯（记者王五）"), PARKS[1]]
    text = "\n".join(
        [
            "古籍修复公开课受欢迎",
            *broken,
            "",
            head,
            *_runs(parks, 12),
            "",
            "护城河清淤工程完工",
            *_runs(RIVER, 12),
        ]
    )
    roles = {line.text: line.role for line in classify(text)}
    assert roles[head] is Role.HEADLINE
    titled = {a.title: a.paragraphs for a in analyze(text)}
    assert titled[head] == parks


def test_a_narrow_deck_is_headline_to_its_last_line() -> None:
    """A headline set in a narrow box wraps onto many short lines; the rules that find a
    headline by its first lines (standing apart after finished text) may stop before its
    last one. The narrow run is one deck: its last line (名单及开放时间) is headline too,
    not the opening of the text under it."""
    deck = ["市园林局公布第十", "六批夜间开放公园", "名单及开放时间"]
    parks = [PARKS[0].removeprefix("本报讯（记者王五）"), PARKS[1]]
    text = "\n".join(
        [
            "古籍修复公开课受欢迎",
            *_runs(LIBRARY_TALK, 20),
            "",
            *deck,
            *_runs(parks, 20),
            "",
            "护城河清淤工程完工",
            *_runs(RIVER, 20),
        ]
    )
    roles = {line.text: line.role for line in classify(text)}
    assert [roles[line] for line in deck] == [Role.HEADLINE] * len(deck)
    titled = {a.title: a.paragraphs for a in analyze(text)}
    assert "".join(titled["".join(deck)]) == "".join(parks)


@pytest.mark.parametrize(("under", "byline"), [("王江宇", True), ("分布", False)])
def test_a_bare_name_under_a_head_is_its_byline(under: str, byline: bool) -> None:
    """Some papers print the reporter's bare name under the headline, without 本报记者.
    Where columns print as runs, a line that is one personal name (a common surname),
    glued between a line standing apart and a paragraph's indented opening, is the byline
    and the line above it the headline; two characters that are no name are not."""
    head = "老小区又靓了"
    parks = [PARKS[0].removeprefix("本报讯（记者王五）"), PARKS[1]]
    text = "\n".join(
        [
            "古籍修复公开课受欢迎",
            *_runs(LIBRARY_TALK, 12),
            "",
            head,
            under,
            *_runs(parks, 12),
            "",
            "护城河清淤工程完工",
            *_runs(RIVER, 12),
        ]
    )
    roles = {line.text: line.role for line in classify(text)}
    assert (roles[under] is Role.BYLINE) is byline
    if byline:
        assert roles[head] is Role.HEADLINE
        [article] = [a for a in analyze(text) if a.title == head]
        assert (article.byline, article.paragraphs) == (under, parks)


def test_a_box_of_unfinished_lines_over_a_dateline_is_its_headline() -> None:
    """Text before a blank line and a dateline (本报讯…) ends its sentence: a box of up to
    three lines standing apart right over a dateline one blank line below, none of them a
    sentence, is the news article's headline wrapped — enumeration commas and all — even
    where blank lines are rare (columns printed as runs)."""
    head = ["市委统战部、市委直属机", "关工委联合举办民族团结", "专题培训班"]
    text = "\n".join(
        [
            "古籍修复公开课受欢迎",
            *_runs(LIBRARY_TALK),
            "",
            *head,
            "",
            *_runs(PARKS),
            "",
            "护城河清淤工程完工",
            *_runs(RIVER),
        ]
    )
    [article] = [a for a in analyze(text) if a.paragraphs == PARKS]
    assert article.title + article.subtitle == "".join(head)  # a short last line: its deck


def test_a_two_line_subhead_inside_a_texts_box_is_no_label_and_headline() -> None:
    """Where columns print as runs, a head set right under a finished paragraph, inside
    that text's box, is a subhead; a short word over it (开放修复室 / 让古籍走近更多市民) is
    the first half of a two-line subhead, not a column label over a new article — a label
    opens a box of its own above an article's headline."""
    talk = [LIBRARY_TALK[0].removeprefix("本报讯（记者张三）"), LIBRARY_TALK[1]]
    rest = [LIBRARY_TALK[2], "修复室今年还将向中小学生开放，每月安排两次体验课，由修复师现场讲解。"]
    text = "\n".join(
        [
            "古籍修复公开课受欢迎",
            "本报记者 张三",
            *_runs(talk, 15),
            "开放修复室",
            "让古籍走近更多市民",
            *_runs(rest, 15),
            "",
            "全市公园延长夜间开放",
            *_runs(PARKS, 15),
            "",
            "护城河清淤工程完工",
            *_runs(RIVER, 15),
        ]
    )
    [article] = [a for a in analyze(text) if a.title == "古籍修复公开课受欢迎"]
    assert article.paragraphs == [*talk, "开放修复室让古籍走近更多市民", *rest]


@pytest.mark.parametrize(
    ("line", "role"),
    [("盛夏的西瓜和伏天里的莲蓬与", Role.BODY), ("旱涝急转是如何发生的", Role.HEADLINE)],
)
def test_a_line_alone_ending_on_a_conjunction_is_running_text(line: str, role: Role) -> None:
    """A headline is a whole phrase and never ends on a word that joins what follows it (与,
    和, 及, 对…): a line alone in its box that does is a sentence going on in the next box.
    的 may close a phrase (…是如何发生的), so it says nothing."""
    text = page(column(LIBRARY_TALK), line, column(BIKES))
    [found] = [entry for entry in classify(text) if entry.text == line]
    assert found.role is role


def test_a_line_alone_whose_word_runs_into_a_full_line_below_is_running_text() -> None:
    """A headline stands over its text's opening (an indented line, or a dateline). A line
    alone in its box whose word runs on (…局长穆罕默 | 德…: 穆罕默德) into a full line
    opening the next box is a sentence broken across boxes, not a headline."""
    line = "市长在与来访的阿联酋代表团团长穆罕默"
    rest = "德交流时，双方就进一步深化两地在古籍保护与文化交流方面的合作达成了共识。"
    text = page(
        column(LIBRARY_TALK, width=18),
        line,
        column([rest], width=18, indent=0),
        "全市公园延长夜间开放",
        column(PARKS, width=18),
    )
    [found] = [entry for entry in classify(text) if entry.text == line]
    assert found.role is Role.BODY


def test_a_texts_opening_under_a_narrow_deck_is_not_set_wide() -> None:
    """A headline set in a narrow box (many short lines) is no text column: the opening
    line of the text under it, as wide as its own column, is not "wider than the column"
    and so no headline, however narrow the deck above it."""
    deck = [
        "市园林局",
        "公布第十",
        "六批夜间",
        "开放公园",
        "名单及开",
        "放时间和",
        "巡逻安排",
        "细则",
    ]
    opening = "按照市园林局（以下简称“园林局”）工作"
    rest = "要求，全市二十座公园本月起延长夜间开放时间至二十二点，方便市民晚间散步健身。"
    text = "\n".join(
        [
            "古籍修复公开课受欢迎",
            *_runs(LIBRARY_TALK, 18),
            "",
            *deck,
            "",
            opening,
            *column([rest], 18, indent=0).split("\n"),
            "",
            "护城河清淤工程完工",
            *_runs(RIVER, 18),
        ]
    )
    roles = {line.text: line.role for line in classify(text)}
    assert roles[opening] is Role.BODY
    [article] = [a for a in analyze(text) if a.title == "".join(deck)]
    assert "".join(article.paragraphs) == opening + rest


def test_a_headline_line_opening_by_tying_itself_to_a_sentence_is_running_text() -> None:
    """A headline stands on its own: a line taken for one that opens with a word tying it
    to the sentence before it (而…) and runs in clauses is running text printed out of its
    place (here after the text's jump line), never a headline or a label of the next
    article; the line glued under it goes with it."""
    library = [
        "本报讯（记者张三）昨日，市图书馆举办古籍修复公开课，吸引了众多市民前来参加。",
        "据介绍，市图书馆今年将再举办四期公开课，内容涵盖碑帖拓印和古籍数字化保护。（下转第2版）",
    ]
    linked = ["而在更长时间尺度上，修复还会", "持续进行——"]
    text = page(
        "市图书馆举办古籍修复公开课",
        column(library),
        "\n".join(linked),
        "全市公园延长夜间开放时间",
        column(PARKS),
    )
    assert [line.role for line in classify(text) if line.text in linked] == [Role.HEADLINE] * 2
    articles = analyze(text)
    heads = [" ".join([a.title, a.subtitle, a.kicker, a.column]) for a in articles]
    assert not any("而在" in head or "持续进行" in head for head in heads)
    assert any("".join(linked) in "".join(a.paragraphs) for a in articles)
    assert {a.title for a in articles if a.title} == {
        "市图书馆举办古籍修复公开课",
        "全市公园延长夜间开放时间",
    }


def test_a_word_of_its_own_is_no_tie_to_the_sentence_before() -> None:
    """而今 (now), 但愿 (may…) open a phrase of their own; 而, 但是 tie it to a sentence."""
    assert _opens_linked("而在更长时间尺度上，影响还会")
    assert _opens_linked("但是，修复工作仍需时日")
    assert not _opens_linked("而今迈步从头越，再出发")
    assert not _opens_linked("但愿人长久，千里共婵娟")
    assert not _opens_linked("据介绍，市图书馆今年将再举办")


def test_a_paragraph_opening_by_tying_itself_to_the_sentence_before_goes_on_with_that_text() -> (
    None
):
    """A paragraph split off on layout evidence only (set flush after a finished one) that
    opens with 而… goes on with the text printed right before it; one that opens afresh
    stays apart, for its headline or its vocabulary to place."""
    talk = Block(Kind.ARTICLE, [Para(LIBRARY_TALK[0], [0, 1, 2])], indented=True)
    linked = Block(Kind.ARTICLE, [Para("而在更长时间尺度上，修复还会持续进行。", [4, 5])])
    linked.tentative = "flush"
    fresh = Block(Kind.ARTICLE, [Para(PARKS[1], [7, 8])], tentative="flush")
    stream: list[Block | Head] = [talk, linked, fresh]
    _join_linked(stream)
    assert stream == [talk, fresh]
    assert [p.text for p in talk.paras] == [
        LIBRARY_TALK[0],
        "而在更长时间尺度上，修复还会持续进行。",
    ]


def test_a_bracketed_word_inside_a_running_sentence_is_no_signature() -> None:
    """A signature is set after the text's last sentence (…。（赵晖）); a bracketed word at a
    line's end inside a running sentence (…重大气象灾害（台风） / 四级应急响应。) glosses
    it: the sentence, the paragraph and the article go on, and no byline is made of it."""
    gloss = "当天十六时，市气象局启动了全市的重大气象灾害（台风）四级应急响应。"
    paragraphs = [LIBRARY_TALK[0], gloss, LIBRARY_TALK[2]]
    text = page("市图书馆举办古籍修复公开课", column(paragraphs))
    assert any(line.endswith("（台风）") for line in text.splitlines())  # the case at hand
    article = only(analyze(text))
    assert article.paragraphs == paragraphs
    assert "台风" not in article.byline
    signed = only(analyze(page("市图书馆举办古籍修复公开课", column([*LIBRARY_TALK, "（赵晖）"]))))
    assert "赵晖" in signed.byline


def test_a_subhead_in_two_parts_may_run_wider_than_a_plain_one() -> None:
    """A section named in two parts (探过程——三次重大转向，找准小切口) runs wider than a
    plain subhead; set between two parts of one text with nothing announcing a new article,
    it is still a subhead, not the headline of a new article."""
    opening = column(
        [
            "本月，城区首条自行车专用道正式通车，专用道规划历经三次调整，沿线居民普遍叫好。",
            "自行车专用道为何这样规划？记者进行了采访。",
        ]
    )
    rest = column(
        [
            "“专用道规划并非一帆风顺，沿线居民意见分歧很大。”交通部门负责人说，规划先后调整三次。",
            "最终，专用道规划避开了居民区和学校门前路段，沿线居民和学校都表示满意。",
        ]
    )
    head = "探过程——三次重大调整，找准专用道小切口"
    text = page("自行车专用道规划为何叫好", opening, head, rest)
    article = only(analyze(text))
    assert article.title == "自行车专用道规划为何叫好"
    assert head in article.paragraphs
    assert article.paragraphs[-1].startswith("最终")


def test_sections_sharing_the_names_no_other_text_prints_are_one_text() -> None:
    """Two sections of a feature share the names and terms no other text of the page
    prints (李四, 家谱, 补洞托裱); a news item that ends on the page's recurring boilerplate
    shares more of the section's words, all of them common. Weighted by rarity the
    sections read as one text: the head between them is a subhead."""
    boilerplate = (
        "按照中央第二生态环境保护督察组工作要求，市相关部门立即组织力量开展调查核实，"
        "依法依规推进查处整改工作。"
    )
    opening = column(
        [
            "修复师李四每天清晨先查看修复室温湿度，再打开那册清代家谱。",
            "这册家谱虫蛀严重，纸张酸化发脆，李四用三个月为它脱酸、补洞和托裱。",
        ]
    )
    rest = column(
        [
            "李四说，修复清代家谱要耐心，每天查看修复室温湿度，虫蛀严重处要补洞托裱，"
            "脱酸后的家谱纸张不再发脆。",
            boilerplate,
        ]
    )
    items = [
        (
            "乌达区一处砂石料场扬尘污染问题已完成整改并通过验收",
            "乌达区一处砂石料场扬尘污染问题被群众举报。",
        ),
        (
            "海勃湾区一家企业噪声扰民问题已完成整改并通过验收",
            "海勃湾区一家企业噪声扰民问题被群众举报。",
        ),
        (
            "海南区一处河道垃圾堆放问题已完成整改并通过验收",
            "海南区一处河道垃圾堆放问题被群众举报。",
        ),
    ]
    news = [
        part for head, text in items for part in (head, column(["本报讯 " + text, boilerplate]))
    ]
    articles = analyze(page("古籍修复师的一天", opening, "一册家谱的新生", rest, *news))
    feature = articles[0]
    assert feature.title == "古籍修复师的一天"
    assert "一册家谱的新生" in feature.paragraphs
    assert feature.paragraphs[-1] == boilerplate
    assert [a.title for a in articles[1:]] == [head for head, _ in items]


def test_sections_signed_by_the_roundups_team_are_one_article() -> None:
    """A roundup's byline names its team; each section, under a place as its subhead, is
    signed by the member who wrote it. The sections are the roundup's, not articles of
    their own, and so is a section whose signature is missing (沧州) among them; a news
    item signed by no one of the team stays apart."""
    sections = [
        ("保定", "保定市气象局提前发布暴雨预警，提醒山区群众及时转移避险。", "王明"),
        ("邢台", "邢台市气象局加密城区观测，积涝点位信息每小时滚动更新。", "李华"),
        ("沧州", "沧州市气象局滚动发布沿海大风预报，渔船全部回港避风。", ""),
        ("邯郸", "邯郸市气象局联合农业部门发布农田渍涝风险提示，指导疏通沟渠。", "赵强"),
    ]
    parts = [
        "河北：多地联动应对强降雨",
        "本报记者 王明 李华 赵强",
        column(["受强降雨影响，河北多地出现明显风雨天气，各地气象部门强化预报预警和部门联动。"]),
    ]
    for place, text, name in sections:
        parts += [place, column([text + (f"（{name}）" if name else "")])]
    parts += [
        "市园林局完成行道树修剪",
        column(["本报讯 市园林局近日完成主干道行道树修剪，消除安全隐患。（孙文）"]),
    ]
    articles = analyze(page(*parts))
    assert [a.title for a in articles] == ["河北：多地联动应对强降雨", "市园林局完成行道树修剪"]
    roundup = articles[0]
    assert [place for place, _, _ in sections] == [
        p for p in roundup.paragraphs if p in {"保定", "邢台", "沧州", "邯郸"}
    ]
    assert roundup.paragraphs[-1] == sections[-1][1]


def test_text_split_off_at_a_box_end_never_goes_on_a_signed_text() -> None:
    """Text split off only at a box end that no headline claims is usually the rest of the
    text before it; but a text closed by a signature (（赵晖）) takes nothing more, however
    many words it shares: the rest goes to a text still open."""
    parks = Block(
        Kind.ARTICLE,
        [Para("本报讯 全市公园延长夜间开放时间，园内照明设施全面检修，方便市民散步。", [1, 2])],
        byline="赵晖",
        closed=True,
    )
    lights = Block(Kind.ARTICLE, [Para("本报讯 市城管局启动路灯检修，夜间照明更亮。", [4, 5])])
    rest = Block(
        Kind.ARTICLE,
        [Para("公园夜间开放后，园内照明设施全面检修，市民散步更安心。", [7, 8])],
        tentative="box",
    )
    heads = [Head(["全市公园延长夜间开放时间"], lines=[0]), Head(["路灯检修"], lines=[3])]
    stream = [heads[1], lights, heads[0], parks, rest]
    attached = {
        id(parks): Attached(title=heads[0]),
        id(lights): Attached(title=heads[1]),
        id(rest): Attached(),
    }
    _join_tentative(stream, attached)
    assert rest not in stream
    assert lights.paras[-1] is rest.paras[0]
    assert parks.closed and len(parks.paras) == 1


# -- s12-h: headlines found whole and in their place ---------------------------------------


def test_a_deck_closes_its_quote_on_a_later_line() -> None:
    """A headline wrapped in a narrow box (中欧气象 | 卫星合作 | “开放、 | 信任、重 | 要”)
    closes on its last line the quote it opens on an earlier one: read with the lines glued
    under it, the line leaves nothing open, though a text piece of the page opens by
    closing a quote (务。”…) — the line is the headline's, not running text."""
    first = (
        "本报讯 昨日，市气象局与\n欧洲同行举行视频会议，双方代\n表回顾了十年合作，外方代表说\n"
        "：“我们共同把气象数据变成服\n\n务。”会议还商定了明年的交流\n计划。\n"
    )
    deck = "中欧气象\n卫星合作\n“开放、\n信任、重\n要”\n"
    second = column(
        [
            "恰逢欧洲气象卫星组织成立四十周年，该组织主任近日来华访问，回顾与市气象局的"
            "合作成果，展望卫星研制等领域的合作前景。",
            "他用开放、信任、重要三个关键词评价中欧气象卫星合作。",
        ]
    )
    text = page("市气象局举行中欧视频会议", first, deck, "本报记者 刘淑乔", second)
    articles = analyze(text)
    assert [a.title for a in articles] == [
        "市气象局举行中欧视频会议",
        "中欧气象卫星合作“开放、信任、重要”",
    ]
    assert articles[1].paragraphs[0].startswith("恰逢")


def test_two_decks_stacked_beside_the_text_are_two_headlines() -> None:
    """Two headlines each wrapped in a narrow box, stacked with a blank line between them
    and set beside a sentence that runs on past them, are two headlines: the upper box
    has come to its end (its lines fill the measure but the last, a short rest)."""
    opening = column(
        [
            "拿到《望山河》这本书，第一眼就被封面吸引了。烫金的线条勾出山河脉络，像一张地图，"
            "又像血脉在大地上延展。用手摸了摸那些凸起的纹路，忽然觉得，这本书带给我的，"
            "可能不只是一段历史。",
            "《望山河》与常见的党史读物不太一样，它以时间为经、空间为纬，串联起一座座经典"
            "红色地标，让厚重的革命历史变得鲜活起来。",
        ]
    )
    before = (
        "嘉兴南湖的那条红船，静静\n地停在碧波上，谁也想不到，开\n天辟地的大事就发生在这条看似\n"
        "不起眼的船上；井冈山的翠竹，\n"
    )
    decks = "读《真实与\n虚拟》：\n“真实性哲\n学”的气象\n思考\n\n读《苦难辉\n煌》：历尽\n千般苦，实\n干铸辉煌\n"
    after = (
        "一年又一年地长着，它们见证过\n星星之火燎原中国；延河的水还\n在流，当年那些年轻人就是在这\n"
        "里喝着延河水，度过了艰苦又充\n满希望的岁月。\n"
    )
    text = page(
        "读《望山河》：于大地之上，赴信仰之约",
        "本报记者 李红梅",
        opening,
        "\n".join([before, decks, after]),
    )
    titles = [a.title for a in analyze(text)]
    assert "读《真实与虚拟》：“真实性哲学”的气象思考" in titles
    assert "读《苦难辉煌》：历尽千般苦，实干铸辉煌" in titles
    review = only([a for a in analyze(text) if a.paragraphs])
    assert "井冈山的翠竹，一年又一年地长着" in "".join(review.paragraphs)


def _tight(paragraphs: list[str], width: int = 17, indent: int = 2) -> str:
    """A column as extractors print it that set no blank line between paragraphs."""
    return column(paragraphs, width=width, indent=indent).replace("\n\n", "\n")


def test_a_line_ending_on_a_word_a_text_box_completes_is_running_text() -> None:
    """A line running in clauses that ends on a lone character (三类：崩), where a text box
    of the page opens with a full line completing it to a word the page prints (塌、滑坡…:
    崩塌), is running text stopped at a column's foot, not a headline: the box is its
    sentence's rest, and the article reads on into it."""
    warning = _tight(
        [
            "暴雨过后，山区地质灾害风险仍然较高，市气象局提醒，预警区内人员要随时关注预警"
            "信息变化，注意附近警示标志。",
            "红色预警代表发生地质灾害的风险很高，预警区内临坡临崖临沟临水人员，须按照当地"
            "防灾部门要求立即撤离，前往附近避险安置点。",
            "黄色预警代表风险较高，预警区内人员要随时关注预警信息变化，避免在沟谷、斜坡、"
            "陡崖等高风险地带逗留，发现滑坡崩塌迹象要立即撤离。",
        ]
    )
    broken = "延伸科普：科学识别地质灾害前兆\n常见的突发性地质灾害有三类：崩\n"
    talk = _tight([*LIBRARY_TALK[:2]])
    rest = _tight(
        [
            "塌、滑坡、泥石流，其各有前兆，通过看山体、看沟谷、看房屋、听异响、察水情，"
            "科学识别这些前兆信号，可在关键时刻及时展开自救。"
        ],
        indent=0,
    )
    closing = _tight(["提前避险、及时转移、科学自救，可以有效减少人员伤亡和财产损失。"])
    text = "\n".join(
        [
            "山区防灾莫松懈\n" + warning + broken,
            "市图书馆举办古籍修复公开课\n" + talk,
            rest + closing,
        ]
    )
    articles = analyze(text)
    assert [a.title for a in articles] == ["山区防灾莫松懈", "市图书馆举办古籍修复公开课"]
    assert any(
        p.startswith("常见的突发性地质灾害有三类：崩塌、滑坡") for p in articles[0].paragraphs
    )
    assert articles[1].paragraphs[-1] == LIBRARY_TALK[1]


def test_an_editors_note_is_named_by_the_headline_beside_it() -> None:
    """An editor's note sums up the articles it introduces, each in its headline's words
    (湖北襄阳…气象信息高效服务农机调度): a headline not set beside the note names one of
    those articles, not the note. The note's own headline is the one over it."""
    hubei = column(
        [
            "5月的湖北省襄阳市，536万亩小麦刚泛起金黄，两轮强降雨便接踵而至。往年7天至10天"
            "的常规收割窗口期，被连绵阴雨压缩至不足72小时。",
            "襄阳本地2.7万台收割机全员上阵，昼夜轮作，顺利完成夏收任务。",
        ]
    )
    note = column(
        [
            "编者按：夏收夏种是稳住全年粮食产能的关键一环。各地气象部门走出各具特色的农业"
            "气象服务之路。湖北襄阳打破信息流通障碍，气象信息高效服务农机调度，让跨区作业"
            "跑出加速度。本版聚焦各地实践。"
        ]
    )
    text = page(
        "全市公园延长夜间开放时间",
        column(PARKS),
        "湖北：气象信息高效服务农机调度",
        "本报记者 王琳悦",
        hubei,
        "气象赋能夏收夏种让各地稳产增产更有底气",
        note,
    )
    articles = analyze(text)
    assert [(a.title, a.paragraphs[0][:5]) for a in articles] == [
        ("全市公园延长夜间开放时间", PARKS[0][:5]),
        ("湖北：气象信息高效服务农机调度", "5月的湖北"),
        ("气象赋能夏收夏种让各地稳产增产更有底气", "编者按：夏"),
    ]


def test_a_headline_printed_in_swapped_order_is_read_whole() -> None:
    """Some extractors print a two-line headline's lines in swapped order, a blank line
    between. The line under the blank reads on into the one above it as a phrase the page
    prints whole (…举办古籍 | 修复公开课…: 古籍修复 in the text): one headline, lower line
    first."""
    text = page(
        "全市公园延长夜间开放时间",
        column(PARKS),
        "修复公开课吸引众多市民",
        "市图书馆首次举办古籍",
        column(LIBRARY_TALK),
    )
    articles = analyze(text)
    assert [a.title for a in articles] == [
        "全市公园延长夜间开放时间",
        "市图书馆首次举办古籍修复公开课吸引众多市民",
    ]
    assert articles[1].paragraphs == LIBRARY_TALK


def test_a_headline_printed_after_its_byline_is_found() -> None:
    """Some extractors take a byline's box before its headline's (本报记者 张三 | 古籍修复
    走进课堂 | text). A short line alone between blank lines, with no punctuation, over a
    paragraph's indented opening is no text of its own: it is the headline, and the
    byline over it is its article's."""
    talk = [paragraph.replace("本报讯（记者张三）", "") for paragraph in LIBRARY_TALK]
    text = page(
        "全市公园延长夜间开放时间", column(PARKS), "本报记者 张三", "古籍修复走进课堂", column(talk)
    )
    articles = analyze(text)
    assert [(a.title, a.byline) for a in articles] == [
        ("全市公园延长夜间开放时间", "记者王五"),
        ("古籍修复走进课堂", "本报记者 张三"),
    ]
    assert articles[1].paragraphs == talk


def test_a_headline_over_a_paragraph_of_one_line_is_found() -> None:
    """Where blank lines are rare, a short line opening a box and glued onto a paragraph
    of one line (indented, ending its sentence: 七月，书香满城，古韵长。) with the next
    paragraph's indented opening under it is that text's headline, as it is over a
    paragraph that runs on."""
    talk = [
        "七月，书香满城，古韵长。",
        "昨日，市图书馆举办古籍修复公开课，吸引了众多市民前来参加，现场气氛十分热烈，"
        "不少市民表示受益匪浅，纷纷询问下一期公开课的时间。",
        "修复师李四介绍了纸张脱酸、补洞和装裱等基本技法，并现场演示了修复一册清代家谱的"
        "全过程，市民们看得聚精会神。",
    ]
    text = "\n".join(
        [
            "全市公园延长夜间开放时间\n" + _tight(PARKS, width=14),
            "城区首条自行车专用道通车\n" + _tight(BIKES, width=14),
            "古籍修复走进课堂\n" + _tight(talk, width=14),
        ]
    )
    articles = analyze(text)
    assert [a.title for a in articles] == [
        "全市公园延长夜间开放时间",
        "城区首条自行车专用道通车",
        "古籍修复走进课堂",
    ]
    assert articles[2].paragraphs == talk


def test_a_headline_set_apart_under_a_dash_subtitle_is_the_next_headline() -> None:
    """A ——subtitle closes its headline's lines (a byline or the text comes next). Where an
    extractor prints two headline boxes one after the other, a short headline set apart
    under another's subtitle (秋粮丰收) is a headline of its own, not a second subtitle."""
    talk = [paragraph.replace("本报讯（记者张三）", "") for paragraph in LIBRARY_TALK]
    harvest = [
        "本报讯 连日来，全市秋粮陆续成熟，农民抢抓晴好天气收割玉米，秋粮丰收已成定局。",
        "农业部门表示，今年秋粮丰收得益于风调雨顺和良种推广。",
    ]
    text = page(
        "古籍修复走进课堂",
        "——市图书馆举办公开课",
        "秋粮丰收",
        "本报记者 张三",
        column(talk),
        column(harvest),
    )
    articles = analyze(text)
    assert [(a.title, a.subtitle) for a in articles] == [
        ("古籍修复走进课堂", "——市图书馆举办公开课"),
        ("秋粮丰收", ""),
    ]
    assert articles[1].paragraphs == harvest


def test_a_news_items_wrapped_headline_is_not_shared_out() -> None:
    """Where blank lines set boxes apart, the lines right over a news item's dateline
    (本报讯…) are its headline wrapped (恩平气象服务保障 / 无人机比赛顺利完赛): the group
    is not cut between its lines to give an untitled text beside it a headline, however
    well the first line names that text."""
    untitled = column(
        [
            "当气象部门发布橙色及以上预警信号时，通过指挥塔群和预警叫应工作机制，第一时间"
            "通知相关单位，做好气象服务保障。",
            "下一步，市气象局将持续强化预报预警能力，强化数智化研判支撑。",
        ]
    )
    race = [
        "本报讯 7月23日至26日，全省无人机比赛在恩平举行。市气象局提前制作专题预报，比赛顺利完赛。",
        "赛事期间，组委会根据气象信息调整赛程，各项比赛顺利完成。",
    ]
    text = page(
        untitled,
        "全市公园延长夜间开放时间",
        column(PARKS),
        "恩平气象服务保障\n无人机比赛顺利完赛",
        column(race),
    )
    news = [a for a in analyze(text) if "无人机比赛在恩平举行" in a.paragraphs[0]]
    assert [a.title for a in news] == ["恩平气象服务保障无人机比赛顺利完赛"]


def test_a_closing_dash_does_not_widen_a_narrow_headline_box() -> None:
    """A headline set in a narrow box wraps after a few characters; the dash closing its
    first part (为何受欢迎？——, leading to the subtitle) is set narrow or hangs past the
    box's edge, so that line is one of the box's too, and the box, four lines that stop in
    no sentence, is a headline even after text that stops in mid-sentence."""
    talk = [paragraph.replace("本报讯（记者张三）", "") for paragraph in LIBRARY_TALK]
    deck = ["古籍修复课", "为何受欢迎？——", "市图书馆举", "办公开课"]
    text = page(
        column([*PARKS, PARKS[1].replace("。", "，市民")]),
        "\n".join(deck),
        column(talk),
    )
    headlines = [line.text for line in classify(text) if line.role is Role.HEADLINE]
    assert headlines == deck


def test_a_stacked_headline_takes_the_text_glued_after_a_finished_brief() -> None:
    """Two headlines printed one over the other over a news brief, and further down
    another brief whose text runs on, after its last sentence, into another article's
    opening (the extractor printed the two boxes as one run). The second of the stacked
    headlines titles no text; the text after the brief's end restates its words and no
    longer those of the brief's own headline: the brief is over there, and the stacked
    headline's article opens where its words do."""
    feature = [
        "三月，我来到市图书馆古籍修复室，开始为期一年的修复师学徒生活。",
        "师傅告诉我，古籍修复师的手艺要从认纸学起，一年下来我学会了补洞和托裱。",
        "这一年让我明白，古籍修复师守护的是一座城的记忆。",
    ]
    text = page(
        "城区首条自行车专用道通车",
        "我当古籍修复师的一年",
        column(BIKES, indent=0),
        "全市公园延长夜间开放时间",
        column(PARKS + feature, indent=0),
    )
    articles = analyze(text)
    parks = [a for a in articles if "夜间开放时间至二十二点" in a.paragraphs[0]]
    assert [a.title for a in parks] == ["全市公园延长夜间开放时间"]
    assert parks[0].paragraphs[-1] == PARKS[-1]
    apprentice = [a for a in articles if a.paragraphs and a.paragraphs[0] == feature[0]]
    assert [a.title for a in apprentice] == ["我当古籍修复师的一年"]
    assert apprentice[0].paragraphs == feature


def test_a_caption_box_keeps_its_paragraphs_set_in_its_own_measure() -> None:
    """A photo caption is a box set in its own measure, its credit (图/文 X) on a line of
    its own: the paragraph over the credited one, set as wide as it and far wider than the
    news brief above, is the caption's first paragraph, not the brief's last."""
    caption = [
        "7月24日，市农业技术推广站工作人员赴城郊村，实地调查玉米生长情况，并摸排前期降水对"
        "秋粮生产的影响。",
        "工作人员实地测量玉米株高、查看作物根系与叶片生长状态、采集记录田间土壤湿度数据，"
        "玉米整体长势平稳向好。",
    ]
    box = column(caption, width=40, indent=0).replace("\n\n", "\n") + "图/文张生梅\n"
    text = page("全市公园延长夜间开放时间", column(PARKS, indent=0), box)
    articles = analyze(text)
    assert only(articles).paragraphs == PARKS
    photo = only(articles, Kind.PHOTO)
    assert photo.paragraphs == caption
    assert photo.byline == "图/文张生梅"
