"""A document as a sequence of row reads: a label and the values that follow it.

Tables reach this stage in two shapes. Grids (HTML, DOCX, PDF and Markdown tables) have explicit
cells: a row's label cells come first, its value cells after them, and a blank cell is a blank.
Flattened text (what PDF-to-text tools and page-flip e-books produce) has only words and
numbers: labels split over lines or spaced out character by character (商 业 企 业), numbers one
per line or fifteen on one line, page footers in between. Here a row read is the text since the
last number (the label, its lines kept apart by ``\\n``) and the run of numbers after it; lines
with pipes (``规章 | 0 | 0 | 0 |``) are read as explicit rows.

Everything is read in the normalised view (Simplified, half-width), and every piece carries the
span of its text in the original, so cells point at what the report wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from nlp_reports.normalise import TextView
from nlp_reports.read import Document
from nlp_reports.readers.layout import is_page_furniture
from nlp_reports.readers.markdown import pipe_tables, split_pipe_row
from nlp_reports.records import Table
from nlp_reports.tables.values import CellValue, is_value_like, parse_cell

_DELIMITER_ROW = regex.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_TOKEN = regex.compile(r"\S+")
_LINE = regex.compile(r"[^\n]*")
# A list number spaced away from its label (1 . 属于国家秘密, 3 、其他): a word, not a value.
_NUMBERING = regex.compile(r"\d{1,2}[.、．]\p{Han}?(?!\d)")


@dataclass(frozen=True)
class Piece:
    """A cell of a grid or a word of flattened text."""

    text: str
    span: tuple[int, int]
    value: CellValue
    column: int | None = None
    width: int = 1


DisplayRow = tuple[list[str], list[tuple[int, int]]]


@dataclass
class RowRead:
    """A label and the values after it, as one row of some table (or of none).

    ``display`` is how the row is shown in a table's grid: the cells as the original text writes
    them, with their spans; a flattened row shows each line of its label on its own, then its
    last label line with the values, so that a grid covers every character of its span.
    """

    label: str
    label_span: tuple[int, int] | None
    values: list[Piece]
    explicit: bool
    cells: list[Piece] = field(default_factory=list)
    table_index: int | None = None
    display: list[DisplayRow] = field(default_factory=list)


def _view_text(view: TextView, span: tuple[int, int]) -> str:
    start, end = view.offsets.view_span(*span)
    return view.text[start:end]


def _explicit_row(
    cells: list[Piece],
    table_index: int | None,
    display: DisplayRow,
    label_columns: int | None = None,
) -> RowRead:
    """A grid or pipe row: label cells first, values after them.

    Without ``label_columns`` the labels run to the last non-value cell. With it (a grid whose
    label columns are known), cells in those columns are labels, even blank ones (a converter
    leaves merged label cells empty), and a row whose value columns hold only words is a header.
    """
    if label_columns is None:
        last = max((i for i, cell in enumerate(cells) if not is_value_like(cell.value)), default=-1)
        labels, values = cells[: last + 1], cells[last + 1 :]
    else:
        labels = [cell for cell in cells if (cell.column or 0) < label_columns]
        values = [cell for cell in cells if (cell.column or 0) >= label_columns]
        filled = [cell for cell in values if cell.value.kind != "blank"]
        if filled and all(cell.value.kind == "text" for cell in filled):
            labels, values = cells, []
    label_cells = [cell for cell in labels if cell.text.strip()]
    label_span = (label_cells[0].span[0], label_cells[-1].span[1]) if label_cells else None
    return RowRead(
        label="\n".join(cell.text for cell in label_cells),
        label_span=label_span,
        values=values,
        explicit=True,
        cells=cells,
        table_index=table_index,
        display=[display],
    )


def _label_columns(rows: list[list[Piece]]) -> int | None:
    """How many leading columns hold labels: up to the last word of any row that has numbers
    after its words. None when no row has."""
    widest: int | None = None
    for cells in rows:
        words = [i for i, cell in enumerate(cells) if cell.value.kind == "text"]
        if not words:
            continue
        last = cells[words[-1]]
        if any(cell.value.kind == "number" for cell in cells[words[-1] + 1 :]):
            end = (last.column or 0) + last.width
            widest = end if widest is None else max(widest, end)
    return widest


def grid_rows(
    table: Table, table_index: int | None, view: TextView, dashes: frozenset[str]
) -> list[RowRead]:
    """The rows of a reader's grid; a cell merged across columns counts once per row."""
    pieces: list[list[Piece]] = []
    for spans in table.grid_spans:
        cells: list[Piece] = []
        for column, span in enumerate(spans):
            if cells and cells[-1].span == span:
                last = cells[-1]
                cells[-1] = Piece(last.text, last.span, last.value, last.column, last.width + 1)
                continue
            text = _view_text(view, span)
            cells.append(Piece(text, span, parse_cell(text, dashes), column))
        pieces.append(cells)
    label_columns = _label_columns(pieces)
    return [
        _explicit_row(cells, table_index, (list(texts), list(spans)), label_columns)
        for cells, texts, spans in zip(pieces, table.grid, table.grid_spans, strict=True)
    ]


