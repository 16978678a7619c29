"""Many inputs, one record each: a Report, or an ErrorRecord naming the input and the cause.

Inputs are files, folders (searched for report files), glob patterns, ``@LISTFILE`` (one input
per line) and ``-`` (standard input). One bad input never stops the others: an unreadable file,
a stage that fails, or a document that runs past its time limit each become an error record.

The per-document function is :func:`outcome_of`; it runs in this process, in worker processes
(``jobs``, :mod:`nlp_reports.pool`) or on a Dask cluster (:mod:`nlp_reports.cluster`), and always
returns the record already serialised, so the process that writes the output only writes.
A batch written as JSON Lines can be resumed: :func:`completed_inputs` reads what an earlier
run wrote (cutting off a line torn by a kill) and :func:`unfinished_inputs` leaves out every
input already there with the same content.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from nlp_reports.emit import cell_rows, fact_rows, to_json
from nlp_reports.errors import InputError, NlpReportsError
from nlp_reports.limits import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHARS,
    DEFAULT_TIME_LIMIT,
    DocumentTimeout,
    time_limit,
)
from nlp_reports.pipeline import extract, extract_document
from nlp_reports.read import read_bytes, read_file_bytes
from nlp_reports.records import ErrorRecord, Report
from nlp_reports.version import __version__

REPORT_SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".shtml", ".docx", ".pdf"}
)
STDIN = "-"
STDIN_NAME = "<stdin>"

WorkItem = tuple[str, bytes | None]
"""An input as given, with its bytes when they had to be read up front (standard input)."""
Result = TypeVar("Result")


def expand_inputs(specs: Iterable[str]) -> list[str]:
    """Paths (as given) of every input a list of specifications names, in order.

    A spec that names nothing is kept, so that it yields an error record of its own. A list file
    (@LISTFILE) that cannot be read is an InputError: without it there is no batch to run.
    """
    inputs: list[str] = []
    for spec in specs:
        if spec == STDIN:
            inputs.append(STDIN)
        elif spec.startswith("@"):
            inputs.extend(expand_inputs(_listed(Path(spec[1:]))))
        elif Path(spec).is_dir():
            inputs.extend(_folder_inputs(Path(spec)))
        elif glob.has_magic(spec):
            inputs.extend(sorted(glob.glob(spec, recursive=True)) or [spec])
        else:
            inputs.append(spec)
    return inputs


def _listed(list_file: Path) -> list[str]:
    """The inputs a list file names, one a line."""
    try:
        lines = list_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        cause = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise InputError(f"@{list_file}", f"list of inputs unreadable: {cause}") from error
    return [line.strip() for line in lines if line.strip()]


def _folder_inputs(folder: Path) -> list[str]:
    """Report files under a folder, sorted.

    A subfolder that cannot be listed, and an entry named like a report that is not a readable
    file (a broken or looping link), stay in the list: each yields an error record instead of
    vanishing from the batch.
    """
    found: list[Path] = []

    def keep_unlisted(error: OSError) -> None:
        found.append(Path(error.filename))

    for directory, _, files in os.walk(folder, onerror=keep_unlisted):
        found.extend(
            Path(directory) / name for name in files if Path(name).suffix.lower() in REPORT_SUFFIXES
        )
    return [str(path) for path in sorted(found)]


def read_stdin(max_bytes: int) -> bytes:
    """Standard input, at most one byte beyond the limit: enough to tell it is too large."""
    return sys.stdin.buffer.read(max_bytes + 1)


class BatchOptions(BaseModel):
    """What every document of a batch is extracted and serialised with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    profile: str = Field("auto", description="Report genre: auto, ogi or generic.")
    report_year: int | None = Field(None, description="The year the reports are about, if known.")
    max_bytes: int = Field(DEFAULT_MAX_BYTES, gt=0, description="Largest input accepted.")
    max_chars: int = Field(
        DEFAULT_MAX_CHARS, gt=0, description="Longest text accepted, in characters, once read."
    )
    time_limit: float | None = Field(
        DEFAULT_TIME_LIMIT, ge=0, description="Seconds one document may take; 0 or None: no limit."
    )
    include_text: bool = Field(False, description="Whether records carry the source text.")
    indent: int | None = Field(None, description="JSON indent; None for one line per record.")
    rows: bool = Field(False, description="Whether outcomes carry flat fact and cell rows.")


