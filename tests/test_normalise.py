"""normalise: a Simplified, half-width view whose every span maps back to the original text."""

from __future__ import annotations

import pytest

from nlp_reports.normalise import normalise

# original, expected view
CASES = [
    ("提前辦結率92.5%", "提前办结率92.5%"),
    ("１２％，（一）", "12%,(一)"),
    ("進一步最佳化信息公開載體建設", "进一步优化信息公开载体建设"),
    ("市行政服務中心辦事視窗", "市行政服务中心办事窗口"),
    ("市政府入口網站", "市政府门户网站"),
    ("規範性檔案", "规范性文件"),
    ("公(gong)開(kai)信息", "公开信息"),
    ("澳(ao)(ao)門(men)(men)", "澳门"),
]


@pytest.mark.parametrize(("original", "expected"), CASES, ids=[c[0] for c in CASES])
def test_view_is_simplified_folded_and_mapped_back(original: str, expected: str):
    view = normalise(original)
    assert view.text == expected


def test_archives_bureau_is_never_turned_into_a_file_bureau():
    view = normalise("市府辦加強與市檔案局和圖書館檔案的溝通聯繫")
    assert "档案局" in view.text
    assert "文件局" not in view.text


def test_simplified_text_is_left_alone():
    text = "本年度依申请公开政府信息4件,档案局公开档案。"
    view = normalise(text)
    assert view.text == text
    assert view.script == "simplified"


@pytest.mark.parametrize(
    ("original", "needle", "expected_original"),
    [
        ("進一步最佳化信息公開", "优化", "最佳化"),
        ("生產總值12656.8萬(wan)人", "12656.8万人", "12656.8萬(wan)人"),
        ("市政府入口網站發布信息24584條", "24584条", "24584條"),
        ("最佳化視窗,網路", "网络", "網路"),
    ],
)
def test_spans_in_the_view_map_to_the_exact_original_characters(
    original: str, needle: str, expected_original: str
):
    view = normalise(original)
    start = view.text.index(needle)
    begin, end = view.original_span(start, start + len(needle))
    assert original[begin:end] == expected_original
    assert view.offsets.view_span(begin, end) == (start, start + len(needle))


def test_normalisation_is_idempotent_on_the_corpus():
    from tests.conftest import CORPORA

    for path in sorted(CORPORA.glob("*.txt")):
        once = normalise(path.read_text(encoding="utf-8")).text
        assert normalise(once).text == once, path.name


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("政府信息公開工作年度報告", "traditional"),
        ("政府信息公开工作年度报告", "simplified"),
        ("2015, 12%", "none"),
    ],
)
def test_script_is_detected(text: str, script: str):
    assert normalise(text).script == script


def test_digits_of_other_scripts_fold_to_ascii_or_a_placeholder():
    assert normalise("٣٤件").text == "34件"
    assert normalise("\U00016130件").text == "?件"
