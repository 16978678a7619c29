"""Tables of plain text: rows, the unit of each column, and the facts in each cell.

Statistical communiqués print their tables as pipe rows (| 生产总值 | 1262635 | 6.9 |), or, once
a web page is flattened, one cell per line: a row label on its line, then one line per number.
The cells restate the prose in another unit (126.3亿元 in the text, 1262635 under 绝对数(万元))
and break totals down row by row (| 其中:第一产业 | … |, or "# 批发零售业" indented under its
total). This module only reads that layout; the relate stage decides what the cells assert. A
column's unit comes from its header (绝对数(万元), 比上年增长(%)), from a 单位 column or from the
row label (社会消费品零售总额(亿元)); a cell without a known unit is left alone. The words that
mark breakdowns, totals and headers are data: ``profiles/common/table_words.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex
import yaml

from nlp_reports.compiled import compiled_pattern
from nlp_reports.profiles import lexicon

_PIPE_LINE = regex.compile(r"^[^\n]*\|[^\n]*\|[^\n]*$", regex.MULTILINE)
_NUMERIC = regex.compile(r"^\s*[+-]?\d[\d,]*(?:\.\d+)?\s*$")
_PERCENT_HEADER = regex.compile(r"%|百分比|增长|增速|变动率|比重|同比|比上年")
_GROWTH_HEADER = regex.compile(r"增长|增速|变动|比上年|同比")
_SCALES = {"百万": 10**6, "千万": 10**7, "万": 10**4, "亿": 10**8, "千": 10**3}
_WORDS_PATH = Path(__file__).parent / "profiles" / "common" / "table_words.yaml"
_BRACKETED = regex.compile(r"[(（]([^()（）]{1,20})[)）]")
_SENTENCE_MARK = regex.compile(r"[。;；!?！？,，|]")
_HAN = regex.compile(r"\p{Han}")
_MAX_LABEL = 30
_MAX_HEADER = 20


@dataclass(frozen=True)
class TableWords:
    part_marker: regex.Pattern[str]
    total_labels: frozenset[str]
    subtotal_labels: frozenset[str]
    outline_number: regex.Pattern[str]
    corner_labels: frozenset[str]


@cache
def table_words() -> TableWords:
    """The words of table layouts, loaded once."""
    data = yaml.safe_load(_WORDS_PATH.read_text(encoding="utf-8"))
    markers = "|".join(f"(?:{p})" for p in data["part_markers"])
    return TableWords(
        part_marker=regex.compile(rf"^\s*(?:{markers})\s*"),
        total_labels=frozenset(data["total_labels"]),
        subtotal_labels=frozenset(data["subtotal_labels"]),
        outline_number=regex.compile("|".join(f"(?:{p})" for p in data["outline_numbers"])),
        corner_labels=frozenset(data["corner_labels"]),
    )


@dataclass(frozen=True)
class Unit:
    """What the numbers of a column are: a percentage, or an amount with its scale and currency."""

    percent: bool = False
    scale: float = 1.0
    currency: str | None = None
    growth: bool = False


@dataclass(frozen=True)
class GridCell:
    """A numeric cell: where it is, the row it belongs to and its column's unit."""

    row: int
    column: int
    start: int
    end: int
    label: str
    unit: Unit | None


@dataclass(frozen=True)
class GridRow:
    """A row: its label, whether it opens a breakdown, and where its label stands.

    ``indent`` is the column of the label's first character, ``depth`` that of its words after a
    breakdown marker ("   # 批发零售业" has indent 3 and depth 5): a flattened table shows which
    row a part belongs to by indentation alone. Rows of pipe tables have both 0.
    """

    label: str
    opens_parts: bool
    cells: tuple[GridCell, ...]
    indent: int = 0
    depth: int = 0
    unit: Unit | None = None

    @property
    def is_total(self) -> bool:
        """A row named as the sum of its neighbours (合计, 总计)."""
        return self.label in table_words().total_labels

    @property
    def names_a_sum(self) -> bool:
        """A label that speaks of a sum (合计, 小计, 其他合计): the row adds up other rows."""
        words = table_words()
        return any(word in self.label for word in words.total_labels | words.subtotal_labels)

    @property
    def is_numbered(self) -> bool:
        """A label that opens with an outline number (（一）, 1.): rows of a nested outline."""
        return table_words().outline_number.match(self.label) is not None


