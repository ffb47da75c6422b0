"""Text broken at a column's foot goes on where its sentence goes on (``fragments``).

Each page is written the way pdfminer prints a page: every text box followed by a blank
line, boxes in an order of the extractor's own, lines 14 characters wide and a
paragraph's first line indented by two."""

from __future__ import annotations

from reader.layout.fragments import reorder, word_gain
from reader.layout.lines import SPARSE_BLANKS, Role, blank_habit, classify
from reader.layout.page import analyze_page
from reader.layout.text import visual_width

WIDTH, INDENT = 14, 2


def box(text: str, opens: bool = True, open_end: bool = False) -> str:
    """``text`` hard-wrapped as one text box: indented if it ``opens`` a paragraph (a
    piece going on with a sentence is not); ``open_end``: the box stops at a column's
    foot in mid-sentence, on a full line."""
    lines, line, first = [], "", opens
    for ch in text:  # filled to the width as printed: quotes and digits are narrow
        line += ch
        if visual_width(line) >= (WIDTH - INDENT if first else WIDTH) - 0.25:
            lines.append(line)
            line, first = "", False
    if line:
        lines.append(line)
    if open_end:
        assert visual_width(lines[-1]) >= WIDTH - 0.5, "the fixture's box must end on a full line"
    return "\n".join(lines)


def pdfminer_page(*boxes: str) -> str:
    return "\n\n".join(boxes) + "\n"


def analyze(text: str) -> dict[str, str]:
    """Each article's title and its body as one string."""
    return {a.title: "".join(a.paragraphs) for a in analyze_page(text, "测试报|2026-07-14|1|t")}


# 早 | 发现”: the end leaves a quote open that only the later piece closes.
EARLY = (
    "本报讯（记者李悦）中国气象局印发通知，要求全国各级气象部门加强汛期多源观测实况告警"
    "与预报业务应用，确保突发和极端天气发生前第一时间提醒值班预报人员，做到极端天气“早"
)
EARLY_REST = "发现”，为“早决断”抢出提前量。"
# 能力建 | 设: a word runs across the break.
BUILD = (
    "本报讯（记者黄彬）黄河流域气象中心工作会议在郑州召开，会议要求各地补齐能力短板，"
    "夯实工作基础，筑牢发展支撑底座，提升监测预报预警核心能力，加强气象灾害风险预警能力建"
)
BUILD_REST = "设，强化国家级业务单位支撑，做强流域数智气象平台。"


def test_pieces_are_paired_with_open_ends_for_the_page_as_a_whole() -> None:
    """The piece printed right after 能力建 is 发现”… — the nearest, but it completes no
    word there, and it closes the quote that 做到极端天气“早 left open; 设，… completes
    建设. Paired for the page as a whole, each text goes on with its own rest."""
    text = pdfminer_page(
        "观测告警与预报联动",
        box(EARLY, open_end=True),
        "流域气象中心工作会议召开",
        box(BUILD, open_end=True),
        box(EARLY_REST, opens=False),
        box(BUILD_REST, opens=False),
    )
    articles = analyze(text)
    assert articles["观测告警与预报联动"] == EARLY + EARLY_REST
    assert articles["流域气象中心工作会议召开"] == BUILD + BUILD_REST


def test_the_word_across_a_break_is_judged_by_how_much_likelier_it_reads() -> None:
    """A dictionary word may run across any break (气象 | 台风 reads 气象台); only a break
    inside a word that reads far better whole is evidence (能力建 | 设)."""
    assert word_gain("加强气象灾害风险预警能力建", "设，强化国家级") > 3
    assert word_gain("有力支撑防灾减灾救", "灾工作。") > 3
    assert word_gain("强化值班值守，提升气象", "防灾减灾能力。") == 0
    assert word_gain("强化值班值守，提升气象", "台风“巴威”越来越近了。") < 1


