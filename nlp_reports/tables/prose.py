"""What the prose says about applications, outcomes, reviews and suits, against the tables.

Section 一 and the text under 三 often restate the table: 共受理政府信息公开申请859件, 答复805件
(含上年度结转申请18件, 另有72件…顺延到下年度答复), 行政复议7件, 诉讼9件. Each such count is
compared with the cells it restates. The words around it decide which cells (profile data,
``prose`` in tables.yaml); a phrasing with two readings is tried both ways (受理 is the new
applications, or the new plus those carried over) and the check says which reading matched.

A figure that matches no reading fails as a warning, with every reading's value, and with a hint
when it equals a single cell instead (a report quoting the 自然人 column as if it were the total,
a common slip). A reading that needs a blank cell cannot be compared: the check is then
unverifiable and says what the row's printed cells add up to.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from nlp_reports.normalise import TextView
from nlp_reports.records import Fact, Table
from nlp_reports.tables.checks import CheckList, number_text
from nlp_reports.tables.templates import MeaningSpec, ProseSpec, TablesData, expand_key, pattern

_CLAUSE_BREAK = regex.compile(r"[,，;；。!！?？:：()（）]")
_SENTENCE_BREAK = regex.compile(r"[。!！?？]")
_SPACE = regex.compile(r"\s+")
_UNITS = frozenset({None, "件", "宗", "条", "个", "次", "起", "项"})
_TOTAL = ".total"
_NATURAL = ".natural_person"


@dataclass
class _Cells:
    """Every mapped cell of the report, by key, with the table it sits in."""

    data: TablesData
    tables: dict[str, Table]

    @classmethod
    def of(cls, tables: list[Table], data: TablesData) -> _Cells:
        found: dict[str, Table] = {}
        for table in tables:
            if table.template is None:
                continue
            for key in table.cells:
                found.setdefault(key, table)
        return cls(data, found)

    def keys(self, meaning: MeaningSpec) -> list[str] | None:
        """The cell keys of a meaning, or None when the report has none of them."""
        resolved: list[str] = []
        for key in meaning.keys:
            if "*" in key:
                prefix = key.split("*")[0]
                candidates = [k for k in self.tables if k.startswith(prefix)]
                resolved += [k for k in expand_key(key, candidates) if not self._derived(k)]
            elif key in self.tables and not self._derived(key):
                resolved.append(key)
        return resolved or None

    def _derived(self, key: str) -> bool:
        table = self.tables[key]
        template = self.data.template(table.template or "")
        for row in template.all_rows():
            if key.startswith(row.key + ".") and "." not in key[len(row.key) + 1 :]:
                return row.is_derived(table.version)
        return False

    def value(self, key: str) -> float | int | str | None:
        return self.tables[key].cells.get(key)

    def name(self, key: str) -> str:
        template = self.data.template(self.tables[key].template or "")
        return self.data.cell_name(template, key)

    def row_sum(self, key: str) -> float | None:
        """What a row's printed cells other than 总计 add up to (for a blank 总计)."""
        if not key.endswith(_TOTAL):
            return None
        row = key[: -len(_TOTAL)]
        table = self.tables[key]
        parts = [
            value
            for cell, value in table.cells.items()
            if cell.startswith(row + ".")
            and cell != key
            and "." not in cell[len(row) + 1 :]
            and not cell.endswith(".legal_subtotal")
        ]
        numbers = [value for value in parts if isinstance(value, int | float)]
        return float(sum(numbers)) if numbers else None


@dataclass
class _Reading:
    meaning: MeaningSpec
    keys: list[str]
    value: float | None
    blank: list[str]


def _read(cells: _Cells, meaning: MeaningSpec) -> _Reading | None:
    keys = cells.keys(meaning)
    if keys is None:
        return None
    values = [cells.value(key) for key in keys]
    blank = [
        key for key, value in zip(keys, values, strict=True) if not isinstance(value, int | float)
    ]
    total = None if blank else float(sum(v for v in values if isinstance(v, int | float)))
    return _Reading(meaning, keys, total, blank)


def _context(view: str, start: int, end: int) -> tuple[str, str]:
    """The clause words right before a number and right after it, without white space."""
    left = start
    while left > 0 and not _CLAUSE_BREAK.match(view, left - 1):
        left -= 1
    following = _CLAUSE_BREAK.search(view, end)
    right = following.start() if following else len(view)
    return _SPACE.sub("", view[left:start]), _SPACE.sub("", view[end:right])


def _entry(prose: list[ProseSpec], before: str, after: str, scope: str | None) -> ProseSpec | None:
    for entry in prose:
        if entry.within and scope not in entry.within:
            continue
        if any(pattern(p).search(before) for p in entry.before) or any(
            pattern(p).search(after) for p in entry.after
        ):
            return entry
    return None


