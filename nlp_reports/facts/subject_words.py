"""The words the subject rules read: subject_rules.yaml and the tagged words of a clause.

The rules of :mod:`.subjects` are word lists and patterns kept as data
(``profiles/common/subject_rules.yaml``, validated and compiled once); the words they look at are
jieba words of a few characters around a number, with the tags corrected where jieba's general
dictionary misleads them in these reports (申请 names what was received, not the act).
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

import regex
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from nlp_reports.errors import ProfileError
from nlp_reports.profiles import lexicon
from nlp_reports.segment import tag_words

RULES_PATH = Path(__file__).resolve().parent.parent / "profiles" / "common" / "subject_rules.yaml"

# Tags (jieba) of words that name things: nouns, nominal verbs, abbreviations, Latin words.
_NOMINAL_TAGS = frozenset({"vn", "an", "j", "l", "eng", "nz", "s", "zg", "ng", "i"})
VERB_TAGS = frozenset({"v", "vd", "vg"})

Tagged = list[tuple[str, str]]


class SubjectRules(BaseModel):
    """The contents of subject_rules.yaml; each field is described in the file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    light_verbs: frozenset[str]
    actor_endings: tuple[str, ...]
    determiners: frozenset[str]
    status_adverbs: frozenset[str]
    manner_adverbs: frozenset[str]
    quantifier_adverbs: frozenset[str]
    generic_heads: frozenset[str]
    count_endings: frozenset[str]
    trailing_links: frozenset[str]
    achievement_verbs: frozenset[str]
    activity_nouns: frozenset[str]
    same_metric_patterns: tuple[str, ...]
    cause_patterns: tuple[str, ...]
    zero_openers: tuple[str, ...]
    zero_closers: tuple[str, ...]
    tags: dict[str, str]


class CompiledRules(NamedTuple):
    """The word lists, with their patterns compiled."""

    words: SubjectRules
    same_metric: regex.Pattern[str]
    cause: regex.Pattern[str]
    zero_closers: tuple[regex.Pattern[str], ...]


@cache
def subject_rules() -> CompiledRules:
    """subject_rules.yaml, validated and compiled once; a bad file fails naming itself."""
    try:
        words = SubjectRules.model_validate(yaml.safe_load(RULES_PATH.read_text(encoding="utf-8")))
        same_metric = regex.compile("|".join(f"(?:{p})" for p in words.same_metric_patterns))
        cause = regex.compile("|".join(f"(?:{p})" for p in words.cause_patterns))
        closers = tuple(regex.compile(p) for p in words.zero_closers)
    except (ValidationError, yaml.YAMLError, regex.error) as error:
        raise ProfileError(f"{RULES_PATH}: {error}") from error
    return CompiledRules(words, same_metric, cause, closers)


def tagged_words(text: str) -> Tagged:
    """Words of ``text`` with jieba tags, corrected where jieba misleads the subject rules.

    >>> tagged_words("受理申请4件")[:2]
    [('受理', 'v'), ('申请', 'vn')]
    """
    return list(_tagged_once(text))


@lru_cache(maxsize=4096)
def _tagged_once(text: str) -> tuple[tuple[str, str], ...]:
    """The rules look at the same few characters several times; segment them once."""
    fixes = subject_rules().words.tags
    return tuple((word, fixes.get(word, tag)) for word, tag in tag_words(text))


def is_stopword(word: str) -> bool:
    """Whether a word ends or is trimmed from a subject (subject_stopwords.txt: 达, 全市, 我局)."""
    return word in lexicon().subject_stopwords


def is_nominal(tag: str) -> bool:
    """Whether a jieba tag marks a word that names a thing."""
    return tag[:1] == "n" or tag in _NOMINAL_TAGS


def joined(words: Tagged) -> str:
    """The text of tagged words."""
    return "".join(word for word, _ in words)
