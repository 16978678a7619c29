"""Headings into a typed outline.

A heading is a line that starts with an outline number (一、 （二） 1. （1） 第三部分) and is
short, or whose first sentence is a short title; or an unnumbered line that is exactly a title
the profile knows (mirrors drop the numbering of some headings). Web-page boilerplate lines
never become headings, and neither do the labels of flattened tables (a numbered label followed
by a line of numbers). Each heading is typed with the profile's section keys; a sub-heading that
names no topic of its own takes the type of the heading above it.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from nlp_reports.compiled import compiled_pattern
from nlp_reports.normalise import TextView
from nlp_reports.profiles import Profile, boilerplate_pattern
from nlp_reports.records import Section

_HAN_NUMBER = "[一二三四五六七八九十]{1,3}"
# Outline numbering styles, the most specific first; the level is the style's depth.
_NUMBERINGS: tuple[tuple[int, regex.Pattern[str]], ...] = (
    (1, regex.compile(rf"第{_HAN_NUMBER}(?:部分|章|节)\s*[、.:]?\s*")),
    (1, regex.compile(rf"{_HAN_NUMBER}\s*[、.]\s*")),
    (2, regex.compile(rf"[(]\s*{_HAN_NUMBER}\s*[)]\s*[、.]?\s*")),
    (3, regex.compile(r"\d{1,2}\s*[、.](?!\d)\s*")),
    (4, regex.compile(r"[(]\d{1,2}[)]\s*")),
)
_MAX_TITLE = 40
_MAX_UNNUMBERED_TITLE = 30
_FIRST_SENTENCE = regex.compile(r"[^。!?;]*[。!?;]")
_NUMBERS_ONLY = regex.compile(r"[\d\s.,%/|-]+")
_SENTENCE_INSIDE = regex.compile(r"[。!?;,]")
# A line ends at a line break, or, in a run-on line, at white space after a sentence end or
# before an outline number (。 一、政府信息公开工作的基本概况 2017年,…).
_LINE = regex.compile(
    rf"[^\n]+?(?=\n|$|(?<=[。;:!?])[ \t\u3000]+"
    rf"|(?<![ \t\u3000])[ \t\u3000]+(?:[(]{_HAN_NUMBER}[)]|{_HAN_NUMBER}、))"
)
_SPACE = regex.compile(r"[ \t\u3000]")
_FIRST_WORDS = regex.compile(r"[^\s。!?;,]{2,30}(?=[ \t\u3000]+\S)")


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


def _lines(view: str) -> list[_Line]:
    """Lines, and the stretches of run-on lines that mirrors made by joining lines with spaces."""
    lines = []
    line_start = 0
    for raw_line in view.split("\n"):
        line_end = line_start + len(raw_line)
        # Only a line with spaces can hold a run-on stretch: the others are taken whole, which
        # spares the pattern's look-ahead at every character.
        if _SPACE.search(raw_line):
            pieces = [(m.start(), m.group()) for m in _LINE.finditer(view, line_start, line_end)]
        else:
            pieces = [(line_start, raw_line)]
        for piece_start, raw in pieces:
            stripped = raw.strip()
            if stripped:
                start = piece_start + len(raw) - len(raw.lstrip())
                lines.append(_Line(start, start + len(stripped), stripped))
        line_start = line_end + 1
    return lines


def _title_length(line: str, marker_end: int) -> int | None:
    """Length of the heading on a numbered line, or None when the line is a paragraph."""
    rest = line[marker_end:]
    if not rest.strip():
        return None
    if len(line) <= _MAX_TITLE and not _SENTENCE_INSIDE.search(line.rstrip("。:")):
        return len(line.rstrip("。:"))
    words = _FIRST_WORDS.match(rest.lstrip())
    if words:
        return marker_end + (len(rest) - len(rest.lstrip())) + len(words.group())
    first = _FIRST_SENTENCE.match(rest)
    if first and 2 <= len(first.group()) - 1 <= _MAX_UNNUMBERED_TITLE:
        title = first.group()[:-1]
        if not compiled_pattern(r"[,]").search(title):
            return marker_end + len(title)
    return None


def _numbered(line: str) -> tuple[int, int] | None:
    """(level, heading length) when the line starts with an outline number and a title."""
    for level, pattern in _NUMBERINGS:
        match = pattern.match(line)
        if match:
            length = _title_length(line, match.end())
            return (level, length) if length else None
    return None


def _known_title(line: str, profile: Profile) -> bool:
    title = line.rstrip("。:")
    return (
        len(title) <= _MAX_UNNUMBERED_TITLE
        and not _SENTENCE_INSIDE.search(title)
        and not compiled_pattern(r"\d").search(title)
        and profile.may_be_unnumbered_title(compiled_pattern(r"\s+").sub("", title))
        and profile.section_type(_strip_numbering(title)) is not None
    )


def _strip_numbering(title: str) -> str:
    for _, pattern in _NUMBERINGS:
        match = pattern.match(title)
        if match:
            title = title[match.end() :]
            break
    return compiled_pattern(r"\s+").sub("", title)


def find_sections(view: TextView, profile: Profile) -> list[Section]:
    """The typed outline of the text; spans index the original text."""
    lines = _lines(view.text)
    boilerplate = boilerplate_pattern()
    found: list[tuple[int, int, int, str | None]] = []  # view start, view end, level, type
    for index, line in enumerate(lines):
        if boilerplate.fullmatch(line.text):
            continue
        numbered = _numbered(line.text)
        if numbered:
            level, length = numbered
            following = lines[index + 1].text if index + 1 < len(lines) else ""
            if level >= 3 and _NUMBERS_ONLY.fullmatch(following):
                continue
        elif _known_title(line.text, profile):
            level, length = 1, len(line.text.rstrip("。:"))
        else:
            continue
        title = _strip_numbering(line.text[:length])
        found.append((line.start, line.start + length, level, profile.section_type(title)))
    return _outline(view, found)


def _outline(view: TextView, found: list[tuple[int, int, int, str | None]]) -> list[Section]:
    sections: list[Section] = []
    open_stack: list[tuple[int, Section]] = []
    for number, (start, end, level, own_type) in enumerate(found):
        while open_stack and open_stack[-1][0] >= level:
            open_stack.pop()
        parent = open_stack[-1][1] if open_stack else None
        following = [s for s, _, lvl, _ in found[number + 1 :] if lvl <= level]
        body_end = following[0] if following else len(view.text)
        heading_span = view.original_span(start, end)
        section = Section(
            id=f"s{number + 1}",
            type=own_type or (parent.type if parent else None),
            heading=view.original[heading_span[0] : heading_span[1]],
            level=level,
            heading_span=heading_span,
            span=view.original_span(start, _trim_end(view.text, body_end)),
            parent=parent.id if parent else None,
        )
        sections.append(section)
        open_stack.append((level, section))
    return sections


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def section_at(sections: list[Section], start: int) -> str | None:
    """Id of the innermost section whose span holds ``start``."""
    best: Section | None = None
    for section in sections:
        if section.span[0] <= start < section.span[1] and (
            best is None or section.level > best.level
        ):
            best = section
    return best.id if best else None
