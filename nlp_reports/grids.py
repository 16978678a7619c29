"""Pipe tables of plain text: rows, the unit of each column, and the facts in each cell.

Statistical communiqués print their tables as pipe rows (| 生产总值 | 1262635 | 6.9 |). The
cells restate the prose in another unit (126.3亿元 in the text, 1262635 under 绝对数(万元)) and
break totals down row by row (| 其中:第一产业 | … |). This module only reads that layout; the
relate stage decides what the cells assert. A column's unit comes from its header
(绝对数(万元), 比上年增长(%)) or from a 单位 column; a cell without a known unit is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import regex

from nlp_reports.compiled import compiled_pattern
from nlp_reports.profiles import lexicon

_PIPE_LINE = regex.compile(r"^[^\n]*\|[^\n]*\|[^\n]*$", regex.MULTILINE)
_NUMERIC = regex.compile(r"^\s*[+-]?\d[\d,]*(?:\.\d+)?\s*$")
_PERCENT_HEADER = regex.compile(r"%|百分比|增长|增速|变动率|比重|同比|比上年")
_GROWTH_HEADER = regex.compile(r"增长|增速|变动|比上年|同比")
_SCALES = {"百万": 10**6, "千万": 10**7, "万": 10**4, "亿": 10**8, "千": 10**3}
_PART_ROW = regex.compile(r"^\s*(?:#\s*)?其中\s*[:：]?\s*")


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
    label: str
    opens_parts: bool
    cells: tuple[GridCell, ...]


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
    return compiled_pattern(r"\s+").sub("", _PART_ROW.sub("", text))


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
        rows.append(GridRow(_clean_label(label), bool(_PART_ROW.match(label)), tuple(grid_cells)))
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


def inside(grids: Iterable[Grid], start: int) -> bool:
    """Whether a position lies in one of the grids."""
    return any(grid.start <= start < grid.end for grid in grids)
