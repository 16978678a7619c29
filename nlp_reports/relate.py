"""Which facts belong together: the arithmetic a text asserts, read the way a reader reads it.

Every amount is first given a role from the words around it: a *level* (收入24627万元), a
*change* (比上年减收1070万元) or a *whole* a percentage is taken of (完成预算数60999万元的40.4%).
Then each finder reads one kind of claim:

- parts_total: a level amount, a parts cue (其中, 包括, 分别为, 分产业看) and the level amounts of
  the same unit that follow, up to the end of the sentence, a new whole (承办件中…) or a larger
  value;
- parts_total of channels: a total that says 累计/共 and an action (公开), then amounts of its
  unit that each name a channel and repeat the action (通过政府网站公开…, 村务公开栏公开…);
- parts_total of tiers of government: a territory's figure, then the same figure for its own
  tier and for the tiers below it, each in a sentence of its own (全省…11428件。省政府及其部门…
  1784件。市、县(市、区)…9644件: ``levels.py``);
- parts_total of a balance: a difference stated with the two flows it is the difference of
  (进口…, 出口…, 贸易逆差…: 进口 = 出口 + 逆差), in one sentence, unit and period;
- share: a percentage after 占/比重 or after ``whole的``, of the part before it;
- rate: a percentage whose subject ends in 率, of the amount before it;
- percent_sum: the shares of the parts of one complete breakdown, or of the two halves of one
  whole (中国企业…占八成,外资企业占两成);
- growth: a level, its change and its growth rate (税收收入8103万元,比上年增收1284万元,增长18.8%),
  or a growth rate's gap to another rate stated elsewhere (快于全市生产总值1.9个百分点);
- share of named metrics: part and whole named in the sentence, their amounts stated elsewhere
  (服务业增加值…占全市生产总值的比重为55.3%);
- same_metric: one clause stated twice with the same words (a headline and its paragraph), or
  one figure stated again in other words, when both statements name one metric for one period
  in one reading (statements.py; the names are data: ``profiles/common/metric_names.yaml``);
- item_count: a number of items and the items listed (市、县、镇、村四级);
- tables of plain text (``grids.py``): rows that break a total down, cells that restate the prose.

Where the text leaves an operand open (which whole a share is of), the candidates it offers are
kept, nearest first; ``Relation.explicit`` records whether the text itself names the operand, and
only then may a check fail. The cue words are data: ``profiles/common/relation_cues.yaml``; the
names of metrics, their synonyms and qualifiers: ``profiles/common/metric_names.yaml``.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache, partial
from pathlib import Path
from typing import Literal

import regex
import yaml

from nlp_reports.compiled import compiled_pattern
from nlp_reports.facts import Extraction
from nlp_reports.grids import Grid, GridCell, GridRow, find_flat_grids, find_grids, inside
from nlp_reports.levels import TierSubject, figure_name, make_up_whole, tier_subject
from nlp_reports.normalise import TextView
from nlp_reports.records import Fact, Relation, RelationType
from nlp_reports.statements import (
    Statement,
    figure_words,
    is_listed,
    metrics_named,
    names_of,
    read_statement,
    reading_of,
    synonymous_names,
    vocabulary,
)

_CUES_PATH = Path(__file__).parent / "profiles" / "common" / "relation_cues.yaml"
_AMOUNTS = frozenset({"count", "money", "number"})
_SENTENCE_END = regex.compile(r"[。!?！？\n]")
_HAN = regex.compile(r"\p{Han}")
_PARAGRAPH_END = regex.compile(r"\n")
_NUMBERISH = regex.compile(
    r"[\d０-９.,%]+|[零〇○一二两三四五六七八九十百千万亿]+(?=[个项件人次条家]|$)"
)
_MIN_TEMPLATE_HAN = 8
_MIN_PREFIX_HAN = 6
_MAX_CANDIDATES = 5
_MAX_ITEMS = 20
_MAX_TOTAL_DISTANCE = 600
_LEVEL_CLAUSE_BREAK = regex.compile(r"[,，:：;；]")
_BETWEEN_SENTENCES = " \t\n\u3000"

Role = Literal["level", "change", "whole_of"]


@dataclass(frozen=True)
class Cues:
    parts: regex.Pattern[str]
    exhaustive: regex.Pattern[str]
    residual: regex.Pattern[str]
    sub_whole: regex.Pattern[str]
    earlier_period: regex.Pattern[str]
    change: regex.Pattern[str]
    share: regex.Pattern[str]
    whole_of: regex.Pattern[str]
    rate: regex.Pattern[str]
    growth: regex.Pattern[str]
    rate_gap_above: regex.Pattern[str]
    rate_gap_below: regex.Pattern[str]
    rate_name_end: regex.Pattern[str]
    channel_total: regex.Pattern[str]
    channels: regex.Pattern[str]
    item_units: frozenset[str]
    channel_verbs: tuple[str, ...]
    # Every word of a pair of complements → (pair, side); and all of them, longest first.
    complement_of: dict[str, tuple[int, int]]
    complements: regex.Pattern[str]


@cache
def cues() -> Cues:
    """The relation cue patterns, loaded once."""
    data = yaml.safe_load(_CUES_PATH.read_text(encoding="utf-8"))
    patterns = {
        name: regex.compile("|".join(f"(?:{p})" for p in data[name]))
        for name in Cues.__dataclass_fields__
        if name not in {"item_units", "channel_verbs", "complement_of", "complements"}
    }
    complement_of = {
        word: (pair, side)
        for pair, halves in enumerate(data["complements"])
        for side, words in enumerate(halves)
        for word in words
    }
    ordered = sorted(complement_of, key=len, reverse=True)
    return Cues(
        **patterns,
        item_units=frozenset(data["item_units"]),
        channel_verbs=tuple(data["channel_verbs"]),
        complement_of=complement_of,
        complements=regex.compile("|".join(regex.escape(w) for w in ordered)),
    )


@dataclass(frozen=True)
class _Placed:
    """A fact with its view span and its role."""

    fact: Fact
    start: int
    end: int
    role: Role = "level"

    @property
    def id(self) -> str:
        return self.fact.id

    @property
    def number(self) -> float | None:
        value = self.fact.value
        return (
            float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        )

    @property
    def is_amount(self) -> bool:
        """A single amount: not a worded zero, not a range (11—30件)."""
        fact = self.fact
        return (
            fact.kind in _AMOUNTS
            and not fact.worded
            and fact.upper is None
            and self.number is not None
        )

    @property
    def is_percent(self) -> bool:
        return self.fact.kind == "percentage" and self.number is not None


def _same_measure(a: Fact, b: Fact) -> bool:
    return a.kind == b.kind and a.unit == b.unit and a.currency == b.currency


def _may_share_measure(a: Fact, b: Fact) -> bool:
    """Same measure, or a bare number among counts (部门动态402 among 条): its unit left out."""
    if _same_measure(a, b):
        return True
    kinds = {a.kind, b.kind}
    return kinds == {"count", "number"} and (a.unit is None or b.unit is None)


@dataclass
class _Draft:
    type: RelationType
    roles: dict[str, str | list[str]]
    members: list[_Placed]
    exhaustive: bool | None = None
    candidates: list[str] = field(default_factory=list)
    cue: str | None = None
    explicit: bool | None = None
    items: list[str] = field(default_factory=list)
    scales: dict[str, float] = field(default_factory=dict)


_WRAPPED_LINE_BREAK = regex.compile(
    r"""
    (?<=[^\n]{15}[^。!?！？;；:：\s|])   # a long line that does not end a sentence
    \n
    (?=[ \t]*                          # followed by text that does not open an outline item
        (?![一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、]|第|\||\n)
        \S)
    """,
    regex.VERBOSE,
)


def join_wrapped_lines(text: str) -> str:
    r"""The text with line breaks inside sentences (PDF text wraps mid-sentence) read as spaces.

    A break is a wrap when the line before is long and does not end a sentence, and the next line
    does not open an outline item; the length stays the same, so every offset still holds.

    >>> join_wrapped_lines("均在法定期限内予以答复。行政复议 351\n件，其中结果维持 72 件")
    '均在法定期限内予以答复。行政复议 351 件，其中结果维持 72 件'
    >>> join_wrapped_lines("依申请公开政府信息情况\n市府办受理申请4宗。")
    '依申请公开政府信息情况\n市府办受理申请4宗。'
    """
    return _WRAPPED_LINE_BREAK.sub(" ", text)


class _Document:
    """The view and its facts in order, with the lookups every finder needs."""

    def __init__(self, view: TextView, extraction: Extraction) -> None:
        self.view = view
        self.text = join_wrapped_lines(view.text)
        self._stops = [m.start() for m in _SENTENCE_END.finditer(self.text)]
        self._masked: dict[int, str] = {}
        self._figure_words: dict[str, tuple[str, str]] = {}
        placed = [_Placed(f, *extraction.view_spans[f.id]) for f in extraction.facts]
        self.placed = [self._with_role(i, p, placed) for i, p in enumerate(placed)]
        self.starts = [p.start for p in self.placed]
        self._index_of = {p.id: i for i, p in enumerate(self.placed)}

    @cached_property
    def periods_by_sentence(self) -> dict[int, str]:
        """The first period or date of each sentence, which several finders ask for."""
        return _periods_by_sentence(self)

    @cached_property
    def periods_in_force(self) -> dict[str, str]:
        """The period of each figure, the document's first one by default."""
        return _periods_in_force(self)

    @cached_property
    def periods_in_paragraph(self) -> dict[str, str]:
        """The period of each figure, none when its paragraph states none."""
        return _periods_in_force(self, inherit=False)

    def figure_words(self, placed: _Placed) -> tuple[str, str]:
        """The words before and after a figure in the view (statements.figure_words), read once
        for the headline and the lead finders alike."""
        if placed.id not in self._figure_words:
            self._figure_words[placed.id] = figure_words(self.view.text, placed.start, placed.end)
        return self._figure_words[placed.id]

    def index(self, placed: _Placed) -> int:
        """Position of a fact in ``placed``: a lookup, where list.index compared every record."""
        return self._index_of[placed.id]

    def _with_role(self, index: int, placed: _Placed, everything: list[_Placed]) -> _Placed:
        if not placed.is_amount:
            return placed
        previous_end = everything[index - 1].end if index else 0
        before = self.text[max(previous_end, placed.start - 12) : placed.start]
        if cues().change.search(before):
            return _Placed(placed.fact, placed.start, placed.end, "change")
        following = everything[index + 1] if index + 1 < len(everything) else None
        if following is not None and following.is_percent:
            between = self.text[placed.end : following.start]
            if cues().whole_of.search(between):
                return _Placed(placed.fact, placed.start, placed.end, "whole_of")
        return placed

    def gap(self, left: _Placed, right: _Placed) -> str:
        return self.text[left.end : right.start]

    def sentence_end(self, position: int) -> int:
        """Offset of the first sentence end (。!? or a line break) at or after ``position``."""
        index = bisect.bisect_left(self._stops, position)
        return self._stops[index] if index < len(self._stops) else len(self.text)

    def sentence_start(self, position: int) -> int:
        """Offset just after the last sentence end before ``position``."""
        index = bisect.bisect_left(self._stops, position)
        return self._stops[index - 1] + 1 if index else 0

    def masked_sentence(self, start: int) -> str:
        """The sentence starting at ``start`` with every number masked, computed once."""
        if start not in self._masked:
            self._masked[start] = _NUMBERISH.sub("#", self.text[start : self.sentence_end(start)])
        return self._masked[start]

    def paragraph_start(self, position: int) -> int:
        return self.text.rfind("\n", 0, position) + 1

    def levels(self) -> Iterator[tuple[int, _Placed]]:
        for index, placed in enumerate(self.placed):
            if placed.is_amount and placed.role == "level":
                yield index, placed


