"""Rules over relations and over the report: verdicts with their tolerance and their evidence.

Tolerance comes from what is written. A percentage with two decimals (19.29%) stands for anything
that rounds to it, so it is checked to ±0.005 points; one decimal ±0.05; an integer ±0.5; a sum
of rounded shares allows the sum of their tolerances. An amount printed in 万元 or with decimals
is rounded too (8103万元 is 8102.5 to 8103.5 万元); a plain count of cases (4件) is exact. A report
that truncates instead of rounding (45.38% printed as 45.3%) gets a warning naming the truncation,
not an error. A check with a missing operand is ``unverifiable``; so is one whose operands the
text does not name (a share whose whole it leaves open and no candidate matches): for an auditor
a false alarm costs more than a miss, so a check fails only when the text's own reading is wrong.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import regex

from nlp_reports.compiled import compiled_pattern
from nlp_reports.facts.numerals import parse_number
from nlp_reports.profiles import Profile
from nlp_reports.records import Check, Fact, Relation, Section, Severity, Status

_EPSILON = 1e-9
_HEADINGS_QUOTED = 8
_WRITTEN_NUMBER = regex.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇○一二两兩三四五六七八九十百千]+(?:[点點][零〇一二三四五六七八九]+)?"
)
_STATISTICAL_PERIOD = regex.compile(r"^(\d{4})-01(?:-01)?/(\d{4})-12(?:-31)?$")


def tolerance_of(fact: Fact) -> float:
    """Half a unit of the last written digit: 19.29 → 0.005; 92.5 → 0.05; 80 → 0.5; 八成 → 5.

    >>> share = Fact(id="f", kind="percentage", value=19.29, decimals=2, text="19.29%", span=(0, 6))
    >>> tolerance_of(share)
    0.005
    """
    return 0.5 * 10.0 ** -(fact.decimals or 0) * _scale(fact)


def _scale(fact: Fact) -> float:
    """What a unit of the written number is worth in the value (8103万元 → 10000; 八成 → 10)."""
    value = _value(fact)
    written = _WRITTEN_NUMBER.search(fact.text)
    if value is None or written is None:
        return 1.0
    try:
        shown = float(parse_number(written.group())[0])
    except (ValueError, KeyError):
        return 1.0
    return abs(value / shown) if shown and value else 1.0


def amount_tolerance(fact: Fact) -> float:
    """How far an amount may be from what it stands for, in the units of ``fact.value``.

    >>> tax = Fact(id="f", kind="money", value=81030000, decimals=0, text="8103万元", span=(0, 6))
    >>> amount_tolerance(tax)
    5000.0
    >>> amount_tolerance(Fact(id="f", kind="count", value=4, decimals=0, text="4件", span=(0, 2)))
    0.0
    """
    if _value(fact) is None:
        return 0.0
    scale = _scale(fact)
    if fact.kind == "count" and not fact.decimals and math.isclose(scale, 1.0):
        return 0.0
    return 0.5 * 10.0 ** -(fact.decimals or 0) * scale


def _value(fact: Fact) -> float | None:
    value = fact.value
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _fmt(number: float) -> str:
    """A computed number as a reader writes it: ten significant digits, never an exponent.

    >>> _fmt(162600000000.0), _fmt(100.0), _fmt(13.4567), _fmt(0.1 + 0.2)
    ('162600000000', '100', '13.4567', '0.3')
    """
    written = f"{number:.10g}"
    if "e" not in written:
        return written
    whole_digits = len(str(int(abs(number))))
    written = f"{number:.{max(0, 10 - whole_digits)}f}"
    return written.rstrip("0").rstrip(".") if "." in written else written


def _as_written(number: float, like: Fact) -> str:
    """A computed amount in the unit ``like`` is written in (1626亿美元, not 162600000000), so that
    an auditor compares it with the text at a glance; a plain number when the unit has no scale.

    >>> total = Fact(id="f", kind="money", value=162600000000, text="1,626亿美元", span=(0, 8))
    >>> _as_written(162600000000.0, total)
    '1626亿美元'
    """
    scale = _scale(like)
    written = _WRITTEN_NUMBER.search(like.text)
    if math.isclose(scale, 1.0) or written is None:
        return _fmt(number)
    return _fmt(round(number / scale, 10)) + like.text[written.end() :]


def _truncated(actual: float, stated: float, decimals: int) -> bool:
    """Whether ``stated`` is ``actual`` cut (not rounded) to ``decimals`` digits."""
    scale = 10**decimals
    return math.isclose(math.floor(actual * scale + _EPSILON) / scale, stated, abs_tol=_EPSILON)


@dataclass(frozen=True)
class ReportContext:
    """What report-level rules need beyond the facts."""

    report_year: int | None = None
    year_source: str | None = None
    profile: Profile | None = None
    sections: tuple[Section, ...] = ()


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
        *,
        spans: tuple[tuple[int, int], ...] = (),
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
                spans=[self.facts[i].span for i in used] + list(spans),
            )
        )

    def verdict(
        self,
        rule: str,
        holds: bool,
        message: str,
        used: list[str],
        relation: Relation,
        expected: float | str | None = None,
        actual: float | None = None,
        tolerance: float | None = None,
    ) -> None:
        """A pass, or an error-level fail."""
        self.add(
            rule,
            "pass" if holds else "fail",
            "info" if holds else "error",
            message,
            used,
            relation,
            expected=expected,
            actual=actual,
            tolerance=tolerance,
        )

    def unverifiable(self, rule: str, relation: Relation, used: list[str], why: str) -> None:
        self.add(rule, "unverifiable", "info", why, used, relation)


def _ids(relation: Relation, role: str) -> list[str]:
    value = relation.roles.get(role, [])
    return [value] if isinstance(value, str) else list(value)


def check_parts_sum(checks: _Checks, relation: Relation) -> None:
    """parts_sum.v1: complete parts equal their total; other parts never exceed it."""
    rule = "parts_sum.v1"
    total = checks.facts[_ids(relation, "total")[0]]
    parts = [checks.facts[i] for i in _ids(relation, "parts")]
    used = [total.id, *(p.id for p in parts)]
    total_value, part_values = _value(total), [_value(p) for p in parts]
    if total_value is None or any(v is None for v in part_values):
        return checks.unverifiable(rule, relation, used, "an operand has no numeric value")
    parts_sum = sum(v for v in part_values if v is not None)
    tolerance = sum(amount_tolerance(f) for f in (total, *parts))
    written = " + ".join(p.text for p in parts)
    approximate = any(f.approx for f in (total, *parts))
    if relation.exhaustive and not approximate:
        holds = abs(parts_sum - total_value) <= tolerance + _EPSILON
        verb = "equals" if holds else "does not equal"
        computed = _as_written(parts_sum, total)
        message = f"parts {written} = {computed}, which {verb} the total {total.text}"
    else:
        largest = max(v for v in part_values if v is not None)
        holds = max(largest, parts_sum) <= total_value + tolerance + _EPSILON or approximate
        if approximate and not holds:
            return checks.unverifiable(
                rule, relation, used, f"{written} vs {total.text}: approximate"
            )
        verb = "do not exceed" if holds else "exceed"
        message = f"parts {written} = {_as_written(parts_sum, total)} {verb} the total {total.text}"
    checks.verdict(
        rule,
        holds,
        message,
        used,
        relation,
        expected=parts_sum,
        actual=total_value,
        tolerance=tolerance,
    )
    return None


def _ratio_holds(actual: float, stated: Fact, tolerance: float) -> bool:
    low, high = _bounds(stated, tolerance)
    return low - _EPSILON <= actual <= high + _EPSILON


def _ratio_check(
    checks: _Checks, relation: Relation, rule: str, roles: tuple[str, str, str]
) -> None:
    """share.v1 and rate.v1: part ÷ whole × 100 against the stated percentage, trying each whole."""
    part = checks.facts[_ids(relation, roles[0])[0]]
    stated = checks.facts[_ids(relation, roles[2])[0]]
    wholes = [checks.facts[i] for i in _ids(relation, roles[1]) + relation.candidates]
    part_value, stated_value = _value(part), _value(stated)
    if part_value is None or stated_value is None or not wholes:
        return checks.unverifiable(
            rule, relation, [part.id, stated.id], "an operand has no numeric value"
        )
    tolerance = tolerance_of(stated)
    if part.approx or wholes[0].approx:
        return _bounded_ratio_check(checks, relation, rule, part, wholes, stated)
    truncation: tuple[Fact, float] | None = None
    for whole in wholes:
        whole_value = _value(whole)
        if not whole_value:
            continue
        actual = part_value / whole_value * 100
        if _ratio_holds(actual, stated, tolerance):
            which = "" if whole is wholes[0] else f" (of {whole.text}, not of {wholes[0].text})"
            message = (
                f"{part.text} / {whole.text} = {actual:.4f}%, consistent with {stated.text}{which}"
            )
            checks.verdict(
                rule,
                True,
                message,
                [part.id, whole.id, stated.id],
                relation,
                expected=round(actual, 6),
                actual=stated_value,
                tolerance=tolerance,
            )
            return None
        if (
            truncation is None
            and not stated.approx
            and _truncated(actual, stated_value, stated.decimals or 0)
        ):
            truncation = (whole, actual)
    if truncation is not None:
        whole, actual = truncation
        checks.add(
            rule,
            "fail",
            "warning",
            f"{part.text} / {whole.text} = {actual:.4f}%, printed truncated as {stated.text} "
            f"(rounded it would be {actual:.{stated.decimals or 0}f}%)",
            [part.id, whole.id, stated.id],
            relation,
            expected=round(actual, 6),
            actual=stated_value,
            tolerance=tolerance,
        )
        return None
    whole = wholes[0]
    actual = part_value / (_value(whole) or math.inf) * 100
    tried = ", ".join(w.text for w in wholes)
    used = [part.id, *(w.id for w in wholes), stated.id]
    if not relation.explicit:
        return checks.unverifiable(
            rule,
            relation,
            used,
            f"{part.text} is {stated.text} of no whole the text offers (tried {tried})",
        )
    checks.verdict(
        rule,
        False,
        f"{part.text} / {whole.text} = {actual:.4f}%, but the text states {stated.text} "
        f"(±{tolerance:g} points; wholes tried: {tried})",
        used,
        relation,
        expected=round(actual, 6),
        actual=stated_value,
        tolerance=tolerance,
    )
    return None


def _bounds(fact: Fact, tolerance: float) -> tuple[float, float]:
    """The values a fact allows: its rounding, and the side an approximate one leaves open."""
    value = _value(fact) or 0.0
    if fact.approx == "more_than":
        return value - tolerance, math.inf
    if fact.approx == "less_than":
        return -math.inf, value + tolerance
    if fact.approx == "about":
        slack = max(tolerance, 0.05 * abs(value))
        return value - slack, value + slack
    return value - tolerance, value + tolerance


def _bounded_ratio_check(
    checks: _Checks,
    relation: Relation,
    rule: str,
    part: Fact,
    wholes: list[Fact],
    stated: Fact,
) -> None:
    """A ratio of approximate amounts (超过四十七亿元 of 五十九亿元) is only known to lie in an
    interval; it fails only when the stated percentage cannot lie in it for any whole offered."""
    tolerance = tolerance_of(stated)
    stated_low, stated_high = _bounds(stated, tolerance)
    part_low, part_high = _bounds(part, amount_tolerance(part))
    part_low = max(part_low, 0.0)
    used = [part.id, *(w.id for w in wholes), stated.id]
    tried: list[str] = []
    bounds: list[str] = []
    for whole in wholes:
        whole_low, whole_high = _bounds(whole, amount_tolerance(whole))
        if whole_low <= 0:
            continue
        low, high = part_low / whole_high * 100, part_high / whole_low * 100
        if stated_low <= high + _EPSILON and low <= stated_high + _EPSILON:
            checks.verdict(
                rule,
                True,
                f"{part.text} / {whole.text} lies in {_interval(low, high)}, "
                f"consistent with {stated.text}",
                [part.id, whole.id, stated.id],
                relation,
                expected=_interval(low, high),
                actual=_value(stated) or 0.0,
                tolerance=tolerance,
            )
            return None
        tried.append(f"{part.text} / {whole.text} lies in {_interval(low, high)}")
        bounds.append(_interval(low, high))
    if not tried:
        return checks.unverifiable(
            rule, relation, used, f"{part.text} is approximate and no whole bounds it"
        )
    if not relation.explicit:
        return checks.unverifiable(
            rule,
            relation,
            used,
            f"{part.text} is {stated.text} of no whole the text offers ({'; '.join(tried)})",
        )
    checks.verdict(
        rule,
        False,
        f"{'; '.join(tried)}, but the text states {stated.text} (±{tolerance:g} points)",
        used,
        relation,
        expected=bounds[0],
        actual=_value(stated) or 0.0,
        tolerance=tolerance,
    )
    return None


def _interval(low: float, high: float) -> str:
    upper = "∞" if math.isinf(high) else f"{high:.2f}%"
    return f"[{low:.2f}%, {upper}]"


def check_share(checks: _Checks, relation: Relation) -> None:
    _ratio_check(checks, relation, "share.v1", ("part", "whole", "share"))


def check_rate(checks: _Checks, relation: Relation) -> None:
    _ratio_check(checks, relation, "rate.v1", ("numerator", "denominator", "rate"))


def check_percent_sum(checks: _Checks, relation: Relation) -> None:
    """percent_sum.v1: shares of one whole add up to 100 within the sum of their tolerances."""
    rule = "percent_sum.v1"
    shares = [checks.facts[i] for i in _ids(relation, "shares")]
    used = [s.id for s in shares]
    values = [_value(s) for s in shares]
    if any(v is None for v in values) or any(s.approx for s in shares):
        return checks.unverifiable(rule, relation, used, "a share is missing or approximate")
    total = sum(v for v in values if v is not None)
    tolerance = sum(tolerance_of(s) for s in shares)
    holds = abs(total - 100) <= tolerance + _EPSILON
    written = " + ".join(s.text for s in shares)
    verdict = "within" if holds else "outside"
    checks.verdict(
        rule,
        holds,
        f"{written} = {_fmt(total)}%, {verdict} ±{tolerance:g} of 100%",
        used,
        relation,
        expected=100.0,
        actual=total,
        tolerance=tolerance,
    )
    return None


def _exact_operands(
    checks: _Checks, relation: Relation, roles: tuple[str, str, str], rule: str
) -> tuple[tuple[Fact, Fact, Fact], tuple[float, float, float], list[str]] | None:
    """The three facts in ``roles``, their values and ids; None, with the check recorded as
    unverifiable, when one is missing or approximate."""
    first, second, third = (checks.facts[_ids(relation, role)[0]] for role in roles)
    used = [first.id, second.id, third.id]
    values = [_value(f) for f in (first, second, third)]
    if any(v is None for v in values) or any(f.approx for f in (first, second, third)):
        checks.unverifiable(rule, relation, used, "an operand is missing or approximate")
        return None
    a, b, c = (v or 0.0 for v in values)
    return (first, second, third), (a, b, c), used


def check_growth(checks: _Checks, relation: Relation) -> None:
    """growth.v1: a growth rate equals the change over the previous level (current minus change)."""
    if "previous" in relation.roles:
        return check_rate_gap(checks, relation)
    rule = "growth.v1"
    operands = _exact_operands(checks, relation, ("current", "change", "rate"), rule)
    if operands is None:
        return None
    (current, change, rate), (level, delta, stated), used = operands
    signed = -abs(delta) if relation.cue == "减" else abs(delta)
    previous = level - signed
    if previous <= 0:
        return checks.unverifiable(rule, relation, used, "the previous level is not positive")
    actual = signed / previous * 100
    slack = (
        (amount_tolerance(current) + amount_tolerance(change))
        * (abs(level) + abs(delta))
        / previous**2
        * 100
    )
    tolerance = tolerance_of(rate) + slack
    holds = abs(actual - stated) <= tolerance + _EPSILON
    verb = "consistent with" if holds else "but the text states"
    message = (
        f"{change.text} on a previous {_fmt(previous)} (= {current.text} − change) is "
        f"{actual:.4f}%, {verb} {rate.text}"
    )
    checks.verdict(
        rule,
        holds,
        message,
        used,
        relation,
        expected=round(actual, 6),
        actual=stated,
        tolerance=tolerance,
    )
    return None


def check_rate_gap(checks: _Checks, relation: Relation) -> None:
    """growth.v1 for a gap between two rates (快于全市生产总值1.9个百分点): the rate minus the other
    is the gap stated, on the side the cue says (高于 above, 低于 below), within the tolerances of
    the three written numbers together."""
    rule = "growth.v1"
    operands = _exact_operands(checks, relation, ("current", "previous", "change"), rule)
    if operands is None:
        return None
    (current, other, gap), (rate, reference, stated), used = operands
    actual = rate - reference if relation.cue != "低于" else reference - rate
    tolerance = tolerance_of(current) + tolerance_of(other) + tolerance_of(gap)
    holds = abs(actual - abs(stated)) <= tolerance + _EPSILON
    side = "above" if relation.cue != "低于" else "below"
    verb = "consistent with" if holds else "but the text states"
    message = (
        f"{current.text} is {_fmt(round(actual, 6))} points {side} {other.text}, {verb} {gap.text}"
    )
    checks.verdict(
        rule,
        holds,
        message,
        used,
        relation,
        expected=round(actual, 6),
        actual=abs(stated),
        tolerance=tolerance,
    )
    return None


def check_same_metric(checks: _Checks, relation: Relation) -> None:
    """same_metric.v1: one metric stated twice (a repeated sentence, a table cell restating the
    prose in another unit) has one value, within the precision each statement is written to."""
    rule = "same_metric.v1"
    facts = [checks.facts[i] for i in _ids(relation, "facts")]
    values = [_value(f) for f in facts]
    if any(v is None for v in values):
        return checks.unverifiable(rule, relation, [f.id for f in facts], "a value is missing")
    scales = [relation.scales.get(f.id, 1.0) for f in facts]
    scaled = [(v or 0.0) * scale for v, scale in zip(values, scales, strict=True)]
    tolerance = max(_stated_precision(f, scale) for f, scale in zip(facts, scales, strict=True))
    spread = max(scaled) - min(scaled)
    holds = spread <= tolerance + _EPSILON
    written = ", ".join(f.text for f in facts)
    where = {
        "table": "a table cell and the text state",
        "translation": "the text and its English translation state",
        "headline": "a headline and the paragraph after it state",
        "restated": "one metric, stated twice in other words, is given as",
        "栏目": "what one column of the website published is given as",
        "级": "the levels of one structure, named again in short, are given as",
        "lead": "a lead and the body it shortens state",
    }.get(relation.cue or "", "the same clause states")
    message = f"{where} {written}" + ("" if holds else ": the values differ")
    checks.verdict(
        rule,
        holds,
        message,
        [f.id for f in facts],
        relation,
        expected=0.0,
        actual=spread,
        tolerance=tolerance,
    )
    return None


def _stated_precision(fact: Fact, scale: float) -> float:
    """How far a statement may be from the value it stands for, in the relation's unit: half a unit
    of its last digit (a plain count is exact, unless a table scales it: 187746 under 万元)."""
    if fact.kind.startswith("percentage"):
        return tolerance_of(fact) * scale
    own = amount_tolerance(fact) * scale
    if own == 0.0 and scale != 1.0:
        return 0.5 * 10.0 ** -(fact.decimals or 0) * scale
    return own


def check_item_count(checks: _Checks, relation: Relation) -> None:
    """item_count.v1: a stated number of items equals the items listed (a warning when not)."""
    rule = "item_count.v1"
    count = checks.facts[_ids(relation, "count")[0]]
    stated = _value(count) or 0
    listed = len(relation.items)
    holds = math.isclose(stated, listed) if relation.exhaustive is not False else listed <= stated
    examples = "" if relation.exhaustive is not False else " (examples, 等)"
    message = f"{count.text} and {listed} items listed{examples}: {'、'.join(relation.items)}"
    checks.add(
        rule,
        "pass" if holds else "fail",
        "info" if holds else "warning",
        message,
        [count.id],
        relation,
        expected=float(listed),
        actual=stated,
        tolerance=0.0,
    )


RULES: dict[str, Callable[[_Checks, Relation], None]] = {
    "parts_total": check_parts_sum,
    "share": check_share,
    "rate": check_rate,
    "percent_sum": check_percent_sum,
    "growth": check_growth,
    "same_metric": check_same_metric,
    "item_count": check_item_count,
}


def check_period_year(checks: _Checks, context: ReportContext) -> None:
    """period_year.v1: a stated full-year statistical period is the report's own year."""
    if context.report_year is None or context.year_source in {None, "period", "dominant"}:
        return
    for fact in checks.facts.values():
        match = _STATISTICAL_PERIOD.match(str(fact.value)) if fact.kind == "period" else None
        if match is None or match.group(1) != match.group(2):
            continue
        year = int(match.group(1))
        holds = year == context.report_year
        verb = "is" if holds else "is not"
        checks.add(
            "period_year.v1",
            "pass" if holds else "fail",
            "info" if holds else "error",
            f"the statistical period {fact.text} {verb} the report year {context.report_year}",
            [fact.id],
            expected=float(context.report_year),
            actual=float(year),
            tolerance=0.0,
        )