class _FlatReader:
    """Accumulates words into a label and numbers into a run; a word after numbers ends a row."""

    def __init__(self, view: TextView, dashes: frozenset[str]) -> None:
        self.view = view
        self.dashes = dashes
        self.rows: list[RowRead] = []
        self.lines: list[str] = []
        self.line_open = False
        self.last_line_span: tuple[int, int] | None = None
        self.shown: list[tuple[int, int]] = []
        self.run: list[Piece] = []

    def _written(self, span: tuple[int, int]) -> str:
        return self.view.original[span[0] : span[1]]

    def flush(self) -> None:
        if self.lines or self.run or self.shown:
            display: list[DisplayRow] = [
                ([self._written(span)], [span])
                for span in self.shown
                if span != self.last_line_span or not self.run
            ]
            if self.run:
                spans = [piece.span for piece in self.run]
                if self.last_line_span is not None:
                    spans.insert(0, self.last_line_span)
                display.append(([self._written(span) for span in spans], spans))
            self.rows.append(
                RowRead(
                    label="\n".join(self.lines),
                    label_span=self.last_line_span,
                    values=self.run,
                    explicit=False,
                    display=display,
                )
            )
        self.lines, self.run, self.line_open, self.last_line_span = [], [], False, None
        self.shown = []

    def word(self, text: str, span: tuple[int, int]) -> None:
        if self.run:
            self.flush()
        if self.line_open and self.last_line_span is not None:
            self.lines[-1] += text
            self.last_line_span = (self.last_line_span[0], span[1])
            self.shown[-1] = self.last_line_span
        else:
            self.lines.append(text)
            self.line_open = True
            self.last_line_span = span
            self.shown.append(span)

    def number(self, piece: Piece) -> None:
        self.run.append(piece)

    def end_line(self) -> None:
        self.line_open = False

    def furniture(self, span: tuple[int, int]) -> None:
        """A page number or footer line: shown where it stands, never part of a label."""
        if self.run:
            self.flush()
        self.shown.append(span)

    def pipe_row(self, line: str, view_start: int) -> None:
        self.flush()
        cells = []
        for index, (text, (start, end)) in enumerate(split_pipe_row(line, view_start)):
            span = self.view.original_span(start, end)
            cells.append(Piece(text, span, parse_cell(text, self.dashes), index))
        if cells:
            spans = [cell.span for cell in cells]
            display = ([self._written(span) for span in spans], spans)
            self.rows.append(_explicit_row(cells, None, display))

    def read(self, view_start: int, view_end: int) -> None:
        text = self.view.text
        for line_match in _LINE.finditer(text, view_start, view_end):
            line = line_match.group()
            if not line.strip():
                continue
            if is_page_furniture(line):
                stripped = line.strip()
                start = line_match.start() + line.index(stripped)
                self.furniture(self.view.original_span(start, start + len(stripped)))
                continue
            if _DELIMITER_ROW.match(line):
                continue
            if "|" in line:
                self.pipe_row(line, line_match.start())
                continue
            tokens = list(_TOKEN.finditer(line))
            for index, token in enumerate(tokens):
                offset = line_match.start()
                span = self.view.original_span(offset + token.start(), offset + token.end())
                value = parse_cell(token.group(), self.dashes)
                following = tokens[index + 1].group() if index + 1 < len(tokens) else ""
                if value.kind == "text" or _NUMBERING.match(token.group() + following):
                    self.word(token.group(), span)
                else:
                    self.number(Piece(token.group(), span, value))
            self.end_line()
        self.flush()


def document_rows(document: Document, view: TextView, dashes: frozenset[str]) -> list[RowRead]:
    """Every row read of a document, grids and flattened text in document order.

    Plain text gets its runs of pipe rows read as grids too (a web page flattened with ``|``
    between cells), so that they are read the way the same table in Markdown is.
    """
    rows: list[RowRead] = []
    position = 0
    grids: list[tuple[int | None, Table]] = list(enumerate(document.tables))
    if not grids:
        grids = [(None, table) for table in pipe_tables(document.text)]
    for index, table in sorted(grids, key=lambda item: item[1].span[0]):
        if table.span[0] > position:
            rows += _flat_rows(view, position, table.span[0], dashes)
        rows += grid_rows(table, index, view, dashes)
        position = max(position, table.span[1])
    if position < len(document.text):
        rows += _flat_rows(view, position, len(document.text), dashes)
    return rows


def _flat_rows(view: TextView, start: int, end: int, dashes: frozenset[str]) -> list[RowRead]:
    reader = _FlatReader(view, dashes)
    view_start, view_end = view.offsets.view_span(start, end)
    reader.read(view_start, view_end)
    return reader.rows
