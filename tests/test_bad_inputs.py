"""The bad-input table: whatever a crawler brought back ends as a record or a one-line error.

One row per kind of bad input: how to make it, and what it must give, exactly: an error record
with its one-line cause, or a report with its problem (and the facts that survive). Every row
runs through the command line in a batch followed by a good report, which must still be read:
one output line per input, in order. The rows also run all together as one batch, and each
unreadable one alone, where the error is one line on standard error and the exit status is 2.
"""

from __future__ import annotations

import io
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp_reports.batch import expand_inputs
from nlp_reports.cli import app
from nlp_reports.limits import DEFAULT_MAX_CHARS
from tests.conftest import SEED

runner = CliRunner()

SENTENCE = "市府办受理政府信息公开申请4宗,已全部在规定时间内作出答复。"
LINE = "窗口办件总数127676件,其中即办件24633件,占总数19.29%。\n"
FIFTY_MB = 50 * 1024 * 1024
FIVE_MB = 5 * 1024 * 1024
SMALL_LIMIT = 1_000_000  # --max-bytes for the rows that would otherwise read 64 MB


@dataclass(frozen=True)
class Row:
    """A bad input, and exactly what it must give."""

    id: str
    make: Callable[[Path], bytes | None]  # the file's bytes; None when the row makes it itself
    error: str | None = None  # the one-line cause of the error record
    problem: str | None = None  # a problem the report must carry
    facts: tuple[str, ...] | None = None  # the texts of the report's facts, in order
    encoding: str | None = None
    name: str = "input.txt"
    options: tuple[str, ...] = ()
    prefix: bool = False  # the error's wording after this prefix belongs to a library

    def spec(self, folder: Path) -> str:
        return str(folder / self.id / self.name)