@dataclass(frozen=True)
class Outcome:
    """One input's record, serialised, with the counts a summary needs and optional flat rows."""

    path: str
    sha256: str | None
    size: int
    text: str
    facts: int = 0
    failing_checks: int = 0
    error_stage: str | None = None
    error: str | None = None
    fact_rows: list[dict[str, Any]] = field(default_factory=list)
    cell_rows: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, record: Report | ErrorRecord, options: BatchOptions) -> Outcome:
        if isinstance(record, ErrorRecord):
            return cls(
                path=record.path,
                sha256=record.sha256,
                size=0,
                text=to_json(record, indent=options.indent),
                error_stage=record.stage,
                error=record.error,
            )
        return cls(
            path=record.source.path or STDIN_NAME,
            sha256=record.source.sha256,
            size=record.source.bytes,
            text=to_json(record, include_text=options.include_text, indent=options.indent),
            facts=len(record.facts),
            failing_checks=sum(1 for check in record.checks if check.status == "fail"),
            fact_rows=fact_rows(record) if options.rows else [],
            cell_rows=cell_rows(record) if options.rows else [],
        )


def error_record(path: str, stage: str, cause: str, sha256: str | None = None) -> ErrorRecord:
    return ErrorRecord(tool_version=__version__, path=path, sha256=sha256, stage=stage, error=cause)


def _input_bytes(path: str, max_bytes: int, data: bytes | None) -> bytes:
    if data is None:
        if path != STDIN:
            return read_file_bytes(Path(path), max_bytes)
        data = read_stdin(max_bytes)
    if len(data) > max_bytes:
        name = STDIN_NAME if path == STDIN else path
        raise InputError(name, f"too large: more than the limit of {max_bytes} bytes")
    return data