@dataclass(frozen=True)
class Grid:
    start: int
    end: int
    rows: tuple[GridRow, ...]


@cache
def _currency_pattern() -> regex.Pattern[str]:
    words = sorted({c.word for c in lexicon().currencies}, key=len, reverse=True)
    return regex.compile(
        r"(?P<scale>百万|千万|万|亿|千)?(?P<currency>" + "|".join(map(regex.escape, words)) + ")"
    )


@cache
def _codes() -> dict[str, str | None]:
    return {c.word: (None if c.code == "CNY" else c.code) for c in lexicon().currencies}


def parse_unit(text: str) -> Unit | None:
    """The unit a header or a 单位 cell names.

    >>> parse_unit("绝对数(万元)")
    Unit(percent=False, scale=10000, currency=None, growth=False)
    >>> parse_unit("百万澳门元")
    Unit(percent=False, scale=1000000, currency='MOP', growth=False)
    >>> parse_unit("比上年增长(%)").percent
    True
    >>> parse_unit("指标") is None
    True
    """
    compact = compiled_pattern(r"\s+").sub("", text)
    if _PERCENT_HEADER.search(compact):
        return Unit(percent=True, growth=bool(_GROWTH_HEADER.search(compact)))
    match = _currency_pattern().search(compact)
    if match is None:
        return None
    scale = _SCALES.get(match.group("scale") or "", 1)
    return Unit(scale=scale, currency=_codes()[match.group("currency")])


def _cells(line: str, offset: int) -> list[tuple[int, int, str]]:
    """The cells of a pipe line as (start, end, text), the empty edges dropped."""
    found = []
    position = 0
    for piece in line.split("|"):
        start = offset + position
        found.append((start, start + len(piece), piece.strip()))
        position += len(piece) + 1
    while found and not found[0][2]:
        found.pop(0)
    while found and not found[-1][2]:
        found.pop()
    return found


def _clean_label(text: str) -> str:
    return compiled_pattern(r"\s+").sub("", table_words().part_marker.sub("", text))


def _label_unit(label: str) -> Unit | None:
    """The unit a row label states in brackets (社会消费品零售总额(亿元))."""
    return next(
        (u for m in _BRACKETED.finditer(label) if (u := parse_unit(m.group(1))) is not None),
        None,
    )


def _grid(lines: list[tuple[int, str]]) -> Grid | None:
    headers: list[Unit | None] = []
    rows: list[GridRow] = []
    for offset, line in lines:
        cells = _cells(line, offset)
        if len(cells) < 2:
            continue
        numeric = [bool(_NUMERIC.match(text)) for _, _, text in cells]
        if not any(numeric):
            headers = [parse_unit(text) for _, _, text in cells]
            continue
        label = cells[0][2]
        row_unit = next(
            (parse_unit(t) for _, _, t in cells[1:] if not _NUMERIC.match(t) and parse_unit(t)),
            None,
        )
        grid_cells = []
        for column, ((start, end, _text), is_number) in enumerate(zip(cells, numeric, strict=True)):
            if column == 0 or not is_number:
                continue
            unit = row_unit or (headers[column] if column < len(headers) else None)
            grid_cells.append(GridCell(len(rows), column, start, end, _clean_label(label), unit))
        opens = bool(table_words().part_marker.match(label))
        rows.append(GridRow(_clean_label(label), opens, tuple(grid_cells), unit=row_unit))
    if not rows:
        return None
    return Grid(lines[0][0], lines[-1][0] + len(lines[-1][1]), tuple(rows))


def find_grids(text: str) -> list[Grid]:
    """Every run of two or more pipe lines, as a grid."""
    grids = []
    run: list[tuple[int, str]] = []
    last_end = -2
    for match in _PIPE_LINE.finditer(text):
        if match.start() != last_end + 1 and run:
            grids.append(run)
            run = []
        run.append((match.start(), match.group()))
        last_end = match.end()
    if run:
        grids.append(run)
    return [grid for lines in grids if len(lines) >= 2 if (grid := _grid(lines)) is not None]