def _hint(cells: _Cells, readings: list[_Reading], stated: float) -> str:
    """A single cell or column the stated figure equals, when no reading does."""
    for reading in readings:
        candidates = [[key] for key in reading.keys]
        if all(key.endswith(_TOTAL) for key in reading.keys):
            natural = [key[: -len(_TOTAL)] + _NATURAL for key in reading.keys]
            candidates = [natural, *([key] for key in natural), *candidates]
        for keys in candidates:
            if not all(key in cells.tables for key in keys):
                continue
            values = [cells.value(key) for key in keys]
            if all(isinstance(v, int | float) for v in values) and sum(values) == stated:  # type: ignore[arg-type]
                named = " + ".join(cells.name(key) for key in keys)
                return f"; it equals {named} ({number_text(stated)}) instead"
    return ""


def _describe(cells: _Cells, reading: _Reading) -> str:
    if reading.value is not None:
        return f"{reading.meaning.name} {number_text(reading.value)}"
    blank = ", ".join(f"{cells.name(key)} {number_text(cells.value(key))}" for key in reading.blank)
    sums = [cells.row_sum(key) for key in reading.blank]
    printed = ""
    if all(value is not None for value in sums):
        printed = f" (the rows' printed cells add up to {number_text(sum(v or 0 for v in sums))})"
    return f"{reading.meaning.name}: {blank}{printed}"


def _compare(
    checks: CheckList,
    cells: _Cells,
    fact: Fact,
    entry: ProseSpec,
    scope: str | None,
) -> None:
    meanings = [m for m in entry.meanings if m.scope is None or m.scope == scope]
    readings = [r for r in (_read(cells, m) for m in meanings) if r is not None]
    if not readings or not isinstance(fact.value, int | float):
        return
    stated = float(fact.value)
    keys = list(dict.fromkeys(key for reading in readings for key in reading.keys))
    table = cells.tables[keys[0]]
    rule = f"{table.template}.prose.v1"
    evidence = ((fact.id, fact.span),)
    matched = [r for r in readings if r.value is not None and r.value == stated]
    head = f"the text states {fact.text.strip()} ({entry.id})"
    if matched:
        others = [r.meaning.name for r in matched[1:]]
        also = f"; it also equals {', '.join(others)}" if others else ""
        first = matched[0]
        cells_text = " + ".join(
            f"{cells.name(k)} {number_text(cells.value(k))}" for k in first.keys
        )
        checks.add(
            rule,
            "pass",
            "warning",
            f"{head}: matches {first.meaning.name} ({cells_text}){also}",
            table,
            first.keys,
            expected=first.value,
            actual=stated,
            facts=evidence,
        )
        return
    described = "; ".join(_describe(cells, reading) for reading in readings)
    hint = _hint(cells, readings, stated)
    comparable = [r for r in readings if r.value is not None]
    if comparable:
        checks.add(
            rule,
            "fail",
            "warning",
            f"{head}, but the table gives {described}{hint}",
            table,
            keys,
            expected=comparable[0].value,
            actual=stated,
            facts=evidence,
        )
    else:
        checks.add(
            rule,
            "unverifiable",
            "info",
            f"{head}; the table's cells are blank: {described}{hint}",
            table,
            keys,
            actual=stated,
            facts=evidence,
        )


def _inside(span: tuple[int, int], tables: list[Table]) -> bool:
    return any(table.span[0] <= span[0] and span[1] <= table.span[1] + 1 for table in tables)


def compare_prose(
    checks: CheckList,
    view: TextView,
    facts: list[Fact],
    view_spans: dict[str, tuple[int, int]],
    tables: list[Table],
    data: TablesData,
) -> None:
    """A check for every count in the prose that restates a cell of the mapped tables."""
    cells = _Cells.of(tables, data)
    if not cells.tables:
        return
    scope: str | None = None
    sentence_end = -1
    for fact in facts:
        if fact.kind not in ("count", "number") or fact.unit not in _UNITS:
            continue
        if not isinstance(fact.value, int | float) or fact.value < 0 or _inside(fact.span, tables):
            continue
        start, end = view_spans.get(fact.id) or view.offsets.view_span(*fact.span)
        if start >= sentence_end:
            scope = None
            following = _SENTENCE_BREAK.search(view.text, end)
            sentence_end = following.end() if following else len(view.text)
        if fact.worded:
            for entry in data.prose:
                if fact.subject and any(pattern(p).search(fact.subject) for p in entry.subject):
                    _compare(checks, cells, fact, entry, entry.scope)
            continue
        before, after = _context(view.text, start, end)
        found = _entry(data.prose, before, after, scope)
        if found is None:
            continue
        scope = found.scope or scope
        _compare(checks, cells, fact, found, scope)