def _next_level(doc: _Document, index: int, measure: Fact) -> int | None:
    for later in range(index + 1, len(doc.placed)):
        candidate = doc.placed[later]
        gap = doc.text[doc.placed[index].end : candidate.start]
        if gap.count("\n") > 1 or ("\n" in gap and not _opens_with_parts(gap.rsplit("\n", 1)[1])):
            return None
        if (
            candidate.is_amount
            and candidate.role == "level"
            and _may_share_measure(candidate.fact, measure)
        ):
            return later
    return None


_AMONG = regex.compile(r"\p{Han}{0,10}中[,，:：]")


def _opens_with_parts(opening: str) -> regex.Match[str] | None:
    """A sentence that opens by breaking something down: 其中…, 分产业看…, 在否决公开的答复中,…"""
    opening = opening.lstrip()
    return cues().parts.match(opening) or _AMONG.match(compiled_pattern(r"^在").sub("", opening))


def _parts_cue(doc: _Document, total: _Placed, first: _Placed) -> regex.Match[str] | None:
    """The parts cue between a total and its first part; after a 。 it must open the sentence."""
    gap = doc.gap(total, first)
    stop = max(gap.rfind("。"), gap.rfind("!"), gap.rfind("?"), gap.rfind("\n"))
    if stop >= 0:
        return _opens_with_parts(gap[stop + 1 :])
    last_clause = compiled_pattern(r"[,，;；]").split(gap)[-1]
    return cues().parts.search(last_clause) or _AMONG.match(gap)


def find_parts(doc: _Document) -> list[_Draft]:
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
        if cue is None or any(
            p.is_amount and p.role == "level" for p in doc.placed[index + 1 : first_index]
        ):
            continue
        parts = _collect_parts(doc, total, first_index)
        if not parts:
            continue
        taken.update(p.id for p in parts)
        drafts.append(
            _Draft(
                "parts_total",
                {"total": total.id, "parts": [p.id for p in parts]},
                [total, *parts],
                exhaustive=_exhaustive(doc, cue.group(), total, parts),
                cue=cue.group(),
                explicit=True,
            )
        )
    return drafts


def _collect_parts(doc: _Document, total: _Placed, first_index: int) -> list[_Placed]:
    """The parts after the cue, to the end of the sentence or a new whole. The first part always
    belongs (其中X件 is a part even when X exceeds the total: that is a finding); a later amount
    larger than the total ends the list unless it sits in the same run of clauses (no ; between),
    and so does the figure of an earlier period (去年仅有十六家). A balance is no part (其中出口…,
    进口…,贸易顺差…: the difference of two parts)."""
    limit = doc.sentence_end(doc.placed[first_index].start)
    parts: list[_Placed] = []
    previous_end = doc.placed[first_index].start
    total_value = total.number or 0
    for candidate in doc.placed[first_index:]:
        if candidate.start >= limit:
            break
        between = doc.text[previous_end : candidate.start]
        if parts and cues().sub_whole.search(between):
            break
        if (
            candidate.is_amount
            and candidate.role == "level"
            and _may_share_measure(candidate.fact, total.fact)
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


def _opens_breakdown(doc: _Document, placed: _Placed) -> bool:
    """Whether an amount is broken down in its own sentence (行政诉讼 46 件，其中结果维持 25 件)."""
    index = doc.index(placed)
    following = _next_level(doc, index, placed.fact)
    if following is None or compiled_pattern(r"[。!?！？\n]").search(
        doc.gap(placed, doc.placed[following])
    ):
        return False
    return _parts_cue(doc, placed, doc.placed[following]) is not None


def _exhaustive(doc: _Document, cue: str, total: _Placed, parts: list[_Placed]) -> bool:
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


def _naming_words(doc: _Document, placed: _Placed) -> str:
    """The words of a quantity's own clause before it (其他信息 for 其他信息525条)."""
    left = placed.start
    while left > 0 and doc.text[left - 1] not in ",，、;；:：。\n":
        left -= 1
    return doc.text[left : placed.start]


def _own_words(doc: _Document, placed: _Placed) -> str:
    """The words of an amount's clause before it, back to the previous fact at most: reading
    them costs no more than the text between two facts, however long the clause."""
    index = doc.index(placed)
    left = doc.placed[index - 1].end if index else 0
    return compiled_pattern(r"[,，、;；:：。\n]").split(doc.text[left : placed.start])[-1]


def find_channel_parts(doc: _Document) -> list[_Draft]:
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
        drafts.append(
            _Draft(
                "parts_total",
                {"total": total.id, "parts": [p.id for p in parts]},
                [total, *parts],
                exhaustive=False,
                cue=verbs[0],
                explicit=True,
            )
        )
    return drafts


def _channel_parts(doc: _Document, index: int, total: _Placed, verb: str) -> list[_Placed] | None:
    """Every later amount of the total's unit in its sentence, when each is a level, names a
    channel and ``verb`` and no total, with no period among them; None otherwise."""
    end = doc.sentence_end(total.end)
    parts: list[_Placed] = []
    previous = total
    for placed in doc.placed[index + 1 :]:
        if placed.start >= end:
            break
        if placed.fact.kind in _PERIODS or len(parts) == _MAX_ITEMS:
            return None
        if not (placed.is_amount and _may_share_measure(placed.fact, total.fact)):
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
    data = yaml.safe_load(_CUES_PATH.read_text(encoding="utf-8"))

    def scoped(pattern: str) -> regex.Pattern[str]:
        return regex.compile(rf"(?P<scope>\p{{Han}}{{0,{_MAX_BALANCE_SCOPE}}}?)(?:{pattern})")

    return tuple(
        Balance(**{role: scoped(pattern) for role, pattern in rule.items()})
        for rule in data["balances"]
    )


def find_balances(doc: _Document) -> list[_Draft]:
    """A difference stated beside the two flows it is the difference of (进口, 出口, 贸易逆差),
    read as a breakdown of the larger flow, so that the parts sum checks it. Only where each of the
    three is the sole amount its words name in the sentence, all of one unit, with no period
    between them, and of one scope (集成电路进口…, 出口…: a clause naming none keeps the scope)."""
    sentences: dict[int, list[_Placed]] = defaultdict(list)
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
                _same_measure(m.fact, larger[0].fact) for m in members
            ):
                continue
            first, last = min(m.start for m in members), max(m.end for m in members)
            if any(p.fact.kind in _PERIODS and first < p.start < last for p in doc.placed):
                continue
            named = difference[1]
            drafts.append(
                _Draft(
                    "parts_total",
                    {"total": larger[0].id, "parts": [smaller[0].id, difference[0].id]},
                    members,
                    exhaustive=True,
                    cue=named.group()[named.end("scope") - named.start() :],
                    explicit=True,
                )
            )
    return drafts


