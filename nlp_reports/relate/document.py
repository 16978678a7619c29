"""The document every finder reads, and what the finders share.

``Document`` holds the view, its text with the lines a PDF wrapped mid-sentence joined
(``join_wrapped_lines``), and its facts in order, each ``Placed`` with its view span and its role:
a *level*, a *change* or a *whole* a percentage is taken of. It answers the lookups every finder
needs: sentences, paragraphs and the period each figure is of. A finder returns ``Draft``
relations, which ``find_relations`` numbers. The cue words the finders read are data
(``cues()``: ``profiles/common/relation_cues.yaml``).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Literal

import regex
import yaml

from nlp_reports.compiled import compiled_pattern
from nlp_reports.facts import Extraction
from nlp_reports.normalise import TextView
from nlp_reports.records import Fact, RelationType
from nlp_reports.statements import figure_words

CUES_PATH = Path(__file__).parent.parent / "profiles" / "common" / "relation_cues.yaml"
_AMOUNTS = frozenset({"count", "money", "number"})
SENTENCE_END = regex.compile(r"[。!?！？\n]")
HAN = regex.compile(r"\p{Han}")
NUMBERISH = regex.compile(
    r"[\d０-９.,%]+|[零〇○一二两三四五六七八九十百千万亿]+(?=[个项件人次条家]|$)"
)
AMONG = regex.compile(r"\p{Han}{0,10}中[,，:：]")
GROWTH_BEFORE = regex.compile(r"(?:增长|下降|增速|增幅|降幅|回落|上升|提高)(?:了|为|达)?$")
MAX_ITEMS = 20
QUANTITY_CLASS = {
    "money": "money",
    "percentage": "percent",
    "percentage_point": "points",
    "count": "count",
    "number": "count",
}

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
    column_statement: regex.Pattern[str]
    item_units: frozenset[str]
    structure_units: frozenset[str]
    channel_verbs: tuple[str, ...]
    # Every word of a pair of complements → (pair, side); and all of them, longest first.
    complement_of: dict[str, tuple[int, int]]
    complements: regex.Pattern[str]


@cache
def cues() -> Cues:
    """The relation cue patterns, loaded once."""
    data = yaml.safe_load(CUES_PATH.read_text(encoding="utf-8"))
    patterns = {
        name: regex.compile("|".join(f"(?:{p})" for p in data[name]))
        for name in Cues.__dataclass_fields__
        if name
        not in {"item_units", "structure_units", "channel_verbs", "complement_of", "complements"}
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
        structure_units=frozenset(data["structure_units"]),
        channel_verbs=tuple(data["channel_verbs"]),
        complement_of=complement_of,
        complements=regex.compile("|".join(regex.escape(w) for w in ordered)),
    )


@dataclass(frozen=True)
class Placed:
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
    def is_level(self) -> bool:
        """A single amount read as a level: not a change, not the whole of a percentage."""
        return self.is_amount and self.role == "level"

    @property
    def is_percent(self) -> bool:
        return self.fact.kind == "percentage" and self.number is not None


def same_measure(a: Fact, b: Fact) -> bool:
    return a.kind == b.kind and a.unit == b.unit and a.currency == b.currency


def may_share_measure(a: Fact, b: Fact) -> bool:
    """Same measure, or a bare number among counts (部门动态402 among 条): its unit left out."""
    if same_measure(a, b):
        return True
    kinds = {a.kind, b.kind}
    return kinds == {"count", "number"} and (a.unit is None or b.unit is None)


@dataclass
class Draft:
    type: RelationType
    roles: dict[str, str | list[str]]
    members: list[Placed]
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


class Document:
    """The view and its facts in order, with the lookups every finder needs."""

    def __init__(self, view: TextView, extraction: Extraction) -> None:
        self.view = view
        self.text = join_wrapped_lines(view.text)
        self._stops = [m.start() for m in SENTENCE_END.finditer(self.text)]
        self._breaks = [m.start() for m in compiled_pattern(r"\n").finditer(self.text)]
        self._numbers: dict[int, tuple[str, list[int]]] = {}
        self._figure_words: dict[str, tuple[str, str]] = {}
        placed = [Placed(f, *extraction.view_spans[f.id]) for f in extraction.facts]
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

    def figure_words(self, placed: Placed) -> tuple[str, str]:
        """The words before and after a figure in the view (statements.figure_words), read once
        for the headline and the lead finders alike."""
        if placed.id not in self._figure_words:
            self._figure_words[placed.id] = figure_words(self.view.text, placed.start, placed.end)
        return self._figure_words[placed.id]

    def index(self, placed: Placed) -> int:
        """Position of a fact in ``placed``: a lookup, where list.index compared every record."""
        return self._index_of[placed.id]

    def _with_role(self, index: int, placed: Placed, everything: list[Placed]) -> Placed:
        if not placed.is_amount:
            return placed
        previous_end = everything[index - 1].end if index else 0
        before = self.text[max(previous_end, placed.start - 12) : placed.start]
        if cues().change.search(before):
            return Placed(placed.fact, placed.start, placed.end, "change")
        following = everything[index + 1] if index + 1 < len(everything) else None
        if following is not None and following.is_percent:
            between = self.text[placed.end : following.start]
            if cues().whole_of.search(between):
                return Placed(placed.fact, placed.start, placed.end, "whole_of")
        return placed

    def gap(self, left: Placed, right: Placed) -> str:
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
        return self._numbers_of(start)[0]

    def numbers_before(self, start: int, position: int) -> int:
        """How many numbers the sentence starting at ``start`` masks before ``position``."""
        return bisect.bisect_left(self._numbers_of(start)[1], position)

    def _numbers_of(self, start: int) -> tuple[str, list[int]]:
        """The sentence starting at ``start`` with its numbers masked, and where they start: one
        scan per sentence, however many of its figures ask."""
        if start not in self._numbers:
            end = self.sentence_end(start)
            pieces, starts, previous = [], [], start
            for match in NUMBERISH.finditer(self.text, start, end):
                pieces.append(self.text[previous : match.start()])
                starts.append(match.start())
                previous = match.end()
            pieces.append(self.text[previous:end])
            self._numbers[start] = ("#".join(pieces), starts)
        return self._numbers[start]

    def paragraph_start(self, position: int) -> int:
        """Offset just after the last line break before ``position`` (a lookup, where a search
        back through a long paragraph for each fact was quadratic)."""
        index = bisect.bisect_left(self._breaks, position)
        return self._breaks[index - 1] + 1 if index else 0

    @cached_property
    def level_before(self) -> list[int | None]:
        """For each fact, the index of the nearest level amount before it: a lookup, where a
        walk back over a long run of percentages was quadratic."""
        found: list[int | None] = []
        last: int | None = None
        for index, placed in enumerate(self.placed):
            found.append(last)
            if placed.is_level:
                last = index
        return found

    def levels(self) -> Iterator[tuple[int, Placed]]:
        for index, placed in enumerate(self.placed):
            if placed.is_level:
                yield index, placed


class RelatedSets:
    """Sets of related facts, asked whether one of them already holds a new set: looked up by
    a member, where comparing with every set kept was quadratic in the number of relations."""

    def __init__(self) -> None:
        self._by_member: dict[str, list[frozenset[str]]] = defaultdict(list)

    def covers(self, ids: frozenset[str]) -> bool:
        member = next(iter(ids), None)
        return member is not None and any(ids <= kept for kept in self._by_member[member])

    def add(self, ids: frozenset[str]) -> None:
        for member in ids:
            self._by_member[member].append(ids)


@lru_cache(maxsize=1024)
def han_count(text: str) -> int:
    """Han characters in a masked sentence, which every figure of the sentence asks for."""
    return len(HAN.findall(text))


def agree(a: Placed, b: Placed) -> bool:
    tolerance = max(_written_half_unit(a), _written_half_unit(b))
    return abs((a.number or 0) - (b.number or 0)) <= tolerance + 1e-9


def _written_half_unit(placed: Placed) -> float:
    from nlp_reports.checks import amount_tolerance, tolerance_of

    fact = placed.fact
    return tolerance_of(fact) if fact.kind.startswith("percentage") else amount_tolerance(fact)


def distinctive(placed: Placed) -> bool:
    """Written with two significant digits or more (560, 3.4; not 5, 100)."""
    written = compiled_pattern(r"\d[\d.,]*").search(placed.fact.text)
    if written is None:
        return False
    digits = written.group().replace(",", "").lstrip("0.")
    if "." not in written.group():
        digits = digits.rstrip("0")
    return len(digits.replace(".", "")) >= 2


def _periods_by_sentence(doc: Document) -> dict[int, str]:
    """The first period or date stated in each sentence, by sentence start."""
    found: dict[int, str] = {}
    for placed in doc.placed:
        if placed.fact.kind in {"period", "date"} and isinstance(placed.fact.value, str):
            found.setdefault(doc.sentence_start(placed.start), placed.fact.value)
    return found


_COMPARED_DATE = regex.compile(r"(?:比|较|于|至|与|同)$")
_STOCK_DATE = regex.compile(r"(?:截至|截止|到)$")
_DAY = regex.compile(r"-\d{2}-\d{2}$")


def period_stated(doc: Document, placed: Placed) -> str | None:
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


def _periods_in_force(doc: Document, inherit: bool = True) -> dict[str, str]:
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
            stated = period_stated(doc, placed)
            in_sentence = in_sentence or stated
            document = document or stated
            continue
        found[placed.id] = in_sentence or in_paragraph or (document if inherit else None) or ""
    return found
