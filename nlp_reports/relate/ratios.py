"""Shares and rates: a percentage of the amount before it (占总数19.29%, 提前办结率92.5%); the
shares of one complete breakdown, or of the two halves of one whole, that add up to 100
(percent_sum); a share whose part and whole are named in its sentence and stated elsewhere.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

import regex

from nlp_reports.records import RelationType
from nlp_reports.relate.document import (
    AMONG,
    QUANTITY_CLASS,
    Document,
    Draft,
    Placed,
    cues,
    han_count,
    same_measure,
)
from nlp_reports.relate.named_metrics import (
    nearest_before,
    one_value,
    period_at,
    qualified,
    stated_as,
)
from nlp_reports.statements import synonymous_names

_MAX_CANDIDATES = 5
# How many facts back a whole may stand: further back than this it is no whole a reader takes a
# share of, and walking back over every fact of a long paragraph for each part is quadratic.
_MAX_WHOLE_DISTANCE = 200


def _preceding_level(doc: Document, index: int, lower: int) -> int | None:
    """The nearest level amount before a fact, when it starts at or after ``lower``."""
    earlier = doc.level_before[index]
    return earlier if earlier is not None and doc.placed[earlier].start >= lower else None


def _wholes(doc: Document, part_index: int, parts_of: dict[str, Draft]) -> list[Placed]:
    """Wholes a part may be taken of: its stated total, then larger amounts before it."""
    part = doc.placed[part_index]
    ordered: list[Placed] = []
    draft = parts_of.get(part.id)
    if draft is not None:
        ordered.append(draft.members[0])
    paragraph = doc.paragraph_start(part.start)
    for earlier in range(part_index - 1, max(-1, part_index - 1 - _MAX_WHOLE_DISTANCE), -1):
        candidate = doc.placed[earlier]
        if candidate.start < paragraph or len(ordered) >= _MAX_CANDIDATES:
            break
        if (
            candidate.is_amount
            and candidate.role != "change"
            and same_measure(candidate.fact, part.fact)
            and (candidate.number or 0) >= (part.number or 0)
            and candidate not in ordered
        ):
            ordered.append(candidate)
    return ordered


def find_ratios(doc: Document, parts_of: dict[str, Draft]) -> list[Draft]:
    """Shares (占总数19.29%, …60999万元的40.4%) and rates (提前办结率92.5%)."""
    drafts = []
    for index, placed in enumerate(doc.placed):
        if not placed.is_percent:
            continue
        sentence_start = max(doc.paragraph_start(placed.start), doc.sentence_start(placed.start))
        part_index = _preceding_level(doc, index, sentence_start)
        if part_index is None:
            continue
        part = doc.placed[part_index]
        previous = doc.placed[index - 1]
        between = doc.text[previous.end : placed.start]
        if previous.is_percent and _names_another_part(between):
            continue
        if (
            previous.role == "whole_of"
            and previous.start >= sentence_start
            and part_index < index - 1
        ):
            others = [w for w in _wholes(doc, part_index, parts_of) if w is not previous]
            drafts.append(_ratio("share", part, previous, placed, others, "的", explicit=True))
        elif cues().share.search(between) or cues().share.search(doc.gap(part, placed)):
            wholes = _wholes(doc, part_index, parts_of)
            if wholes:
                explicit = part.id in parts_of or _sole_whole_nearby(doc, wholes, placed)
                drafts.append(_ratio("share", part, wholes[0], placed, wholes[1:], "占", explicit))
        elif "均" in between:
            continue
        elif cues().rate.search(between.rstrip("为达是到 ")) or (
            placed.fact.subject and cues().rate.search(placed.fact.subject)
        ):
            wholes = _wholes(doc, part_index, parts_of)
            if wholes:
                named = cues().sub_whole.search(
                    doc.text[max(sentence_start, part.start - 16) : part.start]
                )
                explicit = part.id in parts_of or len(wholes) == 1 or named is not None
                drafts.append(
                    _ratio(
                        "rate",
                        part,
                        wholes[0],
                        placed,
                        wholes[1:],
                        placed.fact.subject or "率",
                        explicit,
                    )
                )
    return drafts


def _names_another_part(between: str) -> bool:
    """Words between two shares that name what the second is of (…占八成,外资企业占两成): its
    part is that, not the amount stated before the first share."""
    return han_count(cues().share.sub("", between)) >= 2


def _sole_whole_nearby(doc: Document, wholes: list[Placed], stated: Placed) -> bool:
    """One candidate whole, in the same sentence as the percentage: the text leaves no other."""
    return len(wholes) == 1 and wholes[0].start >= doc.sentence_start(stated.start)


def _ratio(
    kind: RelationType,
    part: Placed,
    whole: Placed,
    stated: Placed,
    others: list[Placed],
    cue: str,
    explicit: bool,
) -> Draft:
    roles: dict[str, str | list[str]] = (
        {"part": part.id, "whole": whole.id, "share": stated.id}
        if kind == "share"
        else {"numerator": part.id, "denominator": whole.id, "rate": stated.id}
    )
    return Draft(
        kind,
        roles,
        [part, whole, stated],
        candidates=[o.id for o in others],
        cue=cue,
        explicit=explicit,
    )


def find_percent_sums(parts: list[Draft], ratios: list[Draft]) -> list[Draft]:
    """The shares of every part of one complete breakdown, which must add up to 100."""
    share_of = {str(d.roles["part"]): d for d in ratios if d.type == "share"}
    drafts = []
    for draft in parts:
        if not draft.exhaustive:
            continue
        shares = [share_of.get(p.id) for p in draft.members[1:]]
        if len(shares) >= 2 and all(shares):
            placed = [s.members[2] for s in shares if s]
            drafts.append(
                Draft("percent_sum", {"shares": [p.id for p in placed]}, placed, explicit=True)
            )
    return drafts


def _halves_named(words: str) -> set[tuple[int, int]]:
    """The halves of complements a passage names (中国企业: the domestic half of 中外)."""
    table = cues().complement_of
    return {table[word] for word in cues().complements.findall(words)}


def _share_whole(doc: Document, placed: Placed, before: int) -> str | None:
    """The words between 占 and a share (占全市的: 全市的), None when the share has no 占 cue."""
    cue = cues().share.search(doc.text[before : placed.start])
    return None if cue is None else doc.text[before + cue.start() : placed.start]


def find_complementary_shares(doc: Document) -> list[Draft]:
    """Two shares of one whole whose words name its two halves (中国企业…占八成,外资企业占两成),
    the only shares of their sentence: they add up to 100."""
    drafts = []
    shares = [(i, p) for i, p in enumerate(doc.placed) if p.is_percent and p.fact.approx is None]
    by_sentence: dict[int, list[tuple[int, Placed]]] = defaultdict(list)
    for index, placed in shares:
        by_sentence[doc.sentence_start(placed.start)].append((index, placed))
    for sentence_start, found in by_sentence.items():
        if len(found) != 2:
            continue
        (first_index, first), (second_index, second) = found
        previous = doc.placed[first_index - 1] if first_index else None
        first_whole = _share_whole(doc, first, previous.end if previous else sentence_start)
        second_whole = _share_whole(doc, second, first.end)
        if first_whole is None or first_whole != second_whole or second_index != first_index + 1:
            continue
        first_halves = _halves_named(doc.text[sentence_start : first.start])
        second_halves = _halves_named(doc.gap(first, second))
        if len(first_halves) != 1 or len(second_halves) != 1:
            continue
        (pair, side), (other_pair, other_side) = *first_halves, *second_halves
        if pair != other_pair or side == other_side:
            continue
        drafts.append(
            Draft(
                "percent_sum",
                {"shares": [first.id, second.id]},
                [first, second],
                exhaustive=True,
                cue=" / ".join(cues().complements.findall(doc.text[sentence_start : second.start])),
                explicit=True,
            )
        )
    return drafts


_SHARE_OF_NAMED = regex.compile(
    r"占(?P<whole>\p{Han}[\p{Han}A-Za-z]{1,15}?)的?(?:比重|比例)(?:为|是|达)?\s*$"
)


def _topic(doc: Document, stated: Placed) -> Placed | None:
    """The quantity that opens the sentence of ``stated``, when the clauses between them go on
    about it (服务业增加值同比增长5.3%,比一季度加快…,占全市生产总值的比重为55.3%): no parts cue
    and no new whole between them."""
    sentence = doc.sentence_start(stated.start)
    first = next(
        (
            p
            for p in doc.placed[bisect.bisect_left(doc.starts, sentence) : doc.index(stated)]
            if p.fact.kind in QUANTITY_CLASS and p.fact.subject
        ),
        None,
    )
    if first is None:
        return None
    between = doc.gap(first, stated)
    if cues().parts.search(between) or AMONG.search(between) or cues().sub_whole.search(between):
        return None
    return first


def _is_level(placed: Placed) -> bool:
    return placed.is_level


def find_named_shares(doc: Document, ratios: list[Draft]) -> list[Draft]:
    """A share whose part and whole are named, not stated, in its sentence (服务业增加值…占全市
    生产总值的比重为55.3%), both amounts stated elsewhere for the same period: the part under
    its name or a synonym (第三产业增加值5490.48亿元), the whole under its name and scope. Made
    only when every statement of each agrees; shares another finder already relates are left."""
    periods = doc.periods_by_sentence
    related = {str(d.roles["share"]) for d in ratios if d.type == "share"}
    drafts: list[Draft] = []
    for stated in doc.placed:
        if not stated.is_percent or stated.id in related:
            continue
        sentence = doc.sentence_start(stated.start)
        named = _SHARE_OF_NAMED.search(doc.text, max(sentence, stated.start - 24), stated.start)
        topic = _topic(doc, stated) if named else None
        if named is None or topic is None or topic.fact.subject is None:
            continue
        period = period_at(doc, periods, stated.start)
        part_name = qualified(topic.fact.subject)[0]
        parts = [
            p
            for p in stated_as(doc, part_name, period, periods, _is_level)
            if p.fact.subject in synonymous_names(part_name)
        ]
        wholes = [
            w
            for w in stated_as(doc, named.group("whole"), period, periods, _is_level)
            if parts and same_measure(w.fact, parts[0].fact)
        ]
        if not one_value(parts) or not one_value(wholes):
            continue
        part, whole = nearest_before(parts, stated.start), nearest_before(wholes, stated.start)
        drafts.append(_ratio("share", part, whole, stated, [], "占", explicit=True))
    return drafts