MEETING = (
    "本报讯（记者刘蕊）中国气象局日前在北京召开专题会议，部署防汛关键期气象服务保障工作。"
    "会议强调，各级气象部门要充分认识到形势的严峻性，针对下一阶段工作，会议明确提出三"
)
MEETING_REST = "方面要求。一要强化协同联动，二要加强科技赋能，三要做好宣传科普。"
RAIN = "本报讯（记者李悦）入汛以来，全国多地出现极端强降雨，各地气象部门开展递进式气象服务。"
BIKES = "本报讯（记者赵六）昨日，城区首条自行车专用道正式通车，全长八公里，连接三个居民区。"


def test_a_sentence_tail_printed_before_its_head_goes_after_it() -> None:
    """方面要求。… is plainly a sentence's tail (no sentence is four characters long) and
    follows no text that stops in mid-sentence; 会议提出三 stops in mid-sentence before a
    headline. The tail is the rest of that sentence, though printed before it, after
    another article, and no word runs across the break."""
    text = pdfminer_page(
        "多地极端强降雨",
        box(RAIN),
        box(MEETING_REST, opens=False),
        "专题会议部署防汛工作",
        box(MEETING, open_end=True),
        "自行车专用道通车",
        box(BIKES),
    )
    assert analyze(text) == {
        "多地极端强降雨": RAIN,
        "专题会议部署防汛工作": MEETING + MEETING_REST,
        "自行车专用道通车": BIKES,
    }


INSURANCE = (
    "本报讯（通讯员董丽鑫）玉环市气象局今年联合保险公司在台风过后为文旦种植户兑现风力指数保险赔款，"
    "该项惠农险种实行分级保费补贴政策：由财政承"
)
INSURANCE_REST = "担85%保费，农户仅需自付12%，有效减轻了农户参保经济压力。"
INSURANCE_NEXT = "玉环市气象局将持续深化多方联动机制，优化特色农产品气象指数保险方案。"
FLOOD = (
    "本报讯（通讯员陶永鑫）肇源县气象局与武警中队建立一体化应急联动机制，打通预警与处置的衔接通道。"
)


def test_a_moved_piece_takes_the_next_paragraphs_of_its_column_along() -> None:
    """The rest of 财政承 | 担… is printed after another article; the paragraph printed
    after it in its column is that text's next paragraph, and goes along with it."""
    text = pdfminer_page(
        "肇源建立防汛应急联动机制",
        box(FLOOD),
        box(INSURANCE_REST, opens=False),
        box(INSURANCE_NEXT),
        "玉环风力指数保险赔款现场兑现",
        box(INSURANCE, open_end=True),
    )
    articles = analyze(text)
    assert articles["肇源建立防汛应急联动机制"] == FLOOD
    assert articles["玉环风力指数保险赔款现场兑现"] == INSURANCE + INSURANCE_REST + INSURANCE_NEXT


DUTY = "各级气象部门要强化值班值守，加强会商研判，及时发布预警信息。"
SUPPORT = "流域各省气象部门将继续做好监测预报，为防汛救灾提供有力支撑。"
CLOSING = "通知还要求加强多源观测数据在短临预警中的应用。"


def test_on_a_page_printed_in_column_runs_the_quote_left_open_finds_its_close() -> None:
    """pdftotext prints a column as one run and sets a blank line only where a column
    breaks. 做到极端天气“早 is followed by a headline and no word runs across to any
    piece; the piece that closes its quote (发现”，…) is its rest, with the paragraph
    printed after it in that column."""
    text = "\n".join(
        [
            "观测告警与预报联动",
            box(EARLY, open_end=True),
            "",
            "流域气象中心工作会议召开",
            box(BUILD, open_end=True),
            "",
            box(EARLY_REST, opens=False),
            box(CLOSING),
            box(DUTY),
            "",
            box(BUILD_REST, opens=False),
            box(SUPPORT),
        ]
    )
    assert blank_habit(classify(text)) < SPARSE_BLANKS  # printed as pdftotext prints
    articles = analyze(text + "\n")
    assert articles["观测告警与预报联动"] == EARLY + EARLY_REST + CLOSING + DUTY
    [build] = [body for body in articles.values() if "能力建设" in body]
    assert "发现" not in build


