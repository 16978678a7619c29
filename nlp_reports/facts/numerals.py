"""What a written number is worth: Arabic, Chinese and mixed numerals.

Finding numbers is the job of :mod:`nlp_reports.facts.patterns`; this module only resolves the
surface a pattern found into a value, so each function is a small, pure specification.
"""

from __future__ import annotations

from decimal import Decimal

_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "0": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}
_TRADITIONAL = str.maketrans("兩貳參陸萬億點", "两贰叁陆万亿点")


def parse_arabic(surface: str) -> tuple[int | float, int]:
    """Value and number of decimals of an Arabic numeral, separators and spaces ignored.

    >>> parse_arabic("12,077")
    (12077, 0)
    >>> parse_arabic("92.50")
    (92.5, 2)
    >>> parse_arabic("3 600")
    (3600, 0)
    """
    cleaned = surface.replace(",", "").replace(" ", "")
    if "." in cleaned:
        return float(cleaned), len(cleaned.split(".", 1)[1])
    return int(cleaned), 0


def _small_section(surface: str) -> int:
    """Value of a Chinese numeral below 10000 (十二, 一千二百三十四, 两百零五)."""
    total = 0
    digit: int | None = None
    for char in surface:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL_UNITS:
            total += (1 if digit is None else digit) * _SMALL_UNITS[char]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {surface!r}")
    return total + (digit or 0)


def _is_digit_string(surface: str) -> bool:
    """二〇一五 and 二00八: digits read one by one, as years are written."""
    return len(surface) >= 2 and all(char in _DIGITS and char != "两" for char in surface)


def parse_chinese(surface: str) -> int | float:
    """Value of a Chinese numeral, with 万 and 亿 sections and 点 decimals.

    >>> parse_chinese("一千二百三十四")
    1234
    >>> parse_chinese("两万")
    20000
    >>> parse_chinese("十二")
    12
    >>> parse_chinese("二〇一五")
    2015
    >>> parse_chinese("二00八")
    2008
    >>> parse_chinese("五十九亿")
    5900000000
    >>> parse_chinese("九点三三亿")
    933000000
    >>> parse_chinese("一百零五")
    105
    """
    if "点" in surface:
        whole, fraction = surface.split("点", 1)
        multiplier = 1
        while fraction and fraction[-1] in _LARGE_UNITS:
            multiplier *= _LARGE_UNITS[fraction[-1]]
            fraction = fraction[:-1]
        digits = "".join(str(_DIGITS[char]) for char in fraction)
        value = (
            Decimal(parse_chinese(whole) if whole else 0) + Decimal(f"0.{digits}")
        ) * multiplier
        return int(value) if value == value.to_integral_value() else float(value)
    if _is_digit_string(surface):
        return int("".join(str(_DIGITS[char]) for char in surface))
    total = 0
    section = ""
    for char in surface:
        if char in _LARGE_UNITS:
            total += (_small_section(section) if section else 1) * _LARGE_UNITS[char]
            if char == "亿":
                total, section = total, ""
            section = ""
        else:
            section += char
    return total + (_small_section(section) if section else 0)


def parse_mixed(surface: str) -> tuple[int | float, int]:
    """Value and decimals of Arabic digits with Chinese multipliers: 3.6万, 1.2亿, 1万2千.

    >>> parse_mixed("3.6万")
    (36000, 1)
    >>> parse_mixed("1.2亿")
    (120000000, 1)
    >>> parse_mixed("1万2千")
    (12000, 0)
    >>> parse_mixed("12656.8万")
    (126568000, 1)
    >>> parse_mixed("1.3万亿")
    (1300000000000, 1)
    >>> parse_mixed("84")
    (84, 0)
    """
    total = Decimal(0)
    number = ""
    decimals = 0
    pending = Decimal(0)
    previous_large = False
    for char in surface:
        if char.isdigit() or char in ".,":
            number += char
            previous_large = False
            continue
        multiplier = _SMALL_UNITS.get(char) or _LARGE_UNITS.get(char)
        if multiplier is None:
            raise ValueError(f"not a number: {surface!r}")
        if char in _LARGE_UNITS and previous_large and not number:
            total *= multiplier
            continue
        value = Decimal(number.replace(",", "")) if number else Decimal(1)
        if "." in number:
            decimals = max(decimals, len(number.split(".", 1)[1]))
        if char in _LARGE_UNITS:
            total += (pending + value) * multiplier
            pending = Decimal(0)
            previous_large = True
        else:
            pending += value * multiplier
        number = ""
    if number:
        if "." in number:
            decimals = max(decimals, len(number.split(".", 1)[1]))
        pending += Decimal(number.replace(",", ""))
    result = total + pending
    return (int(result) if result == result.to_integral_value() else float(result)), decimals


def parse_number(surface: str) -> tuple[int | float, int]:
    """Value and written decimals of any numeral surface the patterns accept.

    >>> parse_number("127676")
    (127676, 0)
    >>> parse_number("三")
    (3, 0)
    >>> parse_number("84万")
    (840000, 0)
    >>> parse_number("十二点五")
    (12.5, 1)
    >>> parse_number("兩萬")
    (20000, 0)
    """
    surface = surface.replace(" ", "").translate(_TRADITIONAL)
    if surface and surface[0].isdigit() and all(c.isdigit() or c in ".," for c in surface):
        return parse_arabic(surface)
    if any(char.isdigit() for char in surface) and not _is_digit_string(surface):
        return parse_mixed(surface)
    decimals = len(surface.split("点", 1)[1].rstrip("万亿")) if "点" in surface else 0
    return parse_chinese(surface), decimals
