"""The extract stage: facts with values, units, qualifiers, subjects and spans.

:mod:`.patterns` finds where facts may be, :mod:`.candidates` settles overlaps, :mod:`.resolve`
says what each is worth and :mod:`.subjects` what it measures. This module walks the chosen
matches in text order, carrying the context a reader carries: the last year named in the
sentence (for 6月), the report year (for 本年), the quantity a share refers to.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import regex

from nlp_reports.compiled import compiled_pattern
from nlp_reports.facts.candidates import Candidate, choose, collect
from nlp_reports.facts.numerals import parse_number
from nlp_reports.facts.patterns import OVERLONG_NUMERAL
from nlp_reports.facts.resolve import (
    Resolved,
    Years,
    resolve_count,
    resolve_date,
    resolve_english_money,
    resolve_money,
    resolve_percentage,
    resolve_period,
    resolve_relative_year,
    resolve_vague,
    scaled,
)
from nlp_reports.facts.subjects import find_subject, head_noun, is_share, zero_subject
from nlp_reports.normalise import TextView
from nlp_reports.profiles import lexicon
from nlp_reports.records import DocNumber, Fact, Problem, Section
from nlp_reports.sections import section_at

__all__ = ["Extraction", "Years", "find_facts"]

_CLAUSE_BREAK = regex.compile(r"[,，、:：;；。!?！？\n]")
_LAST_CLAUSE_BREAK = regex.compile(r"(?r)[,，、:：;；。!?！？\n]")
# What a zero stated in words negates runs on past enumeration commas (未接到群众、业主的申请).
_ZERO_SCOPE_END = regex.compile(r"[,，:：;；。!?！？\n]")
_SENTENCE_BREAK = regex.compile(r"[。!?！？;；\n]")
_NOT_A_ZERO = regex.compile(r"无(?:法|论|需|须|偿|纸|关|误|序|效|疑|缝|人|线|障碍|差别)")
_YEAR_LIKE = regex.compile(r"(?:19|20)\d\d")
_DIGITS = regex.compile(r"\d+(?:\.\d+)?")
_QUANTITIES = frozenset({"count", "number", "money", "percentage", "percentage_point"})


@cache
def _countable() -> regex.Pattern[str]:
    return regex.compile("|".join(lexicon().countable_nouns))


@dataclass
class _Context:
    """What a reader remembers while reading one sentence."""

    sentence_end: int = -1
    year: int | None = None
    last_quantity: Fact | None = None
    previous_end: int = 0


def _clause_bounds(view: str, start: int, end: int) -> tuple[int, int]:
    last = _LAST_CLAUSE_BREAK.search(view, 0, start)
    left = last.end() if last else 0
    right = _CLAUSE_BREAK.search(view, end)
    return left, right.start() if right else len(view)


def _zero_scope_end(view: str, start: int) -> int:
    found = _ZERO_SCOPE_END.search(view, start)
    return found.start() if found else len(view)


def _plausible(candidate: Candidate, view: str) -> bool:
    """Whether a match can be a fact at all, before it competes with the others."""
    match = candidate.match
    if candidate.source == "count":
        return resolve_count(match) is not None
    if candidate.source == "period":
        return resolve_period(match, 2000) is not None
    if candidate.source == "zero":
        if _NOT_A_ZERO.match(view, candidate.start):
            return False
        return bool(_countable().search(view, candidate.end, _zero_scope_end(view, candidate.end)))
    return True


def _doc_number(candidate: Candidate, view: str) -> Resolved:
    match = candidate.match
    issuer = view[candidate.start : match.start("year") - 1] if match.group("year") else None
    if issuer is None:
        issuer = view[candidate.start : match.end("issuer2")]
    year = int(match.group("year")) if match.group("year") else None
    serial = int(match.group("serial") or match.group("serial2"))
    value = f"{issuer}〔{year}〕{serial}号" if year else f"{issuer}第{serial}号"
    return Resolved(kind="doc_number", value=value, unit=str(year or ""), upper=serial)


def _bare_number(candidate: Candidate, view: str) -> Resolved | None:
    """A number without unit; a bare year next to Chinese text (2015政府信息) is a date."""
    match = candidate.match
    surface = match.group("num")
    if _YEAR_LIKE.fullmatch(surface) and not match.group("mult") and not match.group("sign"):
        if compiled_pattern(r"\p{Han}").match(view[candidate.end : candidate.end + 1]):
            return Resolved(kind="date", value=surface)
        if (
            "(" in view[candidate.start - 1 : candidate.start]
            or ")" in view[candidate.end : candidate.end + 1]
        ):
            return None
    value, decimals = parse_number(surface)
    sign = -1 if match.group("sign") == "-" else 1
    return Resolved(
        kind="number", value=sign * scaled(value, match.group("mult")), decimals=decimals
    )


def _resolve(candidate: Candidate, view: str, context: _Context, years: Years) -> Resolved | None:
    """The value of a chosen candidate, with the year context a bare 6月 needs."""
    match = candidate.match
    year_for_bare = context.year if context.year is not None else years.for_bare_dates()
    resolvers: dict[str, Callable[[], Resolved | None]] = {
        "count": lambda: resolve_count(match),
        "vague": lambda: resolve_vague(match),
        "money": lambda: resolve_money(match),
        "money_english": lambda: resolve_english_money(match),
        "percentage": lambda: resolve_percentage(match, view),
        "date": lambda: resolve_date(match, year_for_bare),
        "period": lambda: resolve_period(match, year_for_bare),
        "relative_year": lambda: resolve_relative_year(match.group("word"), years),
        "zero": lambda: Resolved(kind="count", value=0),
        "doc_number": lambda: _doc_number(candidate, view),
        "number": lambda: _bare_number(candidate, view),
    }
    return resolvers[candidate.source]()


def _explicit_year(resolved: Resolved) -> int | None:
    if resolved.kind in {"date", "period"} and isinstance(resolved.value, str):
        last = resolved.value.split("/")[-1]
        if _YEAR_LIKE.match(last):
            return int(last[:4])
    return None


@cache
def _unit_categories() -> dict[str, str]:
    return {unit.word: unit.category for unit in lexicon().units}


def _enumeration_start(view: str, left: int, floor: int) -> int:
    """Where a subject may start when its clause opens after 、 (政府文件、工作报告类信息98条)."""
    if left - 1 <= floor or view[left - 1] != "、":
        return left
    start = left - 1
    while start > max(floor, left - 12) and not _CLAUSE_BREAK.match(view, start - 1):
        start -= 1
    piece = view[start : left - 1]
    return start if piece and len(piece) <= 10 and not _DIGITS.search(piece) else left


def _earlier_subject(view: str, start: int) -> str | None:
    """What the previous number of the sentence measures, for a change with no subject of its own
    and no quantity before it (…增加值同比增长9.1%,两年平均增长7.0% → 增加值 for both)."""
    sentence = max(
        (m.end() for m in _SENTENCE_BREAK.finditer(view, max(0, start - 200), start)), default=0
    )
    end = start
    for _ in range(3):
        numbers = list(_DIGITS.finditer(view, sentence, end))
        if not numbers:
            return None
        previous = numbers[-1]
        left, right = _clause_bounds(view, previous.start(), previous.end())
        found = find_subject(view, previous.start(), previous.end(), left, right, None)
        if found.text is not None or not found.same_metric:
            return found.text
        end = previous.start()
    return None


def _subject(candidate: Candidate, resolved: Resolved, view: str, context: _Context) -> str | None:
    if resolved.kind not in _QUANTITIES:
        return None
    clause_left, _ = _clause_bounds(view, candidate.start, candidate.end)
    left = max(clause_left, context.previous_end)
    if candidate.source == "zero":
        return zero_subject(view[candidate.end : _zero_scope_end(view, candidate.end)])
    last = context.last_quantity
    is_percentage = resolved.kind in {"percentage", "percentage_point"}
    if is_percentage and last and is_share(view, candidate.start, clause_left):
        return last.subject
    category = _unit_categories().get(resolved.unit or "") if resolved.kind == "count" else None
    left = _enumeration_start(view, left, context.previous_end)
    right = _zero_scope_end(view, candidate.end)
    found = find_subject(view, candidate.start, candidate.end, left, right, category)
    if found.text is None and (found.same_metric or is_percentage) and last:
        return last.subject
    if found.text is None and found.same_metric:
        return _earlier_subject(view, candidate.start)
    if found.verbal and found.text and last and last.subject and last.unit == resolved.unit:
        return found.text + (head_noun(last.subject) or "")
    return found.text


def _doc_parts(resolved: Resolved) -> DocNumber | None:
    if resolved.kind != "doc_number":
        return None
    issuer = str(resolved.value).split("〔")[0].split("第")[0]
    year = int(resolved.unit) if resolved.unit else None
    return DocNumber(issuer=issuer, year=year, serial=int(resolved.upper or 0))


@dataclass
class Extraction:
    """The facts of a document, where each sits in the view, and what could not be resolved."""

    facts: list[Fact]
    view_spans: dict[str, tuple[int, int]]
    problems: list[Problem]


def _overlong_numerals(view: TextView) -> tuple[list[tuple[int, int]], list[Problem]]:
    """View spans of numerals too long to be quantities, and a problem for each."""
    spans = [match.span() for match in OVERLONG_NUMERAL.finditer(view.text)]
    problems = [
        Problem(
            stage="extract",
            message=f"a numeral of {end - start} characters is too long to be a quantity; skipped",
            span=view.original_span(start, end),
        )
        for start, end in spans
    ]
    return spans, problems


def _overlaps(candidate: Candidate, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether the candidate overlaps one of the sorted, disjoint ``spans``."""
    index = bisect.bisect_left(starts, candidate.end) - 1
    return index >= 0 and spans[index][1] > candidate.start


