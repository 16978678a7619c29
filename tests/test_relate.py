"""Relations the prose asserts across sentences: a gap between two growth rates whose other rate
is stated elsewhere (stat-communique-09 and -11), a share whose part and whole are named in its
sentence and stated in another (stat-communique-11: 服务业 is 第三产业), tiers of government that
make up their territory (ogi-prose-18), shares of the two halves of one whole (other-11)."""

from __future__ import annotations

import pytest

import nlp_reports
from tests.conftest import CORPORA

# stat-communique-11: GDP growth in one paragraph, the services' gap to it in another.
GDP = "上半年,全市生产总值9927.60亿元,按可比价格计算,同比增长3.4%,比一季度加快1.5个百分点。"
SERVICES = "上半年,服务业增加值同比增长5.3%,比一季度加快0.9个百分点,快于全市生产总值1.9个百分点。"
BREAKDOWN = "其中,第一产业增加值61.55亿元,下降8.6%;第二产业增加值4375.57亿元,增长1.5%;第三产业增加值5490.48亿元,增长5.3%。"
SHARE = "上半年,服务业增加值同比增长5.3%,比一季度加快0.9个百分点,占全市生产总值的比重为55.3%,同比提高1.2个百分点。"


def _gaps(report: nlp_reports.Report) -> list[tuple[str, str, str, str | None]]:
    return [
        (
            report.fact(rel.roles["current"]).text,
            report.fact(rel.roles["previous"]).text,
            report.fact(rel.roles["change"]).text,
            rel.cue,
        )
        for rel in report.relations
        if rel.type == "growth" and "previous" in rel.roles
    ]


def test_a_gap_between_growth_rates_is_checked_against_the_rate_stated_elsewhere():
    report = nlp_reports.extract(f"{GDP}\n{SERVICES}")
    assert _gaps(report) == [("5.3%", "3.4%", "1.9个百分点", "高于")]
    assert [c.status for c in report.checks if c.rule == "growth.v1"] == ["pass"]
    altered = nlp_reports.extract(f"{GDP}\n{SERVICES.replace('1.9个', '2.9个')}")
    assert [c.message for c in altered.checks if c.status == "fail"] == [
        "5.3% is 1.9 points above 3.4%, but the text states 2.9个百分点"
    ]


def test_the_other_rate_may_be_named_by_a_synonym_and_only_its_scope_counts():
    """stat-communique-09: 全市经济增速 is the growth of 地区生产总值 in the sentence that says 全市;
    the headline 地区生产总值增长6.7% names no scope."""
    report = nlp_reports.extract(CORPORA / "stat-communique-09.txt")
    assert _gaps(report) == [("7.6%", "6.7%", "0.9個百分點", "高于")]
    (gap,) = [r for r in report.relations if r.type == "growth" and "previous" in r.roles]
    assert report.fact(gap.roles["previous"]).span[0] > 120
    assert gap.candidates == []


def test_a_rate_below_the_other_is_read_on_its_side():
    text = f"{GDP}\n上半年,农业增加值同比增长1.4%,低于全市生产总值2.0个百分点。"
    report = nlp_reports.extract(text)
    assert _gaps(report) == [("1.4%", "3.4%", "2.0个百分点", "低于")]
    assert [c.status for c in report.checks if c.rule == "growth.v1"] == ["pass"]


def test_no_gap_is_read_where_the_text_leaves_the_other_rate_open():
    other_scope = SERVICES.replace("全市生产总值", "全国生产总值")
    national_nearby = GDP.replace("同比增长3.4%,", "同比增长3.4%,高于全国0.9个百分点,")
    other_period = GDP.replace("上半年", "一季度")
    disagreeing = f"{GDP}\n上半年,全市生产总值同比增长3.5%。"
    for text in (
        f"{GDP}\n{other_scope}",
        f"{national_nearby}\n{other_scope}",
        f"{other_period}\n{SERVICES}",
        f"{disagreeing}\n{SERVICES}",
    ):
        assert _gaps(nlp_reports.extract(text)) == [], text


