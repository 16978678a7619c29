"""scan.matches gives exactly what finditer gives: on every extract pattern over the whole
corpus, on edge cases of the regex syntax, and on random text."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_reports.facts.patterns import patterns
from nlp_reports.normalise import normalise
from nlp_reports.scan import matches, top_level_alternatives
from tests.conftest import CORPORA

VIEWS = [normalise(path.read_text(encoding="utf-8")).text for path in sorted(CORPORA.glob("*.txt"))]
PATTERNS = {name: getattr(patterns(), name) for name in patterns().__dataclass_fields__}


@pytest.fixture(autouse=True)
def split_from_the_first_scan(monkeypatch):
    """Every scan here goes through the alternatives, not only those after the first few."""
    import nlp_reports.scan

    monkeypatch.setattr(nlp_reports.scan, "_SCANS_BEFORE_SPLITTING", 0)


def found(pattern_matches) -> list[tuple[tuple[int, int], dict]]:
    return [(match.span(), match.groupdict()) for match in pattern_matches]


@pytest.mark.parametrize("overlapped", [False, True], ids=["leftmost", "overlapped"])
@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_extract_pattern_finds_the_same_matches_on_the_corpus(name: str, overlapped: bool):
    pattern = PATTERNS[name]
    for view in VIEWS:
        assert found(matches(pattern, view, overlapped)) == found(
            pattern.finditer(view, overlapped=overlapped)
        )


def test_the_big_patterns_are_split():
    from nlp_reports.scan import _alternatives

    assert len(_alternatives(PATTERNS["masks"])) > 10
    assert len(_alternatives(PATTERNS["period"])) == 8  # the range unrolled: 6, months, part


# fmt: off
EDGE_CASES = [
    (r"a|(?<=a)b|^c",             regex.MULTILINE, "ab\nc abc\nc"),   # lookbehind, anchors
    (r"x*|y",                     0,               "xxyyx"),          # empty matches
    (r"\d+件|\d",                 0,               "共12件,3份"),      # first alternative wins
    (r"[|(]\d|\(\d\)|\|",         0,               "(1)|2 [3"),        # | and ( in classes, escaped
    (r"(?P<a>\d)年|(?P<b>\d)月",   0,               "1年2月"),          # groups of other alternatives
    (r" \d  # a comment with |\n | x", regex.VERBOSE, "1 x"),           # verbose comments
]
# fmt: on


@pytest.mark.parametrize(("source", "flags", "text"), EDGE_CASES)
@pytest.mark.parametrize("overlapped", [False, True], ids=["leftmost", "overlapped"])
def test_edge_cases_of_the_syntax_give_the_same_matches(source, flags, text, overlapped):
    pattern = regex.compile(source, flags)
    assert found(matches(pattern, text, overlapped)) == found(
        pattern.finditer(text, overlapped=overlapped)
    )


@pytest.mark.parametrize(
    "source", [r"(a)x|\1y", r"(?P<n>a)|(?P=n)b", r"(?i)a|b", r"(a)?(?(1)b|c)|d", r"a(?R)?|b"]
)
def test_patterns_whose_alternatives_refer_to_each_other_are_not_split(source: str):
    assert top_level_alternatives(source, verbose=False) is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789一二十百年月日件%至第号〔〕,。 \n政府路", max_size=60))
def test_random_text_gives_the_same_matches(text: str):
    for name in ("masks", "period", "date", "doc_number"):
        pattern = PATTERNS[name]
        for overlapped in (False, True):
            assert found(matches(pattern, text, overlapped)) == found(
                pattern.finditer(text, overlapped=overlapped)
            )
