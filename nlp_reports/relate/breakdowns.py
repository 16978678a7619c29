"""Totals and their parts (parts_total): a total, a parts cue and the amounts after it (其中…);
what several channels carried (通过政府网站公开…); a balance beside the two flows it is the
difference of (进口 = 出口 + 逆差); tiers of government that make up their territory
(``levels.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import regex
import yaml

from nlp_reports.compiled import compiled_pattern
from nlp_reports.levels import TierSubject, figure_name, make_up_whole, tier_subject
from nlp_reports.records import Fact
from nlp_reports.relate.document import (
    AMONG,
    CUES_PATH,
    MAX_ITEMS,
    Document,
    Draft,
    Placed,
    cues,
    may_share_measure,
    same_measure,
)
from nlp_reports.statements import figure_words

_MAX_TOTAL_DISTANCE = 600
_LEVEL_CLAUSE_BREAK = regex.compile(r"[,，:：;；]")
_BETWEEN_SENTENCES = " \t\n\u3000"


def _next_level(doc: Document, index: int, measure: Fact) -> int | None:
    for later in range(index + 1, len(doc.placed)):
        candidate = doc.placed[later]
        gap = doc.text[doc.placed[index].end : candidate.start]
        if gap.count("\n") > 1 or ("\n" in gap and not _opens_with_parts(gap.rsplit("\n", 1)[1])):
            return None
        if candidate.is_level and may_share_measure(candidate.fact, measure):
            return later
    return None


def _opens_with_parts(opening: str) -> regex.Match[str] | None:
    """A sentence that opens by breaking something down: 其中…, 分产业看…, 在否决公开的答复中,…"""
    opening = opening.lstrip()
    return cues().parts.match(opening) or AMONG.match(compiled_pattern(r"^在").sub("", opening))


def _parts_cue(doc: Document, total: Placed, first: Placed) -> regex.Match[str] | None:
    """The parts cue between a total and its first part; after a 。 it must open the sentence."""
    gap = doc.gap(total, first)
    stop = max(gap.rfind("。"), gap.rfind("!"), gap.rfind("?"), gap.rfind("\n"))
    if stop >= 0:
        return _opens_with_parts(gap[stop + 1 :])
    last_clause = compiled_pattern(r"[,，;；]").split(gap)[-1]
    return cues().parts.search(last_clause) or AMONG.match(gap)


def _breakdown(total: Placed, parts: list[Placed], exhaustive: bool, cue: str) -> Draft:
    """A total and the parts the words break it down into."""
    return Draft(
        "parts_total",
        {"total": total.id, "parts": [p.id for p in parts]},
        [total, *parts],
        exhaustive=exhaustive,
        cue=cue,
        explicit=True,
    )


def find_parts(doc: Document) -> list[Draft]:
    """Totals and the parts that break them down."""
    drafts = []
    taken: set[str] = set()
    for index, total in doc.levels():
        first_index = _next_level(doc, index, total.fact)
        if first_index is None:
            continue
        if total.id in taken and doc.placed[first_index].id in taken:
            continue
        cue = _parts_cue(doc, total, doc.placed[first_index])
        if cue is None or any(p.is_level for p in doc.placed[index + 1 : first_index]):
            continue
        parts = _collect_parts(doc, total, first_index)
        if not parts:
            continue
        taken.update(p.id for p in parts)
        drafts.append(
            _breakdown(total, parts, _exhaustive(doc, cue.group(), total, parts), cue.group())
        )
    return drafts


def _collect_parts(doc: Document, total: Placed, first_index: int) -> list[Placed]:
    """The parts after the cue, to the end of the sentence or a new whole. The first part always
    belongs (其中X件 is a part even when X exceeds the total: that is a finding); a later amount
    larger than the total ends the list unless it sits in the same run of clauses (no ; between),
    and so does the figure of an earlier period (去年仅有十六家). A balance is no part (其中出口…,
    进口…,贸易顺差…: the difference of two parts)."""
    limit = doc.sentence_end(doc.placed[first_index].start)
    parts: list[Placed] = []
    previous_end = doc.placed[first_index].start
    total_value = total.number or 0
    for candidate in doc.placed[first_index:]:
        if candidate.start >= limit:
            break
        between = doc.text[previous_end : candidate.start]
        if parts and cues().sub_whole.search(between):
            break
        if (
            candidate.is_level
            and may_share_measure(candidate.fact, total.fact)
            and not _is_balance(doc, candidate)
        ):
            larger_after_semicolon = compiled_pattern(r"[;；]").search(between) and (
                (candidate.number or 0) > total_value or _opens_breakdown(doc, candidate)
            )
            if parts and (
                larger_after_semicolon
                or cues().earlier_period.search(doc.text[parts[-1].end : candidate.start])
            ):
                break
            parts.append(candidate)
        previous_end = candidate.end
    return parts


def _opens_breakdown(doc: Document, placed: Placed) -> bool:
    """Whether an amount is broken down in its own sentence (行政诉讼 46 件，其中结果维持 25 件)."""
    index = doc.index(placed)
    following = _next_level(doc, index, placed.fact)
    if following is None or compiled_pattern(r"[。!?！？\n]").search(
        doc.gap(placed, doc.placed[following])
    ):
        return False
    return _parts_cue(doc, placed, doc.placed[following]) is not None


def _exhaustive(doc: Document, cue: str, total: Placed, parts: list[Placed]) -> bool:
    if cues().exhaustive.search(cue):
        return True
    if any(cues().residual.search(_naming_words(doc, p)) for p in parts):
        return True
    if len(parts) < 2:
        return False
    shares = [_share_after(doc, part) for part in parts]
    if all(shares) and _within_hundred([s for s in shares if s]):
        return True
    values = [p.number or 0 for p in parts]
    exact = not any(p.fact.approx for p in [total, *parts])
    return exact and abs(sum(values) - (total.number or 0)) < 1e-9


def _naming_words(doc: Document, placed: Placed) -> str:
    """The words of a quantity's own clause before it (其他信息 for 其他信息525条)."""
    left = placed.start
    while left > 0 and doc.text[left - 1] not in ",，、;；:：。\n":
        left -= 1
    return doc.text[left : placed.start]