# Two texts stop at a column's foot in mid-sentence; their rests are printed after another
# article, the second text's rest first. No word runs across either break, no quote
# closes: only the vocabulary says which rest goes on which text.
WHEAT = (
    "本报讯（记者李悦）山东省气象部门深耕小麦生产气象风险减量服务，依托小麦试验成果，"
    "今年以来山东省气象部门在夏收"
)
WHEAT_REST = "关键时段定向发布小麦田间管理指南，山东各地小麦抢收进度明显加快。"
RIVER = (
    "本报讯（记者黄彬）黄河流域气象中心工作会议在郑州召开，会议要求流域各地补齐能力短板，"
    "今年黄河流域气象中心将在"
)
RIVER_REST = "汛期组织沿黄各省区开展流域会商，为黄河防汛调度提供支撑。"


def test_ends_and_openings_left_unpaired_are_paired_by_their_vocabulary() -> None:
    """Every sentence stopped at a column's foot goes on somewhere, and every piece that
    opens in mid-sentence goes on from somewhere: the two left over are paired by the
    words they share (小麦, 山东; 黄河, 流域), not printed order, and neither rest is taken
    for the end of the finished article they were printed after."""
    text = pdfminer_page(
        "山东深耕气象风险减量服务",
        box(WHEAT, open_end=True),
        "流域气象中心工作会议召开",
        box(RIVER, open_end=True),
        "中央气象台发布高温预警",
        box("本报讯（记者赵宁）中央气象台今天发布高温预警，提醒公众注意防暑。"),
        box(RIVER_REST, opens=False),
        box(WHEAT_REST, opens=False),
    )
    articles = analyze(text)
    assert articles["山东深耕气象风险减量服务"] == WHEAT + WHEAT_REST
    assert articles["流域气象中心工作会议召开"] == RIVER + RIVER_REST
    assert articles["中央气象台发布高温预警"].endswith("注意防暑。")


# 6月2 | 日20时: a date broken from its unit at a column's foot; the piece printed right
# after the other text's end completes no word there.
SONDE = (
    "本报讯（记者石奎）贵阳移动探空应急小队抵达遵义湄潭后，小队立刻投入高强度连续观测，"
    "各项设备调试均已完成，6月2"
)
SONDE_REST = "日20时完成首轮探空作业，队员们连夜整理数据。"
BASINS = (
    "本报讯（记者黄彬）黄河流域气象中心工作会议在郑州召开，会议要求流域各地补齐能力短板，"
    "沿黄各省气象部门要把基层"
)
BASINS_REST = "气象台站的经验推广到黄河全流域。"


def test_a_number_broken_from_its_unit_goes_on_where_the_unit_is() -> None:
    """The dictionary has no numbers, yet 6月2 | 日 reads as one date: the piece opening
    with 日20时 goes on the text stopped at 6月2, not the one printed just before it."""
    text = pdfminer_page(
        "移动探空应急小队与雨竞速",
        box(SONDE, open_end=True),
        "流域气象中心工作会议召开",
        box(BASINS, open_end=True),
        box(SONDE_REST, opens=False),
        box(BASINS_REST, opens=False),
    )
    articles = analyze(text)
    assert articles["移动探空应急小队与雨竞速"] == SONDE + SONDE_REST
    assert articles["流域气象中心工作会议召开"] == BASINS + BASINS_REST


