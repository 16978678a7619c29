"""The row reads of a document cut into stretches, one per standard table.

A table starts at one of its anchors (a caption like 第二十条第（一）项, the 勾稽关系 note, the
行政复议/行政诉讼 header, or, for table 三, any of its row labels followed by a full row of
numbers) and ends at the next table or at a heading that closes it (五、…). On the way, a stretch
keeps what mapping needs: the block each row belongs to (table 二), the group label above it
(table 三), and the header text and header rows above the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nlp_reports.tables.labels import match_row
from nlp_reports.tables.rows import Piece, RowRead
from nlp_reports.tables.templates import TablesData, TemplateSpec, pattern


@dataclass
class SegmentRow:
    """A row read in its stretch: the block (table 二) and group label (table 三) above it, and
    its label text as the patterns see it."""

    read: RowRead
    block: str | None
    group: str | None
    text: str


@dataclass
class Segment:
    """The stretch of row reads that belongs to one standard table."""

    template: TemplateSpec
    rows: list[SegmentRow] = field(default_factory=list)
    headers: dict[str | None, str] = field(default_factory=dict)
    header_rows: dict[str | None, list[list[Piece]]] = field(default_factory=dict)
    block: str | None = None
    group: str | None = None
    data_seen: bool = False
    holds_rows: bool = False

    def add(self, read: RowRead, text: str) -> None:
        self.block = _last_caption(self.template, text) or self.block
        self.group = _last_group(self.template, text) or self.group
        with_data = has_data(read)
        if not with_data or not self.data_seen:
            self.headers[self.block] = self.headers.get(self.block, "") + text + "\n"
            if read.explicit and not read.values:
                self.header_rows.setdefault(self.block, []).append(read.cells)
        self.data_seen = self.data_seen or with_data
        self.rows.append(SegmentRow(read, self.block, self.group, text))


def _last_caption(template: TemplateSpec, text: str) -> str | None:
    found = [
        (match.start(), block.key)
        for block in template.blocks
        for match in pattern(block.caption).finditer(text)
    ]
    return max(found)[1] if found else None


def _last_group(template: TemplateSpec, text: str) -> str | None:
    found = [
        (match.start(), group.key)
        for group in template.groups
        for source in group.patterns
        for match in pattern(source).finditer(text)
    ]
    return max(found)[1] if found else None


def _anchored(text: str, data: TablesData, seen: set[str]) -> TemplateSpec | None:
    """The template whose anchor occurs last in ``text`` (tables not already read)."""
    found = [
        (match.start(), index)
        for index, template in enumerate(data.templates)
        if template.key not in seen
        for source in template.anchors
        for match in pattern(source).finditer(text)
    ]
    return data.templates[max(found)[1]] if found else None


def _row_anchor(read: RowRead, data: TablesData, seen: set[str]) -> TemplateSpec | None:
    """A template opened by one of its own rows with a full row of values (an excerpt's rows)."""
    for template in data.templates:
        if not template.rows_are_anchors or template.key in seen:
            continue
        fits = fit_values(read.values, len(template.columns), read.explicit) is not None
        if fits and match_row(read.label, template.rows, data):
            return template
    return None


def _ends(template: TemplateSpec, text: str) -> bool:
    return any(pattern(source).search(text) for source in template.ends)


def _matches_active(read: RowRead, segment: Segment, data: TablesData) -> bool:
    template = segment.template
    if template.single_row:
        return True
    return match_row(read.label, template.all_rows(), data) is not None


def _row_of_table(read: RowRead, segment: Segment, data: TablesData) -> bool:
    """Whether a row read is a row of the stretch's table with its values."""
    template = segment.template
    if template.single_row:
        return fit_values(read.values, len(template.single_row), read.explicit) is not None
    return bool(read.values) and _matches_active(read, segment, data)


def segment_rows(rows: list[RowRead], data: TablesData) -> list[Segment]:
    """Cut the row reads into one stretch per standard table, in document order.

    A table is read once: after a stretch with rows of its own, its anchors open nothing more.
    A stretch opened by an anchor in the prose (行政复议…行政诉讼 in a sentence) that never got
    rows of its own gives way to the next anchor of the same table.
    """
    segments: list[Segment] = []
    opened: dict[str, Segment] = {}
    active: Segment | None = None
    for read in rows:
        text = "\n".join(data.label_text(line) for line in read.label.split("\n"))
        if active is not None and _ends(active.template, text):
            active = None
        done = {key for key, segment in opened.items() if segment.holds_rows}
        template = _anchored(text, data, done)
        if (
            template is None
            and read.values
            and (active is None or not _matches_active(read, active, data))
        ):
            template = _row_anchor(read, data, done)
        if template is not None and not (active is not None and active.template is template):
            previous = opened.get(template.key)
            if previous is not None:
                segments.remove(previous)
            active = Segment(template)
            segments.append(active)
            opened[template.key] = active
        if active is not None:
            active.add(read, text)
            if not active.holds_rows and read.values:
                active.holds_rows = _row_of_table(read, active, data)
    return segments


def fit_values(values: list[Piece], count: int, explicit: bool) -> list[Piece] | None:
    """The values of a row with ``count`` columns, or None when they do not fit.

    An explicit row may carry blank cells past the last column (a merged cell written as empty
    pipes); flattened text cannot, since it has lost its blanks.
    """
    if count and len(values) == count:
        return values
    if explicit and len(values) > count and all(v.value.kind == "blank" for v in values[count:]):
        return values[:count]
    return None


def has_data(read: RowRead) -> bool:
    return any(piece.value.kind != "blank" for piece in read.values)
