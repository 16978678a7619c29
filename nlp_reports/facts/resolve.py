"""What a matched pattern is worth: values, units, qualifiers, dates as ISO strings.

Each function takes a match of :mod:`.patterns` and returns the parts of a fact, or None when the
match turns out not to be one (the idiomatic 一 of 一批, a range with an empty side).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from nlp_reports.compiled import compiled_pattern
from nlp_reports.facts.numerals import parse_chinese, parse_number
from nlp_reports.profiles import lexicon
from nlp_reports.records import Approx, FactKind

_MULTIPLIERS = {"万亿": 10**12, "千万": 10**7, "百万": 10**6, "亿": 10**8, "万": 10**4, "千": 10**3}
_DECREASE_BEFORE = regex.compile(r"(?:下降|减少|降低|回落|下滑|收窄|下跌|减|降)了?$")
_DECREASE_AFTER = regex.compile(r"的?(?:实质|实际|名义)?(?:跌幅|降幅|减幅)")
_SCALES = {"billion": 10**9, "million": 10**6, "thousand": 10**3}
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_IDIOMATIC_ONE_UNITS = frozenset({"件", "宗"})


@dataclass(frozen=True)
class Resolved:
    """The parts of a fact, before it gets an id, a span in the original and a subject."""

    kind: FactKind
    value: float | int | str | None
    unit: str | None = None
    approx: Approx | None = None
    decimals: int | None = None
    upper: float | int | None = None
    currency: str | None = None


@cache
def _group_names(pattern: regex.Pattern[str]) -> tuple[str | None, ...]:
    names: list[str | None] = [None] * pattern.groups
    for name, number in pattern.groupindex.items():
        names[number - 1] = name
    return tuple(names)


def named_groups(match: regex.Match[str]) -> dict[str, Any]:
    """``match.groupdict()``, several times faster: ``regex`` builds that dict slowly.

    >>> named_groups(regex.match(r"(?P<num>\\d+)(x)?(?P<unit>件)", "12件"))
    {'num': '12', 'unit': '件'}
    """
    return {
        name: value
        for name, value in zip(_group_names(match.re), match.groups(), strict=True)
        if name is not None
    }


@cache
def _approx_of() -> dict[tuple[str, str], Approx]:
    return {(q.position, q.word): q.approx for q in lexicon().qualifiers}


def approx_of(match: regex.Match[str]) -> Approx | None:
    """The qualifier of a quantity match: the one touching the number wins over the others."""
    table = _approx_of()
    groups = named_groups(match)
    for position in ("inside", "before", "after"):
        word = groups.get(position)
        if word:
            return table.get((position, word))
    return None


def scaled(value: float | int, multiplier: str | None) -> float | int:
    if not multiplier:
        return value
    scaled = value * _MULTIPLIERS[multiplier]
    return round(scaled) if abs(scaled - round(scaled)) < 1e-6 else scaled


def _sign(view: str, start: int, end: int) -> int:
    """-1 for a decrease: 下降2.3%, or 录得2.3%的跌幅; else 1."""
    if _DECREASE_BEFORE.search(view, max(0, start - 4), start) or _DECREASE_AFTER.match(view, end):
        return -1
    return 1


_VAGUE_BOUNDS: dict[str, tuple[int, int | None, Approx]] = {
    "几十": (20, 90, "about"),
    "数十": (20, 90, "about"),
    "几百": (200, 900, "about"),
    "数百": (200, 900, "about"),
    "几千": (2000, 9000, "about"),
    "数千": (2000, 9000, "about"),
    "几万": (20000, 90000, "about"),
    "数万": (20000, 90000, "about"),
    "十余": (10, None, "more_than"),
    "百余": (100, None, "more_than"),
    "千余": (1000, None, "more_than"),
    "万余": (10000, None, "more_than"),
    "上百": (100, None, "more_than"),
    "上千": (1000, None, "more_than"),
    "上万": (10000, None, "more_than"),
    "近百": (100, None, "less_than"),
    "近千": (1000, None, "less_than"),
    "近万": (10000, None, "less_than"),
}


def resolve_vague(match: regex.Match[str]) -> Resolved:
    """A count stated vaguely, as bounds: 十几个 → 11 to 19; 数百人 → 200 to 900; 百余人 → over 100.

    >>> from nlp_reports.facts.patterns import patterns
    >>> resolved = resolve_vague(patterns().vague.search("二十几家"))
    >>> (resolved.value, resolved.upper, resolved.approx)
    (21, 29, 'about')
    """
    word = match.group("vague")
    low: int | float
    high: int | float | None
    approx: Approx
    if word.endswith("十几"):
        tens = parse_chinese(word[:-2]) * 10 if len(word) > 2 else 10
        low, high, approx = tens + 1, tens + 9, "about"
    else:
        low, high, approx = _VAGUE_BOUNDS[word]
    multiplier = match.group("mult")
    return Resolved(
        kind="count",
        value=scaled(low, multiplier),
        upper=scaled(high, multiplier) if high is not None else None,
        unit=match.group("unit"),
        approx=approx,
        decimals=0,
    )


def resolve_count(match: regex.Match[str]) -> Resolved | None:
    """A number with a measure word: 84万件 → 840000 件; 3600多人 → 3600 人 more_than."""
    number = match.group("num")
    unit = match.group("unit") or match.group("arabic_unit")
    if number in {"一", "壹"} and not match.group("mult"):
        following = match.string[match.end() : match.end() + 1]
        if unit not in _IDIOMATIC_ONE_UNITS or following in {"事", "情"}:
            return None
    value, decimals = parse_number(number)
    upper = match.group("upper")
    return Resolved(
        kind="count",
        value=scaled(value, match.group("mult")),
        unit=unit,
        approx=approx_of(match),
        decimals=decimals,
        upper=scaled(parse_number(upper)[0], match.group("mult")) if upper else None,
    )


@cache
def _currencies() -> dict[str, tuple[str, str]]:
    return {c.word: (c.code, c.unit) for c in lexicon().currencies}


def resolve_money(match: regex.Match[str]) -> Resolved:
    """An amount: 1.2万元 → 12000 元; 3794.78亿澳门元 → 379478000000 澳门元 (MOP)."""
    value, decimals = parse_number(match.group("num"))
    code, unit = _currencies()[match.group("currency")]
    per = match.group("per")
    upper = match.group("upper")
    return Resolved(
        kind="money",
        value=scaled(value, match.group("mult")),
        unit=unit + (per or ""),
        approx=approx_of(match),
        decimals=decimals,
        upper=scaled(parse_number(upper)[0], match.group("mult")) if upper else None,
        currency=None if code == "CNY" else code,
    )


def resolve_english_money(match: regex.Match[str]) -> Resolved:
    """Amounts in English translations: RMB20.084 billion, 51.7 billion yuan."""
    number = match.group("num") or match.group("num2")
    value, decimals = parse_number(number)
    scale = match.group("scale") or match.group("scale2")
    prefix = match.group("prefix") or match.group("suffix") or ""
    dollars = "$" in prefix or "dollar" in prefix
    code = "HKD" if prefix.startswith("HK") else "USD" if dollars else None
    unit = "港元" if code == "HKD" else "美元" if code == "USD" else "元"
    amount = value * _SCALES[scale] if scale else value
    return Resolved(
        kind="money", value=round(amount, 6), unit=unit, decimals=decimals, currency=code
    )


def resolve_percentage(match: regex.Match[str], view: str) -> Resolved:
    """Percent and points: 19.29% → 19.29; 3‰ → 0.3; 三成 → 30; 四分之三 → 75; 下降2.3% → -2.3."""
    sign = _sign(view, match.start(), match.end())
    groups = named_groups(match)
    kind: FactKind = "percentage"
    unit = "%"
    if groups["num"]:
        value, decimals = parse_number(groups["num"])
        if groups["sign"] == "‰":
            value, decimals = round(value / 10, decimals + 1), decimals + 1
    elif groups["cnpct"]:
        value, decimals = parse_number(groups["cnpct"])
    elif groups["cnpermille"]:
        value, decimals = parse_number(groups["cnpermille"])
        value, decimals = round(value / 10, decimals + 1), decimals + 1
    elif groups["tenths"]:
        value, decimals = parse_chinese(groups["tenths"]) * 10, 0
    elif groups["denominator"]:
        numerator, denominator = (
            parse_number(groups["numerator"])[0],
            parse_number(groups["denominator"])[0],
        )
        value = round(numerator / denominator * 100, 2) if denominator else 0
        decimals = 0 if float(value).is_integer() else 2
    else:
        value, decimals = parse_number(groups["ppnum"])
        kind, unit = "percentage_point", "百分点"
    upper = parse_number(groups["upper"])[0] if groups["upper"] else None
    return Resolved(
        kind=kind,
        value=sign * value,
        unit=unit,
        approx=approx_of(match),
        decimals=decimals,
        upper=upper,
    )


def _number_part(surface: str | None) -> int | None:
    if not surface:
        return None
    return int(parse_number(surface)[0])


def iso_date(year: int | None, month: int | None = None, day: int | None = None) -> str:
    """An ISO prefix as precise as the parts: a missing year is written ``--``.

    >>> iso_date(2015, 6)
    '2015-06'
    >>> iso_date(None, 6, 30)
    '--06-30'
    """
    text = f"{year:04d}" if year is not None else "-"
    if month is not None:
        text += f"-{month:02d}"
        if day is not None:
            text += f"-{day:02d}"
    return text


def resolve_date(match: regex.Match[str], context_year: int | None) -> Resolved:
    """2015年6月 → 2015-06; a bare 6月 takes ``context_year``."""
    groups = named_groups(match)
    if groups["iso"]:
        year, month, day = (int(groups[name]) for name in ("iy", "im", "id"))
        return Resolved(kind="date", value=iso_date(year, month, day))
    if groups["dmy"]:
        year, month, day = (int(groups[name]) for name in ("dy", "dm", "dd"))
        return Resolved(kind="date", value=iso_date(year, month, day))
    if groups["english"]:
        return Resolved(kind="date", value=groups["english"])
    if groups["masked"]:
        return Resolved(kind="date", value=None)
    if groups["year"]:
        return Resolved(
            kind="date",
            value=iso_date(
                _number_part(groups["year"]),
                _number_part(groups["month"]),
                _number_part(groups["day"]),
            ),
        )
    bare_month, bare_day = _number_part(groups["month2"]), _number_part(groups["day2"])
    return Resolved(kind="date", value=iso_date(context_year, bare_month, bare_day))


_PART_MONTHS = {
    "上半年": (1, 6),
    "下半年": (7, 12),
    "前三季度": (1, 9),
    "前两季度": (1, 6),
    "年底": (12, 12),
    "年末": (12, 12),
    "年初": (1, 1),
    "年中": (6, 7),
}


def _part_months(which: str) -> tuple[int, int]:
    if which in _PART_MONTHS:
        return _PART_MONTHS[which]
    digit = compiled_pattern(r"[一二三四1-4]").search(which)
    quarter = _QUARTERS[digit.group()] if digit else 1
    if which.startswith(("前", "首")):
        return 1, 3 * quarter
    return 3 * quarter - 2, 3 * quarter


def resolve_period(match: regex.Match[str], context_year: int | None) -> Resolved | None:
    """An interval: 2015年1月1日至12月31日 → 2015-01-01/2015-12-31; 上半年 → Y-01/Y-06."""
    groups = named_groups(match)
    if groups["range"]:
        left = [_number_part(groups[name]) for name in ("ry1", "rm1", "rd1")]
        right = [_number_part(groups[name]) for name in ("ry2", "rm2", "rd2")]
        if groups["now"]:
            if left[0] is None or context_year is None:
                return None
            return Resolved(kind="period", value=f"{iso_date(*left)}/{iso_date(context_year)}")
        if not any(left) or not any(right):
            return None
        if left[0] is None and left[1] is None:
            return None
        year_left = left[0] if left[0] is not None else context_year
        year_right = right[0] if right[0] is not None else year_left
        return Resolved(
            kind="period",
            value=f"{iso_date(year_left, *left[1:])}/{iso_date(year_right, *right[1:])}",
        )
    if groups["months"]:
        year = _number_part(groups["my"]) or context_year
        first, last = _number_part(groups["mm1"]), _number_part(groups["mm2"])
        if first is None or last is None or first >= last:
            return None
        return Resolved(kind="period", value=f"{iso_date(year, first)}/{iso_date(year, last)}")
    year = _number_part(groups["py"] or groups["py2"]) or context_year
    first, last = _part_months(compiled_pattern(r"\s+").sub("", groups["which"]))
    return Resolved(kind="period", value=f"{iso_date(year, first)}/{iso_date(year, last)}")


@dataclass(frozen=True)
class Years:
    """The years relative words are resolved against.

    本年 and 上年 speak of the report's own year. 今年 and 去年 speak of the year of writing: in
    an annual report that is the report year, in a dated news page the year it was published;
    ``deictic`` (from the profile) says which comes first, the other is the fallback.
    """

    report: int | None = None
    publication: int | None = None
    deictic: str = "report"
    source_publication: int | None = None

    def now(self) -> int | None:
        published = self.publication if self.publication is not None else self.source_publication
        first, second = (
            (published, self.report) if self.deictic == "publication" else (self.report, published)
        )
        return first if first is not None else second

    def for_bare_dates(self) -> int | None:
        return self.report if self.report is not None else self.publication


def resolve_relative_year(word: str, years: Years) -> Resolved:
    """本年 → the report year, 今年 → the year of writing, 上年/去年 → a year before, else null."""
    anchor = years.now() if word.startswith(("今年", "去年", "当年")) else years.for_bare_dates()
    if anchor is None:
        return Resolved(kind="date", value=None)
    offset = -1 if word.startswith(("上年", "去年")) else 0
    return Resolved(kind="date", value=iso_date(anchor + offset))
