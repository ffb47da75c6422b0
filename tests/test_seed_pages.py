"""The sample pages, read by a person: titles in reading order, kinds, markers, bylines.

Where a reading is genuinely ambiguous (a kicker set on the line just above its title with
no blank line between, which page text cannot tell from a two-line title) the test accepts
both readings and says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.archive import load_archive
from reader.layout.markers import MARKER_RE
from reader.model import Article, Kind, Page

A, P, N = Kind.ARTICLE, Kind.PHOTO, Kind.NOTICE
CENTRAL = "中央第二生态环境保护督察组"

# (kind, title, continues_to, continued_from); "…x" means the title ends with x.
EXPECTED = {
    "000": [
        (A, "弘扬“中国—中亚精神”开创更加美好未来", 4, None),
        (A, "党员攻坚队精准服务 推动重点项目建设再提速", None, None),
        (A, "周金星调研新型电力系统规划建设和污水处理设施运行情况", None, None),
        (A, "市人民政府召开常务会议", None, None),
        (N, CENTRAL + "值班电话和邮箱", None, None),
        (A, CENTRAL + "向内蒙古自治区交办第二十三批涉及乌海市1件群众信访举报情况", None, None),
        (A, CENTRAL + "向内蒙古自治区交办第二十四批涉及乌海市2件群众信访举报情况", None, None),
        (A, CENTRAL + "交办内蒙古自治区第十四批涉及乌海市1件群众信访举报件办理情况", None, None),
        (A, "同比增长101.3% 前5月我市外贸增速位居全区第一", None, None),
        (A, CENTRAL + "交办内蒙古自治区第十五批涉及乌海市3件群众信访举报件办理情况", None, None),
        (A, "市政府党组会议暨理论学习中心组2025年第10次学习（扩大）会议召开", None, None),
        (A, "市人大常委会开展“主任月进家”活动", None, None),
        (P, "", None, None),
        (A, CENTRAL + "交办内蒙古自治区第十六批涉及乌海市1件群众信访举报件办理情况", None, None),
    ],
    "001": [
        (N, CENTRAL + "值班电话和邮箱", None, None),
        (A, "习近平同哈萨克斯坦总统托卡耶夫会谈", 4, None),
        (P, "", None, None),
        (A, "坚持节水优先强化工业节水管理推动绿色高质量发展", None, None),
        (A, "构筑生态屏障 矢志向绿而行", 2, None),
        (A, "“伴随式”执法监督", None, None),
        (A, "1至4月全市用电量达97.9亿千瓦时", None, None),
        (A, CENTRAL + "交办内蒙古自治区第十一批涉及乌海市2件群众信访举报件办理情况", None, None),
        (A, "习近平出席第二届中国—中亚峰会并作主旨发言", 4, None),
    ],
    "002": [
        (A, "不断激发创新活力和内生动力 以高水平对外开放促进深层次改革高质量发展", None, None),
        (A, "勇当改革开放排头兵", 4, None),
        (A, "9414户农区居民领到1317.96万元“暖心煤”补贴", None, None),
        (P, "多彩秋景", None, None),
        (A, "周金星调研低碳产业园建设发展情况", None, None),
        (A, "产业向新向质向未来", 2, None),
        (A, "首批5条定制公交线路上线运营", None, None),
        (A, "市政府2024年第21次常务会议暨经济体制和生态文明体制改革专项小组会议召开", None, None),
        (A, "周金星调研温暖工程推进情况", None, None),
    ],
    "003": [
        (A, "", 2, None),
        (A, "习近平向拉美和加勒比国家共同体第七届峰会作视频致辞", None, None),
        (A, "推进“五个大起底行动”促进经济高质量发展", None, None),
        (A, "“12345”:服务不停歇", None, None),
        (A, "守护城市清洁 环卫工人“不打烊”", 2, None),
        (A, "20多年的老小区又“靓”了", None, None),
        (A, "医保政策落实处 惠民便民暖人心", 2, None),
        (P, "节日市场供需两旺", None, None),
    ],
    "004": [
        (A, "…市宣讲团走进新城区", None, None),
        (A, "全国工商联农业产业商会组织企业赴武川县开展走访对接活动", None, None),
        (A, "市人大常委会视察组进行视察", None, None),
        (A, "…市直机关铸牢中华民族共同体意识专题培训班", None, None),
        (A, "上半年我区新开工绿色建筑面积984.69万平方米", None, None),
        (A, "我区累计建成并投入使用城镇公共充电桩达10729个", None, None),
        (P, "夏日送清凉", None, None),
        (A, "", None, 1),
        (A, "“管家式”服务为企业发展积势蓄能", None, 1),
        (A, "“融”通世界，按下开放发展“快进键”", None, 1),
    ],
}


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    archive = load_archive([Path(__file__).resolve().parent.parent / "seeds"])
    assert archive.errors == []
    return {Path(page.source).name[:3]: page for page in archive.pages}


def _matches(title: str, expected: str) -> bool:
    return title.endswith(expected[1:]) if expected.startswith("…") else title == expected


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_outline_in_reading_order(pages: dict[str, Page], seed: str) -> None:
    got = [(a.kind, a.title, a.continues_to, a.continued_from) for a in pages[seed].articles]
    expected = EXPECTED[seed]
    assert len(got) == len(expected), [g[1] for g in got]
    for (kind, title, to, came), (e_kind, e_title, e_to, e_came) in zip(got, expected, strict=True):
        assert (kind, to, came) == (e_kind, e_to, e_came), title
        assert _matches(title, e_title), (title, e_title)


def by_title(page: Page, words: str) -> Article:
    return next(a for a in page.articles if words in a.title)


def test_page_000_details(pages: dict[str, Page]) -> None:
    page = pages["000"]
    lead = page.articles[0]
    assert lead.byline == "新华社记者 谢彬彬"
    assert lead.paragraphs[1] == "深化互信，开辟合作新空间" and lead.subheads == [1]
    assert "中国—中亚命运共同体注入新动力。" in lead.paragraphs[0]  # joined across a blank line
    party = by_title(page, "党员攻坚队")
    assert party.column == "“抓党建 促发展 强治理 转作风”系列报道②"
    assert party.paragraphs[0].startswith("本报讯（记者鲍维）今年以来")
    assert "生产全自然域生物降解材料（PDA）产品。" in party.paragraphs[2]
    assert by_title(page, "市人民政府召开常务会议").subtitle == "崔景英主持"
    assert by_title(page, "主任月进家").subtitle == "冯雪涛出席"
    assert page.articles[12].byline == "郭浩 文/图"


def test_page_001_details(pages: dict[str, Page]) -> None:
    page = pages["001"]
    interview = by_title(page, "坚持节水优先")
    assert interview.column == "部门谈节水"
    assert interview.subtitle == "——访市工业和信息化局党组书记、局长杨庆远"
    assert interview.byline == "本报记者 王超"
    assert interview.paragraphs[-1].endswith(
        "在黄河流域生态保护和高质量发展中书写节水治水的新篇章。"
    )
    feature = by_title(page, "构筑生态屏障")
    assert feature.paragraphs[0] == "盛夏时节，乌海大地满目葱茏。"
    assert [feature.paragraphs[i] for i in feature.subheads] == [
        "因地制宜 科学防沙治沙",
        "项目支撑 筑牢绿色屏障",
    ]
    assert feature.byline == "本报记者 刘洋"
    assert page.articles[2].byline == "赵政宇 摄"
    assert page.articles[-1].paragraphs[-1].endswith("正在惠及周边国家。")


def test_page_002_details(pages: dict[str, Page]) -> None:
    page = pages["002"]
    assert page.articles[0].kicker == "习近平对国家级经济技术开发区工作作出重要指示强调"
    feature = by_title(page, "产业向新向质向未来")
    assert feature.subtitle.startswith("——写在2024中国（乌海）第三届BDO")
    assert [feature.paragraphs[i] for i in feature.subheads] == ["产业基地做强做优做大"]


def test_page_003_markdown_details(pages: dict[str, Page]) -> None:
    page = pages["003"]
    assert (
        page.articles[0]
        .paragraphs[0]
        .endswith(
            "加快形成具有全国影响力和竞争力的区域特色产业集群正在成为乌海市产业转型发展的主攻路径。"
        )
    )
    campaign = page.articles[2]
    assert (campaign.kicker, campaign.byline) == ("“五个大起底”在行动", "赵晖")
    assert by_title(page, "老小区").byline == "王江宇"
    hotline = by_title(page, "12345")
    assert any("如今她已经是值班长了。" in p for p in hotline.paragraphs)


def test_page_004_details(pages: dict[str, Page]) -> None:
    page = pages["004"]
    inspection = page.articles[2]
    assert inspection.kicker == "就全市城乡居民养老保险工作情况"
    assert page.articles[6].byline == "本报记者 吕会生 摄"
    assert "王国华参加。" in page.articles[1].paragraphs[1]  # a name cut by a column break
    energy = page.articles[7]
    assert energy.paragraphs[0].startswith("市发改委深入贯彻")
    assert "取暖产品质量等方面持续发力" in page.articles[4].paragraphs[1]  # justified spacing


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_nothing_printed_is_lost(pages: dict[str, Page], seed: str) -> None:
    page = pages[seed]
    printed = {n for n, line in enumerate(page.text.split("\n")) if line.strip()}
    covered = {n for article in page.articles for n in article.source_lines}
    assert printed - covered == set()


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_text_is_clean(pages: dict[str, Page], seed: str) -> None:
    for article in pages[seed].articles:
        for paragraph in article.paragraphs:
            assert "\n" not in paragraph
            assert not MARKER_RE.search(paragraph)
            assert "  " not in paragraph
