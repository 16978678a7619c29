"""Batches: one record per input in input order, worker processes, time limits, resume, outputs.

Inputs are real corpus reports, copied into a temporary folder with a numbered line appended
so that every copy has content of its own (resume matches inputs by path and content hash).
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp_reports.batch import (
    BatchOptions,
    completed_inputs,
    drop_torn_tail,
    process_one,
    run_batch,
    unfinished_inputs,
)
from nlp_reports.cli import app
from nlp_reports.limits import DocumentTimeout, time_limit
from nlp_reports.pool import in_input_order, map_in_workers
from tests.conftest import CORPORA, ROOT, SEED

runner = CliRunner()
REPORTS = sorted(CORPORA.glob("ogi-prose-*.txt"))


def invoke(*args: str):
    return runner.invoke(app, list(args))


def copies(folder: Path, count: int, sources: list[Path] = REPORTS) -> list[Path]:
    """``count`` distinct report files made from the corpus, named so they sort in order."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for number in range(count):
        source = sources[number % len(sources)]
        path = folder / f"{number:04d}.txt"
        path.write_text(source.read_text(encoding="utf-8") + f"\n第{number}份\n", encoding="utf-8")
        made.append(path)
    return made


def records_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def path_of(record: dict) -> str:
    return record["source"]["path"] if record["record"] == "report" else record["path"]


@pytest.fixture
def mixed_inputs(tmp_path: Path) -> list[str]:
    """Six reports with a binary file and a missing one among them."""
    files = [str(path) for path in copies(tmp_path / "in", 6)]
    binary = tmp_path / "in" / "scan.txt"
    binary.write_bytes(b"\x00PNG\x00\x01")
    return [*files[:2], str(binary), *files[2:4], str(tmp_path / "absent.txt"), *files[4:]]


def test_two_workers_write_exactly_what_one_process_writes(tmp_path: Path, mixed_inputs):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    first = invoke("extract", *mixed_inputs, "-o", str(one), "-q")
    second = invoke("extract", *mixed_inputs, "-o", str(two), "-q", "--jobs", "2")
    assert first.exit_code == second.exit_code == 2, first.output + second.output
    assert one.read_bytes() == two.read_bytes()
    records = records_of(one)
    assert [path_of(record) for record in records] == mixed_inputs
    assert [record["record"] for record in records].count("error") == 2


def test_unordered_output_holds_the_same_records(tmp_path: Path, mixed_inputs):
    ordered, unordered = tmp_path / "ordered.jsonl", tmp_path / "unordered.jsonl"
    invoke("extract", *mixed_inputs, "-o", str(ordered), "-q")
    invoke("extract", *mixed_inputs, "-o", str(unordered), "-q", "-j", "2", "--unordered")
    assert sorted(ordered.read_text(encoding="utf-8").splitlines()) == sorted(
        unordered.read_text(encoding="utf-8").splitlines()
    )