def _own_words(doc: Document, placed: Placed) -> str:
    """The words of an amount's clause before it, back to the previous fact at most: reading
    them costs no more than the text between two facts, however long the clause."""
    index = doc.index(placed)
    left = doc.placed[index - 1].end if index else 0
    return compiled_pattern(r"[,，、;；:：。\n]").split(doc.text[left : placed.start])[-1]


def _share_after(doc: Document, part: Placed) -> Placed | None:
    """The percentage stated as this part's share (…24633件,占总数19.29%)."""
    index = doc.index(part)
    for later in doc.placed[index + 1 :]:
        if later.start >= doc.sentence_end(part.end) and ";" not in doc.gap(part, later):
            break
        if later.is_percent:
            return later if cues().share.search(doc.gap(part, later)) else None
        if later.is_amount:
            return None
    return None


def _within_hundred(shares: list[Placed]) -> bool:
    total = sum(s.number or 0 for s in shares)
    tolerance = sum(0.5 * 10 ** -(s.fact.decimals or 0) for s in shares)
    return bool(abs(total - 100) <= tolerance + 1e-9)


def find_channel_parts(doc: Document) -> list[Draft]:
    """A total of what several channels carried, then what each carried, with no parts cue
    (主动公开政府信息累计204条,通过政府网站公开信息数163 条,…村务公开栏公开信息18条). The words
    decide, never the sum: the total says 累计/共 and names an action; every later amount of its
    unit in the sentence names a channel and repeats that action, and none is a total itself.
    Statuses (受理…, 办结…) and other actions (共公开…15条,在网站发布工作动态38条) stay apart.
    The channels named need not be all there are, so the parts only may not exceed the total."""
    drafts = []
    for index, total in doc.levels():
        words = _own_words(doc, total)
        verbs = [verb for verb in cues().channel_verbs if verb in words]
        if not verbs or not cues().channel_total.search(words):
            continue
        parts = _channel_parts(doc, index, total, verbs[0])
        if parts is None or _parts_cue(doc, total, parts[0]) is not None:
            continue
        drafts.append(_breakdown(total, parts, exhaustive=False, cue=verbs[0]))
    return drafts


