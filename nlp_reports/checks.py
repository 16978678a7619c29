"""Rules over relations: verdicts with the tolerance the written precision allows, and evidence.

A percentage written with two decimals (19.29%) stands for anything that rounds to it, so it is
checked to ±0.005 points; one decimal ±0.05; an integer ±0.5. A sum of rounded shares allows the
sum of their tolerances. A report that truncates instead of rounding (45.38% printed as 45.3%)
gets a warning that names the truncation, not an error. A check with a missing or approximate
operand is ``unverifiable``: it never passes and never fails. For an auditor a false alarm costs
more than a miss, so a check fails only when every reading the text allows is wrong.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from nlp_reports.records import Check, Fact, Relation, Severity, Status

_EPSILON = 1e-9


def tolerance_of(fact: Fact) -> float:
    """Half a unit of the last written digit: 19.29 → 0.005; 92.5 → 0.05; 80 → 0.5.

    >>> share = Fact(id="f", kind="percentage", value=19.29, decimals=2, text="19.29%", span=(0, 6))
    >>> tolerance_of(share)
    0.005
    """
    return 0.5 * 10 ** -(fact.decimals or 0)


def _value(fact: Fact) -> float | None:
    return (
        float(fact.value)
        if isinstance(fact.value, int | float) and not isinstance(fact.value, bool)
        else None
    )


def _written(fact: Fact) -> str:
    return fact.text


def _truncated(actual: float, stated: float, decimals: int) -> bool:
    """Whether ``stated`` is ``actual`` cut (not rounded) to ``decimals`` digits."""
    scale = 10**decimals
    return math.isclose(math.floor(actual * scale + _EPSILON) / scale, stated, abs_tol=_EPSILON)


class _Checks:
    """Accumulates checks with sequential ids."""

    def __init__(self, facts: dict[str, Fact]) -> None:
        self.facts = facts
        self.checks: list[Check] = []

    def add(
        self,
        rule: str,
        status: Status,
        severity: Severity,
        message: str,
        used: list[str],
        relation: Relation | None = None,
        expected: float | str | None = None,
        actual: float | str | None = None,
        tolerance: float | None = None,
    ) -> None:
        self.checks.append(
            Check(
                id=f"c{len(self.checks) + 1}",
                rule=rule,
                status=status,
                severity=severity,
                message=message,
                expected=expected,
                actual=actual,
                tolerance=tolerance,
                relation=relation.id if relation else None,
                facts=used,
                spans=[self.facts[i].span for i in used],
            )
        )


def _ids(relation: Relation, role: str) -> list[str]:
    value = relation.roles.get(role, [])
    return [value] if isinstance(value, str) else list(value)


def _unverifiable(
    checks: _Checks, rule: str, relation: Relation, used: list[str], why: str
) -> None:
    checks.add(rule, "unverifiable", "info", why, used, relation)


def check_parts_sum(checks: _Checks, relation: Relation) -> None:
    """parts_sum.v1: exhaustive parts equal their total; other parts never exceed it."""
    rule = "parts_sum.v1"
    total = checks.facts[_ids(relation, "total")[0]]
    parts = [checks.facts[i] for i in _ids(relation, "parts")]
    used = [total.id, *(p.id for p in parts)]
    values = [_value(f) for f in (total, *parts)]
    if any(v is None for v in values):
        return _unverifiable(checks, rule, relation, used, "an operand has no numeric value")
    total_value, *part_values = (v for v in values if v is not None)
    written = " + ".join(_written(p) for p in parts)
    parts_sum = sum(part_values)
    tolerance = sum(
        0.5 * 10 ** -(f.decimals or 0) for f in (total, *parts) if (f.decimals or 0) > 0
    )
    if relation.exhaustive:
        if any(f.approx for f in (total, *parts)):
            return _unverifiable(
                checks, rule, relation, used, f"{written} vs {_written(total)}: approximate figures"
            )
        holds = abs(parts_sum - total_value) <= tolerance + _EPSILON
        verb = "equals" if holds else "does not equal"
        message = f"parts {written} = {_fmt(parts_sum)}, which {verb} the total {_written(total)}"
        checks.add(
            rule,
            "pass" if holds else "fail",
            "info" if holds else "error",
            message,
            used,
            relation,
            expected=total_value,
            actual=parts_sum,
            tolerance=tolerance,
        )
        return None
    largest = max(part_values)
    holds = (
        largest <= total_value + tolerance + _EPSILON
        and parts_sum <= total_value + tolerance + _EPSILON
    )
    if holds:
        message = f"parts {written} = {_fmt(parts_sum)} do not exceed the total {_written(total)}"
    else:
        message = f"parts {written} = {_fmt(parts_sum)} exceed the total {_written(total)}"
    checks.add(
        rule,
        "pass" if holds else "fail",
        "info" if holds else "error",
        message,
        used,
        relation,
        expected=total_value,
        actual=parts_sum,
        tolerance=tolerance,
    )
    return None


def _fmt(number: float) -> str:
    return f"{number:.10g}"


def _ratio_check(
    checks: _Checks,
    relation: Relation,
    rule: str,
    part_role: str,
    whole_role: str,
    stated_role: str,
) -> None:
    """share.v1 and rate.v1: part ÷ whole × 100 against the stated percentage, trying each whole."""
    part = checks.facts[_ids(relation, part_role)[0]]
    stated = checks.facts[_ids(relation, stated_role)[0]]
    wholes = [checks.facts[i] for i in _ids(relation, whole_role) + relation.candidates]
    part_value, stated_value = _value(part), _value(stated)
    used = [part.id, stated.id]
    if part_value is None or stated_value is None or not wholes:
        return _unverifiable(checks, rule, relation, used, "an operand has no numeric value")
    if part.approx or stated.approx:
        return _unverifiable(
            checks,
            rule,
            relation,
            [part.id, wholes[0].id, stated.id],
            f"{_written(part)} / {_written(stated)}: approximate figures",
        )
    tolerance = tolerance_of(stated)
    truncation: tuple[Fact, float] | None = None
    for whole in wholes:
        whole_value = _value(whole)
        if not whole_value:
            continue
        actual = part_value / whole_value * 100
        if abs(actual - stated_value) <= tolerance + _EPSILON:
            which = (
                ""
                if whole is wholes[0]
                else f" (of {_written(whole)}, not of {_written(wholes[0])})"
            )
            checks.add(
                rule,
                "pass",
                "info",
                f"{_written(part)} / {_written(whole)} = {actual:.4f}%, "
                f"which rounds to {_written(stated)}{which}",
                [part.id, whole.id, stated.id],
                relation,
                expected=round(actual, 6),
                actual=stated_value,
                tolerance=tolerance,
            )
            return None
        if truncation is None and _truncated(actual, stated_value, stated.decimals or 0):
            truncation = (whole, actual)
    if truncation is not None:
        whole, actual = truncation
        checks.add(
            rule,
            "fail",
            "warning",
            f"{_written(part)} / {_written(whole)} = {actual:.4f}%, "
            f"printed truncated as {_written(stated)} "
            f"(rounded it would be {actual:.{stated.decimals or 0}f}%)",
            [part.id, whole.id, stated.id],
            relation,
            expected=round(actual, 6),
            actual=stated_value,
            tolerance=tolerance,
        )
        return None
    whole = wholes[0]
    whole_value = _value(whole) or 0
    if not whole_value:
        return _unverifiable(
            checks, rule, relation, [part.id, whole.id, stated.id], "the whole is zero"
        )
    actual = part_value / whole_value * 100
    tried = ", ".join(_written(w) for w in wholes)
    checks.add(
        rule,
        "fail",
        "error",
        f"{_written(part)} / {_written(whole)} = {actual:.4f}%, "
        f"but the text states {_written(stated)} "
        f"(±{tolerance:g} points; wholes tried: {tried})",
        [part.id, *(w.id for w in wholes), stated.id],
        relation,
        expected=round(actual, 6),
        actual=stated_value,
        tolerance=tolerance,
    )
    return None


def check_share(checks: _Checks, relation: Relation) -> None:
    _ratio_check(checks, relation, "share.v1", "part", "whole", "share")


def check_rate(checks: _Checks, relation: Relation) -> None:
    _ratio_check(checks, relation, "rate.v1", "numerator", "denominator", "rate")


def check_percent_sum(checks: _Checks, relation: Relation) -> None:
    """percent_sum.v1: shares of one whole add up to 100 within the sum of their tolerances."""
    rule = "percent_sum.v1"
    shares = [checks.facts[i] for i in _ids(relation, "shares")]
    used = [s.id for s in shares]
    values = [_value(s) for s in shares]
    if any(v is None for v in values) or any(s.approx for s in shares):
        return _unverifiable(checks, rule, relation, used, "a share is missing or approximate")
    total = sum(v for v in values if v is not None)
    tolerance = sum(tolerance_of(s) for s in shares)
    holds = abs(total - 100) <= tolerance + _EPSILON
    written = " + ".join(_written(s) for s in shares)
    verdict = "within" if holds else "outside"
    checks.add(
        rule,
        "pass" if holds else "fail",
        "info" if holds else "error",
        f"{written} = {_fmt(total)}%, {verdict} ±{tolerance:g} of 100%",
        used,
        relation,
        expected=100.0,
        actual=total,
        tolerance=tolerance,
    )
    return None


RULES: dict[str, Callable[[_Checks, Relation], None]] = {
    "parts_total": check_parts_sum,
    "share": check_share,
    "rate": check_rate,
    "percent_sum": check_percent_sum,
}


def run_checks(facts: list[Fact], relations: list[Relation]) -> list[Check]:
    """A verdict for every relation a rule applies to."""
    checks = _Checks({fact.id: fact for fact in facts})
    for relation in relations:
        rule = RULES.get(relation.type)
        if rule is not None:
            rule(checks, relation)
    return checks.checks