def test_a_line_leaving_a_quote_open_is_text_going_on_where_the_quote_closes() -> None:
    """A headline is a whole phrase: it closes every quote it opens. A short line alone
    between blank lines that leaves “ open (…受台风“巴) is no headline where a piece of
    the page opens by closing it (威”影响，…): it is the text's last line at a column's
    foot, however short, and its sentence goes on in that piece."""
    opening = (
        "近日，台风远距离输送水汽，长江流域出现强降雨，科研团队开展机动观测，为暴雨监测提供支撑。"
    )
    rest = "威”影响，山东省青岛市沿海持续遭遇海水倒灌，部分道路封闭。"
    text = pdfminer_page(
        "以科技之盾守护安澜",
        box(opening),
        "7月12日以来，受台风“巴",
        "浙江完成无人机海上人工消雾试验",
        box("本报讯（记者张晓冬）近日，浙江省气象部门在舟山海域完成无人机人工消雾试验。"),
        box(rest, opens=False),
    )
    articles = analyze(text)
    assert articles["以科技之盾守护安澜"] == opening + "7月12日以来，受台风“巴" + rest
    assert articles["浙江完成无人机海上人工消雾试验"].endswith("人工消雾试验。")


PLAN = "本报讯（记者史光浩）近日，国家综合气象观测系统建设规划印发，明确了未来五年的建设目标。"
SITES = "在站网建设方面，规划提出优化天气雷达和地面观测设施布局，提高重点区域的专业气象观"
SITES_REST = "测能力。"
NEEDS = "针对不同部门和不同领域的观测需求，规划提出分类推进专业观测网建设。"
DATA = "规划强调，观测系统建设不仅要看得见、测得准，还要让数据用得好。"


def test_a_moved_piece_never_carries_along_the_text_it_continues() -> None:
    """测能力。 goes on from 专业气象观 (观测), printed after it in the same column with the
    paragraph that follows it (针对…). That column's next piece is the very paragraph
    stopping at 专业气象观: it is read before its rest, not carried along after it (a ring
    of pieces that left the whole paragraph at the page's end)."""
    text = pdfminer_page(
        "观测规划印发",
        box(PLAN),
        box(SITES_REST, opens=False),
        box(NEEDS),
        box(SITES, open_end=True),
        box(DATA),
    )
    assert analyze(text) == {"观测规划印发": PLAN + SITES + SITES_REST + NEEDS + DATA}


# Two pieces of one paragraph, each stopping at a column's foot: the second's rest is not
# on the page, and the first opens in mid-sentence (its head too is elsewhere).
REVIEW = "本报讯（记者周明）市气象局近日召开汛期工作会议，部署实绩考核和预警服务工作。"
REVIEW_MIDDLE = (
    "全系统再次明确宁可十防九空、不可失防万一的要求，市气象局各直属单位与所辖区县气象局"
    "立足属地特点，将实绩考核工作的"
)
REVIEW_LAST = "落到预警服务的每个环节，重塑实绩考核标尺，让预警服务经得起检验，构建敢于担当的气象局"


def test_a_text_never_goes_on_into_its_own_beginning() -> None:
    """将实绩考核工作的 | 落到… is read as printed; the second piece then stops at its
    column's foot with nothing left to go on in but the first piece, which shares its
    vocabulary and opens in mid-sentence. A text does not go on into itself: the pieces
    stay where they are printed, not moved as a ring to the page's end."""
    text = pdfminer_page(
        "汛期工作会议召开",
        box(REVIEW),
        box(REVIEW_MIDDLE, opens=False, open_end=True),
        box(REVIEW_LAST, opens=False, open_end=True),
        "自行车专用道通车",
        box(BIKES),
    )
    lines = classify(text, [])
    assert reorder(lines) == lines


DRILL_LEAD = (
    "6月19日至21日，梅雨主雨带北抬后停滞少动，景德镇市迎来全年最强降水集中期，中考如期而至。"
)
DRILL = (
    "市局党组书记带头下沉驻守一线，昼夜研判雨情走势，统筹调度防汛抗洪和中考保障，"
    "压实岗位之责，确保指令分秒必争、"
)
DRILL_TAIL = "落地有声。担当：尽锐出战"
DRILL_NEXT = "面对多线作战任务，市局科学统筹、精准排兵，将有限力量投向最关键之处。"


