"""The plain text a structured document becomes, and its tables as grids with spans into it.

HTML, DOCX and PDF readers all hand their content here as a sequence of paragraphs and tables.
Paragraphs become lines. A table becomes one line per row, its cells separated by a tab so that
every number stands on its own for the fact extractor (and the separator is no content of its
own), and a :class:`Table` record whose grid has
merged cells expanded (a cell spanning two rows appears in both) and whose ``grid_spans`` give,
for every position, the span of the cell's text in the document text. A blank cell has an empty
span at the place it would be written, so that a blank is never mistaken for a missing cell.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

from nlp_reports.errors import ProfileError
from nlp_reports.read import Document
from nlp_reports.records import Problem, SourceFormat, Table

CELL_SEPARATOR = "\t"
MAX_SPAN = 1000  # largest rowspan/colspan honoured; larger ones are hostile or broken markup
MAX_GRID_CELLS = 250_000

_CJK = r"[\p{Han}\p{Bopomofo}\u3000-\u303f\uff00-\uffef“”‘’、，。：；！？（）《》〔〕【】]"
_SPACE_BETWEEN_CJK = regex.compile(rf"(?<={_CJK})\s+(?={_CJK})")
_SPACES = regex.compile(r"[\s\u00a0\u3000]+")


@cache
def _page_furniture() -> regex.Pattern[str]:
    path = resources.files("nlp_reports.profiles") / "common" / "page_furniture.txt"
    patterns = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            regex.compile(line)
        except regex.error as error:
            raise ProfileError(f"{path}:{number}: bad pattern {line!r}: {error}") from error
        patterns.append(f"(?:{line})")
    return regex.compile("|".join(patterns))


def cause_of(error: BaseException) -> str:
    """A parser's exception as one line: its type and its message, white space collapsed.

    >>> cause_of(ValueError("line 1\\n  column 2"))
    'ValueError: line 1 column 2'
    """
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def is_page_furniture(line: str) -> bool:
    """Whether a whole line is a page number or running footer (— 4 —, 第3页, P. 9).

    >>> is_page_furniture(" - 5 - "), is_page_furniture("行政许可 447228")
    (True, False)
    """
    return bool(_page_furniture().fullmatch(line.strip()))


def tidy_text(text: str) -> str:
    """One line of text: white space collapsed, and dropped between two CJK characters.

    Word-pasted HTML and PDF cells break labels with white space (商业       企业, 本年新<br>制作
    数量); between Chinese characters it is layout, not content, while between a number and a
    word it separates tokens and stays as one space.

    >>> tidy_text("商业  \\n  企业")
    '商业企业'
    >>> tidy_text(" 2023 年\\n1月 ")
    '2023 年 1月'
    """
    collapsed = _SPACES.sub(" ", text).strip()
    return _SPACE_BETWEEN_CJK.sub("", collapsed)


def join_pieces(pieces: list[str], separator: str = "") -> str:
    """Pieces of one paragraph as one tidy line.

    Inline pieces (HTML text nodes, Word runs) join directly, since markup splits words and
    numbers anywhere (``20</span><span>23``); lines of a wrapped paragraph join with a space,
    which :func:`tidy_text` drops again between CJK characters.

    >>> join_pieces(["20", "23", "年"]), join_pieces(["本年新", "制作数量"], " ")
    ('2023年', '本年新制作数量')
    >>> join_pieces(["Page", "9"], " ")
    'Page 9'
    """
    return tidy_text(separator.join(pieces))


@dataclass(frozen=True)
class SourceCell:
    """A cell as the source states it: its text and how many rows and columns it covers."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def expand_grid(rows: list[list[SourceCell]]) -> list[list[int | None]]:
    """For each grid position, the index (row-major over ``rows``) of the source cell covering it.

    Positions that no cell covers (a short row) are None. Spans are clipped to :data:`MAX_SPAN`.

    >>> expand_grid([[SourceCell("a", rowspan=2), SourceCell("b")], [SourceCell("c")]])
    [[0, 1], [0, 2]]
    """
    occupied: dict[tuple[int, int], int] = {}
    index = 0
    width = 0
    for row_number, row in enumerate(rows):
        column = 0
        for cell in row:
            while (row_number, column) in occupied:
                column += 1
            rowspan = max(1, min(cell.rowspan, MAX_SPAN, len(rows) - row_number))
            colspan = max(1, min(cell.colspan, MAX_SPAN))
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied[(row_number + dr, column + dc)] = index
            column += colspan
            width = max(width, column)
            index += 1
        if len(occupied) > MAX_GRID_CELLS:
            raise ValueError(f"table larger than {MAX_GRID_CELLS} cells")
    return [[occupied.get((r, c)) for c in range(width)] for r in range(len(rows))]


class TextBuilder:
    """Accumulates a document's text line by line, with its tables as grids that index it."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.tables: list[Table] = []
        self.problems: list[Problem] = []

    def _write(self, text: str) -> int:
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        return start

    def paragraph(self, text: str) -> None:
        """A line of text; empty paragraphs leave no trace."""
        line = tidy_text(text)
        if line:
            self._write(line + "\n")

    def table(self, rows: list[list[SourceCell]]) -> None:
        """A table: its rows as lines of cells, and a Table record with the expanded grid."""
        rows = [row for row in rows if row]
        if not rows:
            return
        try:
            positions = expand_grid(rows)
        except ValueError as error:
            self.problems.append(Problem(stage="read", message=f"table skipped: {error}"))
            return
        flat = [cell for row in rows for cell in row]
        spans: list[tuple[int, int]] = []
        table_start = self._length
        for row in rows:
            for number, cell in enumerate(row):
                if number:
                    self._write(CELL_SEPARATOR)
                text = tidy_text(cell.text)
                start = self._write(text)
                spans.append((start, start + len(text)))
            self._write("\n")
        grid = [
            [tidy_text(flat[i].text) if i is not None else "" for i in row] for row in positions
        ]
        grid_spans = [
            [spans[i] if i is not None else (table_start, table_start) for i in row]
            for row in positions
        ]
        self.tables.append(
            Table(
                id=f"t{len(self.tables) + 1}",
                grid=grid,
                grid_spans=grid_spans,
                span=(table_start, self._length - 1),
            )
        )

    def text(self) -> str:
        """The document text built so far."""
        return "".join(self._parts)

    def document(
        self,
        data: bytes,
        name: str,
        source_format: SourceFormat,
        encoding: str | None = None,
        problems: Sequence[Problem] = (),
    ) -> Document:
        """The read document: the text built, its tables, and every problem met on the way."""
        return Document(
            text=self.text(),
            path=name,
            sha256=hashlib.sha256(data).hexdigest(),
            format=source_format,
            encoding=encoding,
            size=len(data),
            tables=self.tables,
            problems=[*problems, *self.problems],
        )
