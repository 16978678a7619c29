"""Time and peak memory of the heaviest bad inputs, each through the command line afresh.

    python benchmarks/bad_inputs.py             # every input
    python benchmarks/bad_inputs.py --only yi   # the inputs whose name contains "yi"

What a crawler may bring back at its worst: a 50 MB report, one 5 MB line, a 10,000-digit
number, 一 repeated 100,000 times, 100,000 nested elements of HTML, a DOCX that expands to 300 MB,
/dev/zero. Each is extracted by ``nlp-reports extract FILE -o OUT.jsonl`` with the default limits;
the table shows the record it became (the error, or the report's facts and problems), the wall
and CPU seconds and the peak resident memory of the process. The same inputs, with exactly what
each must give, are tests in tests/test_bad_inputs.py; this script only reports numbers.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "窗口办件总数127676件,其中即办件24633件,占总数19.29%。"
MB = 1024 * 1024
# The command line, reporting its own peak resident memory (KiB on Linux) when it exits.
CLI = """
import resource, sys
from nlp_reports.cli import app
try:
    app()
finally:
    print("peak", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def _repeat(unit: str, size: int) -> bytes:
    data = unit.encode("utf-8")
    return data * (size // len(data))


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(bytes(MB))
    return buffer.getvalue()


def _seed_on_one_line() -> bytes:
    text = (ROOT / "corpora" / "000_2e44ad171ca045ec.txt").read_text(encoding="utf-8")
    return text.replace("\n", " ").encode("utf-8")


INPUTS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "50 MB report": ("report.txt", lambda: _repeat(SENTENCE + "\n", 50 * MB)),
    "one 5 MB line": ("line.txt", lambda: _repeat(SENTENCE + " ", 5 * MB)),
    "a report on one line": ("one-line.txt", _seed_on_one_line),
    "10,000-digit number": ("digits.txt", lambda: ("共受理申请4件,编号" + "7" * 10_000).encode()),
    "yi repeated 100,000 times": ("yi.txt", lambda: ("一" * 100_000).encode()),
    "100,000 nested elements": (
        "nested.html",
        lambda: ("<html><body>" + "<div>" * 100_000 + "共4件" + "</div>" * 100_000).encode(),
    ),
    "DOCX zip bomb (300 MB)": ("bomb.docx", _zip_bomb),
    "/dev/zero": ("/dev/zero", lambda: b""),
}


def _outcome(out: Path) -> str:
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    if len(lines) != 1:
        return f"{len(lines)} output lines"
    record = json.loads(lines[0])
    if record["record"] == "error":
        return f"error: {record['error']}"
    problems = "; ".join(problem["message"] for problem in record["problems"]) or "no problem"
    return f"report: {len(record['facts'])} facts; {problems}"


def measure(name: str, file_name: str, make: Callable[[], bytes], folder: Path) -> None:
    path = Path(file_name) if file_name.startswith("/") else folder / file_name
    if not file_name.startswith("/"):
        path.write_bytes(make())
    out = folder / "out.jsonl"
    out.unlink(missing_ok=True)
    command = [sys.executable, "-c", CLI, "extract", str(path), "-o", str(out), "-q"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, check=False, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    peak = [line.split()[1] for line in completed.stderr.splitlines() if line.startswith("peak ")]
    size = path.stat().st_size if path.is_file() else 0
    print(
        f"| {name} | {size / MB:.1f} MB | {_outcome(out)[:90]} | {wall:.1f} | {cpu:.1f} "
        f"| {int(peak[0]) / 1024 if peak else float('nan'):.0f} |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="Measure only the inputs whose name has this.")
    only = parser.parse_args().only
    print("| input | size | outcome | wall s | CPU s | peak MB |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name, (file_name, make) in INPUTS.items():
            if only in name:
                measure(name, file_name, make, Path(folder))


if __name__ == "__main__":
    main()
