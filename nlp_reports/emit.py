"""Records out: JSON for one document, JSON Lines for batches, flat CSV for data frames.

Every writer takes already-built records; nothing here computes a fact or a verdict.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from nlp_reports.records import ErrorRecord, Report, schema_of

Record = Report | ErrorRecord

FACT_COLUMNS = (
    "path",
    "sha256",
    "report_year",
    "profile",
    "fact_id",
    "kind",
    "value",
    "upper",
    "unit",
    "approx",
    "decimals",
    "currency",
    "worded",
    "subject",
    "text",
    "start",
    "end",
    "section_id",
    "section_type",
)
CELL_COLUMNS = (
    "path",
    "sha256",
    "report_year",
    "table_id",
    "template",
    "version",
    "key",
    "row",
    "column",
    "value",
    "number",
    "blank",
    "unit",
    "text",
    "start",
    "end",
)


def record_dict(record: Record, include_text: bool = True) -> dict[str, Any]:
    """The JSON-ready dict of a record; ``include_text=False`` drops the (large) source text."""
    exclude = None if include_text or isinstance(record, ErrorRecord) else {"text"}
    return record.model_dump(mode="json", exclude=exclude)


def to_json(record: Record, include_text: bool = True, indent: int | None = 2) -> str:
    """One record as JSON, Chinese kept as is (not \\u-escaped)."""
    return json.dumps(record_dict(record, include_text), ensure_ascii=False, indent=indent)


def write_jsonl(records: Iterable[Record], stream: TextIO, include_text: bool = False) -> int:
    """One JSON line per record, flushed per line so a killed batch leaves no torn line."""
    written = 0
    for record in records:
        stream.write(to_json(record, include_text, indent=None) + "\n")
        stream.flush()
        written += 1
    return written


def fact_rows(report: Report) -> list[dict[str, Any]]:
    """One flat row per fact, with the section type a researcher filters on."""
    types = {section.id: section.type for section in report.sections}
    return [
        {
            "path": report.source.path,
            "sha256": report.source.sha256,
            "report_year": report.report_year,
            "profile": report.profile,
            "fact_id": fact.id,
            "kind": fact.kind,
            "value": fact.value,
            "upper": fact.upper,
            "unit": fact.unit,
            "approx": fact.approx,
            "decimals": fact.decimals,
            "currency": fact.currency,
            "worded": fact.worded,
            "subject": fact.subject,
            "text": fact.text,
            "start": fact.span[0],
            "end": fact.span[1],
            "section_id": fact.section,
            "section_type": types.get(fact.section) if fact.section else None,
        }
        for fact in report.facts
    ]


def cell_rows(report: Report) -> list[dict[str, Any]]:
    """One flat row per table cell: document × stable key.

    ``number`` holds the value only when it is a number, so the column loads as numbers into a
    data frame; ``blank`` tells a blank cell from a zero; ``text`` is the cell as written
    (``/``, ``251000元``); ``row`` and ``column`` split the key for pivoting.
    """
    rows = []
    for table in report.tables:
        for key, value in table.cells.items():
            start, end = table.cell_spans.get(key, (None, None))
            row, _, column = key.rpartition(".")
            is_number = isinstance(value, int | float) and not isinstance(value, bool)
            rows.append(
                {
                    "path": report.source.path,
                    "sha256": report.source.sha256,
                    "report_year": report.report_year,
                    "table_id": table.id,
                    "template": table.template,
                    "version": table.version,
                    "key": key,
                    "row": row,
                    "column": column,
                    "value": value,
                    "number": value if is_number else None,
                    "blank": value is None,
                    "unit": table.units.get(key),
                    "text": report.text[start:end] if report.text and start is not None else None,
                    "start": start,
                    "end": end,
                }
            )
    return rows


def write_csv(rows: Iterable[dict[str, Any]], stream: TextIO, columns: tuple[str, ...]) -> int:
    """Rows as CSV with a header; missing values are empty cells."""
    writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
        count += 1
    return count


def csv_text(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    write_csv(rows, buffer, columns)
    return buffer.getvalue()


def schema_files() -> dict[str, str]:
    """The JSON Schemas committed under schemas/, by file name."""
    return {
        "report.schema.json": json.dumps(schema_of(Report), ensure_ascii=False, indent=2) + "\n",
        "error.schema.json": json.dumps(schema_of(ErrorRecord), ensure_ascii=False, indent=2)
        + "\n",
    }


def write_schemas(directory: Path) -> list[Path]:
    """Write the schemas into ``directory``; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in schema_files().items():
        path = directory / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
