"""Tables of plain text (``grids.py``): rows that break a total down (parts_total), and cells that
restate a prose figure (same_metric).
"""

from __future__ import annotations

from dataclasses import dataclass

from nlp_reports.grids import Grid, GridCell, GridRow, find_flat_grids, find_grids, inside
from nlp_reports.relate.document import GROWTH_BEFORE, Document, Draft, Placed
from nlp_reports.relate.named_metrics import qualified


def _cell_facts(doc: Document, grids: list[Grid]) -> dict[tuple[int, int, int], Placed]:
    """The fact in each numeric cell, keyed by (grid, row, column)."""
    found: dict[tuple[int, int, int], Placed] = {}
    for number, grid in enumerate(grids):
        for row in grid.rows:
            for cell in row.cells:
                placed = next((p for p in doc.placed if cell.start <= p.start < cell.end), None)
                if placed is not None and placed.number is not None:
                    found[(number, cell.row, cell.column)] = placed
    return found


@dataclass(frozen=True)
class _Breakdown:
    """Rows of a grid that break the total row down; ``complete`` when the layout says the parts
    make the whole (a 合计 row), otherwise the values decide (一 其中 lists some parts only)."""

    total: int
    parts: list[int]
    cue: str
    complete: bool = False


def _indented_parent(rows: tuple[GridRow, ...], index: int) -> int | None:
    """The nearest row above that is less indented: the total an indented breakdown belongs to."""
    return next(
        (above for above in range(index - 1, -1, -1) if rows[above].indent < rows[index].indent),
        None,
    )


def _indented_parts(rows: tuple[GridRow, ...], first: int, parent: int) -> list[int]:
    """The breakdown that row ``first`` opens under its less indented total: the rows aligned with
    it (at its marker or at its words), past deeper sub-items, up to the next breakdown at its
    level, a row as little indented as the total, or a row in another unit."""
    opening = rows[first]
    unit = rows[parent].unit
    parts = [first]
    for later in range(first + 1, len(rows)):
        row = rows[later]
        if row.indent <= rows[parent].indent or (row.opens_parts and row.indent == opening.indent):
            break
        if row.unit is not None and unit is not None and row.unit != unit:
            break
        if row.opens_parts or row.indent > opening.depth:
            continue
        if row.indent < opening.indent:
            break
        parts.append(later)
    return parts


def _marked_breakdowns(grid: Grid) -> list[_Breakdown]:
    """Rows after 其中 (or #) break down the row above them; where indentation tells nothing, a
    later 其中 breaks down the same total again (其中:第一产业… then 其中:农林牧渔业…)."""
    found: list[_Breakdown] = []
    rows = grid.rows
    unindented_total: int | None = None
    for index, row in enumerate(rows):
        if not row.opens_parts or index == 0:
            continue
        parent = _indented_parent(rows, index)
        if parent is not None:
            found.append(_Breakdown(parent, _indented_parts(rows, index, parent), "其中"))
            continue
        end = index + 1
        while end < len(rows) and not rows[end].opens_parts:
            end += 1
        if unindented_total is None:
            unindented_total = index - 1
        found.append(_Breakdown(unindented_total, list(range(index, end)), "其中"))
    return found


def _total_row_breakdowns(grid: Grid) -> list[_Breakdown]:
    """The one 合计 row of a grid and the rows it sums: those after it when it comes first, those
    before it otherwise. Only plain rows at its own indentation: with a 其中, a second total row,
    an outline number or an indented row among them, which rows the total sums is not certain."""
    rows = grid.rows
    totals = [index for index, row in enumerate(rows) if row.is_total]
    if len(totals) != 1:
        return []
    total = totals[0]
    parts = list(range(1, len(rows))) if total == 0 else list(range(total))
    stated_units = {rows[r].unit for r in [total, *parts] if rows[r].unit is not None}
    if (
        len(parts) < 2
        or len(stated_units) > 1
        or any(
            rows[p].opens_parts
            or rows[p].indent != rows[total].indent
            or rows[p].names_a_sum
            or rows[p].is_numbered
            for p in parts
        )
    ):
        return []
    return [_Breakdown(total, parts, "合计", complete=True)]


