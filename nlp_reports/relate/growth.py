"""Growth: a level, its change and its growth rate (…8103万元,比上年增收1284万元,增长18.8%), and a
growth rate's gap to another rate stated elsewhere (快于全市生产总值1.9个百分点).
"""

from __future__ import annotations

from functools import cache, partial

import regex

from nlp_reports.compiled import compiled_pattern
from nlp_reports.relate.document import GROWTH_BEFORE, Document, Draft, Placed, cues, same_measure
from nlp_reports.relate.named_metrics import nearest_before, one_value, period_at, stated_as


def find_growths(doc: Document) -> list[Draft]:
    """A level, its change and its growth rate (…8103万元,比上年增收1284万元,增长18.8%)."""
    drafts = []
    for index, level in doc.levels():
        following = doc.placed[index + 1 : index + 3]
        if len(following) != 2:
            continue
        change, rate = following
        if (
            change.role != "change"
            or not rate.is_percent
            or not same_measure(change.fact, level.fact)
        ):
            continue
        if doc.sentence_end(level.end) < rate.start or not cues().growth.search(
            doc.gap(change, rate)
        ):
            continue
        direction = "减" if compiled_pattern(r"减|下降|少").search(doc.gap(level, change)) else "增"
        drafts.append(
            Draft(
                "growth",
                {"current": level.id, "change": change.id, "rate": rate.id},
                [level, change, rate],
                cue=direction,
                explicit=True,
            )
        )
    return drafts


_MAX_RATE_NAME = 16


@cache
def _rate_gap_before() -> regex.Pattern[str]:
    """A gap cue and the other rate's name, right before the gap (快于全市经济增速|0.9个百分点)."""
    above, below = cues().rate_gap_above.pattern, cues().rate_gap_below.pattern
    return regex.compile(
        rf"(?:(?P<above>{above})|(?P<below>{below}))"
        rf"(?P<name>\p{{Han}}[\p{{Han}}A-Za-z]{{1,{_MAX_RATE_NAME - 1}}})\s*$"
    )


def _is_growth_rate(doc: Document, placed: Placed) -> bool:
    return placed.is_percent and bool(
        GROWTH_BEFORE.search(doc.text, max(0, placed.start - 6), placed.start)
    )


def _other_rate(doc: Document, current: Placed, placed: Placed) -> bool:
    return placed is not current and _is_growth_rate(doc, placed)


def find_rate_gaps(doc: Document) -> list[Draft]:
    """A growth rate and its gap to another rate the text states elsewhere (服务业增加值增长5.3%,
    快于全市生产总值1.9个百分点; …全市生产总值…同比增长3.4%): made only when every rate of that
    name for that period agrees, so the text leaves no doubt which it means. The cue is 高于
    or 低于, the side the first rate is on."""
    periods = doc.periods_by_sentence
    drafts: list[Draft] = []
    for index, gap in enumerate(doc.placed):
        if gap.fact.kind != "percentage_point" or gap.number is None:
            continue
        sentence = doc.sentence_start(gap.start)
        cue = _rate_gap_before().search(doc.text, max(sentence, gap.start - 24), gap.start)
        if cue is None:
            continue
        current = next(
            (p for p in reversed(doc.placed[:index]) if p.is_percent and p.start >= sentence),
            None,
        )
        if current is None or not _is_growth_rate(doc, current):
            continue
        name = cues().rate_name_end.sub("", cue.group("name"))
        period = period_at(doc, periods, gap.start)
        stated = stated_as(doc, name, period, periods, partial(_other_rate, doc, current))
        if not one_value(stated):
            continue
        reference = nearest_before(stated, gap.start)
        drafts.append(
            Draft(
                "growth",
                {"current": current.id, "previous": reference.id, "change": gap.id},
                [current, reference, gap],
                candidates=[p.id for p in stated if p is not reference],
                cue="高于" if cue.group("above") else "低于",
                explicit=True,
            )
        )
    return drafts
