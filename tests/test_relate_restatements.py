"""relate: one figure stated twice in other words is one metric, and only when both statements
name the same quantity. The sentences are taken from the corpus texts named in each test."""

from __future__ import annotations

import pytest

import nlp_reports
from nlp_reports.statements import read_statement
from tests.conftest import CORPORA


def _restated(text: str, cue: str = "restated") -> list[list[str]]:
    report = nlp_reports.extract(text, profile="generic")
    return [
        [report.fact(i).text for i in relation.roles["facts"]]
        for relation in report.relations
        if relation.type == "same_metric" and relation.cue == cue
    ]


def _failing(text: str) -> list[list[str]]:
    report = nlp_reports.extract(text, profile="generic")
    return [
        [report.fact(i).text for i in check.facts]
        for check in report.checks
        if check.rule == "same_metric.v1" and check.status == "fail"
    ]


def _statement(sentence: str, figure: str, kind: str):
    start = sentence.index(figure)
    return read_statement(sentence, 0, start, start + len(figure), kind)


# stat-communique-11: the summary under the title and the full text after the press release.
SUMMARY = (
    "上半年,全市生产总值9927.60亿元,按可比价格计算,同比增长3.4%,比一季度加快1.5个百分点。\n"
    "市政府新闻办昨天召开发布会,由市统计局发布我市上半年经济社会发展情况。初步核算并经国家统计局"
    "评估审定,上半年,全市生产总值9927.60亿元,按可比价格计算,同比增长3.4%,比一季度加快1.5个百分点。"
)


def test_a_summary_and_its_full_text_state_one_figure_each_time():
    assert _restated(SUMMARY) == [
        ["9927.60亿元", "9927.60亿元"],
        ["3.4%", "3.4%"],
        ["1.5个百分点", "1.5个百分点"],
    ]


@pytest.mark.parametrize(
    ("written", "altered"),
    [("9927.60亿元", "9928.60亿元"), ("3.4%", "4.4%"), ("1.5个百分点", "2.5个百分点")],
)
def test_an_altered_restatement_fails(written, altered):
    position = SUMMARY.rindex(written)
    text = SUMMARY[:position] + altered + SUMMARY[position + len(written) :]
    assert [written, altered] in _failing(text)


def test_a_growth_after_its_level_restates_the_growth_alone():
    """stat-communique-09: the sector breakdown, then the sector's own paragraph."""
    text = (
        "初步核算,上半年全市實現地區生產總值11413.8億元,按可比價格計算,同比增長6.7%。分產業看,"
        "第一產業增加值51.2億元,同比下降11.1%;第三產業增加值9352.1億元,增長7.6%。\n"
        "上半年,全市第三產業增加值增長7.6%,快于全市經濟增速0.9個百分點。"
    )
    assert _restated(text) == [["7.6%", "7.6%"]]


def test_one_metric_under_two_names():
    """work-report-08: 国内生产总值 and 经济增长, both stated as this year's target."""
    text = (
        "國務院總理李強5日在政府工作報告中提出,今年發展主要預期目標是:國內生産總值增長5%左右;"
        "城鎮新增就業1200萬人以上。\n提出上述預期目標,兼顧了需要和可能。經濟增長預期目標為5%左右,"
        "考慮了促進就業增收、防範化解風險等需要。"
    )
    assert _restated(text) == [["5%左右", "5%左右"]]
    target = _statement("经济增长预期目标为5%左右", "5%左右", "percentage")
    assert target is not None
    assert (target.reading, target.qualifiers) == ("growth", frozenset({"预期", "目标"}))
    assert "国内生产总值" in target.metrics


def test_a_list_item_stated_again_after_another_item():
    """work-report-05: one item of a list of results, repeated further down the list."""
    text = (
        "社会消费品零售总额285亿元,增长9.3%;新增国家高新技术企业560家,增长47%,总量全市第三;"
        "两税收入386.6亿元,净增50亿元;发放创新扶持资金2.3亿元,新增国家高新技术企业560家,"
        "增长47%,总量全市第三。"
    )
    assert _restated(text) == [["560家", "560家"], ["47%", "47%"]]