def _grid_parts(grid: Grid, number: int, facts: dict[tuple[int, int, int], Placed]) -> list[Draft]:
    """A parts_total relation per amount column of every breakdown the grid prints; a column with
    a negative value (a change) is left out, since its parts may exceed the total, and so is a
    column of a complete breakdown with a blank part, whose sum the table does not give."""
    drafts: list[Draft] = []
    for breakdown in [*_marked_breakdowns(grid), *_total_row_breakdowns(grid)]:
        first = grid.rows[breakdown.parts[0]]
        columns = {c.column for c in first.cells if c.unit is None or not c.unit.percent}
        for column in sorted(columns):
            total = facts.get((number, breakdown.total, column))
            parts = [facts[key] for r in breakdown.parts if (key := (number, r, column)) in facts]
            if total is None or not parts or any((p.number or 0) < 0 for p in [total, *parts]):
                continue
            if breakdown.complete and len(parts) < len(breakdown.parts):
                continue
            exact = abs(sum(p.number or 0 for p in parts) - (total.number or 0)) < 1e-9
            drafts.append(
                Draft(
                    "parts_total",
                    {"total": total.id, "parts": [p.id for p in parts]},
                    [total, *parts],
                    exhaustive=breakdown.complete or (exact and len(parts) > 1),
                    cue=breakdown.cue,
                    explicit=True,
                )
            )
    return drafts


def _matching_prose(doc: Document, grid: Grid, cell: GridCell, grids: list[Grid]) -> Placed | None:
    """The one prose fact that states what a cell states: same kind, a subject naming the row
    and no other row, of the same magnitude (a restatement), a growth rate under a growth header.
    Rows of one name told apart by a qualifier (当年价格, 环比物量) match the prose that qualifies
    the metric alike (名义, 实际); rows told apart by anything else are skipped."""
    assert cell.unit is not None
    unit = cell.unit
    key, qualifiers = qualified(cell.label)
    if len(key) < 2:
        return None
    named = [qualified(row.label) for row in grid.rows]
    if named.count((key, qualifiers)) > 1:
        return None
    twins = any(other == key and groups != qualifiers for other, groups in named)
    others = {other for other, _ in named} - {key}
    kind = "percentage" if unit.percent else "money"
    cell_value = next(
        (p.number for p in doc.placed if cell.start <= p.start < cell.end and p.number is not None),
        None,
    )
    candidates = []
    for placed in doc.placed:
        if placed.fact.kind != kind or inside(grids, placed.start):
            continue
        subject, stated = qualified(placed.fact.subject or "")
        if key not in subject:
            continue
        if stated != qualifiers and (twins or (stated and qualifiers)):
            continue
        qualifier = subject.replace(key, "", 1)
        if any(
            other and other.replace(key, "") and other.replace(key, "") in qualifier
            for other in others
        ):
            continue
        if unit.percent:
            if unit.growth and not GROWTH_BEFORE.search(
                doc.text, max(0, placed.start - 6), placed.start
            ):
                continue
        elif placed.fact.currency != unit.currency or not _same_magnitude(
            (cell_value or 0) * unit.scale, placed.number or 0
        ):
            continue
        candidates.append(placed)
    return candidates[0] if len(candidates) == 1 else None


def _same_magnitude(a: float, b: float) -> bool:
    """Within a factor of two: a figure and its restatement in another unit."""
    return a > 0 and b > 0 and 0.5 <= a / b <= 2


def find_grid_relations(doc: Document) -> list[Draft]:
    """Pipe-table rows that break a total down, and cells that restate a prose figure."""
    grids = sorted(
        [*find_grids(doc.text), *find_flat_grids(doc.view.text)], key=lambda grid: grid.start
    )
    if not grids:
        return []
    facts = _cell_facts(doc, grids)
    drafts: list[Draft] = []
    for number, grid in enumerate(grids):
        drafts += _grid_parts(grid, number, facts)
        for row in grid.rows:
            for cell in row.cells:
                placed = facts.get((number, cell.row, cell.column))
                if placed is None or cell.unit is None or placed.fact.kind != "number":
                    continue
                prose = _matching_prose(doc, grid, cell, grids)
                if prose is None:
                    continue
                scales = {} if cell.unit.percent else {placed.id: float(cell.unit.scale)}
                drafts.append(
                    Draft(
                        "same_metric",
                        {"facts": [prose.id, placed.id]},
                        [prose, placed],
                        cue="table",
                        explicit=True,
                        scales=scales,
                    )
                )
    return drafts