def _channel_parts(doc: Document, index: int, total: Placed, verb: str) -> list[Placed] | None:
    """Every later amount of the total's unit in its sentence, when each is a level, names a
    channel and ``verb`` and no total, with no period among them; None otherwise."""
    end = doc.sentence_end(total.end)
    parts: list[Placed] = []
    previous = total
    for placed in doc.placed[index + 1 :]:
        if placed.start >= end:
            break
        if placed.fact.kind in _PERIODS or len(parts) == MAX_ITEMS:
            return None
        if not (placed.is_amount and may_share_measure(placed.fact, total.fact)):
            continue
        gap = doc.gap(previous, placed)
        if (
            placed.role != "level"
            or verb not in gap
            or not cues().channels.search(gap)
            or cues().channel_total.search(gap)
        ):
            return None
        parts.append(placed)
        previous = placed
    return parts if len(parts) >= 2 else None


@dataclass(frozen=True)
class Balance:
    """A difference of two flows the reader computes: larger − smaller = difference."""

    larger: regex.Pattern[str]
    smaller: regex.Pattern[str]
    difference: regex.Pattern[str]


_MAX_BALANCE_SCOPE = 8
_PERIODS = frozenset({"date", "period"})


@cache
def balances() -> tuple[Balance, ...]:
    """The balance rules of ``relation_cues.yaml``, each pattern preceded by an optional scope."""
    data = yaml.safe_load(CUES_PATH.read_text(encoding="utf-8"))

    def scoped(pattern: str) -> regex.Pattern[str]:
        return regex.compile(rf"(?P<scope>\p{{Han}}{{0,{_MAX_BALANCE_SCOPE}}}?)(?:{pattern})")

    return tuple(
        Balance(**{role: scoped(pattern) for role, pattern in rule.items()})
        for rule in data["balances"]
    )


def find_balances(doc: Document) -> list[Draft]:
    """A difference stated beside the two flows it is the difference of (进口, 出口, 贸易逆差),
    read as a breakdown of the larger flow, so that the parts sum checks it. Only where each of the
    three is the sole amount its words name in the sentence, all of one unit, with no period
    between them, and of one scope (集成电路进口…, 出口…: a clause naming none keeps the scope)."""
    sentences: dict[int, list[Placed]] = defaultdict(list)
    for _, placed in doc.levels():
        sentences[doc.sentence_start(placed.start)].append(placed)
    drafts = []
    for amounts in sentences.values():
        for rule in balances():
            larger = _sole_term(doc, rule.larger, amounts)
            smaller = _sole_term(doc, rule.smaller, amounts)
            difference = _sole_term(doc, rule.difference, amounts)
            if larger is None or smaller is None or difference is None:
                continue
            terms = (larger, smaller, difference)
            members = [placed for placed, _ in terms]
            if len({words.group("scope") for _, words in terms} - {""}) > 1 or not all(
                same_measure(m.fact, larger[0].fact) for m in members
            ):
                continue
            first, last = min(m.start for m in members), max(m.end for m in members)
            if any(p.fact.kind in _PERIODS and first < p.start < last for p in doc.placed):
                continue
            named = difference[1]
            drafts.append(
                _breakdown(
                    larger[0],
                    [smaller[0], difference[0]],
                    exhaustive=True,
                    cue=named.group()[named.end("scope") - named.start() :],
                )
            )
    return drafts