def _is_balance(doc: _Document, placed: _Placed) -> bool:
    """Whether an amount's clause names it as the difference of two flows (贸易顺差626亿元)."""
    words = _own_words(doc, placed).strip()
    return any(rule.difference.fullmatch(words) for rule in balances())


def _sole_term(
    doc: _Document, pattern: regex.Pattern[str], amounts: list[_Placed]
) -> tuple[_Placed, regex.Match[str]] | None:
    """The one amount of a sentence whose clause words are ``pattern``, with those words."""
    found = [
        (placed, words)
        for placed in amounts
        if (words := pattern.fullmatch(_own_words(doc, placed).strip())) is not None
    ]
    return found[0] if len(found) == 1 else None


def _share_after(doc: _Document, part: _Placed) -> _Placed | None:
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


@dataclass(frozen=True)
class _TierStatement:
    """A sentence that opens with tiers of government and states a figure for them."""

    start: int
    end: int
    subject: TierSubject
    placed: _Placed
    name: str


def _tier_statements(doc: _Document) -> list[_TierStatement]:
    """Each sentence whose first fact is an amount stated in the clause of a tier subject."""
    found = []
    seen: set[int] = set()
    for placed in doc.placed:
        start = doc.sentence_start(placed.start)
        if start in seen:
            continue
        seen.add(start)
        if not placed.is_amount or placed.role != "level":
            continue
        opening = doc.text[start : placed.start].lstrip()
        subject = tier_subject(opening)
        words = opening[len(subject.text) :] if subject else ""
        if subject is None or _LEVEL_CLAUSE_BREAK.search(words):
            continue
        end = doc.sentence_end(placed.start)
        found.append(_TierStatement(start, end, subject, placed, figure_name(words)))
    return found


def _tier_runs(doc: _Document) -> Iterator[list[_TierStatement]]:
    """Tier statements of one name and measure in sentences that follow one another."""
    run: list[_TierStatement] = []
    for statement in _tier_statements(doc):
        if run and not (
            not doc.text[run[-1].end + 1 : statement.start].strip(_BETWEEN_SENTENCES)
            and statement.name == run[0].name
            and _same_measure(statement.placed.fact, run[0].placed.fact)
        ):
            yield run
            run = []
        run.append(statement)
    if run:
        yield run


def _territory_totals(doc: _Document, run: list[_TierStatement]) -> list[_Placed]:
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
            earlier.is_amount
            and earlier.role == "level"
            and _same_measure(earlier.fact, first.fact)
            and periods[earlier.id] == period
            and not _opens_with_tiers(doc, earlier)
            and figure_name("".join(figure_words(doc.text, earlier.start, earlier.end)))
            == run[0].name
        ):
            totals.append(earlier)
    return totals


def _opens_with_tiers(doc: _Document, placed: _Placed) -> bool:
    start = doc.sentence_start(placed.start)
    return tier_subject(doc.text[start : placed.start].lstrip()) is not None


def find_level_sums(doc: _Document) -> list[_Draft]:
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
            drafts.append(
                _Draft(
                    "parts_total",
                    {"total": total.id, "parts": [p.id for p in parts]},
                    [total, *parts],
                    exhaustive=True,
                    cue=cue,
                    explicit=True,
                )
            )
    return drafts


def _within_hundred(shares: list[_Placed]) -> bool:
    total = sum(s.number or 0 for s in shares)
    tolerance = sum(0.5 * 10 ** -(s.fact.decimals or 0) for s in shares)
    return bool(abs(total - 100) <= tolerance + 1e-9)


def _preceding_level(doc: _Document, index: int, lower: int) -> int | None:
    for earlier in range(index - 1, -1, -1):
        candidate = doc.placed[earlier]
        if candidate.start < lower:
            return None
        if candidate.is_amount and candidate.role == "level":
            return earlier
    return None


def _wholes(doc: _Document, part_index: int, parts_of: dict[str, _Draft]) -> list[_Placed]:
    """Wholes a part may be taken of: its stated total, then larger amounts before it."""
    part = doc.placed[part_index]
    ordered: list[_Placed] = []
    draft = parts_of.get(part.id)
    if draft is not None:
        ordered.append(draft.members[0])
    paragraph = doc.paragraph_start(part.start)
    for earlier in range(part_index - 1, -1, -1):
        candidate = doc.placed[earlier]
        if candidate.start < paragraph or len(ordered) >= _MAX_CANDIDATES:
            break
        if (
            candidate.is_amount
            and candidate.role != "change"
            and _same_measure(candidate.fact, part.fact)
            and (candidate.number or 0) >= (part.number or 0)
            and candidate not in ordered
        ):
            ordered.append(candidate)
    return ordered


def find_ratios(doc: _Document, parts_of: dict[str, _Draft]) -> list[_Draft]:
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
    return _han_count(cues().share.sub("", between)) >= 2


def _sole_whole_nearby(doc: _Document, wholes: list[_Placed], stated: _Placed) -> bool:
    """One candidate whole, in the same sentence as the percentage: the text leaves no other."""
    return len(wholes) == 1 and wholes[0].start >= doc.sentence_start(stated.start)


def _ratio(
    kind: RelationType,
    part: _Placed,
    whole: _Placed,
    stated: _Placed,
    others: list[_Placed],
    cue: str,
    explicit: bool,
) -> _Draft:
    roles: dict[str, str | list[str]] = (
        {"part": part.id, "whole": whole.id, "share": stated.id}
        if kind == "share"
        else {"numerator": part.id, "denominator": whole.id, "rate": stated.id}
    )
    return _Draft(
        kind,
        roles,
        [part, whole, stated],
        candidates=[o.id for o in others],
        cue=cue,
        explicit=explicit,
    )


def find_percent_sums(parts: list[_Draft], ratios: list[_Draft]) -> list[_Draft]:
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
                _Draft("percent_sum", {"shares": [p.id for p in placed]}, placed, explicit=True)
            )
    return drafts


def _halves_named(words: str) -> set[tuple[int, int]]:
    """The halves of complements a passage names (中国企业: the domestic half of 中外)."""
    table = cues().complement_of
    return {table[word] for word in cues().complements.findall(words)}


def _share_whole(doc: _Document, placed: _Placed, before: int) -> str | None:
    """The words between 占 and a share (占全市的: 全市的), None when the share has no 占 cue."""
    cue = cues().share.search(doc.text[before : placed.start])
    return None if cue is None else doc.text[before + cue.start() : placed.start]


def find_complementary_shares(doc: _Document) -> list[_Draft]:
    """Two shares of one whole whose words name its two halves (中国企业…占八成,外资企业占两成),
    the only shares of their sentence: they add up to 100."""
    drafts = []
    shares = [(i, p) for i, p in enumerate(doc.placed) if p.is_percent and p.fact.approx is None]
    by_sentence: dict[int, list[tuple[int, _Placed]]] = defaultdict(list)
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
            _Draft(
                "percent_sum",
                {"shares": [first.id, second.id]},
                [first, second],
                exhaustive=True,
                cue=" / ".join(cues().complements.findall(doc.text[sentence_start : second.start])),
                explicit=True,
            )
        )
    return drafts


