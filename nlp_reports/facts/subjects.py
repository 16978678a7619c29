"""What a number measures: the noun phrase next to it, in Simplified script.

A number that modifies a noun (294个网站) measures that noun; otherwise it measures the phrase
just before it in its clause (即办件24633件, 受理政府信息公开申请4宗), with linking words, scope
and actors trimmed (培训人员达3600多人 → 培训人员). A share (占总数19.29%) or a growth rate
(同比增长92.3%) measures what the number before it in the sentence measures. Only these few
characters around a fact are segmented, never the whole document.
"""

from __future__ import annotations

import regex

from nlp_reports.profiles import lexicon
from nlp_reports.segment import tag_words

_NOUN_TAGS = frozenset(
    {"n", "nr", "ns", "nt", "nz", "ng", "vn", "j", "l", "an", "nrt", "nrfg", "eng", "nw"}
)
_VERB_TAGS = frozenset({"v", "vd"})
# First letters of tags that end a noun phrase: adverbs, prepositions, conjunctions, particles,
# pronouns, numerals, punctuation, time words, localisers.
_NOT_FOLLOWING_NOUN = frozenset({"d", "p", "c", "u", "r", "m", "x", "t", "f", "y", "e", "o", "q"})
_TRAILING_NOISE = frozenset({"x", "p", "u", "d", "c", "m", "r", "y", "q"})
_MAX_WORDS = 6
_MAX_CHARS = 20
_HAN = regex.compile(r"\p{Han}")
_SHARE_CUE = regex.compile(r"占[^,，。;；]{0,12}$")


def _is_stopword(word: str) -> bool:
    return word in lexicon().subject_stopwords


def _following_noun(after: str) -> str | None:
    """The noun right after a measure word: 294个|网站 → 网站; 965个|村 → 村."""
    if not after or not _HAN.match(after):
        return None
    words: list[str] = []
    for word, tag in tag_words(after[:_MAX_CHARS]):
        if not _HAN.search(word) or _is_stopword(word) or tag[:1] in _NOT_FOLLOWING_NOUN:
            break
        if tag in _VERB_TAGS and not words:
            break
        if tag in _VERB_TAGS:
            continue
        words.append(word)
        if len(words) == 2:
            break
    return "".join(words) or None


def _is_nominal(tag: str) -> bool:
    return tag in _NOUN_TAGS or tag[:1] in {"n", "s"}


def _preceding_phrase(before: str) -> str | None:
    """The noun phrase ending right before the number, trimmed of linking and scope words.

    Verbs stay inside it (受理政府信息公开申请): a metric is often named by what was done.
    """
    tagged = tag_words(before[-_MAX_CHARS:])
    while tagged and (_is_stopword(tagged[-1][0]) or tagged[-1][1][:1] in _TRAILING_NOISE):
        tagged.pop()
    phrase: list[tuple[str, str]] = []
    for word, tag in reversed(tagged):
        if _is_stopword(word) or not _HAN.search(word):
            break
        if not (_is_nominal(tag) or tag in _VERB_TAGS):
            break
        phrase.append((word, tag))
        if len(phrase) == _MAX_WORDS:
            break
    phrase.reverse()
    if not any(_is_nominal(tag) for _, tag in phrase):
        return None
    return "".join(word for word, _ in phrase)


def find_subject(
    view: str, start: int, end: int, left: int, right: int, modifies_noun: bool
) -> str | None:
    """Subject of the quantity at ``[start, end)``, looking no further than ``[left, right)``.

    ``modifies_noun`` is true for counts, whose measure word may be followed by the noun counted.

    >>> view = "全市294个网站已全部完成整改"
    >>> find_subject(view, 2, 6, 0, len(view), True)
    '网站'
    >>> view = "培训人员达3600多人"
    >>> find_subject(view, 5, 11, 0, len(view), True)
    '培训人员'
    >>> view = "市府办受理政府信息公开申请4宗"
    >>> find_subject(view, 13, 15, 0, len(view), True)
    '受理政府信息公开申请'
    """
    if modifies_noun:
        following = _following_noun(view[end:right])
        if following:
            return following
    return _preceding_phrase(view[left:start]) if start > left else None


def is_share(view: str, start: int, left: int) -> bool:
    """Whether a percentage is a share introduced by 占 (占总数19.29%): it measures the part."""
    return bool(_SHARE_CUE.search(view, left, start))
