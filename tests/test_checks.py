"""relate + check: the seed's arithmetic passes; an altered number fails the check that uses it."""

from __future__ import annotations

import pytest

import nlp_reports
from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


def _by_rule(report) -> dict[str, list]:
    found: dict[str, list] = {}
    for check in report.checks:
        found.setdefault(check.rule, []).append(check)
    return found


def test_seed_checks_all_pass_with_their_evidence(seed_report):
    statuses = {(c.rule, c.status) for c in seed_report.checks}
    assert statuses == {
        ("parts_sum.v1", "pass"),
        ("share.v1", "pass"),
        ("rate.v1", "pass"),
        ("percent_sum.v1", "pass"),
        ("period_year.v1", "pass"),
        ("required_sections.v1", "pass"),
        ("item_count.v1", "pass"),
        ("same_metric.v1", "pass"),
    }
    texts = {c.rule: [seed_report.fact(i).text for i in c.facts] for c in seed_report.checks}
    parts = [
        [seed_report.fact(i).text for i in c.facts] for c in _by_rule(seed_report)["parts_sum.v1"]
    ]
    assert parts == [["127676件", "24633件", "103043件"], ["84萬件", "33萬件"]]
    assert texts["rate.v1"] == ["95317件", "103043件", "92.5%"]
    assert texts["percent_sum.v1"] == ["19.29%", "80.71%"]
    assert texts["same_metric.v1"] == ["四級", "四級"]
    shares = [
        [seed_report.fact(i).text for i in c.facts] for c in _by_rule(seed_report)["share.v1"]
    ]
    assert shares == [["24633件", "127676件", "19.29%"], ["103043件", "127676件", "80.71%"]]
    for check in seed_report.checks:
        heading = [s.heading_span for s in seed_report.sections if s.heading in check.message]
        assert check.spans == [seed_report.fact(i).span for i in check.facts] + heading
    found = [c for c in seed_report.checks if c.rule == "required_sections.v1"]
    assert [seed_report.text[slice(*c.spans[0])] for c in found] == [
        c.message.split("found: ")[1] for c in found
    ]


def test_two_decimal_share_gets_its_tolerance(seed_report):
    share = _by_rule(seed_report)["share.v1"][0]
    assert share.tolerance == pytest.approx(0.005)
    assert share.expected == pytest.approx(24633 / 127676 * 100, abs=1e-6)


@pytest.mark.parametrize(
    ("original", "altered", "rule"),
    [
        ("即辦件24633件", "即辦件24663件", "parts_sum.v1"),
        ("占總數19.29%", "占總數19.92%", "share.v1"),
        ("提前辦結率92.5%", "提前辦結率93.5%", "rate.v1"),
        ("占總數80.71%", "占總數81.71%", "percent_sum.v1"),
    ],
)
def test_altered_seed_number_fails_its_check(original, altered, rule):
    assert SEED_TEXT.count(original) == 1
    report = nlp_reports.extract(SEED_TEXT.replace(original, altered))
    failing = [c for c in report.checks if c.status == "fail" and c.rule == rule]
    assert failing, [(c.rule, c.status, c.message) for c in report.checks]
    used_texts = {report.fact(i).text for c in failing for i in c.facts}
    assert any(text in altered for text in used_texts)


def test_truncated_share_is_a_warning_not_an_error():
    report = nlp_reports.extract(
        "共收到申请1000件,其中当面申请453件,占总数45.3%。", profile="generic"
    )
    share = next(c for c in report.checks if c.rule == "share.v1")
    assert share.status == "pass"
    report = nlp_reports.extract(
        "办件总数12000件,其中即办件5446件,占总数45.3%。", profile="generic"
    )
    share = next(c for c in report.checks if c.rule == "share.v1")
    assert (share.status, share.severity) == ("fail", "warning")
    assert "truncated" in share.message


def test_parts_that_exceed_their_total_fail():
    text = "2016年政务网站、微信、微博共发布各类信息2483条,其中网站(含转发)319条,微信(含转发)851条,微博(含转发)2348条。"
    report = nlp_reports.extract(text, profile="generic")
    parts = next(c for c in report.checks if c.rule == "parts_sum.v1")
    assert parts.status == "fail"
    assert parts.expected == 3518
    assert parts.actual == 2483


def test_approximate_operands_make_a_check_unverifiable():
    report = nlp_reports.extract(
        "共受理申请300多件,其中网上申请100件,当面申请200件,分别为两类。", profile="generic"
    )
    parts = next(c for c in report.checks if c.rule == "parts_sum.v1")
    assert parts.status in {"unverifiable", "pass"}
    assert parts.status != "fail"


_DONATIONS = (
    "據統計,五十家上榜企業的捐贈總額約為五十九億元人民幣,其中,中國企業的捐款總額超過四十七億元,"
    "占{share},外資企業占兩成。"
)  # other-11


@pytest.mark.parametrize(
    ("share", "status"), [("八成", "pass"), ("九成", "pass"), ("七成", "fail"), ("六成", "fail")]
)
def test_a_share_of_a_bounded_part_is_checked_against_the_bound(share, status):
    """超过四十七亿元 of 五十九亿元 is at least 46.5 / 59.5 = 78.2%: 八成 (75–85%) and 九成 agree
    with it, 七成 (65–75%) cannot."""
    report = nlp_reports.extract(_DONATIONS.format(share=share), profile="generic")
    shares = [c for c in report.checks if c.rule == "share.v1"]
    assert [(report.fact(c.facts[-1]).text, c.status) for c in shares] == [(share, status)]
    assert "超過四十七億元 / 五十九億元 lies in [78.15%, ∞]" in shares[0].message
    assert shares[0].expected == "[78.15%, ∞]"


def test_a_share_naming_its_own_part_is_not_taken_of_the_amount_before():
    """外资企业占两成 is not a share of 超过四十七亿元, the Chinese companies' amount."""
    report = nlp_reports.extract(_DONATIONS.format(share="八成"), profile="generic")
    shares = [r for r in report.relations if r.type == "share"]
    assert [report.fact(str(r.roles["share"])).text for r in shares] == ["八成"]


def test_an_english_translation_is_checked_against_its_original():
    """work-report-06 gives 220.84亿元 as RMB20.084 billion in its English translation."""
    from tests.conftest import CORPORA

    report = nlp_reports.extract(CORPORA / "work-report-06.txt")
    translated = [
        c for c in report.checks if c.rule == "same_metric.v1" and "translation" in c.message
    ]
    assert len(translated) == 13
    failing = [[report.fact(i).text for i in c.facts] for c in translated if c.status == "fail"]
    assert failing == [["220.84亿元", "RMB20.084 billion"]]


def test_a_headline_is_checked_against_the_paragraph_that_states_its_figure():
    """stat-communique-09 heads a paragraph with 地區生產總值增長6.7%."""
    from tests.conftest import CORPORA

    text = (CORPORA / "stat-communique-09.txt").read_text(encoding="utf-8")
    assert text.count("地區生產總值增長6.7%") == 1
    report = nlp_reports.extract(text.replace("地區生產總值增長6.7%", "地區生產總值增長7.6%"))
    failing = [c for c in report.checks if c.status == "fail" and "headline" in c.message]
    assert [[report.fact(i).text for i in c.facts] for c in failing] == [["7.6%", "6.7%"]]
