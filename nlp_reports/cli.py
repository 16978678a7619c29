"""The ``nlp-reports`` command: thin typer commands over library functions."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from nlp_reports.errors import NlpReportsError
from nlp_reports.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_TIME_LIMIT
from nlp_reports.version import __version__

if TYPE_CHECKING:
    from nlp_reports.audit import AuditPages
    from nlp_reports.batch import BatchOptions, BatchSummary, Sink
    from nlp_reports.records import ErrorRecord

# The pipeline is imported inside the commands that run it, so that --version and --help answer
# at once.

app = typer.Typer(
    name="nlp-reports",
    help="Chinese annual reports into validated, structured facts, checked for consistency.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
)

EXIT_CHECK_FAILED = 1
EXIT_UNREADABLE = 2
EXIT_INTERRUPTED = 130


class ExtractFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class CheckFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


Inputs = Annotated[
    list[str],
    typer.Argument(
        help="Report files, folders, glob patterns, @LISTFILE, or - for standard input.",
        show_default=False,
    ),
]
Profile = Annotated[
    str, typer.Option("--profile", "-p", help="Report genre: auto, ogi or generic.")
]
Year = Annotated[
    int | None,
    typer.Option("--year", help="The year the report is about, when the title does not say."),
]
MaxBytes = Annotated[int, typer.Option("--max-bytes", help="Largest input accepted, in bytes.")]
MaxChars = Annotated[
    int,
    typer.Option("--max-chars", min=1, help="Longest text accepted, in characters, once read."),
]
Jobs = Annotated[
    int, typer.Option("--jobs", "-j", min=0, help="Worker processes; 0 for one per core.")
]
TimeLimit = Annotated[
    float,
    typer.Option(
        "--time-limit",
        min=0,
        help="Seconds one document may take before it becomes an error record; 0: no limit.",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nlp-reports {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Chinese annual reports into validated, structured facts, checked for consistency."""


def _report_error(record: ErrorRecord) -> None:
    typer.echo(f"error: {record.path}: {record.error}", err=True)


def _expanded(specs: list[str]) -> list[str]:
    """The inputs the specifications name; a list file that cannot be read stops the command."""
    from nlp_reports.batch import expand_inputs

    try:
        return expand_inputs(specs)
    except NlpReportsError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_UNREADABLE) from error


def _open_output(output: Path | None) -> tuple[TextIO, bool]:
    if output is None:
        return sys.stdout, False
    output.parent.mkdir(parents=True, exist_ok=True)
    return output.open("w", encoding="utf-8", newline=""), True


_FORMAT_OF_SUFFIX = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
}


def _format_for(output: Path | None) -> ExtractFormat:
    """The format an output file's suffix names; json for standard output or another suffix."""
    suffix = output.suffix.lower() if output else ""
    return ExtractFormat(_FORMAT_OF_SUFFIX.get(suffix, "json"))


def _open_for_format(
    output: Path | None, output_format: ExtractFormat, append: bool
) -> tuple[TextIO | None, bool]:
    if output_format is ExtractFormat.parquet:
        if output is not None:
            output.parent.mkdir(parents=True, exist_ok=True)
        return None, False
    if append and output is not None:
        return output.open("a", encoding="utf-8", newline=""), True
    return _open_output(output)


def _resume_plan(
    paths: list[str], output: Path | None, output_format: ExtractFormat, max_bytes: int
) -> list[str]:
    if output is None or output_format is not ExtractFormat.jsonl:
        raise typer.BadParameter(
            "--resume needs a JSON Lines output file (-o FILE.jsonl)", param_hint="--resume"
        )
    from nlp_reports.batch import completed_inputs, unfinished_inputs

    try:
        return unfinished_inputs(paths, completed_inputs(output), max_bytes)
    except NlpReportsError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_UNREADABLE) from error


