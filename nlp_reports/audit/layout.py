"""Where every character of ``Report.text`` goes on the audit page.

The page shows the text once, in order, as blocks: section headings, paragraphs (one per line)
and tables. A block is a sequence of runs, each either one fact or plain text; a run is a
sequence of pieces, each a stretch of text together with the ids of the checks whose evidence
covers it. Marking a check's evidence in the browser is then a matter of selecting the pieces
that name it, whatever the spans are (facts, table cells, or any other stretch of text).

Everything here is computed from offsets, so nothing is lost or shown twice: a table whose
cells cannot all be placed in the text, or that would hide a fact, is shown as its lines instead.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Final, Literal

from nlp_reports.records import Check, Fact, Report, Section, Table

Span = tuple[int, int]


@dataclass(frozen=True)
class Piece:
    """Text that is evidence for the same checks throughout."""

    text: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Run:
    """One fact, or plain text between facts."""

    fact: Fact | None
    pieces: tuple[Piece, ...]
    start: int

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)

    @property
    def starts_fact(self) -> bool:
        """Whether this run holds the first character of its fact (which gets the anchor)."""
        return self.fact is not None and self.fact.span[0] == self.start


Inline = tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    section: Section
    runs: Inline


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    runs: Inline


@dataclass(frozen=True)
class Cell:
    """A grid cell: its runs when it was placed in the text, else its grid text alone."""

    text: str
    runs: Inline
    key: str | None = None
    merged: bool = False


@dataclass(frozen=True)
class TableGrid:
    kind: ClassVar[str] = "table"
    table: Table
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class TableLines:
    """A table shown as the lines of its text, because its grid cannot be placed there."""

    kind: ClassVar[str] = "table_lines"
    table: Table
    lines: tuple[Inline, ...]


Block = Heading | Paragraph | TableGrid | TableLines


class TextPieces:
    """Cuts ``text`` at every fact and evidence boundary, so any stretch becomes runs at once.

    Marks cannot overlap, so of two overlapping facts only the one that starts first (the
    longer, at the same start) is marked; the other is still named by the checks that use it.

    >>> fact = Fact(id="f1", kind="count", value=4, unit="件", text="4件", span=(2, 4))
    >>> check = Check(id="c1", rule="r", status="pass", severity="info", message="",
    ...               facts=["f1"], spans=[(2, 4)])
    >>> runs = TextPieces("受理4件申请", [fact], [check]).runs(0, 6)
    >>> [(run.fact.id if run.fact else None, run.text) for run in runs]
    [(None, '受理'), ('f1', '4件'), (None, '申请')]
    >>> runs[1].pieces
    (Piece(text='4件', evidence=('c1',)),)
    """

    def __init__(self, text: str, facts: Sequence[Fact], checks: Sequence[Check]) -> None:
        self.text = text
        size = len(text)
        cuts = {0, size}
        for fact in facts:
            cuts.update(_clamp(fact.span, size))
        evidence_spans = [
            (check.id, _clamp(span, size)) for check in checks for span in check.spans
        ]
        for _, span in evidence_spans:
            cuts.update(span)
        self.cuts = sorted(cuts)
        atoms = len(self.cuts) - 1
        self.facts: list[Fact | None] = [None] * atoms
        for fact in sorted(facts, key=lambda fact: (fact.span[0], -fact.span[1])):
            claimed = self._atoms(_clamp(fact.span, size))
            if all(self.facts[atom] is None for atom in claimed):
                for atom in claimed:
                    self.facts[atom] = fact
        self.evidence: list[tuple[str, ...]] = [()] * atoms
        for check_id, span in evidence_spans:
            for atom in self._atoms(span):
                if check_id not in self.evidence[atom]:
                    self.evidence[atom] = (*self.evidence[atom], check_id)

    def _atoms(self, span: Span) -> range:
        return range(bisect_left(self.cuts, span[0]), bisect_left(self.cuts, span[1]))

    def runs(self, start: int, end: int) -> Inline:
        """The runs of ``text[start:end]``: facts and the plain text between them."""
        runs: list[Run] = []
        pieces: list[Piece] = []
        current: Fact | None = None
        run_start = start
        atom = max(bisect_right(self.cuts, start) - 1, 0)
        while atom < len(self.facts) and self.cuts[atom] < end:
            left, right = max(self.cuts[atom], start), min(self.cuts[atom + 1], end)
            fact, evidence = self.facts[atom], self.evidence[atom]
            atom += 1
            if left >= right:
                continue
            if pieces and fact is not current:
                runs.append(Run(current, tuple(pieces), run_start))
                pieces = []
            if not pieces:
                run_start = left
            current = fact
            piece = Piece(self.text[left:right], evidence)
            if pieces and pieces[-1].evidence == evidence:
                piece = Piece(pieces.pop().text + piece.text, evidence)
            pieces.append(piece)
        if pieces:
            runs.append(Run(current, tuple(pieces), run_start))
        return tuple(runs)


def _clamp(span: Sequence[int], size: int) -> Span:
    start = min(max(span[0], 0), size)
    return start, min(max(span[1], start), size)


def breaks_inside_facts(facts: Sequence[Fact]) -> frozenset[int]:
    """Offsets of the line breaks that fall inside a fact (which must not end a line)."""
    return frozenset(
        fact.span[0] + offset
        for fact in facts
        if "\n" in fact.text
        for offset, char in enumerate(fact.text)
        if char == "\n"
    )


def line_spans(text: str, start: int, end: int, joined: frozenset[int] = frozenset()) -> list[Span]:
    """Spans of the non-blank lines of ``text[start:end]``, trimmed of surrounding whitespace.

    A line break at an offset in ``joined`` does not end a line, so a fact is never cut in two.

    >>> text = "一、概述\\n  受理4件。 \\n\\n其中当面申请3件"
    >>> [text[a:b] for a, b in line_spans(text, 0, len(text))]
    ['一、概述', '受理4件。', '其中当面申请3件']
    """
    spans: list[Span] = []
    line_start = start
    for position in _breaks(text, start, end):
        if position in joined:
            continue
        spans.append((line_start, position))
        line_start = position + 1
    spans.append((line_start, end))
    return [trimmed for trimmed in (_trim(text, span) for span in spans) if trimmed]


def _breaks(text: str, start: int, end: int) -> Iterable[int]:
    position = text.find("\n", start, end)
    while position >= 0:
        yield position
        position = text.find("\n", position + 1, end)


def _trim(text: str, span: Span) -> Span | None:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


MERGED: Final = "merged"
"""A grid cell that repeats its left or upper neighbour and has no text of its own: the copy
a reader makes when it expands a rowspan or colspan."""
Placement = Span | Literal["merged"] | None


def _is_copy(grid: list[list[str]], row: int, column: int) -> bool:
    """Whether a grid cell repeats the cell to its left or above (a spanned cell expanded)."""
    needle = grid[row][column].strip()
    left = column > 0 and grid[row][column - 1].strip() == needle
    above = row > 0 and column < len(grid[row - 1]) and grid[row - 1][column].strip() == needle
    return left or above


def place_grid(text: str, table: Table, facts: Sequence[Fact]) -> list[list[Placement]] | None:
    """The span of every grid cell in the table's text, found in reading order.

    A cell that repeats its left or upper neighbour counts as that neighbour's expanded span
    (``MERGED``) unless its text occurs again before the next cell that does not. None when
    another cell cannot be found, or when a fact inside the table's span would fall outside
    every cell (the grid would hide it): the table is then shown as its lines.
    """
    start, end = _clamp(table.span, len(text))
    grid = table.grid
    if not grid:
        return None
    order = [(r, c) for r, row in enumerate(grid) for c in range(len(row)) if row[c].strip()]
    position = start
    placed: list[list[Placement]] = [[None] * len(row) for row in grid]
    for number, (r, c) in enumerate(order):
        needle = grid[r][c].strip()
        limit = end
        if _is_copy(grid, r, c):
            following = next(
                ((r2, c2) for r2, c2 in order[number + 1 :] if not _is_copy(grid, r2, c2)), None
            )
            if following:
                found_next = text.find(grid[following[0]][following[1]].strip(), position, end)
                limit = found_next if found_next >= 0 else end
        found = text.find(needle, position, limit)
        if found < 0:
            if not _is_copy(grid, r, c):
                return None
            placed[r][c] = MERGED
            continue
        placed[r][c] = (found, found + len(needle))
        position = found + len(needle)
    cells = [span for row in placed for span in row if isinstance(span, tuple)]
    for fact in facts:
        inside_table = fact.span[0] >= start and fact.span[1] <= end
        if inside_table and not any(a <= fact.span[0] and fact.span[1] <= b for a, b in cells):
            return None
    if _hides_text(text, start, end, cells):
        return None
    return placed


def _hides_text(text: str, start: int, end: int, cells: list[Span]) -> bool:
    """Whether text between the placed cells is more than white space (a pipe table's ``|``):
    a grid would hide it, so the table is shown as its lines."""
    position = start
    for cell_start, cell_end in sorted(cells):
        if text[position:cell_start].strip():
            return True
        position = max(position, cell_end)
    return bool(text[position:end].strip())


def _cell_key(table: Table, span: Span) -> str | None:
    """The stable key whose cell span lies within ``span``, if the table maps one there."""
    for key, (start, end) in table.cell_spans.items():
        if span[0] <= start and end <= span[1]:
            return key
    return None


def _cell(table: Table, text: str, placement: Placement, pieces: TextPieces) -> Cell:
    if isinstance(placement, tuple):
        return Cell(text, pieces.runs(*placement), _cell_key(table, placement))
    return Cell(text, (), None, merged=placement == MERGED)


def _table_block(text: str, table: Table, facts: Sequence[Fact], pieces: TextPieces) -> Block:
    placed = place_grid(text, table, facts)
    if placed is None:
        start, end = _clamp(table.span, len(text))
        joined = breaks_inside_facts(facts)
        lines = tuple(pieces.runs(a, b) for a, b in line_spans(text, start, end, joined))
        return TableLines(table, lines)
    rows = tuple(
        tuple(
            _cell(table, cell, placement, pieces)
            for cell, placement in zip(row, placements, strict=True)
        )
        for row, placements in zip(table.grid, placed, strict=True)
    )
    return TableGrid(table, rows)


def layout_blocks(report: Report) -> list[Block]:
    """The report's text as headings, paragraphs and tables, in the order of the text."""
    text = report.text
    if text is None:
        raise ValueError("the audit page needs a Report that carries its text")
    pieces = TextPieces(text, report.facts, report.checks)
    structures: list[tuple[Span, Section | Table]] = [
        (_clamp(section.heading_span, len(text)), section) for section in report.sections
    ]
    structures += [(_clamp(table.span, len(text)), table) for table in report.tables]
    structures.sort(key=lambda item: (item[0][0], -item[0][1]))
    joined = breaks_inside_facts(report.facts)
    blocks: list[Block] = []
    position = 0
    for (start, end), item in structures:
        if start < position:
            continue
        blocks += _paragraphs(text, position, start, joined, pieces)
        if isinstance(item, Table):
            blocks.append(_table_block(text, item, report.facts, pieces))
        else:
            blocks.append(Heading(item, pieces.runs(*(_trim(text, (start, end)) or (start, end)))))
        position = end
    blocks += _paragraphs(text, position, len(text), joined, pieces)
    return blocks


def block_runs(block: Block) -> list[Run]:
    """Every run of a block, in reading order (table cells row by row)."""
    if isinstance(block, Heading | Paragraph):
        return list(block.runs)
    if isinstance(block, TableGrid):
        return [run for row in block.rows for cell in row for run in cell.runs]
    return [run for line in block.lines for run in line]


def anchored_facts(blocks: Sequence[Block]) -> set[str]:
    """Ids of the facts marked on the page (and so reachable by a link)."""
    return {
        run.fact.id
        for block in blocks
        for run in block_runs(block)
        if run.fact is not None and run.starts_fact
    }


def _paragraphs(
    text: str, start: int, end: int, joined: frozenset[int], pieces: TextPieces
) -> list[Block]:
    return [Paragraph(pieces.runs(a, b)) for a, b in line_spans(text, start, end, joined)]