def find_growths(doc: _Document) -> list[_Draft]:
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
            or not _same_measure(change.fact, level.fact)
        ):
            continue
        if doc.sentence_end(level.end) < rate.start or not cues().growth.search(
            doc.gap(change, rate)
        ):
            continue
        direction = "减" if compiled_pattern(r"减|下降|少").search(doc.gap(level, change)) else "增"
        drafts.append(
            _Draft(
                "growth",
                {"current": level.id, "change": change.id, "rate": rate.id},
                [level, change, rate],
                cue=direction,
                explicit=True,
            )
        )
    return drafts


_MAX_RATE_NAME = 16
_MAX_SCOPE_GAP = 4


@cache
def _rate_gap_before() -> regex.Pattern[str]:
    """A gap cue and the other rate's name, right before the gap (快于全市经济增速|0.9个百分点)."""
    above, below = cues().rate_gap_above.pattern, cues().rate_gap_below.pattern
    return regex.compile(
        rf"(?:(?P<above>{above})|(?P<below>{below}))"
        rf"(?P<name>\p{{Han}}[\p{{Han}}A-Za-z]{{1,{_MAX_RATE_NAME - 1}}})\s*$"
    )


def _is_growth_rate(doc: _Document, placed: _Placed) -> bool:
    return placed.is_percent and bool(
        _GROWTH_BEFORE.search(doc.text, max(0, placed.start - 6), placed.start)
    )


def _other_rate(doc: _Document, current: _Placed, placed: _Placed) -> bool:
    return placed is not current and _is_growth_rate(doc, placed)


def _level_amount(placed: _Placed) -> bool:
    return placed.is_amount and placed.role == "level"


def _scoped_before(text: str, scope: str, names: frozenset[str]) -> bool:
    """Whether ``scope`` stands right before one of ``names`` in ``text`` (全市实现地区生产总值:
    a few words between, no punctuation)."""
    position = text.find(scope)
    while position >= 0:
        after = text[position + len(scope) : position + len(scope) + _MAX_SCOPE_GAP + 20]
        for skip in range(_MAX_SCOPE_GAP + 1):
            if skip and not _HAN.match(after, skip - 1):
                break
            if any(after.startswith(name, skip) for name in names):
                return True
        position = text.find(scope, position + 1)
    return False


def _period_at(doc: _Document, periods: dict[int, str], position: int) -> str | None:
    """The period a statement is about: the first one its sentence states, else the one an
    earlier sentence of its paragraph states (上半年,全市生产总值…。其中,第三产业增加值…)."""
    paragraph = doc.paragraph_start(position)
    sentence = doc.sentence_start(position)
    while sentence not in periods and sentence > paragraph:
        sentence = doc.sentence_start(sentence - 1)
    return periods.get(sentence)


def _stated_as(
    doc: _Document,
    name: str,
    period: str | None,
    periods: dict[int, str],
    accept: Callable[[_Placed], bool],
) -> list[_Placed]:
    """The statements of the metric a text names (全市生产总值, 全市经济) that ``accept`` takes:
    a subject that is the end of the name or a synonym of it, for the same period, stated where
    the rest of the name (the scope, 全市) stands before the metric's name; 全国 is another one."""
    found = []
    for placed in doc.placed:
        subject = placed.fact.subject
        if not subject or not accept(placed):
            continue
        names = synonymous_names(subject)
        ending = max((n for n in names if name.endswith(n)), key=len, default=None)
        if ending is None or _period_at(doc, periods, placed.start) != period:
            continue
        scope = name[: -len(ending)]
        sentence = doc.sentence_start(placed.start)
        if scope and not _scoped_before(doc.text[sentence : placed.start], scope, names):
            continue
        found.append(placed)
    return found


def _one_value(stated: list[_Placed]) -> bool:
    """Whether statements were found and all of them agree: the text leaves no doubt."""
    return bool(stated) and all(_agree(stated[0], other) for other in stated[1:])


def _nearest_before(stated: list[_Placed], position: int) -> _Placed:
    return max(stated, key=lambda p: (p.start < position, -abs(p.start - position)))


def find_rate_gaps(doc: _Document) -> list[_Draft]:
    """A growth rate and its gap to another rate the text states elsewhere (服务业增加值增长5.3%,
    快于全市生产总值1.9个百分点; …全市生产总值…同比增长3.4%): made only when every rate of that
    name for that period agrees, so the text leaves no doubt which it means. The cue is 高于
    or 低于, the side the first rate is on."""
    periods = doc.periods_by_sentence
    drafts: list[_Draft] = []
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
        period = _period_at(doc, periods, gap.start)
        stated = _stated_as(doc, name, period, periods, partial(_other_rate, doc, current))
        if not _one_value(stated):
            continue
        reference = _nearest_before(stated, gap.start)
        drafts.append(
            _Draft(
                "growth",
                {"current": current.id, "previous": reference.id, "change": gap.id},
                [current, reference, gap],
                candidates=[p.id for p in stated if p is not reference],
                cue="高于" if cue.group("above") else "低于",
                explicit=True,
            )
        )
    return drafts


_SHARE_OF_NAMED = regex.compile(
    r"占(?P<whole>\p{Han}[\p{Han}A-Za-z]{1,15}?)的?(?:比重|比例)(?:为|是|达)?\s*$"
)


def _topic(doc: _Document, stated: _Placed) -> _Placed | None:
    """The quantity that opens the sentence of ``stated``, when the clauses between them go on
    about it (服务业增加值同比增长5.3%,比一季度加快…,占全市生产总值的比重为55.3%): no parts cue
    and no new whole between them."""
    sentence = doc.sentence_start(stated.start)
    first = next(
        (
            p
            for p in doc.placed[bisect.bisect_left(doc.starts, sentence) : doc.index(stated)]
            if p.fact.kind in _QUANTITY_CLASS and p.fact.subject
        ),
        None,
    )
    if first is None:
        return None
    between = doc.gap(first, stated)
    if cues().parts.search(between) or _AMONG.search(between) or cues().sub_whole.search(between):
        return None
    return first


def find_named_shares(doc: _Document, ratios: list[_Draft]) -> list[_Draft]:
    """A share whose part and whole are named, not stated, in its sentence (服务业增加值…占全市
    生产总值的比重为55.3%), both amounts stated elsewhere for the same period: the part under
    its name or a synonym (第三产业增加值5490.48亿元), the whole under its name and scope. Made
    only when every statement of each agrees; shares another finder already relates are left."""
    periods = doc.periods_by_sentence
    related = {str(d.roles["share"]) for d in ratios if d.type == "share"}
    drafts: list[_Draft] = []
    for stated in doc.placed:
        if not stated.is_percent or stated.id in related:
            continue
        sentence = doc.sentence_start(stated.start)
        named = _SHARE_OF_NAMED.search(doc.text, max(sentence, stated.start - 24), stated.start)
        topic = _topic(doc, stated) if named else None
        if named is None or topic is None or topic.fact.subject is None:
            continue
        period = _period_at(doc, periods, stated.start)
        part_name = _qualified(topic.fact.subject)[0]
        parts = [
            p
            for p in _stated_as(doc, part_name, period, periods, _level_amount)
            if p.fact.subject in synonymous_names(part_name)
        ]
        wholes = [
            w
            for w in _stated_as(doc, named.group("whole"), period, periods, _level_amount)
            if parts and _same_measure(w.fact, parts[0].fact)
        ]
        if not _one_value(parts) or not _one_value(wholes):
            continue
        part, whole = _nearest_before(parts, stated.start), _nearest_before(wholes, stated.start)
        drafts.append(_ratio("share", part, whole, stated, [], "占", explicit=True))
    return drafts


@lru_cache(maxsize=1024)
def _han_count(text: str) -> int:
    """Han characters in a masked sentence, which every figure of the sentence asks for."""
    return len(_HAN.findall(text))


def _sentence_template(doc: _Document, placed: _Placed) -> tuple[str, int] | None:
    """The sentence of a fact with every number masked, and which number of it the fact is.

    Two sentences with the same words state the same metrics in the same order: a headline and
    its paragraph, a summary and its section. Facts of one sentence are never compared.
    """
    start = doc.sentence_start(placed.start)
    masked = doc.masked_sentence(start)
    if _han_count(masked) < _MIN_TEMPLATE_HAN:
        return None
    position = len(_NUMBERISH.findall(doc.text[start : placed.start]))
    return masked, position


_LAST_RUN_END = regex.compile(r"(?r)[。;；!?\n]")
_PERIOD_WORDS = regex.compile(
    r"^(?:(?:\d{4}年度?)?(?:上半年|下半年|前三季度|[一二三四1-4]季度|全年|年末|年底|\d{1,2}-\d{1,2}月|1-#月)|\d{4}年度?)"
)


