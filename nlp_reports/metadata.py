"""The report's title and the year it is about.

The year matters to later stages: a bare 6月 and the word 本年 are resolved against it, and the
checks compare the stated statistical period with it. It is taken, in this order, from the
title, from the statistical period of the preamble (数据统计期限为2015年1月1日至12月31日), from the
name the text gives itself (现公布2017年度…年度报告), and last from the year the text is plainly
about: one year that makes up most of the first year mentions. The last way is recorded as a
problem, so a reader knows the year was inferred; when no way applies, the year stays unknown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from nlp_reports.compiled import compiled_pattern
from nlp_reports.facts.numerals import parse_chinese
from nlp_reports.normalise import TextView
from nlp_reports.profiles import Profile, boilerplate_pattern

_TITLE_LINES = 15
_MAX_TITLE = 60
_YEAR = r"(?:19|20)\d\d|[一二][〇零○0一二三四五六七八九]{3}"
_TITLE_YEAR = regex.compile(rf"({_YEAR})\s*年")
_PERIOD_YEAR = regex.compile(
    r"(?:统计|数据|期限|时限|时间)[^。\n]{0,20}?((?:19|20)\d\d)年\s*1月\s*1日\s*(?:起)?\s*(?:至|到|-|—)"
)
_SELF_NAME = regex.compile(
    rf"({_YEAR})\s*年度?[^。\n,;]{{0,30}}?(?:年度报告|年报|工作报告|统计公报|发展统计公报|工作情况)"
)
_ANY_YEAR = regex.compile(rf"(?<![\d《])({_YEAR})\s*年(?![代])")
_NOT_A_TITLE = regex.compile(
    r"https?://|www\.|[。;!?]|^\s*(?:[一二三四五六七八九十]+、|[(][一二三四五六七八九十]+[)])"
)
_PUBLICATION = regex.compile(
    r"(?:(?:发布|发表|更新|印发)(?:时间|日期)\s*[:]?\s*)?"
    r"((?:19|20)\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})日?"
    r"(?=\s*(?:\d{1,2}:\d{2}|星期|周[一二三四五六日]|\s*来源|\s*\|)|\s*$)",
    regex.MULTILINE,
)
_PUBLICATION_LABELLED = regex.compile(r"(?:发布|发表|更新)(?:时间|日期)\s*[:]?\s*((?:19|20)\d\d)")
_PUBLICATION_ALONE = regex.compile(r"^\s*\d{1,2}/\d{1,2}/((?:19|20)\d\d)\s*$", regex.MULTILINE)
# A source line of a saved page whose address carries its date: /2016/0514/, /20240305/.
_SOURCE_URL_DATE = regex.compile(
    r"^(?:来源|source|url)\s*[:]\s*\S*?/((?:19|20)\d\d)[-/]?(?:0[1-9]|1[0-2])(?:[-/]?[0-3]\d)?[/_.-]",
    regex.MULTILINE | regex.IGNORECASE,
)
_PUBLICATION_HEAD = 800
_DOMINANT_SAMPLE = 10
_DOMINANT_SHARE = 0.6


def _year_of(surface: str) -> int:
    return int(surface) if surface.isdigit() else int(parse_chinese(surface))


@dataclass(frozen=True)
class Title:
    """The title line: as written in the original, its original span and its view span."""

    text: str
    span: tuple[int, int]
    view_span: tuple[int, int]


def _candidate_lines(view: TextView) -> list[tuple[int, str]]:
    """Lines near the top that could be a title: short, not a sentence, not boilerplate."""
    found = []
    position = 0
    seen = 0
    for raw in view.text.split("\n"):
        line = raw.strip()
        start = position + raw.find(line) if line else position
        position += len(raw) + 1
        if not line:
            continue
        seen += 1
        if seen > _TITLE_LINES:
            break
        if (
            len(line) <= _MAX_TITLE
            and compiled_pattern(r"\p{Han}.*\p{Han}.*\p{Han}").search(line)
            and not boilerplate_pattern().fullmatch(line)
            and not _NOT_A_TITLE.search(line)
        ):
            found.append((start, line))
    return found


def find_title(view: TextView, profile: Profile) -> Title | None:
    """The first candidate line matching the profile's title patterns, else None."""
    for start, line in _candidate_lines(view):
        if any(pattern.search(line) for pattern in profile.title_patterns):
            span = view.original_span(start, start + len(line))
            return Title(view.original[span[0] : span[1]], span, (start, start + len(line)))
    return None


def find_report_year(view: TextView, title: Title | None) -> tuple[int | None, str | None]:
    """The year the report is about, and how it was found (title, period, name, dominant)."""
    if title is not None:
        match = _TITLE_YEAR.search(view.text, *title.view_span)
        if match:
            return _year_of(match.group(1)), "title"
    head = view.text[:5000]
    match = _PERIOD_YEAR.search(head)
    if match:
        return int(match.group(1)), "period"
    match = _SELF_NAME.search(head)
    if match:
        return _year_of(match.group(1)), "name"
    years = [_year_of(m.group(1)) for m in _ANY_YEAR.finditer(head)][:_DOMINANT_SAMPLE]
    if len(years) >= 2:
        year, count = Counter(years).most_common(1)[0]
        if count / len(years) >= _DOMINANT_SHARE:
            return year, "dominant"
    return None, None


def find_publication_year(view: TextView, include_source: bool = False) -> int | None:
    """The year a dated page was published: 发布时间:2022-01-26 16:32, or a dateline such as
    2008年04月09日 16:33 or 01/03/2024 on its own line; with ``include_source``, also the date
    in the address of its source line (来源: http://…/20240305/…), which dates the page only."""
    head = view.text[:_PUBLICATION_HEAD]
    patterns = [_PUBLICATION_LABELLED, _PUBLICATION, _PUBLICATION_ALONE]
    if include_source:
        patterns.append(_SOURCE_URL_DATE)
    for pattern in patterns:
        match = pattern.search(head)
        if match:
            return int(match.group(1))
    return None
