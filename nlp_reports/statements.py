"""What a figure is a figure of, read from the words before it: the metric it names, whether it is
a level, a growth rate, a share or a gap, and the qualifiers and scope that narrow it.

A text states one figure twice in other words: ``上半年,全市生产总值9927.60亿元`` in a summary and
``初步核算…,上半年,全市生产总值9927.60亿元`` in the full text; ``第三产业增加值9352.1亿元,增长7.6%``
and ``全市第三产业增加值增长7.6%``; ``国内生产总值增长5%左右`` and ``经济增长预期目标为5%左右``.
Reading both as the same ``Statement`` lets the checks compare them. A statement is read only
where the words leave no doubt; anything else (a figure whose name holds another figure, a clause
the vocabulary does not know) reads as ``None``. The vocabulary is data:
``profiles/common/metric_names.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import regex
import yaml

from nlp_reports.compiled import compiled_pattern

_NAMES_PATH = Path(__file__).parent / "profiles" / "common" / "metric_names.yaml"
_FIGURE = regex.compile(
    r"[\d０-９][\d０-９.,]*%?"
    r"|(?<![零〇○一二两三四五六七八九十百千])[零〇○一二两三四五六七八九十百千]++(?=[个项件人次条家级])"
)
_FIGURE_MARK = "#"
_MASKED_AMOUNT = regex.compile(r"#\p{Han}{0,4}$")
_CLAUSE_BREAK = regex.compile(r"[,，:：;；]")
_CLAUSE_END = regex.compile(r"[,，:：;；。!?！？\n]")
_CLAUSE_START = regex.compile(r"(?r)[,，:：;；。!?！？\n]")
_MAX_CLAUSE = 60
_MAX_SENTENCE = 600
_RUN_START = regex.compile(r"(?r)[;；]")
_LIST_JOINT = regex.compile(r"及|和|与|以及|、")
_NAME_CHARS = regex.compile(r"[\p{Han}A-Za-z]")
_MIN_NAME_CHARS = 4


def _alternation(words: list[str]) -> regex.Pattern[str]:
    """One pattern of plain words, the longest first, so that 规模以上 wins over 以上."""
    ordered = sorted(words, key=len, reverse=True)
    return regex.compile("|".join(regex.escape(w) for w in ordered))


def _any_of(patterns: list[str]) -> regex.Pattern[str]:
    return regex.compile("|".join(f"(?:{p})" for p in patterns))


@dataclass(frozen=True)
class Vocabulary:
    """metric_names.yaml, compiled."""

    canonical: dict[str, frozenset[str]]
    # Each canonical metric with its names: the synonyms the relate stage substitutes.
    synonyms: tuple[frozenset[str], ...]
    # Price basis word → its group (nominal, real), for table rows against prose.
    price_basis: dict[str, str]
    # The price-basis words, longest first.
    price_basis_words: regex.Pattern[str]
    qualifiers: regex.Pattern[str]
    scope_clause: regex.Pattern[str]
    preamble: regex.Pattern[str]
    neutral: regex.Pattern[str]
    default_scope: regex.Pattern[str]
    periods: regex.Pattern[str]
    leading_links: regex.Pattern[str]
    trailing_links: regex.Pattern[str]
    growth: regex.Pattern[str]
    share: regex.Pattern[str]
    gap: regex.Pattern[str]


@cache
def vocabulary() -> Vocabulary:
    """The metric names and their qualifiers, loaded once."""
    data = yaml.safe_load(_NAMES_PATH.read_text(encoding="utf-8"))
    canonical: dict[str, set[str]] = {}
    for metric, variants in data["names"].items():
        for variant in {metric, *variants}:
            canonical.setdefault(variant, set()).add(metric)
    leading, trailing = data["links"]
    price_basis = {word: basis for basis, words in data["price_bases"].items() for word in words}
    return Vocabulary(
        canonical={name: frozenset(metrics) for name, metrics in canonical.items()},
        synonyms=tuple(frozenset({metric, *names}) for metric, names in data["names"].items()),
        price_basis=price_basis,
        price_basis_words=_alternation(list(price_basis)),
        qualifiers=_alternation(data["qualifiers"]),
        scope_clause=_any_of(data["scope_clauses"]),
        preamble=_any_of(data["preamble"]),
        neutral=_any_of(data["neutral"]),
        default_scope=_alternation(data["default_scope"]),
        periods=_any_of(data["periods"]),
        leading_links=regex.compile(leading),
        trailing_links=regex.compile(trailing),
        growth=regex.compile(data["growth"]),
        share=regex.compile(data["share"]),
        gap=regex.compile(data["gap"]),
    )


def metrics_named(name: str) -> frozenset[str]:
    """The canonical metrics a name stands for: those listed for it, else the name itself."""
    return vocabulary().canonical.get(name, frozenset({name}))


def is_listed(metric: str) -> bool:
    """Whether the vocabulary lists the metric under a canonical name of its own."""
    return metric in vocabulary().canonical.get(metric, frozenset())


def synonymous_names(name: str) -> frozenset[str]:
    """Every name of the metric ``name`` names: itself, and itself with a synonym in place of
    the one it starts or ends with (服务业增加值: 第三产业增加值).

    >>> sorted(synonymous_names("服务业增加值"))
    ['服务业增加值', '第三产业增加值']
    """
    names = {name}
    for group in vocabulary().synonyms:
        for word in group:
            if name.startswith(word):
                names |= {other + name[len(word) :] for other in group}
            if name.endswith(word):
                names |= {name[: len(name) - len(word)] + other for other in group}
    return frozenset(names)


def names_of(metrics: frozenset[str]) -> frozenset[str]:
    """Every name a text may give these metrics."""
    canonical = vocabulary().canonical
    return frozenset(metrics | {name for name, of in canonical.items() if of & metrics})


@dataclass(frozen=True)
class Statement:
    """One figure as the words before it present it."""

    metrics: frozenset[str]
    reading: str
    qualifiers: frozenset[str]
    scope: tuple[str, ...]
    run: int
    items: tuple[str, ...] = ()
    position: int = 0


def mask_figures(text: str) -> str:
    """The text with every figure replaced by ``#`` (its unit stays)."""
    return _FIGURE.sub(_FIGURE_MARK, text)