@app.command()
def extract(
    inputs: Inputs,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
    ] = None,
    output_format: Annotated[
        ExtractFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="json, jsonl (one line per document), csv or parquet (one row per fact); "
            "default: from the suffix of --output, else json.",
            show_default=False,
        ),
    ] = None,
    include_text: Annotated[
        bool | None,
        typer.Option(
            "--text/--no-text",
            help="Include the source text (default: yes for json, no for jsonl).",
        ),
    ] = None,
    profile: Profile = "auto",
    year: Year = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    max_chars: MaxChars = DEFAULT_MAX_CHARS,
    jobs: Jobs = 1,
    unordered: Annotated[
        bool,
        typer.Option("--unordered", help="Write records as they finish, not in input order."),
    ] = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Skip inputs already in the JSON Lines output (same path and content); append.",
        ),
    ] = False,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Run on the Dask scheduler at this address (tcp://host:8786), or 'local'.",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")
    ] = False,
) -> None:
    """Extract facts, relations and checks as JSON records, one per input.

    Example: nlp-reports extract reports/ -o out.jsonl --jobs 2 --resume
    """
    from nlp_reports.batch import BatchOptions, BatchSummary, default_jobs
    from nlp_reports.sinks import open_sink

    chosen = output_format or _format_for(output)
    options = BatchOptions(
        profile=profile,
        report_year=year,
        max_bytes=max_bytes,
        max_chars=max_chars,
        time_limit=time_limit or None,
        include_text=include_text if include_text is not None else chosen is ExtractFormat.json,
        indent=2 if chosen is ExtractFormat.json else None,
        rows=chosen in (ExtractFormat.csv, ExtractFormat.parquet),
    )
    paths = _expanded(inputs)
    todo = _resume_plan(paths, output, chosen, max_bytes) if resume else paths
    summary = BatchSummary(total=len(paths), skipped=len(paths) - len(todo))
    stream, close = _open_for_format(output, chosen, append=resume)
    try:
        sink = open_sink(chosen.value, stream, output, len(paths))
        _write_all(todo, sink, summary, options, jobs or default_jobs(), not unordered, dask, quiet)
        sink.close()
    except NlpReportsError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_UNREADABLE) from error
    finally:
        if close and stream is not None:
            stream.close()
    if getattr(sink, "unwritten_cells", 0):
        typer.echo("note: table cells are written only with --output (to FILE.cells.csv)", err=True)
    if summary.errors:
        raise typer.Exit(EXIT_UNREADABLE)


def _write_all(
    paths: list[str],
    sink: Sink,
    summary: BatchSummary,
    options: BatchOptions,
    jobs: int,
    ordered: bool,
    dask: str | None,
    quiet: bool,
) -> None:
    """Run the batch into ``sink`` with a progress bar on a terminal and a summary at the end."""
    from nlp_reports.batch import run_batch, write_batch
    from nlp_reports.progress import BatchProgress, print_summary

    many = summary.total > 1
    bar = BatchProgress(len(paths), enabled=many and not quiet and sys.stderr.isatty())
    try:
        with bar:
            outcomes = run_batch(paths, options, jobs=jobs, ordered=ordered, cluster=dask)
            write_batch(
                outcomes,
                sink,
                summary,
                progress=bar,
                on_error=lambda outcome: bar.note(f"error: {outcome.path}: {outcome.error}"),
            )
    except KeyboardInterrupt:
        bar.note("interrupted")
        if many and not quiet:
            print_summary(summary)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if many and not quiet:
        print_summary(summary)


