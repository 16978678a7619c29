"""One metric stated twice (same_metric): one sentence word for word, the same naming words for
the same period, or one figure in other words when both statements name one metric for one
period in one reading (``statements.py``).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

import regex

from nlp_reports.compiled import compiled_pattern
from nlp_reports.relate.document import (
    HAN,
    NUMBERISH,
    QUANTITY_CLASS,
    Document,
    Draft,
    Placed,
    RelatedSets,
    agree,
    cues,
    distinctive,
    han_count,
)
from nlp_reports.statements import Statement, figure_words, is_listed, read_statement

_MIN_TEMPLATE_HAN = 8
_TOPIC_PREFIX = regex.compile(r"^政府")
_MIN_PREFIX_HAN = 6
# A name or a sentence stated more often than this is a label repeated for each office or item of
# a listing, not one figure restated; comparing every pair of its statements is also quadratic.
_MAX_STATEMENTS = 20
# Words before a figure longer than this name no metric another figure repeats: the figure is
# deep in a long run of clauses, and reading the whole run for each figure is quadratic.
_MAX_PREFIX = 200


def _sentence_template(doc: Document, placed: Placed) -> tuple[str, int] | None:
    """The sentence of a fact with every number masked, and which number of it the fact is.

    Two sentences with the same words state the same metrics in the same order: a headline and
    its paragraph, a summary and its section. Facts of one sentence are never compared.
    """
    start = doc.sentence_start(placed.start)
    masked = doc.masked_sentence(start)
    if han_count(masked) < _MIN_TEMPLATE_HAN:
        return None
    return masked, doc.numbers_before(start, placed.start)


_LAST_RUN_END = regex.compile(r"(?r)[。;；!?\n]")
_PERIOD_WORDS = regex.compile(
    r"^(?:(?:\d{4}年度?)?(?:上半年|下半年|前三季度|[一二三四1-4]季度|全年|年末|年底|\d{1,2}-\d{1,2}月|1-#月)|\d{4}年度?)"
)


def _prefix_key(doc: Document, placed: Placed, period: str | None) -> tuple[str, str | None] | None:
    """The words before a quantity in its clause run (up to ; or 。), numbers masked, punctuation
    and leading period words dropped: 上半年全市生产总值 and 上半年,全市生产总值 name one metric."""
    text = doc.text
    run_end = _LAST_RUN_END.search(text, max(0, placed.start - _MAX_PREFIX), placed.start)
    if run_end is None and placed.start > _MAX_PREFIX:
        return None
    left = run_end.end() if run_end else 0
    masked = NUMBERISH.sub("#", text[left : placed.start])
    masked = _PERIOD_WORDS.sub("", compiled_pattern(r"[\s,，:：、]").sub("", masked))
    if len(HAN.findall(masked)) < _MIN_PREFIX_HAN:
        return None
    return masked, period


# A paragraph that opens by naming whom it is about (（一）市发展改革委。全年主动公开…): a short
# first sentence without figures or the words of a statement (本单位无部门网站。 says something
# about its office; it does not name it), after an optional outline number.
_PARAGRAPH_TOPIC = regex.compile(
    r"[ \t\u3000]*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?"
    r"(?P<topic>[^\d\n。:：,，;；无是了的在将已未]{2,20})[。:：]"
)


def _paragraph_topic(doc: Document, placed: Placed) -> str | None:
    """Whom the paragraph of a figure is about, when it opens by saying so: the same sentence
    about two offices states two metrics, not one stated twice."""
    start = doc.paragraph_start(placed.start)
    topic = _PARAGRAPH_TOPIC.match(doc.text, start, placed.start)
    return topic.group("topic") if topic else None


def find_same_metrics(doc: Document, parts_of: dict[str, Draft]) -> list[Draft]:
    """One metric stated twice: the same sentence word for word (a repeated paragraph), or the
    same naming words for the same period (a headline and its paragraph). Parts of a breakdown
    are compared only by whole sentence, since their names repeat across scopes (市级…其中主动公开
    …, 区级…其中主动公开…)."""
    periods = doc.periods_by_sentence
    by_sentence: dict[tuple[object, ...], list[Placed]] = defaultdict(list)
    by_prefix: dict[tuple[object, ...], list[Placed]] = defaultdict(list)
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
    drafts: list[Draft] = []
    seen = RelatedSets()
    for members in [*by_sentence.values(), *by_prefix.values()]:
        ids = frozenset(m.id for m in members)
        if not 2 <= len(members) <= _MAX_STATEMENTS:
            continue
        if not seen.covers(ids):
            seen.add(ids)
            drafts.append(
                Draft("same_metric", {"facts": [m.id for m in members]}, members, explicit=True)
            )
    return drafts


def _column_key(doc: Document, placed: Placed) -> tuple[object, ...] | None:
    """What a figure published through a column counts (通过…审计信息栏目公开信息20条): the
    column's name, the action, the object without its topic word, whether it is cumulative."""
    clause, _ = figure_words(doc.text, placed.start, placed.end)
    found = cues().column_statement.search(clause)
    if found is None:
        return None
    place = found.group("place")
    channels = list(cues().channels.finditer(place))
    column = place[channels[-1].end() :] if channels else place
    if han_count(column) < 2:
        return None
    cumulative = "累计" in clause
    return column, found.group("verb"), _TOPIC_PREFIX.sub("", found.group("object")), cumulative


