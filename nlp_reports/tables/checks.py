"""The identities of the format applied to the mapped tables, each with its evidence.

Every identity of ``tables.yaml`` becomes one check per row or column it applies to. A check
names the cells it used (``Check.cells``, ``Check.spans``) and, when it fails, the numbers on
both sides and the difference. A blank operand makes the identity unverifiable, never a zero:
the message then says what the sum would be if the blanks meant 0, which is what an auditor
needs to decide. An instance whose every cell is blank states nothing and is not checked; the
blank cells of a table are reported once, as a finding of their own (a blank is not a 0).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from nlp_reports.records import Check, Severity, Status, Table
from nlp_reports.tables.templates import IdentitySpec, TablesData, TemplateSpec, expand_key

_EPSILON = 1e-9
_NAMES_SHOWN = 8
VERSION_RULE = "ogi.tables.version.v1"
BLANK_RULE = "ogi.tables.blank_cells.v1"


def number_text(value: float | int | str | None) -> str:
    """A cell value as written in a message: 12, 96171.6, blank, or the text in quotes.

    >>> [number_text(v) for v in (12, 96171.6, 3.0, None, "/")]
    ['12', '96171.6', '3', 'blank', "'/'"]
    """
    if value is None:
        return "blank"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:.10g}"


class CheckList:
    """Checks with their evidence: the cells used, their spans, and facts read at those spans."""

    def __init__(self, facts_at: dict[tuple[int, int], str], first_number: int) -> None:
        self.facts_at = facts_at
        self.number = first_number
        self.checks: list[Check] = []

    def add(
        self,
        rule: str,
        status: Status,
        severity: Severity,
        message: str,
        table: Table | None = None,
        keys: list[str] | tuple[str, ...] = (),
        expected: float | str | None = None,
        actual: float | str | None = None,
        facts: tuple[tuple[str, tuple[int, int]], ...] = (),
    ) -> Check:
        spans = [span for _, span in facts]
        fact_ids = [fact_id for fact_id, _ in facts]
        cells = []
        for key in keys:
            if table is None:
                break
            cells.append(f"{table.id}:{key}")
            span = table.cell_spans.get(key)
            if span is None:
                continue
            fact_id = self.facts_at.get(span)
            if fact_id is not None and fact_id not in fact_ids:
                fact_ids.append(fact_id)
            if span not in spans:
                spans.append(span)
        check = Check(
            id=f"c{self.number}",
            rule=rule,
            status=status,
            severity=severity if status == "fail" else "info",
            message=message,
            expected=expected,
            actual=actual,
            tolerance=0.0 if status != "unverifiable" and expected is not None else None,
            facts=fact_ids,
            spans=spans,
            cells=cells,
        )
        self.number += 1
        self.checks.append(check)
        return check


@dataclass(frozen=True)
class _Instance:
    """One application of an identity: a row or a column, and its operand keys."""

    where: str
    left: list[str]
    right: list[str]


@dataclass(frozen=True)
class _Layout:
    """What the identities of one table need to know about it, worked out once."""

    template: TemplateSpec
    table: Table
    columns: tuple[str, ...]
    rows: tuple[str, ...]
    candidates: tuple[str, ...]
    derived: frozenset[str]

    @classmethod
    def of(cls, template: TemplateSpec, table: Table) -> _Layout:
        optional = {column.key for column in template.optional_columns}
        printed = {key.rsplit(".", 1)[-1] for key in table.cells}
        columns = tuple(
            column.key
            for column in [*template.columns, *template.optional_columns]
            if column.key not in optional or column.key in printed
        )
        specs = template.all_rows()
        by_length = sorted((row.key for row in specs), key=len, reverse=True)
        present: set[str] = set()
        for key in table.cells:
            row = key.rsplit(".", 1)[0]
            if row in by_length:
                present.add(row)
        rows = tuple(row.key for row in specs if row.key in present)
        kept = template.row_keys(table.version, derived=False)
        if template.single_row:
            candidates: tuple[str, ...] = tuple(template.single_row)
        elif template.rows:
            candidates = tuple(f"{row}.{column}" for row in kept for column in columns)
        else:
            candidates = tuple(
                key for key in template.cell_keys(table.version) if key.rsplit(".", 1)[0] in kept
            )
        derived = frozenset(row.key for row in specs if row.is_derived(table.version))
        return cls(template, table, columns, rows, candidates, derived)

    def resolve(self, keys: list[str], parts: bool) -> list[str]:
        """Keys with ``*`` expanded; derived subtotals left out of the parts."""
        resolved: list[str] = []
        for key in keys:
            if "*" in key:
                resolved += expand_key(key, list(self.candidates))
            elif not (parts and key.rsplit(".", 1)[0] in self.derived):
                resolved.append(key)
        return list(dict.fromkeys(resolved))


def _instances(identity: IdentitySpec, layout: _Layout, data: TablesData) -> Iterator[_Instance]:
    # Across rows, a derived subtotal is not a part (it would count its rows twice); within one
    # row (for_each: row) every column of the row is.
    across_rows = identity.for_each != "row"

    def instance(where: str, old: str, new: str) -> _Instance:
        return _Instance(
            where,
            layout.resolve([k.replace(old, new) for k in identity.left], parts=False),
            layout.resolve([k.replace(old, new) for k in identity.right], parts=across_rows),
        )

    if identity.for_each == "row":
        labels = {row.key: row.label for row in layout.template.all_rows()}
        for row in layout.rows:
            yield instance(labels[row], "{row}", row)
    elif identity.for_each == "column":
        for column in layout.columns:
            yield instance(data.names.get(column, column), "{column}", column)
    else:
        yield instance("", "{none}", "")


def _sum_text(keys: list[str], table: Table, names: dict[str, str]) -> str:
    return " + ".join(f"{names[key]} {number_text(table.cells.get(key))}" for key in keys) or "0"


def _total(keys: list[str], table: Table, blanks_as_zero: bool = False) -> float:
    total = 0.0
    for key in keys:
        value = table.cells.get(key)
        if isinstance(value, int | float):
            total += value
        elif not (blanks_as_zero and value is None):
            return math.nan
    return total


def _holds(left: float, right: float, relation: str) -> bool:
    if relation == "le":
        return left <= right + _EPSILON
    return abs(left - right) <= _EPSILON


def _check_instance(
    checks: CheckList,
    identity: IdentitySpec,
    instance: _Instance,
    table: Table,
    names: dict[str, str],
) -> Status | None:
    keys = [*instance.left, *instance.right]
    cells = table.cells
    not_read = [key for key in keys if key not in cells]
    blank = [key for key in keys if key in cells and cells[key] is None]
    text = [key for key in keys if isinstance(cells.get(key), str)]
    if keys and (len(blank) == len(keys) or len(not_read) == len(keys)):
        return None
    sign = "≤" if identity.relation == "le" else "="
    where = f" ({instance.where})" if instance.where else ""
    head = f"{identity.description}{where}"
    if not_read or blank or text:
        reasons = []
        for what, group in (("blank", blank), ("not read", not_read), ("not a number", text)):
            if group:
                listed = ", ".join(names[key] for key in group[:_NAMES_SHOWN])
                more = f" and {len(group) - _NAMES_SHOWN} more" if len(group) > _NAMES_SHOWN else ""
                reasons.append(f"{what}: {listed}{more}")
        reading = ""
        if blank and not not_read and not text:
            left = _total(instance.left, table, blanks_as_zero=True)
            right = _total(instance.right, table, blanks_as_zero=True)
            verdict = "would hold" if _holds(left, right, identity.relation) else "would fail"
            reading = (
                f"; with blanks read as 0 it {verdict}: "
                f"{number_text(left)} {sign} {number_text(right)}"
            )
        checks.add(
            identity.id,
            "unverifiable",
            "info",
            f"{head}: cannot be verified ({'; '.join(reasons)}){reading}",
            table,
            keys,
        )
        return "unverifiable"
    left = _total(instance.left, table)
    right = _total(instance.right, table)
    holds = _holds(left, right, identity.relation)
    verb = sign if holds else (">" if sign == "≤" else "≠")
    statement = (
        f"{_sum_text(instance.left, table, names)} {verb} {_sum_text(instance.right, table, names)}"
    )
    if holds:
        message = f"{head}: {statement} = {number_text(right)}"
    else:
        message = (
            f"{head}: {statement} = {number_text(right)}; the table states "
            f"{number_text(left)}, off by {number_text(left - right)}"
        )
    checks.add(
        identity.id,
        "pass" if holds else "fail",
        identity.severity,
        message,
        table,
        keys,
        expected=right,
        actual=left,
    )
    return "pass" if holds else "fail"


def _domain_fault(value: float | int | str | None, domain: str, unit: str | None) -> str | None:
    """Why a cell value does not belong to its domain, or None when it does."""
    if value is None or isinstance(value, str):
        return None
    if domain == "amount":
        return "negative" if value < 0 else None
    integral = isinstance(value, int) or float(value).is_integer()
    if not integral:
        return "not a whole number"
    if domain == "count" and value < 0:
        return "negative"
    if domain == "count" and unit in {"元", "万元", "亿元", "%"}:
        return f"written in {unit}"
    return None


def _check_cells(
    checks: CheckList, identity: IdentitySpec, table: Table, names: dict[str, str]
) -> None:
    faults = []
    for key, value in table.cells.items():
        domain = identity.domains.get(key.rsplit(".", 1)[-1], identity.domain)
        fault = _domain_fault(value, domain, table.units.get(key))
        if fault:
            faults.append((key, f"{names[key]} {number_text(value)} ({fault})"))
    if faults:
        listed = "; ".join(text for _, text in faults[:_NAMES_SHOWN])
        checks.add(
            identity.id,
            "fail",
            identity.severity,
            f"{identity.description}: {listed}",
            table,
            [key for key, _ in faults],
        )
    else:
        checks.add(
            identity.id,
            "pass",
            identity.severity,
            f"{identity.description}: all {len(table.cells)} cells",
            table,
        )


def _check_units(
    checks: CheckList,
    identity: IdentitySpec,
    template: TemplateSpec,
    table: Table,
    names: dict[str, str],
) -> None:
    expected = {
        column.key: column.unit
        for block in template.blocks
        for columns in block.columns.values()
        for column in columns
        if column.unit
    }
    wrong = [
        key
        for key, unit in table.units.items()
        if expected.get(key.rsplit(".", 1)[-1]) not in (None, unit)
    ]
    for key in wrong:
        column_unit = expected[key.rsplit(".", 1)[-1]]
        checks.add(
            identity.id,
            "fail",
            identity.severity,
            f"{identity.description}: {names[key]} is written "
            f"{number_text(table.cells.get(key))}{table.units[key]}, "
            f"the column is in {column_unit}",
            table,
            [key],
        )


def _check_blanks(checks: CheckList, table: Table, names: dict[str, str]) -> None:
    blank = [key for key, value in table.cells.items() if value is None]
    if not blank:
        return
    listed = ", ".join(names[key] for key in blank[:_NAMES_SHOWN])
    more = f" and {len(blank) - _NAMES_SHOWN} more" if len(blank) > _NAMES_SHOWN else ""
    checks.add(
        BLANK_RULE,
        "fail",
        "warning",
        f"{len(blank)} of {len(table.cells)} cells are blank, not 0 ({listed}{more}); "
        "sums over them cannot be verified",
        table,
        blank,
    )


def check_version(
    checks: CheckList, table: Table, data: TablesData, report_year: int | None
) -> None:
    """The template version against the year the report is about."""
    if table.version is None:
        return
    expected = data.expected_version(report_year)
    if report_year is None:
        checks.add(
            VERSION_RULE,
            "unverifiable",
            "info",
            f"table in the {table.version} format; the report year is unknown",
            table,
        )
        return
    if expected is None:
        checks.add(
            VERSION_RULE,
            "fail",
            "warning",
            f"a report for {report_year} has a table in the {table.version} format, "
            "which did not exist yet",
            table,
        )
        return
    holds = table.version == expected
    outdated = not holds and table.version < expected
    message = (
        f"a report for {report_year} uses the {table.version} format, as it must"
        if holds
        else f"a report for {report_year} uses the {table.version} format; "
        f"reports for {report_year} must use the {expected} format"
        + (" (outdated template)" if outdated else "")
    )
    checks.add(
        VERSION_RULE,
        "pass" if holds else "fail",
        "error" if outdated else "warning",
        message,
        table,
        expected=expected,
        actual=table.version,
    )


def check_tables(
    checks: CheckList, tables: list[Table], data: TablesData, report_year: int | None
) -> None:
    """Every identity of the profile on every mapped table, and the version against the year."""
    for table in tables:
        if table.template is None:
            continue
        template = data.template(table.template)
        names = {key: data.cell_name(template, key) for key in template.cell_keys(None)}
        names.update({key: data.cell_name(template, key) for key in table.cells})
        layout = _Layout.of(template, table)
        check_version(checks, table, data, report_year)
        _check_blanks(checks, table, names)
        statuses: dict[tuple[str, str], Status | None] = {}
        for identity in data.identities:
            if identity.template != table.template:
                continue
            if identity.versions and table.version not in identity.versions:
                continue
            if identity.kind == "cells":
                _check_cells(checks, identity, table, names)
                continue
            if identity.kind == "units":
                _check_units(checks, identity, template, table, names)
                continue
            for instance in _instances(identity, layout, data):
                if identity.only_if_present and not all(k in table.cells for k in instance.left):
                    continue
                if identity.when_unverifiable and (
                    statuses.get((identity.when_unverifiable, instance.where)) != "unverifiable"
                ):
                    continue
                for key in [*instance.left, *instance.right]:
                    names.setdefault(key, data.cell_name(template, key))
                statuses[(identity.id, instance.where)] = _check_instance(
                    checks, identity, instance, table, names
                )
