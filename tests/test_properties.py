"""Properties that hold for any text: never an exception, spans that slice the source, records
that validate, normalisation that is idempotent, the same output for the same input, and no
failing check on text whose arithmetic holds by construction.

Inputs are arbitrary Unicode (weighted towards the characters the patterns care about) and real
sentences from ``corpora/`` with random edits: digits changed, characters dropped, units swapped,
scripts mixed, full-width forms, white space and pieces of other sentences inserted. Example
counts and deadlines are set per test so the whole file stays within a few seconds a test in CI;
an example that once found a bug stays as an explicit ``@example``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import jsonschema
import opencc
import pytest
import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import nlp_reports
from nlp_reports.emit import record_dict, to_json
from nlp_reports.normalise import normalise
from nlp_reports.profiles import lexicon
from nlp_reports.records import Report
from tests.conftest import CORPORA, ROOT

VALIDATOR = jsonschema.Draft202012Validator(
    json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
)
# Characters the stages treat specially: digits in three forms, Chinese numerals and multipliers,
# units, Traditional forms, punctuation that ends sentences and clauses, brackets of document
# numbers and titles, white space, and the cue words of relations.
INTERESTING = (
    "0123456789０１２３４５６７８９〇零一二两三四五六七八九十百千万亿壹贰叁拾佰仟萬億兩"
    "件宗条项个人次家元％%‰.,，、。；;：:！？!?（）()〔〕［］《》“”\"'-—～~至到 \t\n\u3000"
    "年月日号度季约近余多以上左右占其中共分别为率增长下降同比發個項條萬這為"
)
SETTINGS = settings(
    max_examples=400,
    deadline=2000,  # ms; one example is a short text, a second is already pathological
    suppress_health_check=[HealthCheck.too_slow],
)


@cache
def corpus_sentences() -> tuple[str, ...]:
    """Sentences of the corpus that state a number: what the extractor is really fed."""
    sentences = []
    for path in sorted(CORPORA.glob("*.txt")):
        for sentence in regex.split(r"(?<=[。！？!?；;\n])", path.read_text(encoding="utf-8")):
            if 4 <= len(sentence) <= 240 and regex.search(
                r"[\d一二三四五六七八九十百千万]", sentence
            ):
                sentences.append(sentence)
    return tuple(sentences)


@cache
def unit_words() -> tuple[str, ...]:
    return tuple(sorted({unit.word for unit in lexicon().units}))


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _convert(text: str, config: str) -> str:
    """Text in another script: s2t, t2s, or s2tw (Taiwan phrasing)."""
    return _converter(config).convert(text)


@st.composite
def edited_sentence(draw: st.DrawFn) -> str:
    """A real sentence with a few random edits of the kinds a crawler or a typist makes."""
    text = draw(st.sampled_from(corpus_sentences()))
    for _ in range(draw(st.integers(0, 5))):
        edit = draw(
            st.sampled_from(
                ["digit", "drop", "unit", "script", "full_width", "insert", "splice", "space"]
            )
        )
        at = draw(st.integers(0, len(text)))
        if edit == "digit":
            digits = [i for i, char in enumerate(text) if char.isdigit()]
            if digits:
                i = draw(st.sampled_from(digits))
                text = text[:i] + draw(st.sampled_from("0123456789")) + text[i + 1 :]
        elif edit == "drop" and text:
            end = min(len(text), at + draw(st.integers(1, 3)))
            text = text[:at] + text[end:]
        elif edit == "unit":
            found = [u for u in unit_words() if u in text]
            if found:
                text = text.replace(
                    draw(st.sampled_from(found)), draw(st.sampled_from(unit_words())), 1
                )
        elif edit == "script":
            end = min(len(text), at + draw(st.integers(1, 20)))
            config = draw(st.sampled_from(["s2t", "t2s", "s2tw"]))
            text = text[:at] + _convert(text[at:end], config) + text[end:]
        elif edit == "full_width":
            end = min(len(text), at + draw(st.integers(1, 20)))
            wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text[at:end])
            text = text[:at] + wide + text[end:]
        elif edit == "insert":
            text = text[:at] + draw(st.text(alphabet=INTERESTING, max_size=4)) + text[at:]
        elif edit == "splice":
            other = draw(st.sampled_from(corpus_sentences()))
            start = draw(st.integers(0, len(other)))
            text = text[:at] + other[start : start + draw(st.integers(1, 30))] + text[at:]
        elif edit == "space":
            text = (
                text[:at] + draw(st.sampled_from([" ", "\n", "\u3000", "\t", "\r\n"])) + text[at:]
            )
    return text


ANY_TEXT = st.text(alphabet=st.one_of(st.sampled_from(INTERESTING), st.characters()), max_size=200)
PARAGRAPHS = st.lists(edited_sentence(), min_size=2, max_size=12).map(
    lambda sentences: "\n".join(sentences)
)
TEXTS = st.one_of(ANY_TEXT, edited_sentence(), PARAGRAPHS)


@pytest.fixture(scope="module", autouse=True)
def _pipeline_loaded():
    """Load dictionaries and patterns once, so no example pays for them against its deadline."""
    nlp_reports.extract("窗口办件总数127676件,其中即办件24633件,占总数19.29%。")


def _strict_json(text: str) -> object:
    """JSON as other tools read it: NaN and Infinity are not JSON."""

    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} in JSON output")

    return json.loads(text, parse_constant=refuse)


def assert_well_formed(text: str, report: Report) -> None:
    """Every invariant a record of ``text`` must keep (lone surrogates, which no encoding writes,
    are the one change: each becomes U+FFFD, so every span keeps its place)."""
    text = regex.sub(r"[\ud800-\udfff]", "\ufffd", text)
    assert report.text == text
    length = len(text)
    facts = {fact.id: fact for fact in report.facts}
    for fact in report.facts:
        assert text[fact.span[0] : fact.span[1]] == fact.text, fact
    for section in report.sections:
        assert 0 <= section.span[0] <= section.span[1] <= length
        heading_start, heading_end = section.heading_span
        assert text[heading_start:heading_end] == section.heading
    for relation in report.relations:
        assert 0 <= relation.span[0] <= relation.span[1] <= length
        for role in relation.roles.values():
            for fact_id in [role] if isinstance(role, str) else role:
                assert fact_id in facts, (relation, fact_id)
    evidence = {section.heading_span for section in report.sections} | {
        span for table in report.tables for span in table.cell_spans.values()
    }
    for check in report.checks:
        used = [facts[fact_id].span for fact_id in check.facts]
        assert check.spans[: len(used)] == used
        assert set(check.spans[len(used) :]) <= evidence
    for problem in report.problems:
        if problem.span is not None:
            assert 0 <= problem.span[0] <= problem.span[1] <= length
    VALIDATOR.validate(record_dict(report))
    assert _strict_json(to_json(report))["facts"] == record_dict(report)["facts"]


@SETTINGS
@given(TEXTS)
@example("共有" + "7" * 10_000 + "件。")
@example("一" * 2000 + "件")
def test_extract_gives_a_well_formed_record_for_any_text(text: str):
    assert_well_formed(text, nlp_reports.extract(text))


@settings(SETTINGS, max_examples=1000)
@given(TEXTS)
def test_normalisation_is_idempotent(text: str):
    once = normalise(text)
    assert normalise(once.text).text == once.text
    assert len(once.offsets.span(0, len(once.text))) == 2


@settings(SETTINGS, max_examples=150)
@given(TEXTS)
def test_the_same_input_gives_the_same_output(text: str):
    assert (
        nlp_reports.extract(text).model_dump_json() == nlp_reports.extract(text).model_dump_json()
    )


CLI = "from nlp_reports.cli import app; app()"


def test_the_same_input_gives_the_same_output_in_another_process():
    """Set and dict order must not leak into records: two hash seeds, the same bytes out."""
    paths = [str(path) for path in sorted(CORPORA.glob("*.txt"))[:12]]
    outputs = []
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        completed = subprocess.run(
            [sys.executable, "-c", CLI, "extract", *paths, "--format", "jsonl", "--no-text"],
            capture_output=True,
            check=False,
            cwd=ROOT,
            env=environment,
        )
        assert completed.returncode == 0, completed.stderr.decode()
        outputs.append(completed.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"\n") == len(paths)


def _percent(part: int, whole: int, decimals: int) -> str:
    exact = Decimal(part) * 100 / Decimal(whole)
    return str(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _written(value: int, style: str) -> str:
    if style == "comma":
        return f"{value:,}"
    if style == "full_width":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(value))
    return str(value)


@st.composite
def breakdown_sentence(draw: st.DrawFn) -> tuple[str, str]:
    """A total, its parts and their shares, as the seed report writes them; all true.

    Returns the sentence and the rule that must find it true.
    """
    parts = draw(st.lists(st.integers(1, 200_000), min_size=2, max_size=4))
    total = sum(parts)
    decimals = draw(st.integers(0, 2))
    style = draw(st.sampled_from(["plain", "comma", "full_width"]))
    unit = draw(st.sampled_from(["件", "条", "人次"]))
    names = ["即办件", "承诺件", "联办件", "上报件"][: len(parts)]
    pieces = [
        f"{name}{_written(part, style)}{unit},占总数{_percent(part, total, decimals)}%"
        for name, part in zip(names, parts, strict=True)
    ]
    cue = draw(st.sampled_from(["其中", "其中分别为"]))
    sentence = f"窗口办件总数{_written(total, style)}{unit},{cue}" + ";".join(pieces) + "。"
    return _in_script(draw, sentence), "share.v1"


# How real reports state a rate: the whole, the part, and the part's rate (提前办结率92.5%).
RATE_WORDING = (
    ("办件总量", "提前办结", "提前办结率"),
    ("受理申请", "按时答复", "按时答复率"),
    ("收到申请", "当期办结", "办结率"),
    ("网上办件", "按期办结", "按期办结率"),
)


@st.composite
def rate_sentence(draw: st.DrawFn) -> tuple[str, str]:
    """A whole, a part of it and the part's rate, correctly rounded."""
    whole = draw(st.integers(1, 500_000))
    part = draw(st.integers(0, whole))
    decimals = draw(st.integers(0, 2))
    style = draw(st.sampled_from(["plain", "comma", "full_width"]))
    whole_name, part_name, rate_name = draw(st.sampled_from(RATE_WORDING))
    sentence = (
        f"全年{whole_name}{_written(whole, style)}件,{part_name}{_written(part, style)}件,"
        f"{rate_name}{_percent(part, whole, decimals)}%。"
    )
    return _in_script(draw, sentence), "rate.v1"


def _in_script(draw: st.DrawFn, sentence: str) -> str:
    return _convert(sentence, "s2t") if draw(st.booleans()) else sentence


@settings(SETTINGS, max_examples=300)
@given(st.one_of(breakdown_sentence(), rate_sentence()))
@example(
    (
        "窗口办件总数127676件,其中即办件24633件,占总数19.29%;承诺件103043件,占总数80.71%。",
        "share.v1",
    )
)
def test_no_check_fails_when_the_arithmetic_holds(case: tuple[str, str]):
    sentence, rule = case
    report = nlp_reports.extract(sentence)
    arithmetic = [check for check in report.checks if check.relation is not None]
    assert [check.message for check in arithmetic if check.status == "fail"] == []
    assert rule in {check.rule for check in arithmetic if check.status == "pass"}, [
        (check.rule, check.status, check.message) for check in report.checks
    ]