def _zip_bomb(_: Path) -> bytes:
    """A Word package whose document.xml is 300 MB of zeros, compressed to 300 KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(bytes(1024 * 1024))
    return buffer.getvalue()


def _symlink_loop(folder: Path) -> None:
    (folder / "input.txt").symlink_to(folder / "other.txt")
    (folder / "other.txt").symlink_to(folder / "input.txt")


def _device(folder: Path) -> None:
    (folder / "input.txt").symlink_to("/dev/zero")


def _fill(unit: str, size: int) -> bytes:
    data = unit.encode("utf-8")
    return data * (size // len(data))


def _too_long(unit: str, size: int) -> str:
    """The error for ``_fill(unit, size)``."""
    characters = size // len(unit.encode("utf-8")) * len(unit)
    return f"text too long: {characters} characters, the limit is {DEFAULT_MAX_CHARS}"


def _one_line(size: int) -> bytes:
    return _fill(LINE.replace("\n", " "), size)


ROWS = [
    Row("empty-file", lambda _: b"", problem="empty input: no text to extract", facts=()),
    Row(
        "white-space-only",
        lambda _: " \n\t\u3000\r\n  ".encode(),
        problem="empty input: no text to extract",
        facts=(),
    ),
    Row(
        "binary",
        lambda _: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
        error="binary file (contains NUL bytes), not text",
        name="input.png",
    ),
    Row(
        "nul-bytes-in-text",
        lambda _: SENTENCE.encode() + b"\x00\x00" + SENTENCE.encode(),
        error="binary file (contains NUL bytes), not text",
    ),
    Row(
        "random-bytes",
        lambda _: bytes([0xFF, 0xD8, 0xFF, 0xE0]) + bytes(range(1, 256)) * 20,
        error="undecodable bytes: not UTF-8 (byte 0), GB18030 or Big5",
        name="input.jpg",
    ),
    Row(
        "truncated-utf-8",
        lambda _: SENTENCE.encode()[:-2],
        problem="truncated: an incomplete UTF-8 character at the end (1 of its bytes) dropped",
        facts=("4宗",),
        encoding="utf-8",
    ),
    Row(
        "gbk-without-declaration",
        lambda _: SENTENCE.encode("gbk"),
        facts=("4宗",),
        encoding="gb18030",
    ),
    Row(
        "mixed-encodings",
        lambda _: SENTENCE.encode() + b"\n" + LINE.encode("gbk"),
        problem="mixed encodings: 1 of 2 lines in gb18030, the others in UTF-8",
        facts=("4宗", "127676件", "24633件", "19.29%"),
        encoding="utf-8+gb18030",
    ),
    Row(
        "fifty-mb-report",
        lambda _: _fill(LINE, FIFTY_MB),
        error=_too_long(LINE, FIFTY_MB),
    ),
    Row(
        "one-five-mb-line",
        lambda _: _one_line(FIVE_MB),
        error=_too_long(LINE.replace("\n", " "), FIVE_MB),
    ),
    Row(
        "a-report-on-one-line",
        lambda _: SEED.read_text(encoding="utf-8").replace("\n", " ").encode(),
        facts=None,  # compared with the facts of the report as published, below
    ),
    Row(
        "ten-thousand-digits",
        lambda _: ("共受理申请4件,编号" + "7" * 10_000 + "。").encode(),
        problem="a numeral of 10000 characters is too long to be a quantity; skipped",
        facts=("4件",),
    ),
    Row(
        "yi-repeated-100000-times",
        lambda _: ("一" * 100_000).encode(),
        problem="a numeral of 100000 characters is too long to be a quantity; skipped",
        facts=(),
    ),
    Row(
        "deeply-nested-html",
        lambda _: ("<html><body>" + "<div>" * 100_000 + "共4件" + "</div>" * 100_000).encode(),
        error="HTML nested deeper than 1000 elements (100002)",
        name="input.html",
    ),
    Row(
        "html-with-scripts",
        lambda _: (
            "<html><head><script>document.write('共999件')</script>"
            "<style>p { width: 100px }</style></head>"
            f"<body><p>{SENTENCE}</p><script>alert('共888件')</script></body></html>"
        ).encode(),
        facts=("4宗",),
        name="input.html",
    ),
    Row(
        "html-with-external-entities",
        lambda _: (
            '<?xml version="1.0"?>\n'
            '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            "<html><body><p>共4件&xxe;</p></body></html>"
        ).encode(),
        error="HTML declares XML entities (<!ENTITY>); refused as unsafe",
        name="input.html",
    ),
    Row(
        "docx-zip-bomb",
        _zip_bomb,
        error="DOCX would expand to 314572808 bytes, more than the limit of 268435456 (zip bomb?)",
        name="input.docx",
    ),
    Row(
        "docx-that-is-not-a-zip",
        lambda _: b"PK\x03\x04" + bytes(range(256)) * 10,
        error="not a readable DOCX (ZIP) file: BadZipFile: File is not a zip file",
        name="input.docx",
    ),
    Row(
        "pdf-that-is-not-a-pdf",
        lambda _: b"%PDF-1.7\n" + bytes(range(256)) * 40,
        error="not a readable PDF: ",  # the parser's own words follow; they vary with its version
        prefix=True,
        name="input.pdf",
    ),
    Row(
        "text-named-pdf",
        lambda _: SENTENCE.encode(),
        facts=("4宗",),
        encoding="utf-8",
        name="input.pdf",
    ),
    Row("path-that-does-not-exist", lambda _: None, error="no such file"),
    Row(
        "symlink-loop",
        _symlink_loop,
        error="Too many levels of symbolic links",
    ),
    Row(
        "device-without-end",
        _device,
        error=f"too large: more than the limit of {SMALL_LIMIT} bytes",
        options=("--max-bytes", str(SMALL_LIMIT)),
    ),
]
ROW_IDS = [row.id for row in ROWS]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every row's input, made once: folder/<row id>/<name>."""
    folder = tmp_path_factory.mktemp("bad-inputs")
    for row in ROWS:
        (folder / row.id).mkdir()
        data = row.make(folder / row.id)
        if data is not None:
            (folder / row.id / row.name).write_bytes(data)
    return folder


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _assert_record(row: Row, record: dict, spec: str) -> None:
    if row.error is not None:
        assert record["record"] == "error", record
        assert record["path"] == spec
        assert record["stage"] == "read"
        if row.prefix:
            assert record["error"].startswith(row.error), record["error"]
        else:
            assert record["error"] == row.error
        assert "\n" not in record["error"]
        return
    assert record["record"] == "report", record
    problems = [problem["message"] for problem in record["problems"]]
    if row.problem is not None:
        assert row.problem in problems
    if row.facts is not None:
        assert [fact["text"] for fact in record["facts"]] == list(row.facts)
    if row.encoding is not None:
        assert record["source"]["encoding"] == row.encoding


