"""PDF with a text layer: prose as paragraphs, ruled tables as grids (pdfplumber).

Each page is cut into horizontal bands: its ruled tables, and the text between them. A table
needs at least two rows and two columns; a ruled box around a paragraph is text. Cells merged
across rows or columns are recovered from the cell rectangles pdfplumber finds, so the grid has
the spans the printed table shows. A table broken by a page break continues on the next page
when nothing but page furniture (page numbers, footers) stands between the two parts and they
have the same number of columns.

Lines of prose are joined into paragraphs when a line runs to the right margin (justified text
wraps there), so that a sentence broken by the layout reads as one. Page numbers and footers are
dropped. A page without any text is a scanned image: the record says OCR is needed.
"""

from __future__ import annotations

import io
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from nlp_reports.errors import InputError, MissingExtraError
from nlp_reports.read import Document
from nlp_reports.readers.layout import (
    SourceCell,
    TextBuilder,
    cause_of,
    is_page_furniture,
    join_pieces,
)
from nlp_reports.records import Problem

MAX_PAGES = 2000
_HEADING_START = ("一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "（", "(")


@dataclass
class _TableBlock:
    rows: list[list[SourceCell]]
    columns: int


@dataclass
class _Blocks:
    """Paragraphs and tables of the whole document in reading order.

    A paragraph stays open across a page break when its last line ran to the right margin.
    """

    items: list[str | _TableBlock] = field(default_factory=list)
    open_lines: list[str] = field(default_factory=list)

    def close_paragraph(self) -> None:
        if self.open_lines:
            self.items.append(join_pieces(self.open_lines, " "))
            self.open_lines = []

    def add_line(self, text: str, wraps: bool) -> None:
        if self.open_lines and text.startswith(_HEADING_START):
            self.close_paragraph()
        self.open_lines.append(text)
        if not wraps:
            self.close_paragraph()

    def add_table(self, block: _TableBlock) -> None:
        self.close_paragraph()
        previous = self.items[-1] if self.items else None
        if isinstance(previous, _TableBlock) and previous.columns == block.columns:
            previous.rows.extend(block.rows)
        else:
            self.items.append(block)


def _edges(values: list[float]) -> list[float]:
    """Distinct coordinates, merging those within a point of each other."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > 1.0:
            edges.append(value)
    return edges


def _table_rows(page: Any, table: Any) -> _TableBlock:
    """Source cells of a pdfplumber table, merged cells given their row and column spans."""
    boxes = [box for box in table.cells if box is not None]
    columns = _edges([box[0] for box in boxes])
    rows = _edges([box[1] for box in boxes])
    placed: dict[tuple[int, int], SourceCell] = {}
    for x0, top, x1, bottom in boxes:
        column = bisect_left(columns, x0 - 1.0)
        row = bisect_left(rows, top - 1.0)
        colspan = max(1, bisect_left(columns, x1 - 1.0) - column)
        rowspan = max(1, bisect_left(rows, bottom - 1.0) - row)
        text = page.crop((x0, top, x1, bottom), strict=False).extract_text() or ""
        placed[(row, column)] = SourceCell(
            join_pieces(text.split("\n"), " "), rowspan=rowspan, colspan=colspan
        )
    grid_rows = [
        [placed[key] for key in sorted(k for k in placed if k[0] == row)]
        for row in range(len(rows))
    ]
    return _TableBlock([row for row in grid_rows if row], len(columns))


def _usable(table: Any) -> bool:
    """A table of at least two rows and two columns; a ruled box round prose is not one."""
    rows = table.rows
    return len(rows) >= 2 and max(len(row.cells) for row in rows) >= 2


def _add_lines(lines: list[dict[str, Any]], right_margin: float, blocks: _Blocks) -> None:
    """Lines of a band, each marked as wrapping when it runs to the right margin."""
    for line in lines:
        text = line["text"].strip()
        if not text or is_page_furniture(text):
            continue
        chars = line.get("chars") or []
        width = (line["x1"] - line["x0"]) / max(1, len(chars))
        blocks.add_line(text, wraps=line["x1"] >= right_margin - 2 * max(width, 4.0))


def _page_blocks(page: Any, blocks: _Blocks, right_margin: float) -> None:
    tables = sorted((t for t in page.find_tables() if _usable(t)), key=lambda t: t.bbox[1])
    top = 0.0
    for table in [*tables, None]:
        bottom = table.bbox[1] if table is not None else float(page.height) + 1
        band = page.filter(
            lambda obj, low=top, high=bottom: (
                obj.get("object_type") == "char" and low <= (obj["top"] + obj["bottom"]) / 2 < high
            )
        )
        _add_lines(band.extract_text_lines(), right_margin, blocks)
        if table is not None:
            blocks.add_table(_table_rows(page, table))
            top = table.bbox[3]


def _right_margin(pdf: Any) -> float:
    """The right edge of the body text: the largest line end, ignoring the widest outliers."""
    ends = sorted(
        line["x1"] for page in pdf.pages[:20] for line in page.extract_text_lines() if line["text"]
    )
    return ends[int(len(ends) * 0.95)] if ends else 0.0


def read_pdf(data: bytes, name: str) -> Document:
    """A PDF's text layer as text, with its ruled tables as grids."""
    try:
        import pdfplumber
    except ImportError as error:
        raise MissingExtraError("PDF input", "pdf") from error
    if not data.lstrip()[:1024].startswith(b"%PDF-"):
        raise InputError(name, "not a PDF (no %PDF- header)")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as error:  # pdfminer raises many unrelated types for broken files
        raise InputError(name, f"not a readable PDF: {cause_of(error)}") from error
    if len(pages) > MAX_PAGES:
        raise InputError(name, f"PDF has {len(pages)} pages, more than {MAX_PAGES}")
    blocks = _Blocks()
    scanned: list[int] = []
    problems: list[Problem] = []
    try:
        margin = _right_margin(pdf)
        for number, page in enumerate(pages, start=1):
            if not page.chars:
                scanned.append(number)
                continue
            _page_blocks(page, blocks, margin)
    except Exception as error:
        raise InputError(name, f"PDF could not be read: {cause_of(error)}") from error
    finally:
        pdf.close()
    blocks.close_paragraph()
    if scanned and len(scanned) == len(pages):
        problems.append(
            Problem(
                stage="read",
                message="PDF has no text layer (scanned images): OCR is needed to read it",
            )
        )
    elif scanned:
        listed = ", ".join(map(str, scanned))
        problems.append(
            Problem(stage="read", message=f"PDF pages {listed} have no text layer: OCR is needed")
        )
    builder = TextBuilder()
    for item in blocks.items:
        if isinstance(item, str):
            builder.paragraph(item)
        else:
            builder.table(item.rows)
    return builder.document(data, name, "pdf", problems=problems)