@lru_cache(maxsize=4096)
def _bare(clause: str) -> str:
    """A clause without its neutral words, default scope and spaces (the clauses of a sentence
    are read again for each of its figures, hence the cache)."""
    words = vocabulary()
    clause = compiled_pattern(r"\s+").sub("", clause)
    return words.default_scope.sub("", words.neutral.sub("", clause))


@lru_cache(maxsize=4096)
def _name(clause: str) -> str:
    """The metric name left in a clause once time words, qualifiers and linking words are set
    aside."""
    words = vocabulary()
    name = words.qualifiers.sub("", words.periods.sub("", _bare(clause)))
    return words.trailing_links.sub("", words.leading_links.sub("", name))


def _named(name: str) -> bool:
    return len(_NAME_CHARS.findall(name)) >= _MIN_NAME_CHARS or name in vocabulary().canonical


def _reading(clause: str, kind: str) -> tuple[str, str] | None:
    """How a figure reads from the end of its own clause (a qualifier or a linking word may stand
    between: 经济增长预期目标为), and the clause less those words."""
    words = vocabulary()
    clause = words.trailing_links.sub("", words.qualifiers.sub("", clause))
    if kind == "percentage":
        share = words.share.search(clause)
        if share is not None:
            whole = _name(share.group("whole"))
            return "share of " + "|".join(sorted(metrics_named(whole))), clause[: share.start()]
        growth = words.growth.search(clause)
        if growth is not None:
            return "growth", clause[: growth.start()]
        return "level", clause
    if kind == "percentage_point":
        gap = words.gap.search(clause)
        if gap is None:
            return None
        base = gap.group("base") or gap.group("over") or ""
        return "gap to " + base, clause[: gap.start()]
    return "level", clause


_RATE_NOUN = regex.compile(r"的?(?:升幅|增幅|降幅|跌幅|涨幅)$")
_PART_OPENER = regex.compile(r"^(?:其中|当中)")


def reading_of(text: str, start: int, kind: str) -> str | None:
    """How the figure at ``start`` reads (level, growth, share, gap) from the words of its clause
    before it; None for a percentage-point figure without a comparison."""
    read = _reading(_clause_before(text, start), kind)
    return None if read is None else read[0]


def _clause_before(text: str, start: int) -> str:
    """The figure's own clause up to it, bare and with figures masked, no longer than a long
    clause reaches."""
    stop = _CLAUSE_START.search(text, max(0, start - _MAX_CLAUSE), start)
    return _bare(mask_figures(text[stop.end() if stop else max(0, start - _MAX_CLAUSE) : start]))


def _scopes_across_runs(leading: str) -> list[str]:
    """The clauses of earlier runs of a sentence that may narrow a later run: those without
    figures of their own (服务贸易方面;…). A clause that states figures (当中博彩服务出口…的升幅分别
    扩大至#及#;…) narrows its own run only."""
    return [c for c in _CLAUSE_BREAK.split(leading) if _FIGURE_MARK not in c] if leading else []


def _narrows(clause: str, name: str) -> bool:
    """Whether a clause narrows the figures after it to what their name does not already say:
    服务贸易方面 adds nothing to 服务进口 or to 博彩服务出口, whose names are of services.

    >>> _narrows("服务贸易方面", "服务进口"), _narrows("服务贸易方面", "货物出口")
    (False, True)
    """
    scope = vocabulary().scope_clause.search(clause)
    if scope is None:
        return False
    topic = (clause[: scope.start()] + clause[scope.end() :])[:2]
    return len(_NAME_CHARS.findall(topic)) < 2 or topic not in name