def _shares(report: nlp_reports.Report) -> list[tuple[str, str, str]]:
    return [
        tuple(report.fact(rel.roles[role]).text for role in ("part", "whole", "share"))
        for rel in report.relations
        if rel.type == "share"
    ]


def test_a_share_of_named_metrics_is_checked_against_their_amounts_stated_elsewhere():
    """The part is 服务业增加值 in the share's sentence and 第三产业增加值 in the breakdown, whose
    period (上半年) carries from the sentence before it in its paragraph."""
    report = nlp_reports.extract(f"{GDP}{BREAKDOWN}\n{SHARE}")
    assert _shares(report) == [("5490.48亿元", "9927.60亿元", "55.3%")]
    assert [c.status for c in report.checks if c.rule == "share.v1"] == ["pass"]
    altered = nlp_reports.extract(f"{GDP}{BREAKDOWN}\n{SHARE.replace('55.3%', '56.3%')}")
    assert [c.rule for c in altered.checks if c.status == "fail"] == ["share.v1"]


def test_no_share_is_read_where_the_text_leaves_its_operands_open():
    another_period = f"{GDP}{BREAKDOWN}\n{SHARE.replace('上半年', '一季度')}"
    another_whole = f"{GDP}{BREAKDOWN}\n{SHARE.replace('全市生产总值', '全国生产总值')}"
    another_topic = f"{GDP}{BREAKDOWN}\n{SHARE.replace('比一季度加快', '其中信息服务业加快')}"
    restated = BREAKDOWN.replace("5490.48", "5491.48")
    two_amounts = f"{GDP}{BREAKDOWN}\n{GDP}{restated}\n{SHARE}"
    for text in (another_period, another_whole, another_topic, two_amounts):
        assert _shares(nlp_reports.extract(text)) == [], text


# The sentence of an information-disclosure report, repeated for each office it covers.
PER_OFFICE = (
    "（一）市发展改革委。全年主动公开政府信息120条，其中通过网站公开100条。\n"
    "（二）市教育局。全年主动公开政府信息80条，其中通过网站公开60条。\n"
)


def _members(report: nlp_reports.Report, relation_type: str, role: str) -> list[list[str]]:
    """The texts of the facts in one role of every relation of a type."""
    return [
        [report.fact(fact_id).text for fact_id in rel.roles[role]]
        for rel in report.relations
        if rel.type == relation_type
    ]


def _same_metric_values(report: nlp_reports.Report) -> list[list[str]]:
    return _members(report, "same_metric", "facts")


def test_one_sentence_about_two_offices_states_two_metrics():
    assert _same_metric_values(nlp_reports.extract(PER_OFFICE)) == []


def test_one_sentence_about_one_office_twice_states_one_metric():
    again = "（三）市教育局。全年主动公开政府信息81条，其中通过网站公开60条。"
    report = nlp_reports.extract(PER_OFFICE + again)
    assert _same_metric_values(report) == [["80条", "81条"], ["60条", "60条"]]
    assert [c.status for c in report.checks if c.rule == "same_metric.v1"] == ["fail", "pass"]


# other-04: a trade deficit stated beside the imports and exports it is the difference of.
TRADE = (
    "据海关总署公布的2023年1-6月的集成电路进出口数据,集成电路进口总金额为1,626亿美元,"
    "同比下降17%;出口总金额634亿美元,同比下降17.7%,贸易逆差992亿美元,对外需求依旧强烈。"
)


def _sums(report: nlp_reports.Report) -> list[tuple[str, list[str], str | None]]:
    return [
        (
            report.fact(str(rel.roles["total"])).text,
            [report.fact(p).text for p in rel.roles["parts"]],
            rel.cue,
        )
        for rel in report.relations
        if rel.type == "parts_total"
    ]


def _balances(report: nlp_reports.Report) -> list[tuple[str, list[str], str | None]]:
    return [total for total in _sums(report) if total[2] and total[2].endswith("差")]