@dataclass(frozen=True)
class _Line:
    """A non-blank line of text as written (its indentation kept) and where it starts."""

    start: int
    text: str

    @property
    def words(self) -> str:
        return self.text.strip()

    @property
    def is_number(self) -> bool:
        return bool(_NUMERIC.match(self.text))

    def _is_short_words(self, limit: int) -> bool:
        """Words, not a number, no longer than ``limit``, without a sentence mark."""
        words = self.words
        return not self.is_number and len(words) <= limit and _SENTENCE_MARK.search(words) is None

    @property
    def is_label(self) -> bool:
        return self._is_short_words(_MAX_LABEL) and _HAN.search(self.words) is not None

    @property
    def is_header(self) -> bool:
        return self._is_short_words(_MAX_HEADER)


def _non_blank_lines(text: str) -> list[_Line]:
    return [
        _Line(match.start(), match.group())
        for match in compiled_pattern(r"[^\n]+").finditer(text)
        if match.group().strip()
    ]


def _row_run(lines: list[_Line], first: int) -> list[tuple[int, int]]:
    """The rows from line ``first`` on, as (label line, number of values), while every row has a
    label line followed by the same number of number lines."""
    rows: list[tuple[int, int]] = []
    index = first
    while index + 1 < len(lines) and lines[index].is_label and lines[index + 1].is_number:
        end = index + 1
        while end < len(lines) and lines[end].is_number:
            end += 1
        if rows and end - index - 1 != rows[0][1]:
            break
        rows.append((index, end - index - 1))
        index = end
    return rows


def _header(lines: list[_Line], first_label: int, columns: int) -> list[_Line] | None:
    """The header of a flattened table: a corner line (指标), then one line per value column."""
    corner = first_label - columns - 1
    if corner < 0 or lines[corner].words not in table_words().corner_labels:
        return None
    headers = lines[corner + 1 : first_label]
    return headers if all(line.is_header for line in headers) else None


def _flat_grid(lines: list[_Line], rows: list[tuple[int, int]], headers: list[_Line]) -> Grid:
    """The grid of a flattened table; a row without a unit of its own takes that of the less
    indented row above it (a breakdown is in the unit of its total)."""
    header_units = [parse_unit(line.words) for line in headers]
    grid_rows: list[GridRow] = []
    units: list[Unit | None] = []
    for number, (label_line, count) in enumerate(rows):
        line = lines[label_line]
        indent = len(line.text) - len(line.text.lstrip())
        marker = table_words().part_marker.match(line.text)
        label = _clean_label(line.words)
        own = _label_unit(line.words)
        parent = next(
            (
                units[above]
                for above in range(number - 1, -1, -1)
                if grid_rows[above].indent < indent
            ),
            None,
        )
        units.append(own or parent)
        cells = []
        for column, value in enumerate(lines[label_line + 1 : label_line + 1 + count], start=1):
            header = header_units[column - 1]
            unit = header if header is not None and header.percent else own or header or parent
            start = value.start + len(value.text) - len(value.text.lstrip())
            cells.append(GridCell(number, column, start, start + len(value.words), label, unit))
        grid_rows.append(
            GridRow(
                label,
                marker is not None,
                tuple(cells),
                indent=indent,
                depth=marker.end() if marker is not None else indent,
                unit=own,
            )
        )
    last = lines[rows[-1][0] + rows[-1][1]]
    return Grid(headers[0].start, last.start + len(last.text), tuple(grid_rows))


def find_flat_grids(text: str) -> list[Grid]:
    """Tables flattened to one cell per line: a corner line (指标), one header line per column,
    then rows of a label line and one line per value, at least two rows of as many values."""
    lines = _non_blank_lines(text)
    grids = []
    index = 0
    while index < len(lines):
        rows = _row_run(lines, index)
        if not rows:
            index += 1
            continue
        headers = _header(lines, rows[0][0], rows[0][1])
        if len(rows) >= 2 and headers:
            grids.append(_flat_grid(lines, rows, headers))
        index = rows[-1][0] + rows[-1][1] + 1
    return grids


def inside(grids: Iterable[Grid], start: int) -> bool:
    """Whether a position lies in one of the grids."""
    return any(grid.start <= start < grid.end for grid in grids)
