"""Word (DOCX): paragraphs and tables in document order, merged cells expanded.

A DOCX file is a ZIP archive, so before anything is decompressed the sizes its directory declares
are added up: an archive that would expand beyond :data:`MAX_EXPANDED_BYTES` (a zip bomb, or a
report stuffed with images) is refused. The XML is parsed by python-docx, whose parser never
resolves entities. Table cells merged across columns (``w:gridSpan``) and across rows
(``w:vMerge``) are turned into column and row spans, so the grid matches what Word shows.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from nlp_reports.errors import InputError, MissingExtraError
from nlp_reports.read import Document
from nlp_reports.readers.layout import SourceCell, TextBuilder, cause_of, join_pieces

MAX_EXPANDED_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 10_000
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_archive(data: bytes, name: str) -> None:
    """Refuse archives that are not Word documents or would expand too far."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InputError(name, f"not a readable DOCX (ZIP) file: {cause_of(error)}") from error
    if len(members) > MAX_MEMBERS:
        raise InputError(name, f"DOCX has {len(members)} parts, more than {MAX_MEMBERS}")
    expanded = sum(member.file_size for member in members)
    if expanded > MAX_EXPANDED_BYTES:
        raise InputError(
            name,
            f"DOCX would expand to {expanded} bytes, more than the limit of "
            f"{MAX_EXPANDED_BYTES} (zip bomb?)",
        )
    if not any(member.filename == "word/document.xml" for member in members):
        raise InputError(name, "a ZIP file but not a Word document (no word/document.xml)")


def _texts(element: Any) -> list[str]:
    """Run texts, tabs and breaks under an element, in order."""
    pieces = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}p"):
        if node.tag == f"{_W}t":
            pieces.append(node.text or "")
        else:
            pieces.append(" ")
    return pieces


def _property(cell: Any, name: str) -> str | None:
    """The w:val of a cell property, '' when present without a value, None when absent."""
    properties = cell.find(f"{_W}tcPr")
    if properties is None:
        return None
    found = properties.find(f"{_W}{name}")
    if found is None:
        return None
    return str(found.get(f"{_W}val", ""))


def _table_rows(table: Any) -> list[list[SourceCell]]:
    """Rows of source cells, vertical merges turned into row spans."""
    layout: list[list[tuple[int, int, str, str | None]]] = []
    for row in table.iterfind(f"{_W}tr"):
        column = 0
        before = row.find(f"{_W}trPr/{_W}gridBefore")
        if before is not None:
            column += int(before.get(f"{_W}val", "0") or 0)
        cells = []
        for cell in row.iterfind(f"{_W}tc"):
            span = _property(cell, "gridSpan")
            width = int(span) if span and span.isdigit() else 1
            cells.append((column, width, join_pieces(_texts(cell)), _property(cell, "vMerge")))
            column += width
        layout.append(cells)
    rows: list[list[SourceCell]] = []
    for index, cells in enumerate(layout):
        row = []
        for column, width, text, merge in cells:
            if merge not in (None, "restart"):
                continue
            rowspan = 1
            if merge == "restart":
                rowspan += _continuations(layout, index + 1, column)
            row.append(SourceCell(text, rowspan=rowspan, colspan=width))
        rows.append(row)
    return rows


def _continuations(
    layout: list[list[tuple[int, int, str, str | None]]], start: int, column: int
) -> int:
    """Rows below ``start`` that continue a vertical merge at ``column``."""
    count = 0
    for cells in layout[start:]:
        match = next((cell for cell in cells if cell[0] == column), None)
        if match is None or match[3] in (None, "restart"):
            break
        count += 1
    return count


def _walk(body: Any, builder: TextBuilder) -> None:
    """Paragraphs and tables of the body in order, content controls opened."""
    stack = list(reversed(list(body)))
    while stack:
        element = stack.pop()
        if element.tag == f"{_W}p":
            builder.paragraph(join_pieces(_texts(element)))
        elif element.tag == f"{_W}tbl":
            builder.table(_table_rows(element))
        elif element.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            stack.extend(reversed(list(element)))


def read_docx(data: bytes, name: str) -> Document:
    """A Word document as text, with its tables as grids."""
    try:
        import docx
    except ImportError as error:
        raise MissingExtraError("DOCX input", "docx") from error
    check_archive(data, name)
    builder = TextBuilder()
    try:
        document = docx.Document(io.BytesIO(data))
        _walk(document.element.body, builder)
    except Exception as error:  # python-docx and lxml raise many types for a broken package
        raise InputError(name, f"not a readable Word document: {cause_of(error)}") from error
    return builder.document(data, name, "docx")
