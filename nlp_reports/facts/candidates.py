"""Every pattern's matches, and the choice among those that overlap.

All patterns run over the whole view; their matches compete for the text. The leftmost match
wins, then the longest, then the one of higher priority: a document number beats the year inside
it, a URL beats the digits inside it, a period beats the date that starts it. Masks (URLs, phone
numbers, 《titles》, ordinals) take part in the competition but yield no fact.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from nlp_reports.facts.patterns import patterns
from nlp_reports.scan import matches

# Higher wins a tie between matches of the same start and length.
PRIORITY = {
    "mask": 90,
    "doc_number": 80,
    "period": 70,
    "date": 60,
    "percentage": 50,
    "money": 40,
    "money_english": 40,
    "count": 30,
    "vague": 30,
    "relative_year": 20,
    "zero": 15,
    "number": 10,
}
_DOC_ISSUER_PREFIXES = regex.compile(
    r"^(?:.*?(?:根据|按照|依据|依照|对照|关于|印发|转发|通过|下发|贯彻|落实|执行|参照|以|和|及|与|的|及其|即))+"
)


# Sources whose matches _plausible (in facts/__init__.py) may reject.
_MAY_BE_IMPLAUSIBLE = frozenset({"count", "period", "zero"})


@dataclass(frozen=True)
class Candidate:
    """A pattern match competing for its stretch of the view."""

    start: int
    end: int
    source: str
    match: regex.Match[str]


def _doc_numbers(view: str) -> list[Candidate]:
    """Document numbers, with leading function words (根据, 印发) trimmed off the issuer."""
    found = []
    for match in matches(patterns().doc_number, view):
        issuer = match.group("issuer") or match.group("issuer2") or ""
        trimmed = _DOC_ISSUER_PREFIXES.sub("", issuer)
        start = match.start() + (len(issuer) - len(trimmed)) if trimmed else match.start()
        found.append(Candidate(start, match.end(), "doc_number", match))
    return found


def collect(view: str) -> list[Candidate]:
    """All candidates of all patterns, in no particular order.

    Matches of a pattern that can prove implausible (至2015年, a range with an empty side; the
    idiomatic 一批) may overlap, so that such a match never hides one starting inside it
    (2015年底); the other patterns are scanned left to right, which is much cheaper.
    """
    table = patterns()
    found = _doc_numbers(view)
    sources = (
        ("mask", table.masks),
        ("period", table.period),
        ("date", table.date),
        ("relative_year", table.relative_year),
        ("percentage", table.percentage),
        ("money", table.money),
        ("money_english", table.money_english),
        ("count", table.count),
        ("vague", table.vague),
        ("zero", table.zero),
        ("number", table.number),
    )
    for source, pattern in sources:
        found.extend(
            Candidate(match.start(), match.end(), source, match)
            for match in matches(pattern, view, overlapped=source in _MAY_BE_IMPLAUSIBLE)
            if match.end() > match.start()
        )
    return found


def choose(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping winners: leftmost, then longest, then highest priority."""
    ordered = sorted(candidates, key=lambda c: (c.start, -(c.end - c.start), -PRIORITY[c.source]))
    chosen: list[Candidate] = []
    reach = 0
    for candidate in ordered:
        if candidate.start >= reach:
            chosen.append(candidate)
            reach = candidate.end
    return chosen
