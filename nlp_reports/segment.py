"""Sentences, clauses and words of the normalised view.

Sentences and clauses are cheap (one regular expression each) and cover the whole view. Words
are not: jieba is the costliest step of the pipeline, so stages ask for the words of the few
clauses that need them (to find what a number counts) through :func:`tag_words`. The hot path
uses ``rjieba`` (jieba's algorithm in Rust); ``jieba`` itself stays the reference, and a test
proves both give the same words on ``corpora/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

import regex

from nlp_reports.profiles import lexicon

_SENTENCE_END = regex.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+|\n|$)")
_CLAUSE_END = regex.compile(r"[^,，、:：。！？!?；;\n]*(?:[,，、:：。！？!?；;]+|\n|$)")


@dataclass(frozen=True)
class Segment:
    """A stretch ``[start, end)`` of the view, without its surrounding white space."""

    start: int
    end: int

    def text(self, view: str) -> str:
        return view[self.start : self.end]


def _pieces(
    pattern: regex.Pattern[str], view: str, start: int = 0, end: int | None = None
) -> list[Segment]:
    stop = len(view) if end is None else end
    segments = []
    for match in pattern.finditer(view, start, stop):
        left, right = match.span()
        while left < right and view[left].isspace():
            left += 1
        while right > left and view[right - 1].isspace():
            right -= 1
        if right > left:
            segments.append(Segment(left, right))
    return segments


def split_sentences(view: str) -> list[Segment]:
    """Sentences: up to 。！？；, or a line break (a heading or a table cell is its own sentence).

    >>> [s.text("共4件。其中1件;\\n无") for s in split_sentences("共4件。其中1件;\\n无")]
    ['共4件。', '其中1件;', '无']
    """
    return _pieces(_SENTENCE_END, view)


def split_clauses(view: str, sentence: Segment) -> list[Segment]:
    """Clauses of a sentence: up to a comma, enumeration comma or colon.

    >>> view = "窗口办件总数127676件,其中即办件24633件"
    >>> [c.text(view) for c in split_clauses(view, Segment(0, len(view)))]
    ['窗口办件总数127676件,', '其中即办件24633件']
    """
    return _pieces(_CLAUSE_END, view, sentence.start, sentence.end)


def _dictionary_entries() -> list[tuple[str, int, str]]:
    entries = []
    for line in lexicon().domain_dictionary.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts:
            word = parts[0]
            freq = int(parts[1]) if len(parts) > 1 else 20000
            tag = parts[2] if len(parts) > 2 else "n"
            entries.append((word, freq, tag))
    return entries


@cache
def _tokenizer() -> ModuleType:
    """rjieba's own tokenizer with the domain words added, loaded when words are first needed.

    Importing rjieba builds its default tokenizer, which loads the dictionary (a few tenths of a
    second); building another one would load it a second time, so the module's is used.
    """
    import rjieba

    for word, freq, tag in _dictionary_entries():
        rjieba.add_word(word, freq, tag)
    return rjieba


def cut_words(text: str) -> list[str]:
    """Words of ``text`` with the domain dictionary (rjieba, HMM on, as jieba.lcut).

    >>> cut_words("受理政府信息公开申请4宗")
    ['受理', '政府信息公开', '申请', '4', '宗']
    """
    return list(_tokenizer().cut(text, True))


def tag_words(text: str) -> list[tuple[str, str]]:
    """Words of ``text`` with jieba part-of-speech tags.

    >>> tag_words("培训人员达3600多人")[:2]
    [('培训人员', 'n'), ('达', 'v')]
    """
    return list(_tokenizer().tag(text, True))


def reference_cut(text: str) -> list[str]:
    """The same words through the pure-Python jieba, the reference implementation."""
    words: list[str] = _reference_tokenizer().lcut(text)
    return words


@cache
def _reference_tokenizer() -> Any:
    import jieba

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    for word, freq, tag in _dictionary_entries():
        tokenizer.add_word(word, freq, tag)
    return tokenizer