def test_a_trade_balance_is_the_difference_of_the_flows_beside_it():
    report = nlp_reports.extract(TRADE)
    assert _balances(report) == [("1,626亿美元", ["634亿美元", "992亿美元"], "贸易逆差")]
    assert [c.status for c in report.checks if c.rule == "parts_sum.v1"] == ["pass"]
    altered = nlp_reports.extract(TRADE.replace("634亿", "684亿"))
    assert [c.rule for c in altered.checks if c.status == "fail"] == ["parts_sum.v1"]
    surplus = nlp_reports.extract("全年出口额为500亿元,进口额为300亿元,贸易顺差200亿元。")
    assert _balances(surplus) == [("500亿元", ["300亿元", "200亿元"], "贸易顺差")]


def test_no_balance_is_read_where_the_flows_are_not_one_scope_unit_and_period():
    for text in (
        TRADE.replace("出口总金额", "汽车出口总金额"),
        TRADE.replace("634亿美元", "634亿元"),
        TRADE.replace(";出口", ";2023年,出口"),
        TRADE.replace("贸易逆差992亿美元", "贸易逆差比上年扩大992亿美元"),
        TRADE.replace("集成电路进口总金额为1,626亿美元", "集成电路进出口总额2,260亿美元"),
        TRADE.replace("同比下降17%", "芯片进口总金额为900亿美元"),
    ):
        assert _balances(nlp_reports.extract(text)) == [], text


# ogi-prose-16: a total of what the channels carried, then each channel, with no 其中.
CHANNELS = (
    "2017年,主动公开政府信息累计204条,通过政府网站公开信息数163 条,"
    "政务微信订阅号“印象理合务”(微信号:lhwz4822006)公开政府信息23条,村务公开栏公开信息18条。"
)


def _channel_parts(report: nlp_reports.Report) -> list[tuple[str, list[str]]]:
    return [(total, parts) for total, parts, cue in _sums(report) if cue == "公开"]


def test_a_channel_total_is_broken_down_by_the_channels_that_repeat_its_action():
    report = nlp_reports.extract(CHANNELS)
    assert _channel_parts(report) == [("204条", ["163 条", "23条", "18条"])]
    assert [c.status for c in report.checks if c.rule == "parts_sum.v1"] == ["pass"]
    altered = nlp_reports.extract(CHANNELS.replace("163 条", "183 条"))
    assert [c.status for c in altered.checks if c.rule == "parts_sum.v1"] == ["fail"]


def test_amounts_after_a_total_that_name_no_channel_or_another_action_are_not_its_parts():
    for text in (
        # ogi-table-01: another action (发布) and another object (工作动态)
        "2021年度,共公开政府信息15条,在县政府网站发布工作动态38条。",
        # ogi-table-05: channels, but the total's action is not one a channel carries
        "全年诉求工作,中心网站、微博共办理66余件,市长信箱及市长公开电话等35件,民心网平台24件。",
        # huaian-2024: statuses of the requests, not channels
        "2024 年,全市共受理政府信息公开申请 3119 件,答复 3050 件,均在法定期限内予以答复。",
        # work-report-06: totals side by side
        "5年来,累计完成税收374亿元,年均增长29%;累计完成财政收入107亿元,年均增长18.2%。",
        CHANNELS.replace("累计", ""),
        CHANNELS.replace("政府信息累计", "公共服务信息"),
        CHANNELS.replace("村务公开栏公开信息18条", "依申请公开信息18条"),
        CHANNELS.replace(",通过政府网站", ",2018年通过政府网站"),
        CHANNELS.replace(",村务公开栏", ",累计在村务公开栏"),
    ):
        assert _channel_parts(nlp_reports.extract(text)) == [], text


def test_a_balance_after_its_two_flows_is_no_part_of_their_total():
    """A statistical communiqué's trade sentence: the surplus is 出口 − 进口, not a third part."""
    report = nlp_reports.extract(
        "全年货物进出口总额2260亿元,其中出口1443亿元,进口817亿元,贸易顺差626亿元。"
    )
    assert [c.status for c in report.checks if c.rule == "parts_sum.v1"] == ["pass", "pass"]
    assert _balances(report) == [("1443亿元", ["817亿元", "626亿元"], "贸易顺差")]
    parts = [r for r in report.relations if r.type == "parts_total" and r.cue == "其中"]
    assert [[report.fact(i).text for i in r.roles["parts"]] for r in parts] == [
        ["1443亿元", "817亿元"]
    ]