def _prefix_key(
    doc: _Document, placed: _Placed, period: str | None
) -> tuple[str, str | None] | None:
    """The words before a quantity in its clause run (up to ; or 。), numbers masked, punctuation
    and leading period words dropped: 上半年全市生产总值 and 上半年,全市生产总值 name one metric."""
    text = doc.text
    run_end = _LAST_RUN_END.search(text, 0, placed.start)
    left = run_end.end() if run_end else 0
    masked = _NUMBERISH.sub("#", text[left : placed.start])
    masked = _PERIOD_WORDS.sub("", compiled_pattern(r"[\s,，:：、]").sub("", masked))
    if len(_HAN.findall(masked)) < _MIN_PREFIX_HAN:
        return None
    return masked, period


def _periods_by_sentence(doc: _Document) -> dict[int, str]:
    """The first period or date stated in each sentence, by sentence start."""
    found: dict[int, str] = {}
    for placed in doc.placed:
        if placed.fact.kind in {"period", "date"} and isinstance(placed.fact.value, str):
            found.setdefault(doc.sentence_start(placed.start), placed.fact.value)
    return found


# A paragraph that opens by naming whom it is about (（一）市发展改革委。全年主动公开…): a short
# first sentence without figures, after an optional outline number.
_PARAGRAPH_TOPIC = regex.compile(
    r"[ \t\u3000]*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?"
    r"(?P<topic>[^\d\n。:：,，;；]{2,20})[。:：]"
)


def _paragraph_topic(doc: _Document, placed: _Placed) -> str | None:
    """Whom the paragraph of a figure is about, when it opens by saying so: the same sentence
    about two offices states two metrics, not one stated twice."""
    start = doc.paragraph_start(placed.start)
    topic = _PARAGRAPH_TOPIC.match(doc.text, start, placed.start)
    return topic.group("topic") if topic else None


def find_same_metrics(doc: _Document, parts_of: dict[str, _Draft]) -> list[_Draft]:
    """One metric stated twice: the same sentence word for word (a repeated paragraph), or the
    same naming words for the same period (a headline and its paragraph). Parts of a breakdown
    are compared only by whole sentence, since their names repeat across scopes (市级…其中主动公开
    …, 区级…其中主动公开…)."""
    periods = doc.periods_by_sentence
    by_sentence: dict[tuple[object, ...], list[_Placed]] = defaultdict(list)
    by_prefix: dict[tuple[object, ...], list[_Placed]] = defaultdict(list)
    for placed in doc.placed:
        if placed.number is None or placed.fact.kind in {"date", "period", "doc_number"}:
            continue
        measure = (
            placed.fact.kind,
            placed.fact.unit,
            placed.fact.currency,
            _paragraph_topic(doc, placed),
        )
        template = _sentence_template(doc, placed)
        if template is not None:
            by_sentence[(*measure, *template)].append(placed)
        if placed.id not in parts_of:
            key = _prefix_key(doc, placed, periods.get(doc.sentence_start(placed.start)))
            if key is not None:
                by_prefix[(*measure, *key)].append(placed)
    drafts: list[_Draft] = []
    seen: set[frozenset[str]] = set()
    for members in [*by_sentence.values(), *by_prefix.values()]:
        ids = frozenset(m.id for m in members)
        if len(members) >= 2 and ids not in seen and not any(ids <= other for other in seen):
            seen.add(ids)
            drafts.append(
                _Draft("same_metric", {"facts": [m.id for m in members]}, members, explicit=True)
            )
    return drafts


_COMPARED_DATE = regex.compile(r"(?:比|较|于|至|与|同)$")
_STOCK_DATE = regex.compile(r"(?:截至|截止|到)$")
_DAY = regex.compile(r"-\d{2}-\d{2}$")


def _period_stated(doc: _Document, placed: _Placed) -> str | None:
    """The period a date or period fact sets for the figures after it; None for a date they are
    compared with (比1季度, 相当于2019年) and for a day, which dates the page (3月5日电) unless a
    stock is counted up to it (截至6月30日). A date the text leaves unresolved (去年, no year
    known) stands for itself alone."""
    fact = placed.fact
    before = doc.text[max(0, placed.start - 3) : placed.start]
    if _COMPARED_DATE.search(before):
        return None
    if not isinstance(fact.value, str):
        return f"unresolved {fact.id}"
    if _DAY.search(fact.value) and not _STOCK_DATE.search(before):
        return None
    return fact.value


def _periods_in_force(doc: _Document, inherit: bool = True) -> dict[str, str]:
    """The period each figure is of: the first its sentence states before it, else the last one an
    earlier sentence of its paragraph states, else, when ``inherit``, the first one stated earlier
    in the document (usually its title's); an empty string when nothing before it states one."""
    found: dict[str, str] = {}
    document: str | None = None
    paragraph = sentence = -1
    in_paragraph: str | None = None
    in_sentence: str | None = None
    for placed in doc.placed:
        sentence_start = doc.sentence_start(placed.start)
        if sentence_start != sentence:
            sentence = sentence_start
            in_paragraph = in_sentence or in_paragraph
            in_sentence = None
        paragraph_start = doc.paragraph_start(placed.start)
        if paragraph_start != paragraph:
            paragraph, in_paragraph = paragraph_start, None
        if placed.fact.kind in {"date", "period"}:
            stated = _period_stated(doc, placed)
            in_sentence = in_sentence or stated
            document = document or stated
            continue
        found[placed.id] = in_sentence or in_paragraph or (document if inherit else None) or ""
    return found


def _restatable(placed: _Placed) -> bool:
    """A single figure that may be stated again: not a date, a worded zero, a range or a change."""
    fact = placed.fact
    return (
        fact.kind in _QUANTITY_CLASS
        and placed.number is not None
        and not fact.worded
        and fact.upper is None
        and placed.role != "change"
    )


@dataclass(frozen=True)
class _Stated:
    """A figure, what it states and the period it is of."""

    placed: _Placed
    statement: Statement
    period: str

    def key(self) -> tuple[object, ...]:
        """What two statements of one figure share beside its name: measure, approximation,
        period and reading."""
        fact = self.placed.fact
        statement = self.statement
        return (fact.kind, fact.unit, fact.currency, fact.approx, self.period, statement.reading)


def _statements(doc: _Document, parts_of: dict[str, _Draft]) -> list[_Stated]:
    """Every figure whose words say plainly what it states, parts of a breakdown left out."""
    periods = doc.periods_in_force
    stated = []
    for placed in doc.placed:
        if not _restatable(placed) or placed.id in parts_of:
            continue
        statement = read_statement(
            doc.text, doc.sentence_start(placed.start), placed.start, placed.end, placed.fact.kind
        )
        if statement is not None:
            stated.append(_Stated(placed, statement, periods[placed.id]))
    return stated


def find_restatements(doc: _Document, parts_of: dict[str, _Draft]) -> list[_Draft]:
    """One figure stated again in other words:
    - a summary and its section: 上半年,全市生产总值… and 初步核算…,上半年,全市生产总值…;
    - a level's growth and the growth alone: 第三产业增加值9352.1亿元,增长7.6% and
      全市第三产业增加值增长7.6%;
    - one metric under two names: 国内生产总值增长5%左右 and 经济增长预期目标为5%左右.
    Both must name one metric in one reading, for one period, with the same qualifiers and
    scope (statements.py). Parts of a breakdown are left out, since their names repeat across
    scopes, and so are two figures of one run of clauses. A name the vocabulary does not list
    may still repeat for another actor or unit named in a heading (市教育局。主动公开信息80条), so
    two statements of it link only when a figure beside each also restates the other's, with
    the same value: a passage stated twice, not one name met twice."""
    stated = _statements(doc, parts_of)
    groups: dict[tuple[object, ...], list[_Stated]] = defaultdict(list)
    for item in stated:
        for metric in item.statement.metrics:
            key = (metric, *item.key(), item.statement.qualifiers, item.statement.scope)
            groups[key].append(item)
    agreeing = _agreeing_by_sentence(doc, [g for g in groups.values() if _apart(g)])
    drafts = []
    for (named, *_), members in groups.items():
        if not _apart(members):
            continue
        if not is_listed(str(named)):
            members = [
                m
                for m in members
                if any(_supported(doc, m, other, agreeing) for other in members if other is not m)
            ]
        if len(members) >= 2:
            drafts.append(_restated(members, "restated"))
    return [*drafts, *_restated_lists(stated)]


