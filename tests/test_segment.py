"""segment: sentences and clauses, and rjieba giving the same words as the jieba reference."""

from __future__ import annotations

import regex

from nlp_reports.normalise import normalise
from nlp_reports.segment import (
    Segment,
    cut_words,
    reference_cut,
    split_clauses,
    split_sentences,
    tag_words,
)
from tests.conftest import CORPORA


def test_sentences_end_at_stops_and_line_breaks():
    view = "2015年视窗办件总数127676件,其中即办件24633件,占总数19.29%;承诺件103043件。\n主动公开政府信息情况"
    sentences = [s.text(view) for s in split_sentences(view)]
    assert sentences == [
        "2015年视窗办件总数127676件,其中即办件24633件,占总数19.29%;",
        "承诺件103043件。",
        "主动公开政府信息情况",
    ]
    clauses = [c.text(view) for c in split_clauses(view, split_sentences(view)[0])]
    assert clauses == ["2015年视窗办件总数127676件,", "其中即办件24633件,", "占总数19.29%;"]


def test_domain_dictionary_keeps_terms_whole():
    assert cut_words("因政府信息公开申请行政复议") == ["因", "政府信息公开", "申请", "行政复议"]
    assert ("网上办事大厅", "nz") in tag_words("推进网上办事大厅建设")


def _han_words(words: list[str]) -> list[str]:
    return [word for word in words if regex.search(r"\p{Han}", word)]


def test_rjieba_and_jieba_agree_on_every_corpus_sentence():
    """rjieba is the hot path, jieba the reference. They split Chinese identically; they differ
    only in how they split runs of Latin letters, digits and dots (URLs), which no stage reads."""
    compared = 0
    for path in sorted(CORPORA.glob("*.txt")):
        view = normalise(path.read_text(encoding="utf-8")).text
        for sentence in split_sentences(view):
            text = sentence.text(view)
            assert _han_words(cut_words(text)) == _han_words(reference_cut(text)), (path.name, text)
            compared += 1
    assert compared > 1000


def test_segment_text_slices_the_view():
    assert Segment(2, 4).text("共有4件") == "4件"
