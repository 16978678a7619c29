"""The checks on the whole corpus: no false alarm on the texts as published; every gold relation,
altered so that it breaks, caught, except the known gaps listed in corpora/cases/check_gaps.yaml."""

from __future__ import annotations

import pytest
import yaml

from nlp_reports.evaluate import score_checks
from tests.conftest import CORPORA

GAPS_PATH = CORPORA / "cases" / "check_gaps.yaml"


@pytest.fixture(scope="module")
def scores():
    return score_checks(CORPORA)


def test_no_failing_check_on_texts_whose_arithmetic_holds(scores):
    assert scores.false_alarms == [], "\n".join(
        f"{a['document']}: {a['message']}" for a in scores.false_alarms
    )


def test_every_altered_relation_fails_a_check_except_known_gaps(scores):
    gaps = {
        (g["document"], g["type"], g["fact"])
        for g in yaml.safe_load(GAPS_PATH.read_text(encoding="utf-8"))
    }
    missed = {(m["document"], m["type"], m["fact"]) for m in scores.missed}
    assert missed - gaps == set(), "newly missed: add a fix, not a gap"
    assert gaps - missed == set(), "now caught: remove these from corpora/cases/check_gaps.yaml"
    assert scores.relations >= 150


def test_real_inconsistencies_of_the_corpus_are_found(scores):
    """ogi-prose-11 and -14 (parts against their total), ogi-prose-19 (0.01% for 2 of 1500),
    stat-communique-06 (a share printed truncated, another off by 0.08 points), and the Shanghai
    2019 report's 4.34% (printed truncated), in both of its published forms, work-report-06's
    English translation giving 220.84亿元 as RMB20.084 billion, and ogi-table-04's audit column,
    given 20 items in the summary and 16 in the section."""
    assert scores.real == 9
    assert scores.real_caught == 9