def _agreeing_by_sentence(
    doc: _Document, groups: list[list[_Stated]]
) -> dict[tuple[int, int], set[tuple[str, str]]]:
    """The pairs of statements of one metric with one value, by the sentences they stand in; a
    value of one significant digit (5件, 100%) agrees too often by chance to count."""
    found: dict[tuple[int, int], set[tuple[str, str]]] = defaultdict(set)
    for members in groups:
        for first, second in itertools.permutations(members, 2):
            if _distinctive(first.placed) and _agree(first.placed, second.placed):
                sentences = (
                    doc.sentence_start(first.placed.start),
                    doc.sentence_start(second.placed.start),
                )
                found[sentences].add((first.placed.id, second.placed.id))
    return found


def _distinctive(placed: _Placed) -> bool:
    """Written with two significant digits or more (560, 3.4; not 5, 100)."""
    written = compiled_pattern(r"\d[\d.,]*").search(placed.fact.text)
    if written is None:
        return False
    digits = written.group().replace(",", "").lstrip("0.")
    if "." not in written.group():
        digits = digits.rstrip("0")
    return len(digits.replace(".", "")) >= 2


def _supported(
    doc: _Document,
    first: _Stated,
    second: _Stated,
    agreeing: dict[tuple[int, int], set[tuple[str, str]]],
) -> bool:
    """Whether other figures of the two sentences restate each other with one value."""
    sentences = (
        doc.sentence_start(first.placed.start),
        doc.sentence_start(second.placed.start),
    )
    return any(
        one != first.placed.id and other != second.placed.id for one, other in agreeing[sentences]
    )


def _apart(members: list[_Stated]) -> bool:
    """Two or more statements, each in a run of clauses of its own."""
    runs = [m.statement.run for m in members]
    return len(runs) >= 2 and len(set(runs)) == len(runs)


def _restated(members: list[_Stated], cue: str) -> _Draft:
    placed = [m.placed for m in members]
    return _Draft("same_metric", {"facts": [p.id for p in placed]}, placed, cue=cue, explicit=True)


def _restated_lists(stated: list[_Stated]) -> list[_Draft]:
    """Two 分别 lists of the same items, in one reading and for one period, are one list stated
    twice when at least one item has the same figure in both, whatever clause opens either:
    博彩服务出口及其他旅游服务出口的升幅分别扩大至781.4%及255.4% and …分别上升781.4%及255.4%."""
    lists: dict[tuple[object, ...], dict[int, dict[int, _Stated]]] = defaultdict(dict)
    for item in stated:
        items = item.statement.items
        if items:
            occurrence = lists[(*item.key(), items)].setdefault(item.statement.run, {})
            occurrence[item.statement.position] = item
    drafts = []
    for occurrences in lists.values():
        for first, second in itertools.combinations(occurrences.values(), 2):
            shared = sorted(set(first) & set(second))
            if any(_agree(first[i].placed, second[i].placed) for i in shared):
                drafts += [_restated([first[i], second[i]], "restated") for i in shared]
    return drafts


_ITEM_CUE = regex.compile(r"(?:由|包括|包含|涵盖|涉及|分为|分成|即|有|:|：)")
_ITEM_CONJUNCTION = regex.compile(r"和|及|与|以及")


def _split_items(text: str) -> list[str]:
    """Pieces of a list: at every 、, and at 和/及/与/以及 after the last 、 only (A、B和C).

    Splitting the last piece on its own keeps this linear; a regular expression that looks
    ahead for a later 、 from every conjunction is quadratic on a long run of them.
    """
    *heads, last = text.split("、")
    return [*heads, *_ITEM_CONJUNCTION.split(last)]


def _listed_items(doc: _Document, placed: _Placed) -> tuple[list[str], bool] | None:
    """Items listed right before a count (市、县、镇、村四级; …等5个部分), and whether the list
    claims to be complete (…等6个专题: 等 lists examples only)."""
    start = doc.sentence_start(placed.start)
    before = doc.text[start : placed.start]
    if not _ITEM_CUE.search(before):
        before = before[before.rfind(",") + 1 :]
    cue_ends = [cue.end() for cue in _ITEM_CUE.finditer(before)]
    if cue_ends:
        before = before[cue_ends[-1] :]
    stripped = before.strip()
    complete = not compiled_pattern(r"等(?:共|计)?$").search(stripped)
    before = compiled_pattern(r"(?:等|共|计|这|上述)+$").sub("", stripped)
    by_comma = bool(cue_ends) and compiled_pattern(r"[,，]").search(before) is not None
    if (
        compiled_pattern(r"[\d;；]").search(before)
        or not (by_comma or "、" in before)
        or (not by_comma and compiled_pattern(r"[,，]").search(before))
    ):
        return None
    pieces = regex.split(r"[,，]", before) if by_comma else _split_items(before)
    items = [item.strip() for item in pieces if item.strip()]
    longest = 30 if cue_ends else 12
    if len(items) < 2 or any(len(item) > longest for item in items):
        return None
    return (items if by_comma else _merge_broken_items(items)), complete


_LIST_AFTER = regex.compile(r"\p{Han}{0,4}[:：]([^。\n]{2,200})")


def _items_after(doc: _Document, placed: _Placed) -> list[str] | None:
    """Items listed right after a count and a colon (报告分三个部分:A,B,C。)."""
    match = _LIST_AFTER.match(doc.text, placed.end)
    if match is None:
        return None
    items = [
        item.strip()
        for item in compiled_pattern(r"[,，、;；]").split(match.group(1))
        if item.strip()
    ]
    if len(items) < 2 or any(
        len(item) > 30 or compiled_pattern(r"[:：]").search(item) for item in items
    ):
        return None
    return items


def _merge_broken_items(items: list[str]) -> list[str]:
    """Join items split at a 、 inside one item: most items share an ending (情况) that the
    fragments lack (…行政复议、行政诉讼情况 is one item)."""
    endings: dict[str, int] = defaultdict(int)
    for item in items:
        endings[item[-2:]] += 1
    ending, count = max(endings.items(), key=lambda pair: pair[1])
    if len(items) < 3 or count < 0.6 * len(items):
        return items
    merged: list[str] = []
    pending = ""
    for index, item in enumerate(items):
        pending = f"{pending}、{item}" if pending else item
        follows = items[index + 1] if index + 1 < len(items) else None
        if item.endswith(ending) or follows is None or not follows.endswith(ending):
            merged.append(pending)
            pending = ""
    return merged


def find_item_counts(doc: _Document) -> list[_Draft]:
    """A stated number of items and the items listed."""
    drafts = []
    for placed in doc.placed:
        fact = placed.fact
        if fact.kind != "count" or fact.unit not in cues().item_units or placed.number is None:
            continue
        if not 2 <= placed.number <= _MAX_ITEMS or fact.approx:
            continue
        after = _items_after(doc, placed)
        listed = (after, True) if after is not None else _listed_items(doc, placed)
        if listed is None:
            continue
        items, complete = listed
        drafts.append(
            _Draft(
                "item_count",
                {"count": fact.id},
                [placed],
                cue="、",
                explicit=True,
                items=items,
                exhaustive=complete,
            )
        )
    return drafts


def _without_repeats(drafts: list[_Draft]) -> list[_Draft]:
    """The drafts, less the same-metric ones whose facts an earlier one already relates."""
    kept: list[_Draft] = []
    related: list[frozenset[str]] = []
    for draft in drafts:
        if draft.type == "same_metric":
            ids = frozenset(str(i) for i in draft.roles["facts"])
            if any(ids <= other for other in related):
                continue
            related.append(ids)
        kept.append(draft)
    return kept


def find_relations(view: TextView, extraction: Extraction) -> list[Relation]:
    """Relations among the facts of one document."""
    doc = _Document(view, extraction)
    parts = find_parts(doc)
    parts_of = {pid: draft for draft in parts for pid in draft.roles["parts"]}
    ratios = find_ratios(doc, parts_of)
    drafts = [
        *parts,
        *ratios,
        *find_percent_sums(parts, ratios),
        *find_complementary_shares(doc),
        *find_balances(doc),
        *find_channel_parts(doc),
        *find_level_sums(doc),
        *find_growths(doc),
        *find_rate_gaps(doc),
        *find_named_shares(doc, ratios),
        *find_same_metrics(doc, parts_of),
        *find_item_counts(doc),
        *find_grid_relations(doc),
        *find_translations(doc),
        *find_headline_restatements(doc),
        *find_lead_restatements(doc),
        *find_restatements(doc, parts_of),
    ]
    relations = []
    for number, draft in enumerate(_without_repeats(drafts), start=1):
        members = draft.members
        relations.append(
            Relation(
                id=f"r{number}",
                type=draft.type,
                roles=draft.roles,
                exhaustive=draft.exhaustive,
                candidates=draft.candidates,
                explicit=draft.explicit,
                items=draft.items,
                scales=draft.scales,
                cue=draft.cue,
                span=(min(m.fact.span[0] for m in members), max(m.fact.span[1] for m in members)),
            )
        )
    return relations


