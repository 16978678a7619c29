"""Where a batch's outcomes go: JSON, JSON Lines, CSV or Parquet, written as they arrive.

Each sink takes outcomes one at a time and keeps nothing but what the format needs (a buffer
of rows for Parquet), so memory does not grow with the number of documents. Facts go to the
named file; table cells, when there are any, to ``FILE.cells.csv`` or ``FILE.cells.parquet``
beside it. Error records appear in JSON and JSON Lines only; the flat formats hold facts.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, TextIO

from nlp_reports.batch import Outcome, Sink
from nlp_reports.emit import CELL_COLUMNS, FACT_COLUMNS
from nlp_reports.errors import MissingExtraError, NlpReportsError


class JsonLinesSink:
    """One line per outcome, flushed at once, so a killed batch loses at most a torn last line."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, outcome: Outcome) -> None:
        self.stream.write(outcome.text + "\n")
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


class JsonSink:
    """One JSON object for a single input (nothing for an error), else a JSON array of records."""

    def __init__(self, stream: TextIO, as_list: bool) -> None:
        self.stream = stream
        self.as_list = as_list
        self.written = 0
        if as_list:
            stream.write("[\n")

    def write(self, outcome: Outcome) -> None:
        if not self.as_list and outcome.error is not None:
            return
        separator = ",\n" if self.as_list and self.written else ""
        self.stream.write(separator + outcome.text)
        self.written += 1

    def close(self) -> None:
        self.stream.write("\n]\n" if self.as_list else "\n" if self.written else "")
        self.stream.flush()


class CsvSink:
    """Fact rows to ``stream``; cell rows to ``FILE.cells.csv`` beside ``output``, if any."""

    def __init__(self, stream: TextIO, output: Path | None) -> None:
        self.facts = csv.DictWriter(stream, fieldnames=FACT_COLUMNS, lineterminator="\n")
        self.facts.writeheader()
        self.stream = stream
        self.cells_path = output.with_suffix(".cells.csv") if output else None
        self.cells_stream: TextIO | None = None
        self.cells: csv.DictWriter[str] | None = None
        self.unwritten_cells = 0

    def write(self, outcome: Outcome) -> None:
        self.facts.writerows(_blank_none(row) for row in outcome.fact_rows)
        if not outcome.cell_rows:
            return
        if self.cells_path is None:
            self.unwritten_cells += len(outcome.cell_rows)
            return
        if self.cells is None:
            self.cells_stream = self.cells_path.open("w", encoding="utf-8", newline="")
            self.cells = csv.DictWriter(
                self.cells_stream, fieldnames=CELL_COLUMNS, lineterminator="\n"
            )
            self.cells.writeheader()
        self.cells.writerows(_blank_none(row) for row in outcome.cell_rows)

    def close(self) -> None:
        self.stream.flush()
        if self.cells_stream is not None:
            self.cells_stream.close()


def _blank_none(row: dict[str, Any]) -> dict[str, Any]:
    return {key: "" if value is None else value for key, value in row.items()}


_ROWS_PER_GROUP = 50_000


class ParquetSink:
    """Facts and cells as Parquet files, written a row group at a time (needs pyarrow)."""

    def __init__(self, output: Path) -> None:
        try:
            import pyarrow as pa
        except ImportError as error:
            raise MissingExtraError("Parquet output", "parquet") from error
        self._pa = pa
        self.paths = (output, output.with_suffix(".cells.parquet"))
        self.schemas = (_fact_schema(pa), _cell_schema(pa))
        self.writers: list[Any] = [None, None]
        self.buffers: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], [])

    def write(self, outcome: Outcome) -> None:
        self.buffers[0].extend(_typed(row) for row in outcome.fact_rows)
        self.buffers[1].extend(_typed(row) for row in outcome.cell_rows)
        for which in (0, 1):
            if len(self.buffers[which]) >= _ROWS_PER_GROUP:
                self._flush(which)

    def _flush(self, which: int) -> None:
        import pyarrow.parquet as pq

        rows = self.buffers[which]
        if self.writers[which] is None:
            if not rows and which == 1:
                return
            self.writers[which] = pq.ParquetWriter(self.paths[which], self.schemas[which])
        table = self._pa.Table.from_pylist(rows, schema=self.schemas[which])
        self.writers[which].write_table(table)
        rows.clear()

    def close(self) -> None:
        for which in (0, 1):
            self._flush(which)
            if self.writers[which] is not None:
                self.writers[which].close()


def _schema(pa: Any, columns: tuple[str, ...], types: dict[str, Any]) -> Any:
    """The CSV columns, typed; ``value`` holds numbers and a ``value_text`` after it the rest."""
    fields = []
    for column in columns:
        fields.append(pa.field(column, types.get(column, pa.string())))
        if column == "value":
            fields.append(pa.field("value_text", pa.string()))
    return pa.schema(fields)


def _fact_schema(pa: Any) -> Any:
    numbers = {"value": pa.float64(), "upper": pa.float64(), "decimals": pa.int32()}
    places = {"report_year": pa.int32(), "start": pa.int64(), "end": pa.int64()}
    return _schema(pa, FACT_COLUMNS, {**numbers, **places, "worded": pa.bool_()})


def _cell_schema(pa: Any) -> Any:
    return _schema(pa, CELL_COLUMNS, {"report_year": pa.int32(), "value": pa.float64()})


def _split_value(value: Any) -> tuple[float | None, str | None]:
    if isinstance(value, bool) or value is None:
        return None, None
    if isinstance(value, int | float):
        return float(value), None
    return None, str(value)


def _typed(row: dict[str, Any]) -> dict[str, Any]:
    typed = dict(row)
    typed["value"], typed["value_text"] = _split_value(row["value"])
    return typed


def open_sink(output_format: str, stream: TextIO | None, output: Path | None, inputs: int) -> Sink:
    """The sink for a format: ``stream`` is where text formats go, ``output`` the file named."""
    if output_format == "parquet":
        if output is None:
            raise NlpReportsError("Parquet output needs a file: -o FILE.parquet")
        return ParquetSink(output)
    assert stream is not None
    if output_format == "jsonl":
        return JsonLinesSink(stream)
    if output_format == "csv":
        return CsvSink(stream, output)
    return JsonSink(stream, as_list=inputs != 1)
