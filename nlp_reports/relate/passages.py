"""One figure stated twice by two passages of a text (same_metric): a paragraph and its English
translation, a headline and the paragraphs under it, a lead and the body it sums up.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from functools import partial

import regex

from nlp_reports.relate.document import (
    HAN,
    QUANTITY_CLASS,
    SENTENCE_END,
    Document,
    Draft,
    Placed,
    agree,
    distinctive,
    period_stated,
    same_measure,
)
from nlp_reports.statements import metrics_named, names_of, reading_of, vocabulary

_LATIN = regex.compile(r"[A-Za-z]")
_MIN_ALIGNED_SHARE = 0.6


def _paragraphs(text: str) -> list[tuple[int, int]]:
    found = []
    position = 0
    for line in text.split("\n"):
        if line.strip():
            found.append((position, position + len(line)))
        position += len(line) + 1
    return found


def _is_english(text: str, share: int = 4) -> bool:
    """Mostly Latin letters: more than 40, and ``share`` times the Han characters."""
    latin = len(_LATIN.findall(text))
    return latin > 40 and latin > share * len(HAN.findall(text))


def _quantities(doc: Document, start: int, end: int) -> list[Placed]:
    first = bisect.bisect_left(doc.starts, start)
    last = bisect.bisect_left(doc.starts, end)
    return [
        p
        for p in doc.placed[first:last]
        if start <= p.start < end
        and p.fact.kind in QUANTITY_CLASS
        and p.number is not None
        and not p.fact.worded
    ]


def _same_class(a: Placed, b: Placed) -> bool:
    return QUANTITY_CLASS[a.fact.kind] == QUANTITY_CLASS[b.fact.kind]


def _align(
    first: list[Placed],
    second: list[Placed],
    pairable: Callable[[Placed, Placed], bool] = _same_class,
) -> list[tuple[Placed, Placed]]:
    """Pairs that may pair (by default, of the same class) in the same order (an alignment of
    most score); equal values score more, so a translation's figures pair with their originals
    even where one of them differs."""
    rows, columns = len(first), len(second)
    score = [[0.0] * (columns + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(columns - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if pairable(first[i], second[j]):
                best = max(best, score[i + 1][j + 1] + (2.0 if agree(first[i], second[j]) else 1.0))
            score[i][j] = best
    pairs = []
    i = j = 0
    while i < rows and j < columns:
        pairs_up = pairable(first[i], second[j])
        gain = 2.0 if pairs_up and agree(first[i], second[j]) else 1.0
        if pairs_up and score[i][j] == score[i + 1][j + 1] + gain:
            pairs.append((first[i], second[j]))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def find_translations(doc: Document) -> list[Draft]:
    """A paragraph in Chinese followed by its English translation states the same figures in the
    same order: each pair of aligned figures is one metric stated twice."""
    drafts: list[Draft] = []
    lines = doc.view.text
    if not _is_english(lines, share=0):
        return drafts
    for (start, end), (next_start, next_end) in itertools.pairwise(_paragraphs(lines)):
        original, translation = lines[start:end], lines[next_start:next_end]
        if _is_english(original) or not _is_english(translation):
            continue
        first, second = _quantities(doc, start, end), _quantities(doc, next_start, next_end)
        pairs = _align(first, second)
        agreeing = sum(agree(a, b) for a, b in pairs)
        if not pairs or len(pairs) < _MIN_ALIGNED_SHARE * min(len(first), len(second)):
            continue
        if agreeing < _MIN_ALIGNED_SHARE * len(pairs):
            continue
        drafts += [
            Draft("same_metric", {"facts": [a.id, b.id]}, [a, b], cue="translation", explicit=True)
            for a, b in pairs
        ]
    return drafts


_HEADLINE_MAX = 30
_HEADLINE_REACH = 3
_MIN_SEARCHED_NAME = 4


def find_headline_restatements(doc: Document) -> list[Draft]:
    """A short line without a sentence end (a headline, a subheading) states a figure that the
    paragraphs after it give in full: the one figure there of the same measure and reading that
    names the same metric, by its subject (GDP over 本地生产总值) or, when it has none, by the
    words of its sentence (全省生产总值达到6790亿元 over …全省生产总值连续跨越两个千亿元台阶,预计
    年均增长10.5%,达到6790亿元); of the period the headline states, when it states one."""
    drafts: list[Draft] = []
    periods = doc.periods_in_force
    lines = _paragraphs(doc.view.text)
    for number, (start, end) in enumerate(lines):
        line = doc.view.text[start:end].strip()
        if len(line) > _HEADLINE_MAX or SENTENCE_END.search(line.rstrip("。")):
            continue
        body_end = lines[min(number + _HEADLINE_REACH, len(lines) - 1)][1]
        dated = any(
            p.fact.kind in {"date", "period"} and period_stated(doc, p) is not None
            for p in doc.placed[
                bisect.bisect_left(doc.starts, start) : bisect.bisect_left(doc.starts, end)
            ]
        )
        for headline in _quantities(doc, start, end):
            subject = headline.fact.subject
            reading = reading_of(doc.text, headline.start, headline.fact.kind)
            if not subject:
                matches = _restating_words(doc, headline, _body_end(doc, lines, number))
            elif len(subject) >= 2:
                matches = [
                    p
                    for p in _quantities(doc, end, body_end)
                    if same_measure(p.fact, headline.fact)
                    and _names_metric(doc, p, metrics_named(subject))
                ]
            else:
                continue
            matches = [
                p
                for p in matches
                if reading_of(doc.text, p.start, p.fact.kind) == reading
                and (not dated or periods.get(p.id) == periods.get(headline.id))
            ]
            if len(matches) == 1:
                drafts.append(
                    Draft(
                        "same_metric",
                        {"facts": [headline.id, matches[0].id]},
                        [headline, matches[0]],
                        cue="headline",
                        explicit=True,
                    )
                )
    return drafts


def _body_end(doc: Document, lines: list[tuple[int, int]], number: int) -> int:
    """The end of the paragraphs a headline stands over, short lines between left aside (a date,
    a second headline, 收藏 and 分享 under a kicker)."""
    reached = 0
    for start, end in lines[number + 1 :]:
        line = doc.view.text[start:end].strip()
        if len(line) > _HEADLINE_MAX or SENTENCE_END.search(line.rstrip("。")):
            reached += 1
            if reached == _HEADLINE_REACH:
                return end
    return len(doc.view.text)


def _restating_words(doc: Document, headline: Placed, body_end: int) -> list[Placed]:
    """The figures after a headline figure that names nothing itself (回复至疫前逾八成水平)
    whose words it shortens (已回复至2019年逾八成水平), time words set aside."""
    words = doc.figure_words(headline)
    heading = doc.view.text[: headline.start]
    return [
        p
        for p in _quantities(doc, headline.end, body_end)
        if same_measure(p.fact, headline.fact)
        and p.fact.approx == headline.fact.approx
        and _shortened(words, doc.figure_words(p), heading)
    ]


_LEAD_PARAGRAPHS = 5
_MIN_LEAD_SUPPORT = 2
_MIN_LEAD_WORDS = 4


def find_lead_restatements(doc: Document) -> list[Draft]:
    """A lead at the top of a text (a summary under its headline) repeats figures of the body in
    the body's order and in fewer words: 税收总量达1506.8亿元,占全市税收总量比重的58.3%;城镇新增
    65.6万就业人员中,超过70%在民营市场主体…… over 2020年,全市民营经济税收总量1506.8亿元,占全市
    税收总量比重的58.3%. The lead's figures are aligned in order with the later ones whose words
    they shorten (_shortened); a pair is one figure stated twice when two other aligned pairs,
    each of two significant digits or more, have one value: a passage repeated, not a name met
    twice by chance."""
    drafts: list[Draft] = []
    lines = _paragraphs(doc.view.text)
    periods = doc.periods_in_paragraph

    def shortens(heading: str, lead: Placed, body: Placed) -> bool:
        period, other = periods.get(lead.id), periods.get(body.id)
        return (
            same_measure(lead.fact, body.fact)
            and lead.role == body.role
            and lead.fact.approx == body.fact.approx
            and _shortened(doc.figure_words(lead), doc.figure_words(body), heading)
            and (not period or not other or period == other)
            and reading_of(doc.view.text, lead.start, lead.fact.kind)
            == reading_of(doc.view.text, body.start, body.fact.kind)
        )

    for start, end in lines[:_LEAD_PARAGRAPHS]:
        lead = [p for p in _quantities(doc, start, end) if p.fact.upper is None]
        body = [p for p in _quantities(doc, end, len(doc.text)) if p.fact.upper is None]
        pairs = _align(lead, body, partial(shortens, doc.view.text[:start]))
        agreeing = {a.id for a, b in pairs if distinctive(a) and agree(a, b)}
        for a, b in pairs:
            if len(agreeing - {a.id}) >= _MIN_LEAD_SUPPORT:
                drafts.append(
                    Draft("same_metric", {"facts": [a.id, b.id]}, [a, b], cue="lead", explicit=True)
                )
    return drafts


_MAX_LEFT_HEAD = 2


def _shortened(short: tuple[str, str], full: tuple[str, str], heading: str) -> bool:
    """Whether a figure's words (before it, after it) shorten another's: the words before end
    the other's, less what the heading says, and the words after are the other's; four
    characters at least, so that a bare 增长 shortens nothing."""
    (short_before, short_after), (full_before, full_after) = short, full
    return (
        short_after == full_after
        and full_before.endswith(short_before)
        and len(HAN.findall(short_before + short_after)) >= _MIN_LEAD_WORDS
        and _said_above(full_before[: len(full_before) - len(short_before)], heading)
    )


def _said_above(left_out: str, heading: str) -> bool:
    """Whether the words a lead leaves out of a name go without saying: none but linking words
    (已), or a qualifier the
    headline above states (民营 of 民营经济税收总量 under 民营企业社会责任报告) and at most a
    generic head word; 国有 or 工业 left out name another quantity."""
    left_out = vocabulary().trailing_links.sub("", left_out)
    if not left_out:
        return True
    qualifiers = set(vocabulary().qualifiers.findall(left_out))
    if not qualifiers or any(q not in heading for q in qualifiers):
        return False
    return len(vocabulary().qualifiers.sub("", left_out)) <= _MAX_LEFT_HEAD


def _names_metric(doc: Document, placed: Placed, metrics: frozenset[str]) -> bool:
    """Whether a figure is of one of these metrics: by its subject, or, when it has none, by a
    name of theirs in its sentence before it, one of four characters at least (经济 or GDP is
    part of too many other names to tell)."""
    subject = placed.fact.subject
    if subject:
        return bool(metrics_named(subject) & metrics)
    before = doc.text[doc.sentence_start(placed.start) : placed.start]
    return any(len(name) >= _MIN_SEARCHED_NAME and name in before for name in names_of(metrics))