def test_two_lists_of_the_same_items_are_one_list_when_an_item_agrees():
    """stat-communique-04: the lead and the services paragraph; 服务贸易方面 opens the second."""
    text = (
        "统计暨普查局资料显示,2023年第3季本地生产总值按年实质增长116.1%,主要是受惠于服务出口表现"
        "强劲,当中博彩服务出口及其他旅游服务出口的升幅分别扩大至781.4%及255.4%。\n"
        "服务贸易方面,2023年第3季入境旅客人次按年增长8.2倍至828.2万,继续支持服务外需回升,"
        "博彩服务出口及其他旅游服务出口分别上升781.4%及255.4%。"
    )
    assert _restated(text) == [["781.4%", "781.4%"], ["255.4%", "255.4%"]]
    altered = text[: text.rindex("781.4%")] + "791.4%" + text[text.rindex("781.4%") + 6 :]
    assert ["781.4%", "791.4%"] in _failing(altered)


def test_a_scope_the_name_already_says_narrows_nothing():
    """stat-communique-04: 服务进口 under 服务贸易方面 is the 服务进口 of the lead, and 博彩服务出口
    its 博彩服务出口; the 当中 clause of the lead's first run narrows that run only."""
    text = (
        "2023年第3季本地生产总值按年实质增长116.1%,当中博彩服务出口及其他旅游服务出口的升幅分别"
        "扩大至781.4%及255.4%;货物进口及服务进口分别上升25.7%及58.2%。\n"
        "服务贸易方面,2023年第3季入境旅客人次按年增长8.2倍至828.2万,博彩服务出口及其他旅游服务出口"
        "分别上升781.4%及255.4%;服务进口则增加58.2%。"
    )
    assert _restated(text) == [["781.4%", "781.4%"], ["255.4%", "255.4%"], ["58.2%", "58.2%"]]
    assert _failing(text.replace("增加58.2%", "增加64.0%")) == [["58.2%", "64.0%"]]


def test_a_headline_names_its_metric_otherwise_than_its_paragraph():
    """stat-communique-02 (GDP over 本地生产总值, a later quarter left aside) and work-report-07
    (a paragraph whose figure has no subject of its own)."""
    macau = (
        "01/03/2024\n澳門去年GDP勁增80.5%\n\n統計暨普查局資料顯示,2023年本地生產總值錄得實質增長80.5%,"
        "已回復至2019年逾八成水平。\n按季分析,2023年第4季本地生產總值按年實質增長86.4%。"
    )
    assert _restated(macau, "headline") == [["80.5%", "80.5%"]]
    gansu = (
        "    全省生产总值达到6790亿元\n\n    “十二五”时期,全省生产总值连续跨越两个千亿元台阶,"
        "预计年均增长10.5%,达到6790亿元;三次产业结构调整。"
    )
    assert _restated(gansu, "headline") == [["6790亿元", "6790亿元"]]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "初步核算,上半年全市生产总值735.4亿元,同比增长12.8%;两年平均增长6.0%。分产业看,第一产业"
            "增加值31.4亿元,同比增长8.1%,两年平均增长4.0%;第二产业增加值378.0亿元,同比增长11.1%,"
            "两年平均增长5.5%。",
            id="stat-communique-10: 两年平均 qualifies a growth, it names no metric",
        ),
        pytest.param(
            "固定资本形成总额按年上升45.5%,当中建筑投资及设备投资分别上升43.9%及50.4%。得益于大型基建"
            "的持续开展推进,公共建筑及设备投资分别按年上升26.8%及139.0%。",
            id="stat-communique-04: 公共建筑及设备投资 is 公共设备投资, not 设备投资",
        ),
        pytest.param(
            "省政府及其部門受理政府信息公開申請1784件,比上年增長32.25%,在對申請答復的1677件中,"
            "屬已主動公開的243件。鄉鎮政府受理政府信息公開申請9644件,比上年增長25.47%,在對申請答復的"
            "9213件中,屬已主動公開的2520件。",
            id="ogi-prose-18: the actor is named in an earlier clause",
        ),
        pytest.param(
            "2023年第3季本地生产总值按年实质增长116.1%。2023年首3季本地生产总值按年实质增长77.7%。",
            id="stat-communique-04: a quarter and the first three quarters",
        ),
        pytest.param(
            "整体进口上升25.7%。\n服务贸易方面,入境旅客人次按年增长8.2倍;整体进口则增加25.7%。",
            id="a figure under 服务贸易方面 whose name does not say it, and one under no scope",
        ),
        pytest.param(
            "（一）市发展改革委。全市主动公开政府信息120条,答复申请5件。\n"
            "（二）市教育局。主动公开政府信息共80条,答复申请5件。",
            id="one name for two offices, named in their headings",
        ),
        pytest.param(
            "2020年,全市实现新增创业44.6万人,同比增长12.8%。2021年,全市实现新增创业44.6万人,"
            "同比增长12.8%。",
            id="two years",
        ),
    ],
)
def test_figures_of_different_quantities_are_not_linked(text):
    assert _restated(text) == []
    assert _failing(text) == []


