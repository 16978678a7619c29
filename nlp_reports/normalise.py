"""A view of the text for matching, with a map back to the original.

Later stages match patterns against one canonical form: Simplified script, half-width digits,
letters and signs, no pinyin glosses, mainland vocabulary. Every rewrite that changes length is
recorded as an :class:`Edit`, so any span found in the view maps back to the exact characters of
the original text. Rewrites that keep length (full-width folding, character-level OpenCC
conversion) need no record at all.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import opencc
import regex

from nlp_reports.profiles import lexicon
from nlp_reports.records import Script

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0xFE6A: 0x25})
_FOLD_TABLE = str.maketrans(_FULL_WIDTH)
_FOREIGN_DIGIT = regex.compile(r"(?![0-9])\d")

# A pinyin gloss that a mirror site inserted after a Han character: 公(gong)開(kai), 澳(ao)(ao).
_PINYIN = r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ]{1,7}"
# Glosses in brackets after a Han character; the bracket comes first so the scan can skip to it.
_PINYIN_GLOSS = rf"\((?<=\p{{Han}}\(){_PINYIN}\)(?:\({_PINYIN}\))*"
_HAN = regex.compile(r"\p{Han}")
# Lone surrogates cannot pass through OpenCC (it takes UTF-8); in the view they are U+FFFD.
_SURROGATE = regex.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Edit:
    """A stretch of the view that replaced a stretch of the original of another length."""

    view_start: int
    view_end: int
    original_start: int
    original_end: int


@dataclass(frozen=True)
class OffsetMap:
    """Maps view offsets to original offsets through a sorted list of length-changing edits."""

    edits: tuple[Edit, ...] = ()
    _starts: tuple[int, ...] = field(default=(), repr=False)
    _original_starts: tuple[int, ...] = field(default=(), repr=False)

    @classmethod
    def from_edits(cls, edits: list[Edit]) -> OffsetMap:
        return cls(
            tuple(edits),
            tuple(edit.view_start for edit in edits),
            tuple(edit.original_start for edit in edits),
        )

    def _shift_before(self, index: int) -> int:
        """Original minus view offset after the edit at ``index`` (0 before the first edit)."""
        if index < 0:
            return 0
        edit = self.edits[index]
        return edit.original_end - edit.view_end

    def start(self, position: int) -> int:
        """Original offset of the character at view ``position``."""
        index = bisect.bisect_right(self._starts, position) - 1
        if index >= 0:
            edit = self.edits[index]
            if position < edit.view_end:
                return edit.original_start
        return position + self._shift_before(index)

    def end(self, position: int) -> int:
        """Original offset just after the view character at ``position - 1``."""
        if position == 0:
            return 0
        index = bisect.bisect_right(self._starts, position - 1) - 1
        if index >= 0:
            edit = self.edits[index]
            if position - 1 < edit.view_end:
                return edit.original_end
        return position + self._shift_before(index)

    def view_span(self, start: int, end: int) -> tuple[int, int]:
        """View span of the original span ``[start, end)`` (an edit is taken whole)."""
        return self._to_view(start, at_end=False), self._to_view(end, at_end=True)

    def _to_view(self, position: int, at_end: bool) -> int:
        index = bisect.bisect_right(self._original_starts, position - (1 if at_end else 0)) - 1
        if index < 0:
            return position
        edit = self.edits[index]
        if position < edit.original_end or (at_end and position == edit.original_end):
            return edit.view_end if at_end else edit.view_start
        return position - (edit.original_end - edit.view_end)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the view span ``[start, end)``."""
        if start == end:
            at = self.start(start)
            return at, at
        return self.start(start), self.end(end)


