"""Metrics a sentence names instead of stating (快于全市生产总值…, 占全市生产总值的比重…): the
period a statement is about, where else the text states the metric for that period and scope,
and a metric's name without its qualifiers (名义, 实际, 当年价格).
"""

from __future__ import annotations

from collections.abc import Callable

from nlp_reports.compiled import compiled_pattern
from nlp_reports.relate.document import HAN, Document, Placed, agree
from nlp_reports.statements import synonymous_names, vocabulary

_MAX_SCOPE_GAP = 4


def period_at(doc: Document, periods: dict[int, str], position: int) -> str | None:
    """The period a statement is about: the first one its sentence states, else the one an
    earlier sentence of its paragraph states (上半年,全市生产总值…。其中,第三产业增加值…)."""
    paragraph = doc.paragraph_start(position)
    sentence = doc.sentence_start(position)
    while sentence not in periods and sentence > paragraph:
        sentence = doc.sentence_start(sentence - 1)
    return periods.get(sentence)


def _scoped_before(text: str, scope: str, names: frozenset[str]) -> bool:
    """Whether ``scope`` stands right before one of ``names`` in ``text`` (全市实现地区生产总值:
    a few words between, no punctuation)."""
    position = text.find(scope)
    while position >= 0:
        after = text[position + len(scope) : position + len(scope) + _MAX_SCOPE_GAP + 20]
        for skip in range(_MAX_SCOPE_GAP + 1):
            if skip and not HAN.match(after, skip - 1):
                break
            if any(after.startswith(name, skip) for name in names):
                return True
        position = text.find(scope, position + 1)
    return False


def stated_as(
    doc: Document,
    name: str,
    period: str | None,
    periods: dict[int, str],
    accept: Callable[[Placed], bool],
) -> list[Placed]:
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
        if ending is None or period_at(doc, periods, placed.start) != period:
            continue
        scope = name[: -len(ending)]
        sentence = doc.sentence_start(placed.start)
        if scope and not _scoped_before(doc.text[sentence : placed.start], scope, names):
            continue
        found.append(placed)
    return found


def one_value(stated: list[Placed]) -> bool:
    """Whether statements were found and all of them agree: the text leaves no doubt."""
    return bool(stated) and all(agree(stated[0], other) for other in stated[1:])


def nearest_before(stated: list[Placed], position: int) -> Placed:
    return max(stated, key=lambda p: (p.start < position, -abs(p.start - position)))


def _label_key(label: str) -> str:
    # A bracketed note is at most 100 characters, so a run of ( cannot make this quadratic.
    return compiled_pattern(r"[(（][^)）]{0,100}[)）]|\s").sub("", label)


def qualified(name: str) -> tuple[str, frozenset[str]]:
    """A metric's name without its qualifiers, and the groups of those qualifiers:
    本地生产总值(当年价格) and 名义本地生产总值 are both (本地生产总值, {nominal}).

    >>> qualified("人均本地生产总值(环比物量)")
    ('人均本地生产总值', frozenset({'real'}))
    >>> qualified("人均实际本地生产总值")
    ('人均本地生产总值', frozenset({'real'}))
    """
    words = vocabulary()
    basis = words.price_basis_words
    groups = frozenset(words.price_basis[m.group()] for m in basis.finditer(name))
    return _label_key(basis.sub("", name)), groups