def test_every_restatement_of_the_corpus_holds_on_the_published_text():
    """The texts as published state each restated figure once: every link passes."""
    for name in ["stat-communique-04", "stat-communique-09", "stat-communique-11"]:
        report = nlp_reports.extract(CORPORA / f"{name}.txt")
        restated = [c for c in report.checks if c.rule == "same_metric.v1"]
        assert restated
        assert all(c.status == "pass" for c in restated), name


# other-10: the lead under the headline repeats the body's figures in fewer words and undated.
LEAD = (
    "上游发布 | 重庆市民营企业社会责任报告(2021)出炉:民企吸纳70%城镇新增就业人员\n"
    "税收总量达1506.8亿元,占全市税收总量比重的58.3%;城镇新增65.6万就业人员中,超过70%在民营市场"
    "主体……12月29日,《重庆市民营企业社会责任报告(2021)》新闻发布会在市政府新闻办举行。\n"
    "首先是民营企业税收贡献能力增强。2020年,全市民营经济税收总量1506.8亿元,占全市税收总量比重的"
    "58.3%;全市涉税市场主体151.3万户,民营经济市场主体达到150万户,占比超过99%。\n"
    "其次是就业带动作用凸显。2020年,全市实现新增创业44.6万人,同比增长12.8%;城镇新增65.6万就业"
    "人员中,超过70%在民营市场主体,民营经济持续发挥着吸纳就业的主渠道作用。"
)


def test_a_lead_repeats_the_body_in_fewer_words():
    assert _restated(LEAD, "lead") == [
        ["1506.8亿元", "1506.8亿元"],
        ["58.3%", "58.3%"],
        ["65.6万", "65.6万"],
        ["超过70%", "超过70%"],
    ]
    assert _failing(LEAD) == []


@pytest.mark.parametrize(
    ("written", "altered"),
    [
        ("1506.8亿元", "1656.8亿元"),
        ("58.3%", "59.3%"),
        ("65.6万", "72.6万"),
        ("超过70%", "超过80%"),
    ],
)
def test_an_altered_body_figure_fails_against_its_lead(written, altered):
    position = LEAD.rindex(written)
    text = LEAD[:position] + altered + LEAD[position + len(written) :]
    assert [written, altered] in _failing(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            LEAD.replace("城镇新增65.6万就业人员中,超过70%在民营市场主体……", "……"),
            id="other-10: one figure of the lead left, none beside it to confirm the passage",
        ),
        pytest.param(
            LEAD.replace("税收总量达1506.8亿元", "税收总量达2597.8亿元").replace(
                "全市民营经济税收总量1506.8亿元", "全市国有经济税收总量1206.8亿元"
            ),
            id="other-10: the lead's total is not the body's 国有 figure, its share agrees",
        ),
        pytest.param(
            LEAD.replace("税收总量达1506.8亿元,", "2021年,税收总量达1606.8亿元,"),
            id="other-10: a lead of another year",
        ),
        pytest.param(
            "全市生产总值5000亿元,增长3.4%;财政收入800.5亿元,增长6.1%;外贸进出口612.3亿元。\n"
            "2020年,全市生产总值5000亿元,增长3.4%。财政收入800.5亿元。"
            "规模以上工业增加值增长9.2%。外贸进出口612.3亿元。",
            id="a bare 增长 of the lead is not any 增长 of the body",
        ),
    ],
)
def test_a_lead_links_only_a_passage_it_repeats(text):
    assert all(a == b for a, b in _restated(text, "lead"))
    assert _failing(text) == []