def test_error_records_carry_the_hash_of_bytes_that_could_be_read(tmp_path: Path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00PNG\x00\x01")
    record = process_one(str(binary))
    assert (record.record, record.stage) == ("error", "read")
    assert record.sha256 == hashlib.sha256(b"\x00PNG\x00\x01").hexdigest()
    missing = process_one(str(tmp_path / "absent.txt"))
    assert (missing.stage, missing.error, missing.sha256) == ("read", "no such file", None)


def test_a_failing_stage_becomes_an_error_record_and_the_batch_goes_on(monkeypatch, tmp_path):
    import nlp_reports.batch as batch

    def broken(document, **options):
        raise IndexError("list index out of range")

    monkeypatch.setattr(batch, "extract_document", broken)
    record = process_one(str(SEED))
    assert (record.stage, record.error) == (
        "extract",
        "internal error: IndexError: list index out of range",
    )


def pathological_report(folder: Path) -> Path:
    """A 3 MB report: the first paragraph of a real one, repeated, far beyond any real size."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "huge.txt"
    paragraph = (
        "窗口办件总数127676件,其中即办件24633件,占总数19.29%;承诺件103043件,占总数80.71%。\n"
    )
    path.write_text(paragraph * 40_000, encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_past_the_time_limit_becomes_a_timeout_record(tmp_path: Path, jobs: str):
    normal = copies(tmp_path / "in", 2)
    huge = pathological_report(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    started = time.monotonic()
    result = invoke(
        "extract",
        str(normal[0]),
        str(huge),
        str(normal[1]),
        "-o",
        str(out),
        "-j",
        jobs,
        "--time-limit",
        "0.5",
        "--max-chars",  # past the length limit it would be refused before any work
        "10000000",
    )
    assert time.monotonic() - started < 20
    assert result.exit_code == 2, result.output
    records = records_of(out)
    assert [record["record"] for record in records] == ["report", "error", "report"]
    assert records[1]["stage"] == "timeout"
    assert records[1]["error"] == "took longer than the time limit of 0.5 s"
    assert len(records[1]["sha256"]) == 64
    assert f"error: {huge}: took longer than the time limit of 0.5 s" in result.stderr


def test_the_time_limit_also_stops_work_in_another_thread():
    import threading

    outcome = []

    def spin():
        try:
            with time_limit(0.2):
                while True:
                    pass
        except DocumentTimeout:
            outcome.append("timeout")

    thread = threading.Thread(target=spin)
    thread.start()
    thread.join(10)
    assert outcome == ["timeout"]


def _work_that_hangs_or_dies(item: str) -> str:
    """Stands for a document stuck in a C call (deaf to the alarm) or crashing its process."""
    if item == "hang":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    if item == "die":
        os._exit(3)
    return item.upper()


def test_a_hung_or_dead_worker_is_replaced_and_its_item_reported():
    items = ["a", "b", "hang", "c", "die", "d", "e", "f"]
    started = time.monotonic()
    results = list(
        in_input_order(
            map_in_workers(
                _work_that_hangs_or_dies,
                items,
                jobs=2,
                lost=lambda item, cause: f"lost {item}: {cause}",
                hard_limit=1.0,
                chunk_size=2,
            )
        )
    )
    assert time.monotonic() - started < 30
    assert results == ["A", "B", "lost hang: timeout", "C", "lost die: exit code 3", "D", "E", "F"]


def test_resume_skips_what_is_done_and_reprocesses_changed_inputs(tmp_path: Path):
    files = [str(path) for path in copies(tmp_path / "in", 6)]
    out = tmp_path / "out.jsonl"
    invoke("extract", *files[:3], "-o", str(out), "-q")
    Path(files[1]).write_text("共受理申请5件。", encoding="utf-8")
    result = invoke("extract", *files, "-o", str(out), "--resume")
    assert result.exit_code == 0, result.output
    assert "2 already done" in result.stderr
    paths = [path_of(record) for record in records_of(out)]
    assert paths == [*files[:3], files[1], *files[3:]]
    again = invoke("extract", *files, "-o", str(out), "--resume", "-q")
    assert again.exit_code == 0
    assert len(records_of(out)) == 7


def test_resume_drops_a_torn_last_line_and_writes_it_again(tmp_path: Path):
    files = [str(path) for path in copies(tmp_path / "in", 4)]
    out = tmp_path / "out.jsonl"
    invoke("extract", *files[:2], "-o", str(out), "-q")
    whole = out.read_bytes()
    third = subprocess_free_record_line(files[2])
    out.write_bytes(whole + third[: len(third) // 2])
    assert completed_inputs(out) == {
        (files[0], records_of(out)[0]["source"]["sha256"]),
        (files[1], records_of(out)[1]["source"]["sha256"]),
    }
    assert out.read_bytes() == whole
    out.write_bytes(whole + third[:100])
    result = invoke("extract", *files, "-o", str(out), "--resume", "-q")
    assert result.exit_code == 0, result.output
    assert [path_of(record) for record in records_of(out)] == files


def subprocess_free_record_line(path: str) -> bytes:
    from nlp_reports.emit import to_json

    return (to_json(process_one(path), include_text=False, indent=None) + "\n").encode()


def test_drop_torn_tail_keeps_whole_lines_and_empties_a_file_of_one_torn_line(tmp_path: Path):
    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"a": 1}\n{"b": 2}\n{"c": ')
    assert drop_torn_tail(out) == 6
    assert out.read_bytes() == b'{"a": 1}\n{"b": 2}\n'
    out.write_bytes(b'{"c": ')
    drop_torn_tail(out)
    assert out.read_bytes() == b""


def test_resume_refuses_an_output_that_is_not_json_lines(tmp_path: Path):
    result = invoke("extract", str(SEED), "-o", str(tmp_path / "facts.csv"), "--resume")
    assert result.exit_code == 2
    assert "--resume needs a JSON Lines output file" in result.output


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads worker pids from /proc")
def test_a_batch_killed_with_sigkill_and_resumed_has_every_input_once(tmp_path: Path):
    files = [str(path) for path in copies(tmp_path / "in", 240, sources=[SEED, *REPORTS])]
    listing = tmp_path / "inputs.txt"
    listing.write_text("\n".join(files) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "nlp_reports", "extract", f"@{listing}", "-o", str(out)]
    command += ["--jobs", "2", "-q"]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    batch = subprocess.Popen(command, start_new_session=True, env=environment)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 20):
        time.sleep(0.02)
    workers = children_of(batch.pid)
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait()
    assert len(workers) == 2
    assert all(ends_within(worker, seconds=10) for worker in workers), "orphaned workers stay"
    written_before = out.read_bytes().count(b"\n")
    assert 20 <= written_before < len(files), "the batch must be killed halfway"
    resumed = subprocess.run(
        [*command, "--resume"], env=environment, capture_output=True, text=True, timeout=120
    )
    assert resumed.returncode == 0, resumed.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [path_of(json.loads(line)) for line in lines] == files


def children_of(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    return [
        int(child) for task in tasks.iterdir() for child in (task / "children").read_text().split()
    ]


def ends_within(pid: int, seconds: float) -> bool:
    """Whether the process is gone (or a zombie waiting to be reaped) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state in {"Z", "X"}:
            return True
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    return False


def test_csv_and_parquet_hold_the_same_facts(tmp_path: Path):
    import csv

    import pyarrow.parquet as pq

    inputs = [str(SEED), str(CORPORA / "ogi-prose-11.txt")]
    assert invoke("extract", *inputs, "-o", str(tmp_path / "facts.csv"), "-q").exit_code == 0
    assert invoke("extract", *inputs, "-o", str(tmp_path / "facts.parquet"), "-q").exit_code == 0
    rows = list(csv.DictReader((tmp_path / "facts.csv").open(encoding="utf-8")))
    table = pq.read_table(tmp_path / "facts.parquet").to_pylist()
    assert len(rows) == len(table) > 60
    assert [row["text"] for row in rows] == [row["text"] for row in table]
    count = next(row for row in table if row["text"] == "127676件")
    assert (count["value"], count["value_text"], count["unit"]) == (127676.0, None, "件")
    date = next(row for row in table if row["kind"] == "date")
    assert date["value"] is None and date["value_text"][:4].isdigit()


def test_parquet_needs_an_output_file():
    result = invoke("extract", str(SEED), "-f", "parquet")
    assert result.exit_code == 2
    assert "Parquet output needs a file" in result.stderr


def test_the_format_follows_the_output_suffix(tmp_path: Path):
    out = tmp_path / "out.jsonl"
    assert invoke("extract", str(SEED), "-o", str(out)).exit_code == 0
    assert len(records_of(out)) == 1


def test_the_summary_counts_documents_facts_checks_and_errors(tmp_path: Path, mixed_inputs):
    result = invoke("extract", *mixed_inputs, "-o", str(tmp_path / "out.jsonl"))
    lines = result.stderr.strip().splitlines()
    records = records_of(tmp_path / "out.jsonl")
    facts = sum(len(record.get("facts", [])) for record in records)
    failing = sum(c["status"] == "fail" for record in records for c in record.get("checks", []))
    assert facts > 20
    assert lines[-2] == (
        f"8 documents: 6 reports, 2 errors (read 2); {facts} facts, {failing} failing checks"
    )
    assert lines[-1].endswith("MB/s") and "documents/s" in lines[-1]
    assert sum(line.startswith("error: ") for line in lines) == 2


def test_run_batch_serialises_with_the_options_it_is_given():
    options = BatchOptions(include_text=True, indent=2, rows=True, time_limit=None)
    (outcome,) = run_batch([str(SEED)], options)
    record = json.loads(outcome.text)
    assert record["text"].startswith(SEED.read_text(encoding="utf-8")[:20])
    assert outcome.text.startswith('{\n  "record": "report"')
    assert len(outcome.fact_rows) == outcome.facts == len(record["facts"])


def test_unfinished_inputs_keeps_standard_input_and_unknown_paths(tmp_path: Path):
    (path,) = copies(tmp_path, 1)
    done = {(str(path), process_one(str(path)).source.sha256)}
    assert unfinished_inputs(["-", str(path), "other.txt"], done) == ["-", "other.txt"]


def test_the_progress_bar_counts_files(tmp_path: Path):
    import io

    from nlp_reports.batch import Outcome
    from nlp_reports.progress import BatchProgress

    stream = io.StringIO()
    with BatchProgress(3, enabled=True, stream=stream) as bar:
        for _ in range(3):
            bar.advance(Outcome(path="x", sha256=None, size=1, text="{}"))
    assert "3/3" in stream.getvalue()
    assert "files/s" in stream.getvalue()


def _slow_first(item: int) -> int:
    if item == 0:
        time.sleep(1.5)
    return item


def test_ordered_work_runs_at_most_a_window_ahead_of_a_slow_item():
    """While item 0 is slow, the other worker gets no further than the window allows."""
    seen_before_first = []
    pairs = map_in_workers(
        _slow_first, range(200), jobs=2, lost=lambda item, cause: -1, chunk_size=2, window=10
    )
    for index, _ in pairs:
        if index == 0:
            break
        seen_before_first.append(index)
    pairs.close()
    assert 0 < len(seen_before_first) <= 10
    assert max(seen_before_first) < 10


def test_check_in_workers_gives_every_record_in_input_order(tmp_path: Path):
    """``check --jobs 2`` over reports and an unreadable input: one record each, as in one
    process, and the exit status of the unreadable input."""
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(32)) * 64)
    inputs = [str(REPORTS[0]), str(binary), *(str(p) for p in REPORTS[1:4])]
    one = invoke("check", *inputs, "--format", "jsonl")
    two = invoke("check", *inputs, "--format", "jsonl", "--jobs", "2")
    assert one.exit_code == two.exit_code == 2
    records = [json.loads(line) for line in two.stdout.splitlines()]
    assert [r.get("path") or r["source"]["path"] for r in records] == inputs
    assert two.stdout == one.stdout