def process_one(
    path: str,
    profile: str = "auto",
    report_year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    limit: float | None = None,
    data: bytes | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Report | ErrorRecord:
    """The record of one input; never raises for a bad input.

    ``limit`` is the time limit in seconds; ``data`` the input's bytes when already read;
    ``max_chars`` the longest text accepted. The reader digests the bytes of a document it
    reads; an error record digests them here, once it is known that none was read.
    """
    content: bytes | None = None

    def failed(stage: str, cause: str) -> ErrorRecord:
        digest = hashlib.sha256(content).hexdigest() if content is not None else None
        return error_record(path, stage, cause, digest)

    try:
        with time_limit(limit):
            content = _input_bytes(path, max_bytes, data)
            document = read_bytes(content, STDIN_NAME if path == STDIN else path)
            return extract_document(
                document, profile=profile, report_year=report_year, max_chars=max_chars
            )
    except DocumentTimeout:
        return failed("timeout", f"took longer than the time limit of {limit:g} s")
    except InputError as error:
        return failed("read", error.cause)
    except NlpReportsError as error:
        return failed("extract", str(error))
    except RecursionError:
        return failed("extract", "input too deeply nested")
    except MemoryError:
        return failed("extract", "out of memory")
    except Exception as error:  # a stage's bug must not stop the batch; the record names it
        return failed("extract", f"internal error: {type(error).__name__}: {error}".splitlines()[0])


def record_of(item: WorkItem, options: BatchOptions) -> Report | ErrorRecord:
    """The record of one work item, with the batch's options."""
    path, data = item
    return process_one(
        path,
        options.profile,
        options.report_year,
        options.max_bytes,
        options.time_limit,
        data,
        max_chars=options.max_chars,
    )


def outcome_of(item: WorkItem, options: BatchOptions) -> Outcome:
    """The per-document function of every batch, local or distributed."""
    return Outcome.of(record_of(item, options), options)


def sha256_of_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """SHA-256 of a file's bytes, or None when it cannot be read (as its error record has)."""
    try:
        return hashlib.sha256(read_file_bytes(Path(path), max_bytes)).hexdigest()
    except InputError:
        return None


def lost_record(item: WorkItem, cause: str, options: BatchOptions) -> ErrorRecord:
    """The error record of an input whose worker hung past the limit or died while on it."""
    path, data = item
    sha256 = hashlib.sha256(data).hexdigest() if data is not None else None
    if data is None and path != STDIN:
        sha256 = sha256_of_file(path, options.max_bytes)
    if cause == "timeout":
        limit = options.time_limit or 0
        return error_record(
            path, "timeout", f"took longer than the time limit of {limit:g} s", sha256
        )
    return error_record(path, "crash", f"the worker process died ({cause})", sha256)


def lost_outcome(item: WorkItem, cause: str, options: BatchOptions) -> Outcome:
    """The outcome of an input whose worker hung past the limit or died while on it."""
    return Outcome.of(lost_record(item, cause, options), options)


def warm_up() -> None:
    """Load every cache a document needs (patterns, profiles, converters, dictionary) once.

    Workers forked afterwards start warm instead of each paying the loading time.
    """
    extract("政府信息公開工作年度報告\n一、總體情況\n本年共受理政府信息公开申请4件。")


# How far past a slow document the other workers may run while the output waits for it.
_CHUNKS_AHEAD = 16


def _chunk_size(count: int, jobs: int) -> int:
    """Enough items per message to keep messages rare, few enough to keep workers even."""
    return max(1, min(16, count // (jobs * 8)))


def _hard_limit(options: BatchOptions) -> float | None:
    """How long past its own limit a worker may stay silent before it is replaced."""
    if not options.time_limit:
        return None
    return options.time_limit * 1.5 + 5


def run_batch(
    paths: list[str],
    options: BatchOptions,
    *,
    jobs: int = 1,
    ordered: bool = True,
    cluster: str | None = None,
) -> Iterator[Outcome]:
    """One outcome per path: in this process (``jobs`` 1), in worker processes, or on Dask.

    ``ordered=False`` yields outcomes as they complete, which keeps every worker busy even
    when one document is slow.
    """
    if cluster is not None:
        from nlp_reports.cluster import outcomes_on_cluster

        items = _work_items(paths, options)
        yield from outcomes_on_cluster(items, options, cluster, jobs=jobs, ordered=ordered)
        return
    yield from _run_locally(paths, options, outcome_of, lost_outcome, jobs, ordered)


def run_records(
    paths: list[str], options: BatchOptions, *, jobs: int = 1
) -> Iterator[Report | ErrorRecord]:
    """One record per path, in input order, in this process or in ``jobs`` worker processes:
    for commands that read the records themselves (``check``, audit pages)."""
    yield from _run_locally(paths, options, record_of, lost_record, jobs, ordered=True)


def _work_items(paths: list[str], options: BatchOptions) -> Iterator[WorkItem]:
    return ((path, read_stdin(options.max_bytes) if path == STDIN else None) for path in paths)


def _run_locally(
    paths: list[str],
    options: BatchOptions,
    work: Callable[..., Result],
    lost: Callable[..., Result],
    jobs: int,
    ordered: bool,
) -> Iterator[Result]:
    """``work(item, options=…)`` for every path, in this process or in ``jobs`` workers; an item
    whose worker hung or died gets ``lost(item, cause, options=…)``."""
    items = _work_items(paths, options)
    if jobs <= 1:
        for item in items:
            yield work(item, options=options)
        return
    from nlp_reports.pool import in_input_order, map_in_workers

    warm_up()
    chunk_size = _chunk_size(len(paths), jobs)
    pairs = map_in_workers(
        partial(work, options=options),
        items,
        jobs=jobs,
        lost=partial(lost, options=options),
        hard_limit=_hard_limit(options),
        chunk_size=chunk_size,
        window=jobs * chunk_size * _CHUNKS_AHEAD if ordered else None,
    )
    if ordered:
        yield from in_input_order(pairs)
    else:
        yield from (result for _, result in pairs)


def default_jobs() -> int:
    """The number of cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# The first "path" of a JSON line is the source path of a report or the path of an error
# record, and the writer puts its sha256 right after it (emit.to_json, records.ErrorRecord).
_RECORD_KEY = re.compile(rb'"path": ("(?:[^"\\]|\\.)*"|null), "sha256": ("[0-9a-f]{64}"|null)')
_KEY_WINDOW = 8192


def drop_torn_tail(output: Path) -> int:
    """Cut a last line that a killed batch left without its newline; returns bytes dropped."""
    with output.open("r+b") as stream:
        size = stream.seek(0, os.SEEK_END)
        end = size
        while end > 0:
            start = max(0, end - 65536)
            stream.seek(start)
            block = stream.read(end - start)
            newline = block.rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            end = start
        else:
            keep = 0
        if keep < size:
            stream.truncate(keep)
        return size - keep


def _record_key(line: bytes, output: Path, number: int) -> tuple[str | None, str | None]:
    match = _RECORD_KEY.search(line, 0, _KEY_WINDOW)
    if match:
        return json.loads(match.group(1)), json.loads(match.group(2))
    try:
        record = json.loads(line)
        where = record["source"] if record.get("record") == "report" else record
        return where["path"], where.get("sha256")
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise InputError(str(output), f"line {number} is not a record; cannot resume") from error


def completed_inputs(output: Path) -> set[tuple[str | None, str | None]]:
    """``(path, sha256)`` of every record in a JSON Lines output, after cutting a torn last line."""
    if not output.exists():
        return set()
    drop_torn_tail(output)
    done = set()
    with output.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if line.strip():
                done.add(_record_key(line, output, number))
    return done


def unfinished_inputs(
    paths: list[str], done: set[tuple[str | None, str | None]], max_bytes: int = DEFAULT_MAX_BYTES
) -> list[str]:
    """The paths whose record, for their current content, is not in ``done``."""
    done_paths = {path for path, _ in done}
    return [
        path
        for path in paths
        if path == STDIN
        or path not in done_paths
        or (path, sha256_of_file(path, max_bytes)) not in done
    ]


@dataclass
class BatchSummary:
    """What a batch did, for the closing lines on standard error."""

    total: int = 0
    skipped: int = 0
    reports: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    facts: int = 0
    failing_checks: int = 0
    bytes: int = 0
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0

    def add(self, outcome: Outcome) -> None:
        if outcome.error_stage is None:
            self.reports += 1
        else:
            self.errors[outcome.error_stage] += 1
        self.facts += outcome.facts
        self.failing_checks += outcome.failing_checks
        self.bytes += outcome.size
        self.seconds = time.monotonic() - self.started

    @property
    def documents(self) -> int:
        return self.reports + sum(self.errors.values())

    def lines(self) -> list[str]:
        """The summary as two lines of plain text.

        >>> summary = BatchSummary(reports=2, errors=Counter(read=1), facts=30, skipped=4)
        >>> summary.lines()[0]
        '3 documents: 2 reports, 1 error (read 1); 30 facts, 0 failing checks; 4 already done'
        """
        by_stage = ", ".join(f"{stage} {count}" for stage, count in sorted(self.errors.items()))
        first = (
            f"{_count(self.documents, 'document')}: {_count(self.reports, 'report')}, "
            + _count(sum(self.errors.values()), "error")
            + (f" ({by_stage})" if by_stage else "")
            + f"; {_count(self.facts, 'fact')}, {_count(self.failing_checks, 'failing check')}"
            + (f"; {self.skipped} already done" if self.skipped else "")
        )
        seconds = max(self.seconds, 1e-9)
        second = (
            f"{self.seconds:.1f} s, {self.documents / seconds:.1f} documents/s, "
            f"{self.bytes / seconds / 1e6:.2f} MB/s"
        )
        return [first, second]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class Sink(Protocol):
    """Where outcomes go (see :mod:`nlp_reports.sinks`)."""

    def write(self, outcome: Outcome) -> None: ...

    def close(self) -> None: ...


class Progress(Protocol):
    def advance(self, outcome: Outcome) -> None: ...


def write_batch(
    outcomes: Iterable[Outcome],
    sink: Sink,
    summary: BatchSummary,
    progress: Progress | None = None,
    on_error: Callable[[Outcome], None] | None = None,
) -> BatchSummary:
    """Every outcome to ``sink``, counted in ``summary``; errors also to ``on_error``."""
    for outcome in outcomes:
        sink.write(outcome)
        summary.add(outcome)
        if outcome.error is not None and on_error is not None:
            on_error(outcome)
        if progress is not None:
            progress.advance(outcome)
    return summary