@pytest.mark.parametrize("row", ROWS, ids=ROW_IDS)
def test_a_bad_input_gives_one_record_and_the_batch_goes_on(row: Row, inputs: Path, tmp_path):
    out = tmp_path / "out.jsonl"
    spec = row.spec(inputs)
    result = runner.invoke(app, ["extract", spec, str(SEED), "-o", str(out), *row.options])
    assert result.exit_code == (2 if row.error else 0), result.output
    first, second = _records(out)
    _assert_record(row, first, spec)
    assert second["record"] == "report"
    assert second["source"]["path"] == str(SEED)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == ([f"error: {spec}: {first['error']}"] if row.error else [])


@pytest.mark.parametrize("row", [row for row in ROWS if row.error], ids=lambda row: row.id)
def test_an_unreadable_input_alone_is_one_line_on_standard_error(row: Row, inputs: Path):
    spec = row.spec(inputs)
    result = runner.invoke(app, ["extract", spec, *row.options])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {spec}: {row.error}")


def test_all_bad_inputs_in_one_batch_give_one_line_each_in_order(inputs: Path, tmp_path):
    out = tmp_path / "out.jsonl"
    specs = [row.spec(inputs) for row in ROWS]
    result = runner.invoke(
        app, ["extract", *specs, str(SEED), "-o", str(out), "--max-bytes", str(SMALL_LIMIT * 64)]
    )
    assert result.exit_code == 2
    records = _records(out)
    assert len(records) == len(ROWS) + 1
    for row, record, spec in zip(ROWS, records, specs, strict=False):
        if row.id != "device-without-end":  # read here with the default 64 MB limit
            _assert_record(row, record, spec)
    assert records[-1]["source"]["path"] == str(SEED)


def test_a_report_on_one_line_keeps_its_facts(inputs: Path, tmp_path):
    """A report whose line breaks a crawler lost still gives the facts of the report as published."""
    out = tmp_path / "out.jsonl"
    row = next(row for row in ROWS if row.id == "a-report-on-one-line")
    runner.invoke(app, ["extract", row.spec(inputs), str(SEED), "-o", str(out)])
    one_line, published = _records(out)
    counts = [f["text"] for f in one_line["facts"] if f["kind"] == "count"]
    assert counts == [f["text"] for f in published["facts"] if f["kind"] == "count"]
    assert "127676件" in counts


def test_standard_input_without_end_is_too_large(tmp_path):
    out = tmp_path / "out.jsonl"
    endless = b"\xe5\x85\xb1" * SMALL_LIMIT  # 3 MB of 共
    result = runner.invoke(
        app,
        ["extract", "-", str(SEED), "-o", str(out), "--max-bytes", str(SMALL_LIMIT)],
        input=endless,
    )
    assert result.exit_code == 2
    stdin, seed = _records(out)
    assert (stdin["path"], stdin["error"]) == (
        "-",
        f"too large: more than the limit of {SMALL_LIMIT} bytes",
    )
    assert seed["record"] == "report"


