"""The ``nlp-reports`` command: thin typer commands over library functions."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from nlp_reports.batch import expand_inputs, process
from nlp_reports.emit import (
    CELL_COLUMNS,
    FACT_COLUMNS,
    cell_rows,
    fact_rows,
    to_json,
    write_csv,
    write_jsonl,
    write_schemas,
)
from nlp_reports.read import DEFAULT_MAX_BYTES
from nlp_reports.records import ErrorRecord, Report
from nlp_reports.version import __version__

if TYPE_CHECKING:
    from nlp_reports.audit import AuditPages

app = typer.Typer(
    name="nlp-reports",
    help="Chinese annual reports into validated, structured facts, checked for consistency.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
)

EXIT_CHECK_FAILED = 1
EXIT_UNREADABLE = 2


class ExtractFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


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


def _open_output(output: Path | None) -> tuple[TextIO, bool]:
    if output is None:
        return sys.stdout, False
    output.parent.mkdir(parents=True, exist_ok=True)
    return output.open("w", encoding="utf-8", newline=""), True


@app.command()
def extract(
    inputs: Inputs,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
    ] = None,
    output_format: Annotated[
        ExtractFormat,
        typer.Option(
            "--format", "-f", help="json, jsonl (one line per document) or csv (one row per fact)."
        ),
    ] = ExtractFormat.json,
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
) -> None:
    """Extract facts, relations and checks as JSON records.

    Example: nlp-reports extract corpora/000_2e44ad171ca045ec.txt
    """
    paths = expand_inputs(inputs)
    records = process(paths, profile=profile, report_year=year, max_bytes=max_bytes)
    stream, close = _open_output(output)
    unreadable = False
    try:
        if output_format is ExtractFormat.csv:
            unreadable = _write_csv(records, stream, output)
        elif output_format is ExtractFormat.jsonl:
            for record in records:
                if isinstance(record, ErrorRecord):
                    _report_error(record)
                    unreadable = True
                write_jsonl([record], stream, include_text=bool(include_text))
        else:
            as_list = len(paths) != 1
            if as_list:
                stream.write("[\n")
            for number, record in enumerate(records):
                if isinstance(record, ErrorRecord):
                    _report_error(record)
                    unreadable = True
                    if not as_list:
                        continue
                text = to_json(record, include_text=include_text is not False)
                separator = ",\n" if as_list and number else ""
                stream.write(separator + text)
            stream.write("\n]\n" if as_list else "\n")
    finally:
        if close:
            stream.close()
    if unreadable:
        raise typer.Exit(EXIT_UNREADABLE)


def _write_csv(
    records: Iterable[Report | ErrorRecord], stream: TextIO, output: Path | None
) -> bool:
    """Facts to ``stream``; table cells to a ``.cells.csv`` beside ``output`` when there are any."""
    reports: list[Report] = []
    unreadable = False
    for record in records:
        if isinstance(record, ErrorRecord):
            _report_error(record)
            unreadable = True
        else:
            reports.append(record)
    write_csv((row for report in reports for row in fact_rows(report)), stream, FACT_COLUMNS)
    cells = [row for report in reports for row in cell_rows(report)]
    if cells:
        target = output.with_suffix(".cells.csv") if output else None
        if target is None:
            typer.echo(
                "note: table cells are written only with --output (to FILE.cells.csv)", err=True
            )
        else:
            with target.open("w", encoding="utf-8", newline="") as cell_stream:
                write_csv(cells, cell_stream, CELL_COLUMNS)
    return unreadable


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
    from nlp_reports.console import print_checks

    paths = expand_inputs(inputs)
    pages = _audit_pages(html, len(paths)) if html else None
    status = 0
    for record in process(paths, profile=profile, report_year=year, max_bytes=max_bytes):
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