def _is_balance(doc: Document, placed: Placed) -> bool:
    """Whether an amount's clause names it as the difference of two flows (贸易顺差626亿元)."""
    words = _own_words(doc, placed).strip()
    return any(rule.difference.fullmatch(words) for rule in balances())


def _sole_term(
    doc: Document, pattern: regex.Pattern[str], amounts: list[Placed]
) -> tuple[Placed, regex.Match[str]] | None:
    """The one amount of a sentence whose clause words are ``pattern``, with those words."""
    found = [
        (placed, words)
        for placed in amounts
        if (words := pattern.fullmatch(_own_words(doc, placed).strip())) is not None
    ]
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class _TierStatement:
    """A sentence that opens with tiers of government and states a figure for them."""

    start: int
    end: int
    subject: TierSubject
    placed: Placed
    name: str


def _tier_statements(doc: Document) -> list[_TierStatement]:
    """Each sentence whose first fact is an amount stated in the clause of a tier subject."""
    found = []
    seen: set[int] = set()
    for placed in doc.placed:
        start = doc.sentence_start(placed.start)
        if start in seen:
            continue
        seen.add(start)
        if not placed.is_level:
            continue
        opening = doc.text[start : placed.start].lstrip()
        subject = tier_subject(opening)
        words = opening[len(subject.text) :] if subject else ""
        if subject is None or _LEVEL_CLAUSE_BREAK.search(words):
            continue
        end = doc.sentence_end(placed.start)
        found.append(_TierStatement(start, end, subject, placed, figure_name(words)))
    return found


def _tier_runs(doc: Document) -> Iterator[list[_TierStatement]]:
    """Tier statements of one name and measure in sentences that follow one another."""
    run: list[_TierStatement] = []
    for statement in _tier_statements(doc):
        if run and not (
            not doc.text[run[-1].end + 1 : statement.start].strip(_BETWEEN_SENTENCES)
            and statement.name == run[0].name
            and same_measure(statement.placed.fact, run[0].placed.fact)
        ):
            yield run
            run = []
        run.append(statement)
    if run:
        yield run


def _territory_totals(doc: Document, run: list[_TierStatement]) -> list[Placed]:
    """The figures before a run of tiers that state its name for the whole territory, in the
    same period, outside any tier sentence and no further back than the paragraphs before."""
    first = run[0].placed
    periods = doc.periods_in_force
    period = periods[first.id]
    if any(periods[s.placed.id] != period for s in run):
        return []
    window = doc.paragraph_start(max(doc.paragraph_start(first.start) - 1, 0))
    window = max(window, first.start - _MAX_TOTAL_DISTANCE)
    totals = []
    for earlier in reversed(doc.placed[: doc.index(first)]):
        if earlier.start < window:
            break
        if (
            earlier.is_level
            and same_measure(earlier.fact, first.fact)
            and periods[earlier.id] == period
            and not _opens_with_tiers(doc, earlier)
            and figure_name("".join(figure_words(doc.text, earlier.start, earlier.end)))
            == run[0].name
        ):
            totals.append(earlier)
    return totals


def _opens_with_tiers(doc: Document, placed: Placed) -> bool:
    start = doc.sentence_start(placed.start)
    return tier_subject(doc.text[start : placed.start].lstrip()) is not None


def find_level_sums(doc: Document) -> list[Draft]:
    """A territory's figure made up of the same figure for each tier of its government, stated in
    the sentences after it (全省…受理申请11428件 … 省政府及其部门…1784件。市、县(市、区)…9644件):
    a sum the reader makes, only when the tiers start at one and reach down to the county."""
    drafts = []
    for run in _tier_runs(doc):
        if not run[0].name or not make_up_whole([s.subject for s in run]):
            continue
        parts = [s.placed for s in run]
        cue = " + ".join(s.subject.text for s in run)
        for total in _territory_totals(doc, run):
            drafts.append(_breakdown(total, parts, exhaustive=True, cue=cue))
    return drafts