def check_date_horizon(checks: _Checks, context: ReportContext) -> None:
    """date_horizon.v1: a report speaks of its year and the next; later dates are warnings."""
    if (
        context.report_year is None
        or context.profile is None
        or context.profile.date_horizon is None
    ):
        return
    limit = context.report_year + context.profile.date_horizon
    for fact in checks.facts.values():
        if fact.kind not in {"date", "period"} or not isinstance(fact.value, str):
            continue
        years = [int(y) for y in compiled_pattern(r"(?<![\d-])(\d{4})").findall(fact.value)]
        if years and max(years) > limit:
            checks.add(
                "date_horizon.v1",
                "fail",
                "warning",
                f"{fact.text} lies beyond the report year {context.report_year} and the next",
                [fact.id],
                expected=float(limit),
                actual=float(max(years)),
                tolerance=0.0,
            )


def check_required_sections(checks: _Checks, context: ReportContext) -> None:
    """required_sections.v1: the sections the profile requires for the report's year are present."""
    if context.profile is None:
        return
    headings: dict[str, Section] = {}
    for section in context.sections:
        if section.type is not None:
            headings.setdefault(section.type, section)
    read = "; ".join(s.heading for s in context.sections[:_HEADINGS_QUOTED]) or "none"
    if len(context.sections) > _HEADINGS_QUOTED:
        read += "; …"
    for required in context.profile.required_sections:
        if not required.applies_to(context.report_year):
            continue
        found = headings.get(required.key)
        if found is None:
            checks.add(
                "required_sections.v1",
                "fail",
                "warning",
                f"section {required.key} not found (headings read: {read})",
                [],
            )
            continue
        checks.add(
            "required_sections.v1",
            "pass",
            "info",
            f"section {required.key} found: {found.heading}",
            [],
            spans=(found.heading_span,),
        )


def run_checks(
    facts: list[Fact], relations: list[Relation], context: ReportContext | None = None
) -> list[Check]:
    """A verdict for every relation a rule applies to, then the report-level rules."""
    checks = _Checks({fact.id: fact for fact in facts})
    for relation in relations:
        rule = RULES.get(relation.type)
        if rule is not None:
            rule(checks, relation)
    if context is not None:
        check_period_year(checks, context)
        check_date_horizon(checks, context)
        check_required_sections(checks, context)
    return checks.checks