def _cell_facts(doc: _Document, grids: list[Grid]) -> dict[tuple[int, int, int], _Placed]:
    """The fact in each numeric cell, keyed by (grid, row, column)."""
    found: dict[tuple[int, int, int], _Placed] = {}
    for number, grid in enumerate(grids):
        for row in grid.rows:
            for cell in row.cells:
                placed = next((p for p in doc.placed if cell.start <= p.start < cell.end), None)
                if placed is not None and placed.number is not None:
                    found[(number, cell.row, cell.column)] = placed
    return found


@dataclass(frozen=True)
class _Breakdown:
    """Rows of a grid that break the total row down; ``complete`` when the layout says the parts
    make the whole (a 合计 row), otherwise the values decide (一 其中 lists some parts only)."""

    total: int
    parts: list[int]
    cue: str
    complete: bool = False


def _indented_parent(rows: tuple[GridRow, ...], index: int) -> int | None:
    """The nearest row above that is less indented: the total an indented breakdown belongs to."""
    return next(
        (above for above in range(index - 1, -1, -1) if rows[above].indent < rows[index].indent),
        None,
    )


def _indented_parts(rows: tuple[GridRow, ...], first: int, parent: int) -> list[int]:
    """The breakdown that row ``first`` opens under its less indented total: the rows aligned with
    it (at its marker or at its words), past deeper sub-items, up to the next breakdown at its
    level, a row as little indented as the total, or a row in another unit."""
    opening = rows[first]
    unit = rows[parent].unit
    parts = [first]
    for later in range(first + 1, len(rows)):
        row = rows[later]
        if row.indent <= rows[parent].indent or (row.opens_parts and row.indent == opening.indent):
            break
        if row.unit is not None and unit is not None and row.unit != unit:
            break
        if row.opens_parts or row.indent > opening.depth:
            continue
        if row.indent < opening.indent:
            break
        parts.append(later)
    return parts


def _marked_breakdowns(grid: Grid) -> list[_Breakdown]:
    """Rows after 其中 (or #) break down the row above them; where indentation tells nothing, a
    later 其中 breaks down the same total again (其中:第一产业… then 其中:农林牧渔业…)."""
    found: list[_Breakdown] = []
    rows = grid.rows
    unindented_total: int | None = None
    for index, row in enumerate(rows):
        if not row.opens_parts or index == 0:
            continue
        parent = _indented_parent(rows, index)
        if parent is not None:
            found.append(_Breakdown(parent, _indented_parts(rows, index, parent), "其中"))
            continue
        end = index + 1
        while end < len(rows) and not rows[end].opens_parts:
            end += 1
        if unindented_total is None:
            unindented_total = index - 1
        found.append(_Breakdown(unindented_total, list(range(index, end)), "其中"))
    return found


def _total_row_breakdowns(grid: Grid) -> list[_Breakdown]:
    """The one 合计 row of a grid and the rows it sums: those after it when it comes first, those
    before it otherwise. Only plain rows at its own indentation: with a 其中, a second total row,
    an outline number or an indented row among them, which rows the total sums is not certain."""
    rows = grid.rows
    totals = [index for index, row in enumerate(rows) if row.is_total]
    if len(totals) != 1:
        return []
    total = totals[0]
    parts = list(range(1, len(rows))) if total == 0 else list(range(total))
    stated_units = {rows[r].unit for r in [total, *parts] if rows[r].unit is not None}
    if (
        len(parts) < 2
        or len(stated_units) > 1
        or any(
            rows[p].opens_parts
            or rows[p].indent != rows[total].indent
            or rows[p].names_a_sum
            or rows[p].is_numbered
            for p in parts
        )
    ):
        return []
    return [_Breakdown(total, parts, "合计", complete=True)]


def _grid_parts(
    grid: Grid, number: int, facts: dict[tuple[int, int, int], _Placed]
) -> list[_Draft]:
    """A parts_total relation per amount column of every breakdown the grid prints; a column with
    a negative value (a change) is left out, since its parts may exceed the total, and so is a
    column of a complete breakdown with a blank part, whose sum the table does not give."""
    drafts: list[_Draft] = []
    for breakdown in [*_marked_breakdowns(grid), *_total_row_breakdowns(grid)]:
        first = grid.rows[breakdown.parts[0]]
        columns = {c.column for c in first.cells if c.unit is None or not c.unit.percent}
        for column in sorted(columns):
            total = facts.get((number, breakdown.total, column))
            parts = [facts[key] for r in breakdown.parts if (key := (number, r, column)) in facts]
            if total is None or not parts or any((p.number or 0) < 0 for p in [total, *parts]):
                continue
            if breakdown.complete and len(parts) < len(breakdown.parts):
                continue
            exact = abs(sum(p.number or 0 for p in parts) - (total.number or 0)) < 1e-9
            drafts.append(
                _Draft(
                    "parts_total",
                    {"total": total.id, "parts": [p.id for p in parts]},
                    [total, *parts],
                    exhaustive=breakdown.complete or (exact and len(parts) > 1),
                    cue=breakdown.cue,
                    explicit=True,
                )
            )
    return drafts


def _label_key(label: str) -> str:
    # A bracketed note is at most 100 characters, so a run of ( cannot make this quadratic.
    return compiled_pattern(r"[(（][^)）]{0,100}[)）]|\s").sub("", label)


def _qualified(name: str) -> tuple[str, frozenset[str]]:
    """A metric's name without its qualifiers, and the groups of those qualifiers:
    本地生产总值(当年价格) and 名义本地生产总值 are both (本地生产总值, {nominal}).

    >>> _qualified("人均本地生产总值(环比物量)")
    ('人均本地生产总值', frozenset({'real'}))
    >>> _qualified("人均实际本地生产总值")
    ('人均本地生产总值', frozenset({'real'}))
    """
    words = vocabulary()
    basis = words.price_basis_words
    groups = frozenset(words.price_basis[m.group()] for m in basis.finditer(name))
    return _label_key(basis.sub("", name)), groups


_GROWTH_BEFORE = regex.compile(r"(?:增长|下降|增速|增幅|降幅|回落|上升|提高)(?:了|为|达)?$")


def _matching_prose(
    doc: _Document, grid: Grid, cell: GridCell, grids: list[Grid]
) -> _Placed | None:
    """The one prose fact that states what a cell states: same kind, a subject naming the row
    and no other row, of the same magnitude (a restatement), a growth rate under a growth header.
    Rows of one name told apart by a qualifier (当年价格, 环比物量) match the prose that qualifies
    the metric alike (名义, 实际); rows told apart by anything else are skipped."""
    assert cell.unit is not None
    unit = cell.unit
    key, qualifiers = _qualified(cell.label)
    if len(key) < 2:
        return None
    named = [_qualified(row.label) for row in grid.rows]
    if named.count((key, qualifiers)) > 1:
        return None
    twins = any(other == key and groups != qualifiers for other, groups in named)
    others = {other for other, _ in named} - {key}
    kind = "percentage" if unit.percent else "money"
    cell_value = next(
        (p.number for p in doc.placed if cell.start <= p.start < cell.end and p.number is not None),
        None,
    )
    candidates = []
    for placed in doc.placed:
        if placed.fact.kind != kind or inside(grids, placed.start):
            continue
        subject, stated = _qualified(placed.fact.subject or "")
        if key not in subject:
            continue
        if stated != qualifiers and (twins or (stated and qualifiers)):
            continue
        qualifier = subject.replace(key, "", 1)
        if any(
            other and other.replace(key, "") and other.replace(key, "") in qualifier
            for other in others
        ):
            continue
        if unit.percent:
            if unit.growth and not _GROWTH_BEFORE.search(
                doc.text, max(0, placed.start - 6), placed.start
            ):
                continue
        elif placed.fact.currency != unit.currency or not _same_magnitude(
            (cell_value or 0) * unit.scale, placed.number or 0
        ):
            continue
        candidates.append(placed)
    return candidates[0] if len(candidates) == 1 else None


def _same_magnitude(a: float, b: float) -> bool:
    """Within a factor of two: a figure and its restatement in another unit."""
    return a > 0 and b > 0 and 0.5 <= a / b <= 2