@app.command()
def check(
    inputs: Inputs,
    show_all: Annotated[bool, typer.Option("--all", help="Show passing checks too.")] = False,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="table (readable), json or jsonl.")
    ] = CheckFormat.table,
    profile: Profile = "auto",
    year: Year = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    max_chars: MaxChars = DEFAULT_MAX_CHARS,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT,
    jobs: Jobs = 1,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="Also write audit pages: FILE.html for one input, or a folder of pages "
            "with index.html.",
        ),
    ] = None,
) -> None:
    """Check each report's arithmetic.

    Exit status 1 when an error-level check fails, 2 when an input is unreadable.

    Example: nlp-reports check corpora/ --all --html audit/
    """
    from nlp_reports.batch import BatchOptions, default_jobs, run_records
    from nlp_reports.console import print_checks
    from nlp_reports.emit import to_json
    from nlp_reports.records import ErrorRecord, Report

    paths = _expanded(inputs)
    pages = _audit_pages(html, len(paths)) if html else None
    status = 0
    options = BatchOptions(
        profile=profile,
        report_year=year,
        max_bytes=max_bytes,
        max_chars=max_chars,
        time_limit=time_limit or None,
    )
    records = run_records(paths, options, jobs=jobs or default_jobs())
    for record in records:
        if pages:
            pages.add(record)
        if isinstance(record, ErrorRecord):
            _report_error(record)
            status = EXIT_UNREADABLE
            if output_format is CheckFormat.table:
                continue
        if output_format is CheckFormat.table:
            assert isinstance(record, Report)
            print_checks(record, show_all=show_all)
        else:
            typer.echo(
                to_json(
                    record,
                    include_text=False,
                    indent=2 if output_format is CheckFormat.json else None,
                )
            )
        if (
            isinstance(record, Report)
            and status == 0
            and any(c.status == "fail" and c.severity == "error" for c in record.checks)
        ):
            status = EXIT_CHECK_FAILED
    if pages:
        index = pages.finish()
        typer.echo(
            f"audit pages: {index} ({len(pages.written)} pages)"
            if index
            else f"audit page: {html}",
            err=True,
        )
    raise typer.Exit(status)


def _audit_pages(target: Path, inputs: int) -> AuditPages:
    """The page writer for ``--html``; a target it cannot honour is a usage error."""
    from nlp_reports.audit import AuditPages
    from nlp_reports.errors import OptionError

    try:
        return AuditPages(target, inputs)
    except OptionError as error:
        raise typer.BadParameter(str(error), param_hint="'--html'") from error


@app.command()
def schema(
    directory: Annotated[
        Path, typer.Argument(help="Folder to write the JSON Schemas into.")
    ] = Path("schemas"),
) -> None:
    """Write the JSON Schemas of the records (report.schema.json, error.schema.json).

    Example: nlp-reports schema schemas/
    """
    from nlp_reports.emit import write_schemas

    for path in write_schemas(directory):
        typer.echo(str(path))


@app.command(name="eval")
def evaluate(
    corpus: Annotated[
        Path, typer.Argument(help="Folder of <name>.txt files with <name>.gold.yaml gold files.")
    ] = Path("corpora"),
    min_f1: Annotated[
        float | None, typer.Option("--min-f1", help="Exit 1 when a target kind's F1 is below this.")
    ] = None,
    show_errors: Annotated[
        int, typer.Option("--errors", help="Print up to this many disagreements with the gold.")
    ] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    checks: Annotated[
        bool,
        typer.Option(
            "--checks", help="Also alter every gold relation and count what the checks catch."
        ),
    ] = False,
) -> None:
    """Score extraction against the gold files: precision, recall and F1 per fact kind.

    Example: nlp-reports eval corpora/ --min-f1 0.9
    """
    from nlp_reports.console import print_scores
    from nlp_reports.evaluate import below_threshold
    from nlp_reports.evaluate import evaluate as run_evaluation

    scores = run_evaluation(corpus)
    print_scores(scores, as_json=as_json, show_errors=show_errors)
    if checks:
        from nlp_reports.console import print_check_scores
        from nlp_reports.evaluate import score_checks

        print_check_scores(score_checks(corpus), as_json=as_json)
    if min_f1 is not None:
        failing = below_threshold(scores, min_f1)
        if failing:
            typer.echo(f"F1 below {min_f1} for: {', '.join(failing)}", err=True)
            raise typer.Exit(EXIT_CHECK_FAILED)