def find_facts(view: TextView, sections: list[Section], years: Years) -> Extraction:
    """Facts of the view in text order, with spans in the original text."""
    text = view.text
    overlong, problems = _overlong_numerals(view)
    starts = [start for start, _ in overlong]
    chosen = choose(
        [
            c
            for c in collect(text)
            if not (overlong and _overlaps(c, overlong, starts)) and _plausible(c, text)
        ]
    )
    facts: list[Fact] = []
    view_spans: dict[str, tuple[int, int]] = {}
    context = _Context()
    for candidate in chosen:
        if candidate.source == "mask":
            continue
        if candidate.start >= context.sentence_end:
            following = _SENTENCE_BREAK.search(text, candidate.end)
            context = _Context(sentence_end=following.end() if following else len(text))
        resolved = _resolve(candidate, text, context, years)
        if resolved is None:
            continue
        start, end = view.original_span(candidate.start, candidate.end)
        is_doc = resolved.kind == "doc_number"
        fact = Fact(
            id=f"f{len(facts) + 1}",
            kind=resolved.kind,
            value=resolved.value,
            upper=None if is_doc else resolved.upper,
            unit=None if is_doc else resolved.unit,
            approx=resolved.approx,
            decimals=resolved.decimals,
            text=view.original[start:end],
            span=(start, end),
            subject=_subject(candidate, resolved, text, context),
            section=section_at(sections, start),
            currency=resolved.currency,
            worded=candidate.source == "zero",
            doc=_doc_parts(resolved),
        )
        if candidate.source == "relative_year" and resolved.value is None:
            problems.append(
                Problem(
                    stage="extract",
                    message=f"{fact.text}: report year unknown, left unresolved",
                    span=fact.span,
                )
            )
        facts.append(fact)
        view_spans[fact.id] = (candidate.start, candidate.end)
        context.year = _explicit_year(resolved) or context.year
        context.previous_end = candidate.end
        if resolved.kind in {"count", "money", "number"}:
            context.last_quantity = fact
    return Extraction(facts, view_spans, problems)
