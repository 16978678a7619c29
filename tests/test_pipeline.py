"""The whole pipeline on every corpus text: spans slice the source, records validate, output is stable."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import nlp_reports
from nlp_reports.emit import record_dict, schema_files
from nlp_reports.evaluate import text_of
from tests.conftest import CORPORA, GOLD_PATHS, ROOT, corpus_id

SCHEMA = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))


def test_committed_schemas_match_the_code():
    for name, content in schema_files().items():
        committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
        assert committed == content, f"schemas/{name} is stale: run `nlp-reports schema schemas`"


@pytest.mark.parametrize("gold_path", GOLD_PATHS, ids=corpus_id)
def test_every_span_slices_the_source_and_the_record_validates(corpus_reports, gold_path):
    _, report = corpus_reports[corpus_id(gold_path)]
    source = text_of(gold_path)
    if source.suffix in {".txt", ".md"}:
        assert report.text == source.read_text(encoding="utf-8")
    text = report.text
    for fact in report.facts:
        assert text[fact.span[0] : fact.span[1]] == fact.text
    for check in report.checks:
        for fact_id in check.facts:
            assert report.fact(fact_id).span in check.spans
    for table in report.tables:
        for key, (start, end) in table.cell_spans.items():
            value = table.cells[key]
            assert (value is None) == (start == end), f"{table.id}:{key}"
            if isinstance(value, int):
                assert str(abs(value)) in text[start:end].replace(",", "")
    jsonschema.validate(record_dict(report), SCHEMA)


def test_the_same_input_gives_the_same_output():
    path = CORPORA / "stat-communique-11.txt"
    first = nlp_reports.extract(path).model_dump_json()
    second = nlp_reports.extract(path).model_dump_json()
    assert first == second


def test_str_is_text_and_path_is_a_file(tmp_path: Path):
    path = tmp_path / "r.txt"
    path.write_text("共受理申请4件。", encoding="utf-8")
    from_path = nlp_reports.extract(path)
    assert from_path.source.path == str(path)
    assert from_path.source.encoding == "utf-8"
    from_text = nlp_reports.extract(str(path))
    assert from_text.source.path is None
    assert [f.kind for f in from_text.facts] == []
    with pytest.raises(TypeError):
        nlp_reports.extract(b"bytes")  # type: ignore[arg-type]


def test_empty_text_gives_a_record_with_a_problem():
    report = nlp_reports.extract("")
    assert report.facts == []
    assert report.problems[0].stage == "read"


def test_check_recomputes_verdicts_for_an_edited_report(seed_report):
    edited = seed_report.model_copy(deep=True)
    share = next(f for f in edited.facts if f.text == "19.29%")
    share.value = 25.0
    verdicts = {
        c.rule: c.status
        for c in nlp_reports.check(edited)
        if c.rule == "share.v1" and c.status == "fail"
    }
    assert verdicts == {"share.v1": "fail"}


def test_seed_title_year_script_profile(seed_report):
    assert seed_report.title == "雲浮市人民政府辦公室2015年政府信息公開工作年度報告"
    assert seed_report.report_year == 2015
    assert seed_report.script == "traditional"
    assert seed_report.profile == "ogi"
    import hashlib

    from tests.conftest import SEED

    assert seed_report.source.sha256 == hashlib.sha256(SEED.read_bytes()).hexdigest()