# stat-communique-02: a kicker above the headline whose figure names nothing itself.
KICKER = (
    "回復至疫前逾八成水平\n\n澳門去年GDP勁增80.5%\n01/03/2024\n收藏\n分享\n\n"
    "統計暨普查局資料顯示,2023年本地生產總值錄得實質增長80.5%,已回復至2019年逾八成水平,"
    "其主要動力來自旅遊服務出口。"
)


def test_a_kicker_restates_the_words_of_its_body():
    assert ["逾八成", "逾八成"] in _restated(KICKER, "headline")
    assert _failing(KICKER) == []
    altered = KICKER.replace("2019年逾八成", "2019年逾七成")
    assert ["逾八成", "逾七成"] in _failing(altered)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            KICKER.replace(
                "已回復至2019年逾八成水平", "已回復至2019年逾八成水平,旅客人次回復至疫前逾六成水平"
            ),
            id="two figures of the body the kicker's words fit",
        ),
        pytest.param(
            KICKER.replace("已回復至2019年逾八成水平", "出口回復至2019年逾七成"),
            id="words after the figure differ",
        ),
        pytest.param(
            KICKER.replace("回復至疫前逾八成水平", "逾八成"),
            id="a figure with no words of its own",
        ),
    ],
)
def test_a_kicker_links_only_words_it_shortens(text):
    assert all(a == b for a, b in _restated(text, "headline"))
    assert _failing(text) == []


# ogi-table-04: a column's count in the summary and in the section on the platforms.
COLUMN_SUMMARY = "2022年,我局通过示范区管委会网站审计信息栏目公开信息20条。"
COLUMN_SECTION = (
    "本单位无部门网站。在管委会网站政府信息公开栏目设置有审计信息专栏,把审计相关信息在该栏目下"
    "及时公布,全年通过审计信息专栏公开政府信息16条。"
)


def test_one_columns_count_stated_twice_is_one_metric():
    """A real inconsistency: the summary says 20 items, the section 16."""
    text = f"{COLUMN_SUMMARY}\n{COLUMN_SECTION}"
    assert _restated(text, cue="栏目") == [["20条", "16条"]]
    assert _failing(text) == [["20条", "16条"]]
    assert _failing(text.replace("20条", "16条")) == []


@pytest.mark.parametrize(
    "section",
    [
        COLUMN_SECTION.replace("审计信息专栏公开", "政策解读专栏公开"),
        COLUMN_SECTION.replace("公开政府信息16条", "发布政府信息16条"),
        COLUMN_SECTION.replace("全年通过", "2021年通过"),
        COLUMN_SECTION.replace("全年通过", "累计通过"),
    ],
    ids=["another column", "another action", "another year", "a cumulative count"],
)
def test_counts_of_another_column_action_or_period_are_not_linked(section):
    assert _restated(f"{COLUMN_SUMMARY}\n{section}", cue="栏目") == []


def test_clauses_after_a_verb_ending_in_you_are_no_list_of_items():
    """设置有审计信息专栏,…,…16条 lists nothing: 16条 is no count of the clauses before it."""
    report = nlp_reports.extract(COLUMN_SECTION, profile="generic")
    assert [r for r in report.relations if r.type == "item_count"] == []


def test_a_count_of_levels_named_again_in_short_is_one_figure():
    """000_2e44: 四级网上办事大厅 and, in the same sentence, 四级网厅."""
    text = (
        "一是完成了市、县、镇、村四級網上辦事大廳建設,率先在全省把網上辦事延伸到村一級,"
        "實現四級網廳建設模式統一化、建設內容標準化。"
    )
    assert _restated(text, cue="级") == [["四級", "四級"]]
    assert _failing(text.replace("實現四級", "實現五級")) == [["四級", "五級"]]
    other = text.replace("實現四級網廳", "實現三級網格")
    assert _restated(other, cue="级") == []
