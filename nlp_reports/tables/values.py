"""What a table cell says: a number (with a unit written inside it), a blank, a dash, or text.

A blank and a zero are different answers: a blank cell is None, never 0. A dash (/, —, 无) is
kept as the string written, so a reader can see that the organ wrote "not applicable" rather
than a figure. Signed numbers (本年增/减 +1036, -3) keep their sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import regex

_NUMBER = regex.compile(
    r"""
    (?P<sign>[+-])?
    (?P<digits>\d{1,3}(?:,\d{3})+|\d+)     # 1234 or 1,234
    (?:\.(?P<decimals>\d+))?                # .6
    \s*(?P<unit>万元|亿元|元|件|个|项|条|次|宗|人次|人|%)?
    """,
    regex.VERBOSE,
)

CellKind = Literal["number", "blank", "dash", "text"]


@dataclass(frozen=True)
class CellValue:
    """A cell's meaning: its kind, its value and the unit written in it."""

    kind: CellKind
    value: int | float | str | None
    unit: str | None = None


def parse_cell(text: str, dashes: frozenset[str]) -> CellValue:
    """The value of a cell's text (already in the half-width view).

    >>> dashes = frozenset({"/", "—"})
    >>> [parse_cell(text, dashes).value for text in ("96171.6", "", "-3", "+1,036", "/", "暂无")]
    [96171.6, None, -3, 1036, '/', '暂无']
    >>> parse_cell("251000元", dashes)
    CellValue(kind='number', value=251000, unit='元')
    >>> [parse_cell(text, dashes).kind for text in ("0", " ", "/", "暂无")]
    ['number', 'blank', 'dash', 'text']
    """
    stripped = text.strip()
    if not stripped:
        return CellValue("blank", None)
    if stripped in dashes:
        return CellValue("dash", stripped)
    match = _NUMBER.fullmatch(stripped)
    if match is None:
        return CellValue("text", stripped)
    digits = match.group("digits").replace(",", "")
    number: int | float = (
        float(f"{digits}.{match.group('decimals')}") if match.group("decimals") else int(digits)
    )
    if match.group("sign") == "-":
        number = -number
    return CellValue("number", number, match.group("unit"))


def is_value_like(value: CellValue) -> bool:
    """Whether a cell stands in a value column: a number, a blank or a dash, not a label."""
    return value.kind != "text"
