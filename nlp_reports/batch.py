"""Many inputs, one record each: a Report, or an ErrorRecord naming the input and the cause.

Inputs are files, folders (searched for report files), glob patterns, ``@LISTFILE`` (one input
per line) and ``-`` (standard input). One bad input never stops the others.
"""

from __future__ import annotations

import glob
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from nlp_reports.errors import InputError, NlpReportsError
from nlp_reports.pipeline import extract, extract_document
from nlp_reports.read import DEFAULT_MAX_BYTES, read_bytes
from nlp_reports.records import ErrorRecord, Report
from nlp_reports.version import __version__

REPORT_SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".shtml", ".docx", ".pdf"}
)
STDIN = "-"


def expand_inputs(specs: Iterable[str]) -> list[str]:
    """Paths (as given) of every input a list of specifications names, in order.

    A spec that names nothing is kept, so that it yields an error record of its own.
    """
    inputs: list[str] = []
    for spec in specs:
        if spec == STDIN:
            inputs.append(STDIN)
        elif spec.startswith("@"):
            listed = Path(spec[1:]).read_text(encoding="utf-8").splitlines()
            inputs.extend(expand_inputs(line.strip() for line in listed if line.strip()))
        elif Path(spec).is_dir():
            inputs.extend(
                str(path)
                for path in sorted(Path(spec).rglob("*"))
                if path.is_file() and path.suffix.lower() in REPORT_SUFFIXES
            )
        elif glob.has_magic(spec):
            inputs.extend(sorted(glob.glob(spec, recursive=True)) or [spec])
        else:
            inputs.append(spec)
    return inputs


def error_record(path: str, stage: str, cause: str) -> ErrorRecord:
    return ErrorRecord(tool_version=__version__, path=path, stage=stage, error=cause)


def process_one(
    path: str,
    profile: str = "auto",
    report_year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Report | ErrorRecord:
    """The record of one input; never raises for a bad input."""
    try:
        if path == STDIN:
            document = read_bytes(sys.stdin.buffer.read(), "<stdin>")
            return extract_document(document, profile=profile, report_year=report_year)
        return extract(Path(path), profile=profile, report_year=report_year, max_bytes=max_bytes)
    except InputError as error:
        return error_record(path, "read", error.cause)
    except NlpReportsError as error:
        return error_record(path, "extract", str(error))
    except RecursionError:
        return error_record(path, "extract", "input too deeply nested")
    except MemoryError:
        return error_record(path, "extract", "out of memory")


def process(
    inputs: Iterable[str],
    profile: str = "auto",
    report_year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Report | ErrorRecord]:
    """One record per input, in input order."""
    for path in inputs:
        yield process_one(path, profile, report_year, max_bytes)
