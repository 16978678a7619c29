"""Which facts belong together: totals and parts, shares, rates, breakdowns summing to 100.

Relations are read the way a reader reads them, within one sentence (up to 。, or a line break):
a total followed by 其中 and same-unit parts; a percentage after 占 is a share of some whole; a
percentage whose subject ends in 率 is a rate with a numerator just before it. The cue words are
data (``profiles/common/relation_cues.yaml``). Where the text leaves an operand open (which whole
a share is of), every candidate the text offers is kept, nearest first, for the check stage to try.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex
import yaml

from nlp_reports.facts import Extraction
from nlp_reports.normalise import TextView
from nlp_reports.records import Fact, Relation

_CUES_PATH = Path(__file__).parent / "profiles" / "common" / "relation_cues.yaml"
_PERIOD_SENTENCE = regex.compile(r"[^。!?！？\n]*(?:[。!?！？]+|\n|$)")
_AMOUNTS = frozenset({"count", "money", "number"})
_PERCENTS = frozenset({"percentage"})


@dataclass(frozen=True)
class Cues:
    parts: regex.Pattern[str]
    exhaustive: regex.Pattern[str]
    residual: regex.Pattern[str]
    sub_whole: regex.Pattern[str]
    share: regex.Pattern[str]
    rate: regex.Pattern[str]


@cache
def cues() -> Cues:
    """The relation cue patterns, loaded once."""
    data = yaml.safe_load(_CUES_PATH.read_text(encoding="utf-8"))
    return Cues(
        **{
            name: regex.compile("|".join(f"(?:{p})" for p in data[name]))
            for name in Cues.__dataclass_fields__
        }
    )


@dataclass(frozen=True)
class _Placed:
    """A fact with its view span."""

    fact: Fact
    start: int
    end: int


def _same_measure(a: Fact, b: Fact) -> bool:
    return a.kind == b.kind and a.unit == b.unit and a.currency == b.currency


def _number(fact: Fact) -> float | None:
    return float(fact.value) if isinstance(fact.value, int | float) else None


def _sentences(view: str, placed: list[_Placed]) -> list[list[_Placed]]:
    """Facts grouped by the period-delimited sentence holding them."""
    groups: list[list[_Placed]] = []
    bounds = [m.span() for m in _PERIOD_SENTENCE.finditer(view) if m.end() > m.start()]
    index = 0
    for start, end in bounds:
        group = []
        while index < len(placed) and placed[index].start < end:
            if placed[index].start >= start:
                group.append(placed[index])
            index += 1
        if group:
            groups.append(group)
    return groups


class _Builder:
    """Accumulates relations with sequential ids."""

    def __init__(self, view: TextView) -> None:
        self.view = view
        self.relations: list[Relation] = []

    def add(
        self, kind: str, roles: dict[str, str | list[str]], members: list[_Placed], **extra: object
    ) -> Relation:
        start = min(p.fact.span[0] for p in members)
        end = max(p.fact.span[1] for p in members)
        relation = Relation(
            id=f"r{len(self.relations) + 1}",
            type=kind,  # type: ignore[arg-type]
            roles=roles,
            span=(start, end),
            **extra,  # type: ignore[arg-type]
        )
        self.relations.append(relation)
        return relation


def _parts_after(
    view: str, total: _Placed, rest: list[_Placed]
) -> tuple[list[_Placed], str] | None:
    """The parts that follow a total and its cue (其中), up to a new whole or a larger value."""
    if not rest:
        return None
    gap = view[total.end : rest[0].start]
    cue = cues().parts.search(gap)
    if cue is None:
        return None
    value = _number(total.fact)
    parts: list[_Placed] = []
    previous_end = total.end
    for candidate in rest:
        between = view[previous_end : candidate.start]
        if candidates_break(between):
            break
        if _same_measure(candidate.fact, total.fact):
            part_value = _number(candidate.fact)
            if part_value is None or value is None or candidate.fact.worded:
                break
            parts.append(candidate)
        elif candidate.fact.kind not in _PERCENTS:
            break
        previous_end = candidate.end
    return (parts, cue.group()) if parts else None


def candidates_break(between: str) -> bool:
    """Whether the words between two quantities start a new whole (承办件中…)."""
    return bool(cues().sub_whole.search(between))


def _find_parts(builder: _Builder, sentence: list[_Placed]) -> dict[str, Relation]:
    """parts_total relations of a sentence, keyed by the id of each part."""
    view = builder.view.text
    by_part: dict[str, Relation] = {}
    for index, total in enumerate(sentence):
        if total.fact.kind not in _AMOUNTS or total.fact.worded or total.fact.id in by_part:
            continue
        found = _parts_after(view, total, sentence[index + 1 :])
        if not found:
            continue
        parts, cue = found
        shares = [_share_of(view, part, sentence) for part in parts]
        exhaustive = bool(
            cues().exhaustive.search(cue)
            or any(cues().residual.search(part.fact.subject or "") for part in parts)
            or (len(parts) > 1 and all(shares) and _sums_to_hundred(shares))
            or (len(parts) > 1 and _sum_equals(total, parts))
        )
        relation = builder.add(
            "parts_total",
            {"total": total.fact.id, "parts": [p.fact.id for p in parts]},
            [total, *parts],
            exhaustive=exhaustive,
            cue=cue,
        )
        for part in parts:
            by_part[part.fact.id] = relation
    return by_part


def _share_of(view: str, part: _Placed, sentence: list[_Placed]) -> _Placed | None:
    """The 占…X% share stated right after a part, if any."""
    after = [p for p in sentence if p.start >= part.end]
    if (
        after
        and after[0].fact.kind in _PERCENTS
        and cues().share.search(view, part.end, after[0].start)
    ):
        return after[0]
    return None


def _sums_to_hundred(shares: list[_Placed | None]) -> bool:
    values = [_number(s.fact) for s in shares if s]
    tolerance = sum(0.5 * 10 ** -(s.fact.decimals or 0) for s in shares if s)
    return (
        all(v is not None for v in values)
        and abs(sum(v for v in values if v is not None) - 100) <= tolerance + 1e-9
    )


def _sum_equals(total: _Placed, parts: list[_Placed]) -> bool:
    """Parts that add up exactly to their total form a complete breakdown."""
    values = [_number(p.fact) for p in parts]
    total_value = _number(total.fact)
    if total_value is None or any(v is None for v in values) or any(p.fact.approx for p in parts):
        return False
    return abs(sum(v for v in values if v is not None) - total_value) < 1e-9


def _before(sentence: list[_Placed], fact: _Placed) -> list[_Placed]:
    return [
        p for p in sentence if p.end <= fact.start and p.fact.kind in _AMOUNTS and not p.fact.worded
    ]


def _find_shares(
    builder: _Builder, sentence: list[_Placed], paragraph: list[_Placed], parts: dict[str, Relation]
) -> None:
    view = builder.view.text
    for placed in sentence:
        if placed.fact.kind not in _PERCENTS:
            continue
        earlier = _before(sentence, placed)
        if not earlier:
            continue
        part = earlier[-1]
        left = part.end
        if cues().share.search(view, left, placed.start):
            wholes = _whole_candidates(part, paragraph, parts)
            if wholes:
                builder.add(
                    "share",
                    {"part": part.fact.id, "whole": wholes[0].fact.id, "share": placed.fact.id},
                    [part, wholes[0], placed],
                    candidates=[w.fact.id for w in wholes[1:]],
                    cue=cues().share.search(view, left, placed.start).group(),  # type: ignore[union-attr]
                )
        elif placed.fact.subject and cues().rate.search(placed.fact.subject):
            wholes = _whole_candidates(part, paragraph, parts)
            if wholes:
                builder.add(
                    "rate",
                    {
                        "numerator": part.fact.id,
                        "denominator": wholes[0].fact.id,
                        "rate": placed.fact.id,
                    },
                    [part, wholes[0], placed],
                    candidates=[w.fact.id for w in wholes[1:]],
                    cue=placed.fact.subject,
                )


def _whole_candidates(
    part: _Placed, paragraph: list[_Placed], parts: dict[str, Relation]
) -> list[_Placed]:
    """Wholes a part may be measured against: its stated total, then larger quantities before it."""
    value = _number(part.fact)
    if value is None:
        return []
    ordered: list[_Placed] = []
    relation = parts.get(part.fact.id)
    if relation is not None:
        ordered += [p for p in paragraph if p.fact.id == relation.roles["total"]]
    earlier = [
        p
        for p in paragraph
        if p.end <= part.start
        and _same_measure(p.fact, part.fact)
        and not p.fact.worded
        and (_number(p.fact) or 0) >= value
        and p not in ordered
    ]
    ordered += list(reversed(earlier))
    return ordered


def _find_percent_sums(
    builder: _Builder, sentence: list[_Placed], relations: list[Relation]
) -> None:
    """Shares of the parts of one exhaustive total, which must add up to 100."""
    shares_by_whole: dict[str, list[str]] = {}
    for relation in relations:
        if relation.type == "share":
            shares_by_whole.setdefault(str(relation.roles["whole"]), []).append(
                str(relation.roles["share"])
            )
    placed_by_id = {p.fact.id: p for p in sentence}
    for relation in relations:
        if relation.type != "parts_total" or not relation.exhaustive:
            continue
        shares = shares_by_whole.get(str(relation.roles["total"]), [])
        if (
            len(shares) >= 2
            and len(shares) == len(relation.roles["parts"])
            and all(s in placed_by_id for s in shares)
        ):
            builder.add("percent_sum", {"shares": shares}, [placed_by_id[s] for s in shares])


def find_relations(view: TextView, extraction: Extraction) -> list[Relation]:
    """Relations among the facts of one document."""
    placed = [_Placed(f, *extraction.view_spans[f.id]) for f in extraction.facts]
    builder = _Builder(view)
    for sentence in _sentences(view.text, placed):
        first = len(builder.relations)
        parts = _find_parts(builder, sentence)
        _find_shares(builder, sentence, sentence, parts)
        _find_percent_sums(builder, sentence, builder.relations[first:])
    return builder.relations