def find_column_restatements(doc: Document) -> list[Draft]:
    """One column's count stated in two sentences (通过示范区管委会网站审计信息栏目公开信息20条;
    全年通过审计信息专栏公开政府信息16条): the same column, action and object, for one period and
    in paragraphs about the same office."""
    periods = doc.periods_in_force
    by_key: dict[tuple[object, ...], list[Placed]] = defaultdict(list)
    for placed in doc.placed:
        if not placed.is_level:
            continue
        key = _column_key(doc, placed)
        if key is not None:
            fact = placed.fact
            measure = (fact.kind, fact.unit, periods[placed.id], _paragraph_topic(doc, placed))
            by_key[(*key, *measure)].append(placed)
    drafts = []
    for members in by_key.values():
        sentences = {doc.sentence_start(m.start) for m in members}
        if 2 <= len(members) <= _MAX_STATEMENTS and len(sentences) == len(members):
            drafts.append(
                Draft(
                    "same_metric",
                    {"facts": [m.id for m in members]},
                    members,
                    cue="栏目",
                    explicit=True,
                )
            )
    return drafts


_NAME_AFTER = regex.compile(r"\p{Han}{2,16}")
_MIN_SHARED_NAME = 4


def shortens(short: str, name: str) -> bool:
    """Whether ``short`` starts like ``name`` and is either its start or a short form of it:
    its first character, its others in order, and its last ending a word of ``name`` at least
    four characters long (网厅 for 网上办事大厅).

    >>> shortens("网厅建设模式", "网上办事大厅建设"), shortens("网上服务平台", "网上办事大厅")
    (True, False)
    """
    common = next(
        (i for i, (one, other) in enumerate(zip(short, name, strict=False)) if one != other),
        min(len(short), len(name)),
    )
    if common >= _MIN_SHARED_NAME:
        return True
    for length in (2, 3):
        form = short[:length]
        if len(form) < length or form[0] != name[0]:
            continue
        end = name.find(form[-1], _MIN_SHARED_NAME - 1)
        if end > 0 and _in_order(form[1:-1], name[1:end]):
            return True
    return False


def _in_order(characters: str, text: str) -> bool:
    position = 0
    for character in characters:
        position = text.find(character, position) + 1
        if not position:
            return False
    return True


def find_structure_restatements(doc: Document) -> list[Draft]:
    """A count that is a property of what it names, stated again in the same paragraph before
    the same name or its short form (市、县、镇、村四级网上办事大厅…实现四级网厅…)."""
    by_paragraph: dict[tuple[int, str | None], list[tuple[Placed, str]]] = defaultdict(list)
    for placed in doc.placed:
        fact = placed.fact
        if fact.kind != "count" or fact.unit not in cues().structure_units or fact.approx:
            continue
        named = _NAME_AFTER.match(doc.text, placed.end)
        if named is not None:
            paragraph = (doc.paragraph_start(placed.start), fact.unit)
            by_paragraph[paragraph].append((placed, named.group()))
    drafts = []
    for counts in by_paragraph.values():
        if len(counts) > _MAX_STATEMENTS:
            continue
        for (first, name), (later, later_name) in itertools.combinations(counts, 2):
            if shortens(later_name, name) or shortens(name, later_name):
                drafts.append(
                    Draft("same_metric", {"facts": [first.id, later.id]}, [first, later], cue="级")
                )
    return drafts


def _restatable(placed: Placed) -> bool:
    """A single figure that may be stated again: not a date, a worded zero, a range or a change."""
    fact = placed.fact
    return (
        fact.kind in QUANTITY_CLASS
        and placed.number is not None
        and not fact.worded
        and fact.upper is None
        and placed.role != "change"
    )


@dataclass(frozen=True)
class _Stated:
    """A figure, what it states and the period it is of."""

    placed: Placed
    statement: Statement
    period: str

    def key(self) -> tuple[object, ...]:
        """What two statements of one figure share beside its name: measure, approximation,
        period and reading."""
        fact = self.placed.fact
        statement = self.statement
        return (fact.kind, fact.unit, fact.currency, fact.approx, self.period, statement.reading)


def _statements(doc: Document, parts_of: dict[str, Draft]) -> list[_Stated]:
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


def find_restatements(doc: Document, parts_of: dict[str, Draft]) -> list[Draft]:
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
    restated = {key: g for key, g in groups.items() if len(g) <= _MAX_STATEMENTS and _apart(g)}
    agreeing = _agreeing_by_sentence(doc, list(restated.values()))
    drafts = []
    for (named, *_), members in restated.items():
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
    doc: Document, groups: list[list[_Stated]]
) -> dict[tuple[int, int], set[tuple[str, str]]]:
    """The pairs of statements of one metric with one value, by the sentences they stand in; a
    value of one significant digit (5件, 100%) agrees too often by chance to count."""
    found: dict[tuple[int, int], set[tuple[str, str]]] = defaultdict(set)
    for members in groups:
        for first, second in itertools.permutations(members, 2):
            if distinctive(first.placed) and agree(first.placed, second.placed):
                sentences = (
                    doc.sentence_start(first.placed.start),
                    doc.sentence_start(second.placed.start),
                )
                found[sentences].add((first.placed.id, second.placed.id))
    return found


def _supported(
    doc: Document,
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


def _restated(members: list[_Stated], cue: str) -> Draft:
    placed = [m.placed for m in members]
    return Draft("same_metric", {"facts": [p.id for p in placed]}, placed, cue=cue, explicit=True)


def _restated_lists(stated: list[_Stated]) -> list[Draft]:
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
        if len(occurrences) > _MAX_STATEMENTS:
            continue
        for first, second in itertools.combinations(occurrences.values(), 2):
            shared = sorted(set(first) & set(second))
            if any(agree(first[i].placed, second[i].placed) for i in shared):
                drafts += [_restated([first[i], second[i]], "restated") for i in shared]
    return drafts
