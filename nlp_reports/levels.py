"""Which tiers of government a sentence opens with, and whether a run of tiers makes up a whole.

``省政府及其部门受理…1784件`` and ``市、县(市、区)政府及其部门和乡镇政府受理…9644件`` state
one figure for two sets of tiers, the province's own and every tier below it; together they are
the province's figure (全省全年受理申请11428件). The relate stage makes that sum only when the
tiers of the run start at one tier and reach down, without overlap, to the lowest tier counted on
its own. The tier words are data: ``profiles/common/government_levels.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex
import yaml

from nlp_reports.statements import vocabulary

_LEVELS_PATH = Path(__file__).parent / "profiles" / "common" / "government_levels.yaml"
_GLOSS = regex.compile(r"[(（][^()（）]{0,12}[)）]")
_FILLER = regex.compile(r"的|了|中$")
_MAX_SUBJECT = 40


@dataclass(frozen=True)
class _Tiers:
    """government_levels.yaml, compiled."""

    subject: regex.Pattern[str]
    organ_end: regex.Pattern[str]
    tiers: tuple[regex.Pattern[str], ...]
    lowest: int
    topic: regex.Pattern[str]


@cache
def _tiers() -> _Tiers:
    data = yaml.safe_load(_LEVELS_PATH.read_text(encoding="utf-8"))
    tier_words = "|".join(f"(?:{t})" for t in data["tiers"])
    organs, joints = data["organs"], data["joints"]
    unit = rf"(?:{organs})|(?:{tier_words})|[(（][^()（）]{{0,12}}[)）]|{joints}|其"
    return _Tiers(
        subject=regex.compile(rf"(?:{unit})++"),
        organ_end=regex.compile(rf"(?:{organs})$"),
        tiers=tuple(regex.compile(t) for t in data["tiers"]),
        lowest=int(data["lowest"]),
        topic=regex.compile(data["topic"]),
    )


@dataclass(frozen=True)
class TierSubject:
    """The subject opening a sentence (``省政府及其部门``) and the tiers it names (0 the top)."""

    text: str
    tiers: frozenset[int]


def tier_subject(opening: str) -> TierSubject | None:
    """The tiers of government ``opening`` starts by naming, None when it names none.

    >>> tier_subject("市、县(市、区)政府及其部门和乡镇政府受理申请").tiers
    frozenset({1, 2, 3})
    >>> tier_subject("区(县)政府机关新增政府信息目录").text
    '区(县)政府机关'
    >>> tier_subject("市场监管部门受理") is None
    True
    """
    tiers = _tiers()
    match = tiers.subject.match(opening[:_MAX_SUBJECT])
    if match is None:
        return None
    run = match.group()
    for end in range(len(run), 0, -1):
        text = run[:end]
        if tiers.organ_end.search(text) and tiers.subject.fullmatch(text):
            named = _GLOSS.sub("", text)
            found = frozenset(i for i, tier in enumerate(tiers.tiers) if tier.search(named))
            return TierSubject(text, found) if found else None
    return None


def make_up_whole(subjects: list[TierSubject]) -> bool:
    """Whether tier subjects in this order are a territory's own tier and every tier below it
    down to the lowest counted on its own, each named once.

    >>> province = tier_subject("省政府及其部门")
    >>> below = tier_subject("市、县(市、区)政府和乡镇政府")
    >>> make_up_whole([province, below]), make_up_whole([below, province])
    (True, False)
    >>> make_up_whole([tier_subject("市级机关"), tier_subject("区(县)政府机关")])
    True
    >>> make_up_whole([tier_subject("省政府"), tier_subject("市级机关")])
    False
    """
    if len(subjects) < 2 or len(subjects[0].tiers) != 1:
        return False
    top = min(subjects[0].tiers)
    named: set[int] = set()
    for subject in subjects:
        if subject.tiers & named or min(subject.tiers) < top:
            return False
        named |= subject.tiers
    return set(range(top, _tiers().lowest + 1)) <= named


def figure_name(words: str) -> str:
    """A figure's name with the words every statement of it may keep or leave out: the territory,
    time, linking and topic words (全省全年受理申请, 受理的…政府信息公开申请中: 受理申请).

    >>> figure_name("全省全年受理申请"), figure_name("去年全省受理的政府信息公开申请中")
    ('受理申请', '受理申请')
    """
    words_of = vocabulary()
    bare = words_of.periods.sub("", words)
    bare = words_of.default_scope.sub("", bare)
    bare = _tiers().topic.sub("", bare)
    bare = words_of.leading_links.sub("", _FILLER.sub("", bare))
    return words_of.trailing_links.sub("", bare)