@dataclass(frozen=True)
class TextView:
    """The original text, its normalised view, and the map between them."""

    original: str
    text: str
    offsets: OffsetMap
    script: Script

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Span in the original text of the view span ``[start, end)``."""
        return self.offsets.span(start, end)


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def fold_full_width(text: str) -> str:
    """Full-width digits, letters and signs as their ASCII forms; same length. Digits of other
    scripts become ASCII digits, or ``?`` when Python cannot read them, so every digit a pattern
    matches can be parsed.

    >>> fold_full_width("１２％，（一）")
    '12%,(一)'
    """
    folded = text.translate(_FOLD_TABLE)
    if _FOREIGN_DIGIT.search(folded) is None:
        return folded
    return _FOREIGN_DIGIT.sub(_ascii_digit, folded)


def _ascii_digit(match: regex.Match[str]) -> str:
    value = unicodedata.decimal(match.group(), None)
    return "?" if value is None else str(value)


def _convert_same_length(text: str, config: str) -> str:
    """OpenCC conversion that never changes length: lines that would are converted per character."""
    converter = _converter(config)
    converted: str = converter.convert(text)
    if len(converted) == len(text):
        return converted
    lines = []
    for line in text.split("\n"):
        new = converter.convert(line)
        if len(new) != len(line):
            chars = (converter.convert(char) for char in line)
            new = "".join(c if len(c) == 1 else o for c, o in zip(chars, line, strict=True))
        lines.append(new)
    return "\n".join(lines)


def detect_script(text: str) -> Script:
    """Which script the Han characters of ``text`` are written in.

    >>> detect_script("政府信息公開工作年度報告")
    'traditional'
    >>> detect_script("政府信息公开工作年度报告")
    'simplified'
    >>> detect_script("2015")
    'none'
    """
    return _script_and_simplified(text)[0]


_CHUNK = 64


def _differences(text: str, converted: str) -> int:
    """How many characters a same-length conversion changed.

    Chunks are compared whole first (a C comparison), characters only in chunks that differ.
    """
    if text == converted:
        return 0
    return sum(
        sum(map(str.__ne__, text[start : start + _CHUNK], converted[start : start + _CHUNK]))
        for start in range(0, len(text), _CHUNK)
        if text[start : start + _CHUNK] != converted[start : start + _CHUNK]
    )


def _script_and_simplified(text: str) -> tuple[Script, str]:
    """The script of ``text`` and its Simplified conversion, computed once for both uses.

    Text that Traditional-to-Simplified conversion leaves unchanged is Simplified whatever the
    reverse conversion would say, so most mainland reports never need the second converter.
    """
    if not _HAN.search(text):
        return "none", text
    to_simplified = _convert_same_length(text, "t2s")
    traditional = _differences(text, to_simplified)
    if traditional == 0:
        return "simplified", to_simplified
    simplified = _differences(text, _convert_same_length(text, "s2t"))
    total = traditional + simplified
    if traditional <= 0.1 * total:
        return "simplified", to_simplified
    if simplified <= 0.1 * total:
        return "traditional", to_simplified
    return "mixed", to_simplified


@cache
def _rewrite_pattern(with_phrases: bool) -> regex.Pattern[str]:
    alternatives = [f"(?P<gloss>{_PINYIN_GLOSS})"]
    phrases = sorted(
        (old for old, _, scope in lexicon().taiwan_phrases if with_phrases or scope == "any"),
        key=len,
        reverse=True,
    )
    if phrases:
        alternatives.append("(?P<phrase>" + "|".join(map(regex.escape, phrases)) + ")")
    return regex.compile("|".join(alternatives))


@cache
def _phrase_table() -> dict[str, str]:
    return {old: new for old, new, _ in lexicon().taiwan_phrases}


def _rewrite(text: str, with_phrases: bool) -> tuple[str, list[Edit]]:
    """Drop pinyin glosses and map Taiwan phrases back, recording every length change."""
    pieces: list[str] = []
    edits: list[Edit] = []
    kept_until = 0
    view_length = 0
    for match in _rewrite_pattern(with_phrases).finditer(text):
        start, end = match.span()
        pieces.append(text[kept_until:start])
        view_length += start - kept_until
        new = "" if match.group("gloss") else _phrase_table()[match.group()]
        pieces.append(new)
        if len(new) == end - start:
            view_length += len(new)
        else:
            edits.append(Edit(view_length, view_length + len(new), start, end))
            view_length += len(new)
        kept_until = end
    pieces.append(text[kept_until:])
    return "".join(pieces), edits


def normalise(text: str) -> TextView:
    """The matching view of ``text``: folded, Simplified, glosses dropped, phrases mapped back.

    >>> view = normalise("提前辦結率９２.５％，最佳化視窗")
    >>> view.text
    '提前办结率92.5%,优化窗口'
    >>> view.original_span(13, 15)
    (14, 16)
    """
    folded = _SURROGATE.sub("\ufffd", fold_full_width(text))
    script, to_simplified = _script_and_simplified(folded)
    converted = to_simplified if script in ("traditional", "mixed") else folded
    view, edits = _rewrite(converted, with_phrases=script in ("traditional", "mixed"))
    return TextView(original=text, text=view, offsets=OffsetMap.from_edits(edits), script=script)
