"""Stretches of row reads into the stable cell keys of a profile's table templates.

Rows are mapped by their labels (:mod:`.labels`), columns by position within the row (the
official order, with a printed subtotal column detected from the header), or by the header over
each cell where a converter padded merged cells with empty ones; the version of the format comes
from the column headers (table 二) or from the rows present (table 三).

Nothing is guessed. A row whose number of values does not fit its columns (flattened text loses
blank cells) is left unread and reported, never filled in; a blank stays a blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nlp_reports.records import Problem, Table
from nlp_reports.tables.labels import label_tail, match_row
from nlp_reports.tables.rows import Piece
from nlp_reports.tables.segments import Segment, SegmentRow, fit_values, has_data
from nlp_reports.tables.templates import (
    BlockSpec,
    ColumnSpec,
    RowSpec,
    TablesData,
    TemplateSpec,
    pattern,
)

_SINGLE_ROW_REPORT = 3


@dataclass
class _Builder:
    """The cells of one mapped table and what went wrong while mapping it."""

    segment: Segment
    cells: dict[str, float | int | str | None] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    used: list[SegmentRow] = field(default_factory=list)

    def problem(self, message: str, span: tuple[int, int] | None = None) -> None:
        title = self.segment.template.title
        self.problems.append(Problem(stage="tables", message=f"{title}: {message}", span=span))

    def put(self, key: str, piece: Piece) -> None:
        self.cells[key] = piece.value.value
        self.spans[key] = piece.span
        if piece.value.unit:
            self.units[key] = piece.value.unit

    def put_row(
        self,
        row: SegmentRow,
        prefix: str,
        columns: list[str],
        name: str,
        positions: dict[int, str] | None = None,
    ) -> None:
        """A row's values under ``prefix.column``, or a problem when they do not fit.

        Values go to the columns in order when there are as many as columns; an explicit row
        with a different count goes by the grid column of each cell under the header
        (``positions``), else left-aligned when it is short (a row cut off at its end).
        """
        if any(f"{prefix}.{column}" in self.cells for column in columns):
            self.problem(f"row {name} appears twice; the first is kept", row.read.label_span)
            return
        values = fit_values(row.read.values, len(columns), row.read.explicit)
        explicit = row.read.explicit
        if (
            values is None
            and explicit
            and positions
            and self._put_by_position(row, prefix, columns, name, positions)
        ):
            return
        if values is None and row.read.explicit and 0 < len(row.read.values) < len(columns):
            for column, piece in zip(columns, row.read.values, strict=False):
                self.put(f"{prefix}.{column}", piece)
            self.used.append(row)
            missing = ", ".join(columns[len(row.read.values) :])
            self.problem(
                f"row {name}: {len(row.read.values)} values for {len(columns)} columns; "
                f"read left to right, not read: {missing}",
                row.read.label_span,
            )
            return
        if values is None:
            cause = (
                "blank cells cannot be placed in flattened text"
                if not row.read.explicit and len(row.read.values) < len(columns)
                else "cells not read"
            )
            self.problem(
                f"row {name}: {len(row.read.values)} values for {len(columns)} columns; {cause}",
                row.read.label_span,
            )
            return
        for column, piece in zip(columns, values, strict=True):
            self.put(f"{prefix}.{column}", piece)
        self.used.append(row)

    def _put_by_position(
        self, row: SegmentRow, prefix: str, columns: list[str], name: str, positions: dict[int, str]
    ) -> bool:
        """Values placed by the header over their grid column; False when that is not possible.

        Several cells under one header (a merged header the converter padded with empty cells)
        give the one that is not blank.
        """
        placed: dict[str, Piece] = {}
        for piece in row.read.values:
            key = positions.get(piece.column) if piece.column is not None else None
            if key is None or key not in columns:
                if piece.value.kind == "blank":
                    continue
                return False
            if key in placed and placed[key].value.kind != "blank":
                if piece.value.kind != "blank":
                    return False
                continue
            placed[key] = piece
        if not placed:
            return False
        for key, piece in placed.items():
            self.put(f"{prefix}.{key}", piece)
        self.used.append(row)
        missing = [column for column in columns if column not in placed]
        if missing:
            self.problem(f"row {name}: no cell under {', '.join(missing)}", row.read.label_span)
        return True


def header_positions(
    rows: list[list[Piece]], columns: list[ColumnSpec], data: TablesData
) -> dict[int, str]:
    """Grid column to column key, from the header rows above the data.

    The texts of each grid column are read top to bottom. In a one-row header an empty cell
    belongs to the header on its left (a merged header a converter padded with empty cells).
    """
    texts: dict[int, str] = {}
    inherit = len(rows) == 1
    for cells in rows:
        previous = ""
        for cell in cells:
            text = cell.text.strip() or (previous if inherit else "")
            previous = text
            for column in range((cell.column or 0), (cell.column or 0) + cell.width):
                texts[column] = texts.get(column, "") + text
    positions: dict[int, str] = {}
    for column, text in texts.items():
        label = data.label_text(text)
        found = [
            (match.end(), spec.key)
            for spec in columns
            for source in spec.patterns
            for match in [pattern(source).search(label)]
            if match
        ]
        if found:
            positions[column] = max(found)[1]
    return positions


def _block_version(segment: Segment, block: BlockSpec) -> dict[str, int]:
    header = segment.headers.get(block.key, "")
    return {
        version: sum(
            1 for column in columns if any(pattern(p).search(header) for p in column.patterns)
        )
        for version, columns in block.columns.items()
    }


def _table2_version(
    segment: Segment, matched: list[tuple[SegmentRow, RowSpec, BlockSpec]]
) -> str | None:
    """The version of table 二: from its column headers, else from how many values rows have."""
    votes: dict[str, int] = {}
    for block in segment.template.blocks:
        for version, count in _block_version(segment, block).items():
            votes[version] = votes.get(version, 0) + count
    if votes and max(votes.values()) > 0:
        ranked = sorted(votes.items(), key=lambda item: -item[1])
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            return ranked[0][0]
    fits: dict[str, int] = {}
    for row, _, block in matched:
        for version, columns in block.columns.items():
            if fit_values(row.read.values, len(columns), row.read.explicit):
                fits[version] = fits.get(version, 0) + 1
    if fits:
        ranked = sorted(fits.items(), key=lambda item: -item[1])
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            return ranked[0][0]
    return None


def _map_table2(builder: _Builder, data: TablesData) -> str | None:
    template = builder.segment.template
    blocks = {block.key: block for block in template.blocks}
    matched: list[tuple[SegmentRow, RowSpec, BlockSpec]] = []
    for row in builder.segment.rows:
        if not row.read.values:
            continue
        candidates = blocks[row.block].rows if row.block else template.all_rows()
        spec = match_row(row.read.label, candidates, data)
        if spec is None:
            continue
        block = next(b for b in template.blocks if spec in b.rows)
        matched.append((row, spec, block))
    version = _table2_version(builder.segment, matched)
    if matched and version is None:
        builder.problem("version of the format (2019 or 2021) not recognised; cells not read")
        return None
    for row, spec, block in matched:
        columns = block.columns.get(version or "")
        if columns is None or not spec.in_version(version):
            builder.problem(
                f"row {spec.label} is not part of the {version} format", row.read.label_span
            )
            continue
        positions = header_positions(builder.segment.header_rows.get(row.block, []), columns, data)
        builder.put_row(row, spec.key, [column.key for column in columns], spec.label, positions)
    return version


def _table3_columns(segment: Segment) -> list[ColumnSpec]:
    """The official columns, with a printed subtotal column where the header has one."""
    template = segment.template
    header = "".join(segment.headers.values())
    columns = list(template.columns)
    for optional in template.optional_columns:
        if any(pattern(source.rstrip("$")).search(header) for source in optional.patterns):
            keys = [column.key for column in columns]
            position = keys.index(optional.after) + 1 if optional.after in keys else len(columns)
            columns.insert(position, optional)
    return columns


def _table3_version(specs: list[RowSpec]) -> str | None:
    """2021 when a row only the 2021 format has is present; 2019 when its 其他处理 row has data."""
    if any(spec.versions == ["2021"] for spec in specs):
        return "2021"
    if any(spec.derived_in == ["2021"] for spec in specs):
        return "2019"
    return None


def _subtotal_key(
    template: TemplateSpec, row: SegmentRow, previous: str | None, data: TablesData
) -> str | None:
    """The group subtotal a 小计 row stands for: the group of the row above it, else the group
    label last seen."""
    tail = label_tail(row.read.label, data)
    if not any(pattern(p).search(tail) for p in template.subtotal_patterns):
        return None
    groups = {group.key for group in template.groups}
    if previous is not None:
        parent = previous.rsplit(".", 1)[0]
        if parent in groups:
            return parent
    return row.group


def _run_of_all_rows(
    builder: _Builder, row: SegmentRow, columns: list[str], data: TablesData
) -> str | None:
    """A table 三 flattened as all its labels, then one run of every number, row after row."""
    template = builder.segment.template
    label = data.label_text(row.read.label.replace("\n", ""))
    for version in template.versions:
        keys = template.row_keys(version, derived=False)
        if len(row.read.values) != len(keys) * len(columns):
            continue
        specs = [spec for spec in template.rows if spec.key in keys]
        named = sum(
            1 for spec in specs if any(pattern(p.rstrip("$")).search(label) for p in spec.patterns)
        )
        if named * 2 < len(specs):
            continue
        for number, spec in enumerate(specs):
            start = number * len(columns)
            values = row.read.values[start : start + len(columns)]
            for column, piece in zip(columns, values, strict=True):
                builder.put(f"{spec.key}.{column}", piece)
        builder.used.append(row)
        return version
    return None


def _map_table3(builder: _Builder, data: TablesData) -> str | None:
    template = builder.segment.template
    specs = _table3_columns(builder.segment)
    columns = [column.key for column in specs]
    header_rows = [row for rows in builder.segment.header_rows.values() for row in rows]
    positions = header_positions(header_rows, specs, data)
    found: list[tuple[SegmentRow, RowSpec | None, str]] = []
    for row in builder.segment.rows:
        if not row.read.values:
            continue
        if not row.read.explicit and len(row.read.values) > len(columns):
            version = _run_of_all_rows(builder, row, columns, data)
            if version is not None:
                return version
        subtotal = _subtotal_key(template, row, found[-1][2] if found else None, data)
        spec = None if subtotal else match_row(row.read.label, template.rows, data)
        if subtotal is None and spec is None:
            if row.read.explicit and _has_words(row.read.label) and has_data(row.read):
                builder.problem(f"row {row.read.label!r} not recognised", row.read.label_span)
            continue
        key = subtotal or (spec.key if spec else "")
        found.append((row, spec, key))
    version = _table3_version([spec for _, spec, _ in found if spec is not None])
    for row, spec, key in found:
        if spec is not None and not spec.in_version(version):
            builder.problem(
                f"row {spec.label} is not part of the {version} format", row.read.label_span
            )
            continue
        builder.put_row(row, key, columns, spec.label if spec else key, positions)
    expected = template.row_keys(version, derived=False)
    missing = [key for key in expected if f"{key}.total" not in builder.cells]
    if version is not None and builder.used and missing:
        builder.problem(f"{len(missing)} of {len(expected)} rows not read (first: {missing[0]})")
    return version


def _has_words(label: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in label)


def _map_single_row(builder: _Builder) -> None:
    keys = builder.segment.template.single_row
    for row in builder.segment.rows:
        values = fit_values(row.read.values, len(keys), row.read.explicit)
        if values is None:
            continue
        for key, piece in zip(keys, values, strict=True):
            builder.put(key, piece)
        builder.used.append(row)
        return
    longest = max((len(row.read.values) for row in builder.segment.rows), default=0)
    if longest >= _SINGLE_ROW_REPORT:
        builder.problem(f"no row of {len(keys)} values (the longest has {longest}); cells not read")


def _extent(rows: list[SegmentRow]) -> tuple[int, int] | None:
    """From the first label or cell used to the last: grid rows whole, flattened rows from the
    line their values follow."""
    spans: list[tuple[int, int]] = []
    for row in rows:
        read = row.read
        if read.explicit:
            spans += [span for _, row_spans in read.display for span in row_spans]
        else:
            spans += [span for span in [read.label_span] if span is not None]
            spans += [piece.span for piece in read.values]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _grid_of(
    rows: list[SegmentRow], extent: tuple[int, int]
) -> tuple[list[list[str]], list[list[tuple[int, int]]]]:
    """The display rows that lie within the table's span, in order."""
    grid: list[list[str]] = []
    spans: list[list[tuple[int, int]]] = []
    for row in rows:
        for texts, row_spans in row.read.display:
            inside = [s for s in row_spans if s[0] >= extent[0] and s[1] <= extent[1]]
            if row_spans and len(inside) == len(row_spans):
                grid.append(texts)
                spans.append(row_spans)
    return grid, spans


@dataclass
class MappedTable:
    """A standard table read from the document (None when no cell could be read), the source
    grids it consumed, and what went wrong."""

    table: Table | None
    consumed: set[int]
    problems: list[Problem]


def map_segment(segment: Segment, data: TablesData) -> MappedTable:
    """The Table of one stretch of row reads."""
    builder = _Builder(segment)
    template = segment.template
    if template.blocks:
        version = _map_table2(builder, data)
    elif template.rows:
        version = _map_table3(builder, data)
    else:
        version = None
        _map_single_row(builder)
    if not builder.cells:
        return MappedTable(None, set(), builder.problems)
    grid_sourced = [row for row in segment.rows if row.read.explicit]
    extent = _extent([*builder.used, *grid_sourced]) or (0, 0)
    grid, grid_spans = _grid_of(segment.rows, extent)
    return MappedTable(
        Table(
            id="",
            template=template.key,
            version=version,
            cells=builder.cells,
            cell_spans=builder.spans,
            units=builder.units,
            grid=grid,
            grid_spans=grid_spans,
            span=extent,
        ),
        {row.read.table_index for row in segment.rows if row.read.table_index is not None},
        builder.problems,
    )
