"""The command line: output, exit statuses and one-line errors, through typer's test runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp_reports.cli import app
from tests.conftest import CORPORA, SEED

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_extract_prints_the_report_json():
    result = invoke("extract", str(SEED))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["report_year"] == 2015
    assert any(f["text"] == "127676件" for f in record["facts"])
    assert (
        record["text"][record["facts"][0]["span"][0] : record["facts"][0]["span"][1]]
        == record["facts"][0]["text"]
    )


def test_extract_writes_jsonl_one_line_per_document(tmp_path: Path):
    out = tmp_path / "out.jsonl"
    result = invoke(
        "extract", str(SEED), str(CORPORA / "ogi-prose-11.txt"), "--format", "jsonl", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["source"]["path"] for line in lines] == [
        str(SEED),
        str(CORPORA / "ogi-prose-11.txt"),
    ]
    assert "text" not in json.loads(lines[0]) or json.loads(lines[0])["text"] is None


def test_unreadable_input_is_one_error_line_and_status_2(tmp_path: Path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x00\x01\x02PNG")
    result = invoke("extract", str(binary))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {binary}: binary file (contains NUL bytes), not text"
    missing = invoke("extract", str(tmp_path / "absent.txt"))
    assert missing.exit_code == 2
    assert missing.stderr.strip() == f"error: {tmp_path / 'absent.txt'}: no such file"


def test_batch_keeps_going_and_writes_one_record_per_input(tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00")
    out = tmp_path / "out.jsonl"
    result = invoke(
        "extract",
        str(SEED),
        str(bad),
        str(CORPORA / "ogi-prose-11.txt"),
        "-f",
        "jsonl",
        "-o",
        str(out),
    )
    assert result.exit_code == 2
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["record"] for r in records] == ["report", "error", "report"]
    assert records[1]["path"] == str(bad)


def test_csv_has_one_row_per_fact(tmp_path: Path):
    out = tmp_path / "facts.csv"
    result = invoke("extract", str(SEED), "-f", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    seed = json.loads(invoke("extract", str(SEED)).stdout)
    assert len(rows) == len(seed["facts"])
    row = next(r for r in rows if r["text"] == "3600多人")
    assert (row["kind"], row["value"], row["unit"], row["approx"], row["subject"]) == (
        "count",
        "3600",
        "人",
        "more_than",
        "培训人员",
    )


def test_check_exit_status_follows_the_verdicts(tmp_path: Path):
    good = invoke("check", str(SEED))
    assert good.exit_code == 0, good.output
    assert "checks: 0 fail" in good.stdout
    altered = tmp_path / "altered.txt"
    altered.write_text(
        SEED.read_text(encoding="utf-8").replace("即辦件24633件", "即辦件24663件"), encoding="utf-8"
    )
    bad = invoke("check", str(altered))
    assert bad.exit_code == 1
    assert "parts_sum.v1" in bad.stdout
    as_json = invoke("check", str(altered), "--format", "json")
    record = json.loads(as_json.stdout)
    assert any(c["status"] == "fail" for c in record["checks"])


def test_schema_command_writes_the_committed_schemas(tmp_path: Path):
    result = invoke("schema", str(tmp_path))
    assert result.exit_code == 0
    root = Path(__file__).resolve().parent.parent
    for name in ("report.schema.json", "error.schema.json"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (root / "schemas" / name).read_text(
            encoding="utf-8"
        )


def test_eval_prints_scores_and_fails_below_threshold():
    result = invoke("eval", str(CORPORA), "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["documents"] >= 50
    assert scores["kinds"]["percentage"]["f1"] > 0.9
    impossible = invoke("eval", str(CORPORA), "--min-f1", "1.01")
    assert impossible.exit_code == 1


@pytest.mark.parametrize("command", ["extract", "check", "schema", "eval"])
def test_every_command_has_help_with_an_example(command: str):
    result = invoke(command, "-h")
    assert result.exit_code == 0
    assert "Example:" in result.stdout


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("nlp-reports ")