def test_a_text_opening_on_a_sentences_tail_goes_on_the_one_unfinished_text() -> None:
    """分秒必争、 stops at a column's foot at a comma-like mark, so no word runs across;
    the column goes on under the article's byline with 落地有声。 — no sentence is that
    short: a sentence's tail, glued to a subhead on its line. The one text on the page that
    stops in mid-sentence goes on there."""
    text = pdfminer_page(
        "多线发力鏖战汛期强降雨",
        box(DRILL_LEAD),
        box(DRILL, open_end=True),
        "本报记者 潘锡飞 黄龙飞",
        DRILL_TAIL,
        box(DRILL_NEXT),
        "自行车专用道通车",
        box(BIKES),
    )
    assert analyze(text) == {
        "多线发力鏖战汛期强降雨": DRILL_LEAD + DRILL + DRILL_TAIL + DRILL_NEXT,
        "自行车专用道通车": BIKES,
    }


# …整理了全省2000年 | 至2024年…: a span of years broken before its second end.
ARCHIVE = "本报讯（记者赵欣）省气象局建起覆盖全省的地质灾害风险数据库，系统整理了全省2000年"
ARCHIVE_REST = "至2024年两万余处地质灾害灾险情资料，为风险预警打下完整的数据底座。"
RADAR = "本报讯（记者郭善云）入汛以来，成都平原降雨偏多，市气象局加密雷达观测频次，滚动发"


def test_a_span_of_numbers_broken_before_its_second_end_reads_across_the_break() -> None:
    """2000年 | 至2024年 is one span, though no dictionary word runs across the break; the
    piece is printed right after another text that stops in mid-sentence (滚动发), whose
    rest is not on the page. The span, not the printed order, says where it goes on."""
    text = pdfminer_page(
        "四川建成地质灾害风险数据库",
        box(ARCHIVE, open_end=True),
        "成都加密雷达观测",
        box(RADAR, open_end=True),
        box(ARCHIVE_REST, opens=False),
        "自行车专用道通车",
        box(BIKES),
    )
    assert analyze(text) == {
        "四川建成地质灾害风险数据库": ARCHIVE + ARCHIVE_REST,
        "成都加密雷达观测": RADAR,
        "自行车专用道通车": BIKES,
    }


ARCHIVE_OPENING = "本报讯（记者田静）云南腾冲气象站建于1927年，是我国西南边陲最早的气象站之一。"
ARCHIVE_LABEL = "馆藏风云解锁百年气象往事记忆"
MANUSCRIPT = "腾冲气象站展柜里陈列着泛黄的百年气象史料，其中一份珍贵的老手稿出自气象学者陈一得"
MANUSCRIPT_REST = "任教云南航空学校时编写的航空气象讲义，这份陈一得手稿至今仍具重要意义。"


def test_a_lone_line_without_a_clause_is_no_text_stopped_at_a_columns_foot() -> None:
    """A headline's line set as wide as the column (馆藏风云解锁…) may be read as running
    text; printed right before a piece opening in mid-sentence (任教…), it would take that
    piece as its sentence's rest. A lone line without a clause is a headline's, whatever
    its role: the piece goes on from the text that stops at 陈一得 (the leftover pairing)."""
    text = pdfminer_page(
        "百年老站的气象史料",
        box(ARCHIVE_OPENING),
        ARCHIVE_LABEL,
        box(MANUSCRIPT_REST, opens=False),
        box(MANUSCRIPT, open_end=True),
        "自行车专用道通车",
        box(BIKES),
    )
    lines = classify(text, [])
    for line in lines:
        if line.text == ARCHIVE_LABEL:
            line.role = Role.BODY  # as the classifier takes a full-width line
    order = [line.text for line in reorder(lines)]
    foot = order.index(box(MANUSCRIPT).splitlines()[-1])
    assert order[foot + 1] == box(MANUSCRIPT_REST, opens=False).splitlines()[0]