def _list_item(own: str) -> tuple[int, str, tuple[str, ...]] | None:
    """The item a figure of a 分别 list stands for (A及B分别上升#及 → B), the words it reads by and
    every item. None when the figures and the items do not pair one to one, or when the items do
    not end alike: 公共建筑及设备投资 shares its words across items (公共设备投资), so that no item
    names its metric in full."""
    head, _, tail = own.partition("分别")
    listed = _RATE_NOUN.sub("", head)
    items = tuple(_name(_PART_OPENER.sub("", item)) for item in _LIST_JOINT.split(listed))
    position = tail.count(_FIGURE_MARK)
    if len(items) < 2 or position >= len(items) or not all(_named(i) for i in items):
        return None
    if len({item[-2:] for item in items}) > 1:
        return None
    verb = tail.split(_FIGURE_MARK, 1)[0]
    return position, head[len(listed) :] + verb, items


def read_statement(
    text: str, sentence_start: int, start: int, end: int, kind: str
) -> Statement | None:
    """What the figure at ``start``–``end`` states, read from its run of clauses (back to the
    last ; or the start of its sentence) and the sentence before it; None when the words do not
    say it plainly, or when the sentence is too long to be read as one statement."""
    if start - sentence_start > _MAX_SENTENCE:
        return None
    stop = _RUN_START.search(text, sentence_start, start)
    run_start = stop.end() if stop else sentence_start
    clauses = _CLAUSE_BREAK.split(mask_figures(text[run_start:start]))
    own = _bare(clauses[-1])
    rest = _rest_of_clause(text, end)
    if len(own) > _MAX_CLAUSE or len(rest) > _MAX_CLAUSE:
        return None
    naming = len(clauses) - 1
    items: tuple[str, ...] = ()
    position = 0
    if "分别" in own:
        listed = _list_item(own)
        read = None if listed is None else _reading(listed[1], kind)
        if listed is None or read is None:
            return None
        position, items = listed[0], listed[2]
        name = items[position]
    elif vocabulary().scope_clause.search(own + _FIGURE_MARK + rest):
        return None
    else:
        read = _reading(own, kind)
        if read is None or _FIGURE_MARK in read[1]:
            return None
        name = _name(read[1])
        if not _named(name) and read[0] != "level":
            naming, name = _earlier_name(clauses)
        if not _named(name):
            return None
    leading = mask_figures(text[sentence_start:run_start])
    before = _scopes_across_runs(leading) + clauses
    earlier = [_bare(c) for c in before[: len(before) - len(clauses) + naming]]
    lead_in = leading[: max(leading.rfind(":"), leading.rfind("："), -1) + 1]
    words = vocabulary()
    return Statement(
        metrics=metrics_named(name),
        reading=read[0],
        qualifiers=frozenset(words.qualifiers.findall(_bare(lead_in + "".join(clauses)))),
        scope=tuple(c for c in earlier if _narrows(c, name)),
        run=run_start,
        items=items,
        position=position,
    )


_WORDS_END = regex.compile(r"[,，:：;；。!?！？\n…]")


def figure_words(text: str, start: int, end: int) -> tuple[str, str]:
    """The words of a figure's clause before it, less time and linking words, and after it, to
    the end of the clause or an ellipsis: what a lead that repeats a passage keeps of it
    (税收总量达#亿元 for 全市民营经济税收总量#亿元)."""
    own = _clause_before(text, start)
    words = vocabulary()
    before = words.trailing_links.sub("", words.leading_links.sub("", words.periods.sub("", own)))
    rest = _WORDS_END.search(text, end, end + _MAX_CLAUSE + 1)
    after = _bare(mask_figures(text[end : rest.start() if rest else end + _MAX_CLAUSE + 1]))
    return before, after


def _rest_of_clause(text: str, end: int) -> str:
    """The words after a figure to the end of its clause, no further than a long clause reaches."""
    stop = _CLAUSE_END.search(text, end, end + _MAX_CLAUSE + 1)
    return _bare(mask_figures(text[end : stop.start() if stop else end + _MAX_CLAUSE + 1]))


def _earlier_name(clauses: list[str]) -> tuple[int, str]:
    """The name of the amount a growth rate or a gap follows (全市生产总值#亿元,按可比价格计算,
    同比增长# → 生产总值): back over neutral clauses and other rates to the clause that states an
    amount; an empty name when a clause of another kind comes first."""
    words = vocabulary()
    for index in range(len(clauses) - 2, -1, -1):
        clause = _bare(clauses[index])
        if len(clause) > _MAX_CLAUSE:
            return index, ""
        if not clause or words.preamble.search(clause):
            continue
        amount = _MASKED_AMOUNT.search(clause)
        if amount is None:
            return index, ""
        head = clause[: amount.start()]
        if words.growth.search(head) or words.gap.search(head):
            continue
        return index, "" if _FIGURE_MARK in head else _name(head)
    return 0, ""
