"""relate: a long document of one shape is read in time proportional to its length.

Each finder once walked back over a sentence, a paragraph or every earlier relation for each
fact, so that one long sentence of amounts, or thousands of sentences naming one metric, took
minutes. These documents of 3,000 repeats (50 to 75 KB) are read in about a second each; the limit
of 60 s only stops a walk that grows with the square of the length. Marked slow: CI runs them.
"""

from __future__ import annotations

import pytest

import nlp_reports
from nlp_reports.limits import time_limit

REPEATS = 3000
SHAPES = {
    "one sentence of amounts and shares": "全市"
    + "，".join(f"第{i}类收入{i + 3}万元,占{i % 90 + 1}%" for i in range(REPEATS))
    + "。",
    "one sentence of shares only": "，".join(f"城镇占{i % 60}%,乡村占40%" for i in range(REPEATS))
    + "。",
    "sentences opening with one tier": "。".join(
        f"省政府及其部门受理申请{i}件" for i in range(REPEATS)
    )
    + "。",
    "one sentence repeated with new values": "".join(
        f"全市一般公共预算收入达到{i}万元。" for i in range(REPEATS)
    ),
    "one column stated again and again": "".join(
        f"通过审计信息专栏公开政府信息{i}条。" for i in range(REPEATS)
    ),
    "counts of levels in one paragraph": "".join(
        f"完成四级网上办事大厅{i}个,四级网厅" for i in range(REPEATS)
    ),
    "totals and their parts": "".join(
        f"共受理{i + 100}件,其中网上{i}件,信函100件。" for i in range(REPEATS)
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("text", SHAPES.values(), ids=SHAPES.keys())
def test_a_long_document_of_one_shape_is_read_in_linear_time(text):
    with time_limit(60):
        report = nlp_reports.extract(text, profile="generic")
    assert report.facts
    assert not [c for c in report.checks if c.status == "fail"]
