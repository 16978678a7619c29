"""The report's title and the year it is about.

The year matters to later stages: a bare 6月 and the word 本年 are resolved against it, and the
checks compare the stated statistical period with it. It is read from the title, else from the
statistical period of the preamble; never guessed from the first year that happens to appear.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from nlp_reports.facts.numerals import parse_chinese
from nlp_reports.normalise import TextView
from nlp_reports.profiles import Profile, lexicon

_TITLE_LINES = 15
_MAX_TITLE = 80
_TITLE_YEAR = regex.compile(r"((?:19|20)\d\d|[一二][〇零○0一二三四五六七八九]{3})\s*年")
_PERIOD_YEAR = regex.compile(
    r"(?:统计|数据|期限|时限|时间)[^。\n]{0,20}?((?:19|20)\d\d)年\s*1月\s*1日\s*(?:起)?\s*(?:至|到|-|—)"
)


def _year_of(surface: str) -> int:
    return int(surface) if surface.isdigit() else int(parse_chinese(surface))


@dataclass(frozen=True)
class Title:
    """The title line: as written in the original, its original span and its view span."""

    text: str
    span: tuple[int, int]
    view_span: tuple[int, int]


def find_title(view: TextView, profile: Profile) -> Title | None:
    """The first line near the top that looks like the profile's titles, or None."""
    boilerplate = regex.compile("|".join(f"(?:{line})" for line in lexicon().boilerplate))
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
        if len(line) > _MAX_TITLE or boilerplate.fullmatch(line):
            continue
        if any(pattern.search(line) for pattern in profile.title_patterns):
            span = view.original_span(start, start + len(line))
            return Title(view.original[span[0] : span[1]], span, (start, start + len(line)))
    return None


def find_report_year(view: TextView, title: Title | None) -> int | None:
    """The year the report is about: from its title, else from its statistical period."""
    if title is not None:
        match = _TITLE_YEAR.search(view.text, *title.view_span)
        if match:
            return _year_of(match.group(1))
    match = _PERIOD_YEAR.search(view.text, 0, 5000)
    if match:
        return int(match.group(1))
    return None