def find_grid_relations(doc: _Document) -> list[_Draft]:
    """Pipe-table rows that break a total down, and cells that restate a prose figure."""
    grids = sorted(
        [*find_grids(doc.text), *find_flat_grids(doc.view.text)], key=lambda grid: grid.start
    )
    if not grids:
        return []
    facts = _cell_facts(doc, grids)
    drafts: list[_Draft] = []
    for number, grid in enumerate(grids):
        drafts += _grid_parts(grid, number, facts)
        for row in grid.rows:
            for cell in row.cells:
                placed = facts.get((number, cell.row, cell.column))
                if placed is None or cell.unit is None or placed.fact.kind != "number":
                    continue
                prose = _matching_prose(doc, grid, cell, grids)
                if prose is None:
                    continue
                scales = {} if cell.unit.percent else {placed.id: float(cell.unit.scale)}
                drafts.append(
                    _Draft(
                        "same_metric",
                        {"facts": [prose.id, placed.id]},
                        [prose, placed],
                        cue="table",
                        explicit=True,
                        scales=scales,
                    )
                )
    return drafts


_LATIN = regex.compile(r"[A-Za-z]")
_QUANTITY_CLASS = {
    "money": "money",
    "percentage": "percent",
    "percentage_point": "points",
    "count": "count",
    "number": "count",
}
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
    return latin > 40 and latin > share * len(_HAN.findall(text))


def _quantities(doc: _Document, start: int, end: int) -> list[_Placed]:
    first = bisect.bisect_left(doc.starts, start)
    last = bisect.bisect_left(doc.starts, end)
    return [
        p
        for p in doc.placed[first:last]
        if start <= p.start < end
        and p.fact.kind in _QUANTITY_CLASS
        and p.number is not None
        and not p.fact.worded
    ]


def _agree(a: _Placed, b: _Placed) -> bool:
    tolerance = max(_written_half_unit(a), _written_half_unit(b))
    return abs((a.number or 0) - (b.number or 0)) <= tolerance + 1e-9


def _written_half_unit(placed: _Placed) -> float:
    from nlp_reports.checks import amount_tolerance, tolerance_of

    fact = placed.fact
    return tolerance_of(fact) if fact.kind.startswith("percentage") else amount_tolerance(fact)


def _same_class(a: _Placed, b: _Placed) -> bool:
    return _QUANTITY_CLASS[a.fact.kind] == _QUANTITY_CLASS[b.fact.kind]


def _align(
    first: list[_Placed],
    second: list[_Placed],
    pairable: Callable[[_Placed, _Placed], bool] = _same_class,
) -> list[tuple[_Placed, _Placed]]:
    """Pairs that may pair (by default, of the same class) in the same order (an alignment of
    most score); equal values score more, so a translation's figures pair with their originals
    even where one of them differs."""
    rows, columns = len(first), len(second)
    score = [[0.0] * (columns + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(columns - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if pairable(first[i], second[j]):
                best = max(
                    best, score[i + 1][j + 1] + (2.0 if _agree(first[i], second[j]) else 1.0)
                )
            score[i][j] = best
    pairs = []
    i = j = 0
    while i < rows and j < columns:
        pairs_up = pairable(first[i], second[j])
        gain = 2.0 if pairs_up and _agree(first[i], second[j]) else 1.0
        if pairs_up and score[i][j] == score[i + 1][j + 1] + gain:
            pairs.append((first[i], second[j]))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def find_translations(doc: _Document) -> list[_Draft]:
    """A paragraph in Chinese followed by its English translation states the same figures in the
    same order: each pair of aligned figures is one metric stated twice."""
    drafts: list[_Draft] = []
    lines = doc.view.text
    if not _is_english(lines, share=0):
        return drafts
    for (start, end), (next_start, next_end) in itertools.pairwise(_paragraphs(lines)):
        original, translation = lines[start:end], lines[next_start:next_end]
        if _is_english(original) or not _is_english(translation):
            continue
        first, second = _quantities(doc, start, end), _quantities(doc, next_start, next_end)
        pairs = _align(first, second)
        agreeing = sum(_agree(a, b) for a, b in pairs)
        if not pairs or len(pairs) < _MIN_ALIGNED_SHARE * min(len(first), len(second)):
            continue
        if agreeing < _MIN_ALIGNED_SHARE * len(pairs):
            continue
        drafts += [
            _Draft("same_metric", {"facts": [a.id, b.id]}, [a, b], cue="translation", explicit=True)
            for a, b in pairs
        ]
    return drafts


_HEADLINE_MAX = 30
_HEADLINE_REACH = 3
_MIN_SEARCHED_NAME = 4


def find_headline_restatements(doc: _Document) -> list[_Draft]:
    """A short line without a sentence end (a headline, a subheading) states a figure that the
    paragraphs after it give in full: the one figure there of the same measure and reading that
    names the same metric, by its subject (GDP over 本地生产总值) or, when it has none, by the
    words of its sentence (全省生产总值达到6790亿元 over …全省生产总值连续跨越两个千亿元台阶,预计
    年均增长10.5%,达到6790亿元); of the period the headline states, when it states one."""
    drafts: list[_Draft] = []
    periods = doc.periods_in_force
    lines = _paragraphs(doc.view.text)
    for number, (start, end) in enumerate(lines):
        line = doc.view.text[start:end].strip()
        if len(line) > _HEADLINE_MAX or _SENTENCE_END.search(line.rstrip("。")):
            continue
        body_end = lines[min(number + _HEADLINE_REACH, len(lines) - 1)][1]
        dated = any(
            p.fact.kind in {"date", "period"} and _period_stated(doc, p) is not None
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
                    if _same_measure(p.fact, headline.fact)
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
                    _Draft(
                        "same_metric",
                        {"facts": [headline.id, matches[0].id]},
                        [headline, matches[0]],
                        cue="headline",
                        explicit=True,
                    )
                )
    return drafts


def _body_end(doc: _Document, lines: list[tuple[int, int]], number: int) -> int:
    """The end of the paragraphs a headline stands over, short lines between left aside (a date,
    a second headline, 收藏 and 分享 under a kicker)."""
    reached = 0
    for start, end in lines[number + 1 :]:
        line = doc.view.text[start:end].strip()
        if len(line) > _HEADLINE_MAX or _SENTENCE_END.search(line.rstrip("。")):
            reached += 1
            if reached == _HEADLINE_REACH:
                return end
    return len(doc.view.text)


def _restating_words(doc: _Document, headline: _Placed, body_end: int) -> list[_Placed]:
    """The figures after a headline figure that names nothing itself (回复至疫前逾八成水平)
    whose words it shortens (已回复至2019年逾八成水平), time words set aside."""
    words = doc.figure_words(headline)
    heading = doc.view.text[: headline.start]
    return [
        p
        for p in _quantities(doc, headline.end, body_end)
        if _same_measure(p.fact, headline.fact)
        and p.fact.approx == headline.fact.approx
        and _shortened(words, doc.figure_words(p), heading)
    ]


_LEAD_PARAGRAPHS = 5
_MIN_LEAD_SUPPORT = 2
_MIN_LEAD_WORDS = 4


def find_lead_restatements(doc: _Document) -> list[_Draft]:
    """A lead at the top of a text (a summary under its headline) repeats figures of the body in
    the body's order and in fewer words: 税收总量达1506.8亿元,占全市税收总量比重的58.3%;城镇新增
    65.6万就业人员中,超过70%在民营市场主体…… over 2020年,全市民营经济税收总量1506.8亿元,占全市
    税收总量比重的58.3%. The lead's figures are aligned in order with the later ones whose words
    they shorten (_shortened); a pair is one figure stated twice when two other aligned pairs,
    each of two significant digits or more, have one value: a passage repeated, not a name met
    twice by chance."""
    drafts: list[_Draft] = []
    lines = _paragraphs(doc.view.text)
    periods = doc.periods_in_paragraph

    def shortens(heading: str, lead: _Placed, body: _Placed) -> bool:
        period, other = periods.get(lead.id), periods.get(body.id)
        return (
            _same_measure(lead.fact, body.fact)
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
        agreeing = {a.id for a, b in pairs if _distinctive(a) and _agree(a, b)}
        for a, b in pairs:
            if len(agreeing - {a.id}) >= _MIN_LEAD_SUPPORT:
                drafts.append(
                    _Draft(
                        "same_metric", {"facts": [a.id, b.id]}, [a, b], cue="lead", explicit=True
                    )
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
        and len(_HAN.findall(short_before + short_after)) >= _MIN_LEAD_WORDS
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


def _names_metric(doc: _Document, placed: _Placed, metrics: frozenset[str]) -> bool:
    """Whether a figure is of one of these metrics: by its subject, or, when it has none, by a
    name of theirs in its sentence before it, one of four characters at least (经济 or GDP is
    part of too many other names to tell)."""
    subject = placed.fact.subject
    if subject:
        return bool(metrics_named(subject) & metrics)
    before = doc.text[doc.sentence_start(placed.start) : placed.start]
    return any(len(name) >= _MIN_SEARCHED_NAME and name in before for name in names_of(metrics))