def test_a_folder_keeps_its_broken_and_looping_links_as_error_records(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.txt").write_text(SENTENCE, encoding="utf-8")
    (folder / "broken.txt").symlink_to(tmp_path / "deleted.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "notes.doc").write_text("not a report format", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out)])
    assert result.exit_code == 2
    records = {Path(r.get("path") or r["source"]["path"]).name: r for r in _records(out)}
    assert sorted(records) == ["broken.txt", "good.txt", "loop.txt"]
    assert records["broken.txt"]["error"] == "no such file"
    assert records["loop.txt"]["error"] == "Too many levels of symbolic links"
    assert records["good.txt"]["record"] == "report"


def test_a_list_of_inputs_that_cannot_be_read_is_one_line_error(tmp_path):
    result = runner.invoke(app, ["extract", f"@{tmp_path / 'missing.lst'}"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: @{tmp_path / 'missing.lst'}: list of inputs unreadable: "
        "No such file or directory\n"
    )


def test_a_subfolder_that_cannot_be_listed_stays_an_input(tmp_path, monkeypatch):
    """What a user without the permission sees, made visible to root too: os.walk reports the
    folder it could not list, and the folder becomes one error record."""
    folder = tmp_path / "reports"
    (folder / "closed").mkdir(parents=True)
    (folder / "open.txt").write_text(SENTENCE, encoding="utf-8")
    closed = folder / "closed"
    real_scandir, real_access = os.scandir, os.access

    def scandir(path: object) -> object:
        if Path(str(path)) == closed:
            raise PermissionError(13, "Permission denied", str(closed))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(
        os, "access", lambda path, mode: Path(path) != closed and real_access(path, mode)
    )
    assert expand_inputs([str(folder)]) == [str(closed), str(folder / "open.txt")]
    out = tmp_path / "out.jsonl"
    runner.invoke(app, ["extract", str(folder), "-o", str(out)])
    closed_record, open_record = _records(out)
    assert closed_record["error"] == "permission denied: a folder that cannot be listed"
    assert open_record["record"] == "report"


CLI = "from nlp_reports.cli import app; app()"


def _unprivileged_user() -> str | None:
    """A user the permission bits apply to, to run as when this test runs as root, or None."""
    try:
        pwd.getpwnam("nobody")
        probe = subprocess.run(
            [sys.executable, "-c", "import nlp_reports"],
            user="nobody",
            capture_output=True,
            check=False,
        )
    except (KeyError, OSError):
        return None
    return "nobody" if probe.returncode == 0 else None


def test_a_folder_without_read_permission_is_one_error_record(tmp_path):
    as_root = os.geteuid() == 0
    user = _unprivileged_user() if as_root else None
    if as_root and user is None:
        pytest.skip(
            "runs as root, whom no permission bit stops, and user nobody cannot run this Python; "
            "test_a_subfolder_that_cannot_be_listed_stays_an_input covers the same path"
        )
    base = Path(tempfile.mkdtemp()) if as_root else tmp_path  # pytest's folders are root's own
    folder = base / "reports"
    closed = folder / "closed"
    try:
        base.chmod(0o755)
        closed.mkdir(parents=True)
        (closed / "hidden.txt").write_text(SENTENCE, encoding="utf-8")
        (folder / "open.txt").write_text(SENTENCE, encoding="utf-8")
        closed.chmod(0)
        completed = subprocess.run(
            [sys.executable, "-c", CLI, "extract", str(folder), "-f", "jsonl", "--no-text"],
            user=user,
            capture_output=True,
            check=False,
        )
    finally:
        if closed.exists():
            closed.chmod(0o755)
        if as_root:
            shutil.rmtree(base)
    records = [json.loads(line) for line in completed.stdout.decode().splitlines()]
    cause = "permission denied: a folder that cannot be listed"
    assert [(r["record"], r.get("error")) for r in records] == [("error", cause), ("report", None)]
    assert records[0]["path"] == str(closed)
    assert completed.returncode == 2
    assert completed.stderr.decode().splitlines()[0] == f"error: {closed}: {cause}"