# ogi-prose-18: the province's figure, then the same figure for its own tier and the tiers below.
PROVINCE = "2018年全省全年受理申请11428件,较上年增长26.49%。"
PROVINCE_TIER = "省政府及其部门受理政府信息公开申请1784件,比上年增长32.25%。"
LOWER_TIERS = "市、县(市、区)政府及其部门和乡镇政府受理政府信息公开申请9644件,比上年增长25.47%。"


def test_the_tiers_of_government_make_up_the_territory_they_start_from():
    report = nlp_reports.extract(PROVINCE + PROVINCE_TIER + LOWER_TIERS)
    assert _sums(report) == [
        ("11428件", ["1784件", "9644件"], "省政府及其部门 + 市、县(市、区)政府及其部门和乡镇政府")
    ]
    altered = nlp_reports.extract(PROVINCE + PROVINCE_TIER.replace("1784", "1884") + LOWER_TIERS)
    assert [c.message for c in altered.checks if c.rule == "parts_sum.v1"] == [
        "parts 1884件 + 9644件 = 11528, which does not equal the total 11428件"
    ]


def test_a_city_and_its_districts_make_up_the_city_in_paragraphs_of_their_own():
    """ogi-prose-10: the catalogue entries of the city, its own organs and its districts."""
    report = nlp_reports.extract(
        "新增政府公开信息目录3059条。\n市级机关新增政府信息目录1412条,全文电子化率94%。\n"
        "区(县)政府机关新增政府信息目录1647条,全文电子化率90%。"
    )
    assert _sums(report) == [("3059条", ["1412条", "1647条"], "市级机关 + 区(县)政府机关")]


@pytest.mark.parametrize(
    "text",
    [
        PROVINCE + PROVINCE_TIER + "市级政府受理政府信息公开申请9644件。",
        PROVINCE + LOWER_TIERS + PROVINCE_TIER,
        PROVINCE + PROVINCE_TIER + LOWER_TIERS.replace("受理", "办结"),
        PROVINCE + "2019年," + PROVINCE_TIER + LOWER_TIERS,
    ],
    ids=["a tier left out", "the top tier last", "another figure", "another year"],
)
def test_tiers_that_do_not_reach_down_or_state_another_figure_make_up_nothing(text):
    assert _sums(nlp_reports.extract(text)) == []


# other-11: two shares of the donations, of Chinese and of foreign companies.
DONATIONS = (
    "五十家上榜企业的捐赠总额约为五十九亿元人民币,其中,中国企业的捐款总额超过四十七亿元,"
    "占{first},外资企业占{second}。"
)


def _percent_sums(report: nlp_reports.Report) -> list[list[str]]:
    return _members(report, "percent_sum", "shares")


def test_shares_of_the_two_halves_of_a_whole_add_up_to_a_hundred():
    report = nlp_reports.extract(DONATIONS.format(first="八成", second="两成"))
    assert _percent_sums(report) == [["八成", "两成"]]
    altered = nlp_reports.extract(DONATIONS.format(first="十成", second="两成"))
    assert [c.message for c in altered.checks if c.rule == "percent_sum.v1"] == [
        "十成 + 两成 = 120%, outside ±10 of 100%"
    ]


@pytest.mark.parametrize(
    "text",
    [
        DONATIONS.replace("外资企业", "国内企业").format(first="八成", second="两成"),
        DONATIONS.format(first="七成", second="两成,其他企业占一成"),
        "城镇人口占全省的60%,乡村人口占全国的30%。",
    ],
    ids=["one half twice", "a third share", "shares of two wholes"],
)
def test_shares_of_one_half_or_among_more_shares_need_not_add_up(text):
    assert _percent_sums(nlp_reports.extract(text)) == []


def test_the_figure_of_an_earlier_period_is_no_part_of_this_periods_total():
    """other-11: 十六家 is last year's number of companies with a report, not a part of 五十家."""
    report = nlp_reports.extract(
        "今年的五十家企业中,有十九家企业拥有“企业社会责任报告”,去年仅有十六家。", profile="generic"
    )
    assert _sums(report) == [("五十家", ["十九家"], "企业中,")]
