"""The audit page in a real browser, used as an auditor would: headless Chromium via Playwright.

The browser is the system's Chromium (Debian's ``chromium`` package, installed by .ci/run, or
the path in $CHROMIUM); Playwright never downloads one. Without it these tests are skipped with
the reason shown in pytest's summary. Screenshots are written to test-artifacts/ for a person
to look at.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

import nlp_reports
from nlp_reports.audit import AuditPages, render_page
from nlp_reports.records import ErrorRecord
from nlp_reports.version import __version__
from tests.conftest import CORPORA, ROOT
from tests.test_audit_page import HOSTILE_LINES, SEED_TEXT, hostile_seed_text, table_report

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium tries to reach its update and sync services,
# which a machine without network refuses; --no-sandbox because CI runs as root.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright is not installed (pip install 'nlp-reports[test]'); browser tests not run",
)
if not Path(CHROMIUM).is_file():
    pytest.skip(
        f"no Chromium at {CHROMIUM} (apt-get install chromium, or set $CHROMIUM); "
        "browser tests not run",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def browser(tmp_path_factory) -> Iterator[object]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield context
        context.close()


class Visit:
    """A page opened in the browser, with every console error, page error and dialog it raised."""

    def __init__(
        self, browser, path: Path, fragment: str = "", width: int = 1280, height: int = 900
    ) -> None:
        self.problems: list[str] = []
        self.page = browser.new_page()
        self.page.set_viewport_size({"width": width, "height": height})
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri() + fragment)

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def _dialog(self, dialog) -> None:
        self.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def screenshot(self, name: str, full_page: bool = False) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def visit(browser) -> Iterator:
    opened: list[Visit] = []

    def open_page(path: Path, fragment: str = "") -> Visit:
        opened.append(Visit(browser, path, fragment))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()


def write_page(tmp_path: Path, report, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(render_page(report), encoding="utf-8")
    return path


@cache
def altered_seed():
    return nlp_reports.extract(SEED_TEXT.replace("即辦件24633件", "即辦件24663件"))


@cache
def corpus_report(name: str):
    """A corpus report, extracted once for all the browser tests (reports are not modified)."""
    return nlp_reports.extract(CORPORA / f"{name}.txt")


def marked_texts(page) -> list[str]:
    return page.locator(".ev.marked").all_inner_texts()


@pytest.mark.parametrize("name", ["000_2e44ad171ca045ec", "ogi-prose-14", "ogi-prose-19"])
def test_page_loads_without_console_errors(visit, tmp_path, name):
    report = corpus_report(name)
    opened = visit(write_page(tmp_path, report))
    assert opened.page.locator("h1").inner_text() == (report.title or report.source.path)
    assert opened.page.locator("mark.fact").count() == len(report.facts)
    assert opened.page.locator(".check-select").count() == len(report.checks)
    assert opened.problems == []


@pytest.mark.parametrize(
    ("report_of", "rule", "texts", "artifact"),
    [
        (
            altered_seed,
            "parts_sum.v1",
            ["127676件", "24663件", "103043件"],
            "altered-seed-parts-sum.png",
        ),
        (
            lambda: corpus_report("ogi-prose-14"),
            "parts_sum.v1",
            ["2483條", "319條", "851條", "2348條"],
            "ogi-prose-14-parts-sum.png",
        ),
    ],
    ids=["altered-seed", "ogi-prose-14"],
)
def test_clicking_a_failing_check_marks_its_spans(
    visit, tmp_path, report_of, rule, texts, artifact
):
    report = report_of()
    failing = next(c for c in report.checks if c.status == "fail" and c.rule == rule)
    opened = visit(write_page(tmp_path, report))
    page = opened.page
    button = page.locator(f'.check-select[data-check="{failing.id}"]')
    assert page.locator(".check.status-fail").first.get_attribute("id") == f"check-{failing.id}"
    assert marked_texts(page) == []
    button.click()
    assert marked_texts(page) == texts
    assert button.get_attribute("aria-pressed") == "true"
    assert page.locator("#evidence-status").inner_text().startswith(f"{failing.id}：")
    first_mark = page.locator(".ev.marked").first
    assert first_mark.is_visible()
    box = first_mark.bounding_box()
    assert 0 <= box["y"] <= 900, "the first evidence span is scrolled into view"
    opened.screenshot(artifact)
    button.click()
    assert marked_texts(page) == []
    assert button.get_attribute("aria-pressed") == "false"
    assert opened.problems == []


def test_a_link_to_a_check_opens_with_its_evidence_marked(visit, tmp_path):
    report = altered_seed()
    failing = next(c for c in report.checks if c.status == "fail" and c.rule == "share.v1")
    path = write_page(tmp_path, report)
    opened = visit(path, f"#check-{failing.id}")
    assert marked_texts(opened.page) == ["127676件", "24663件", "19.29%"]
    assert opened.problems == []


def test_report_markup_runs_nothing_and_shows_as_text(visit, tmp_path):
    source = tmp_path / '<img src=x onerror="window.__pwned=4">.txt'
    source.write_text(hostile_seed_text(), encoding="utf-8")
    opened = visit(write_page(tmp_path, nlp_reports.extract(source)))
    page = opened.page
    page.locator(".check-select").first.click()
    page.locator("mark.fact").first.hover()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("article img, article textarea, article script, article style").count() == 0
    article = page.locator("article").inner_text()
    for line in HOSTILE_LINES:
        assert line in article
    assert 'onerror="window.__pwned=4"' in page.locator(".metadata").inner_text()
    assert page.locator("body").is_visible()
    opened.screenshot("hostile-text.png")
    assert opened.problems == []


def test_keyboard_reaches_a_fact_and_shows_its_details(visit, tmp_path, seed_report):
    opened = visit(write_page(tmp_path, seed_report))
    page = opened.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到報告原文"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.tagName") == "INPUT":
        page.keyboard.press("Tab")
    first = seed_report.facts[0]
    assert page.evaluate("document.activeElement.dataset.fact") == first.id
    tip = page.locator("#fact-tip")
    assert tip.is_visible()
    details = tip.inner_text()
    assert f"{first.id} · {first.text}" in details
    assert "日期" in details and str(first.value) in details
    page.keyboard.press("Tab")
    second = seed_report.facts[1]
    assert page.evaluate("document.activeElement.dataset.fact") == second.id
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    assert opened.problems == []


def test_keyboard_selects_a_check_and_follows_its_evidence_link(visit, tmp_path):
    report = altered_seed()
    failing = next(c for c in report.checks if c.status == "fail")
    opened = visit(write_page(tmp_path, report))
    page = opened.page
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到核查結果"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.check") == failing.id
    page.keyboard.press("Space")
    assert marked_texts(page) == [
        report.fact(i).text for i in sorted(failing.facts, key=lambda i: report.fact(i).span)
    ]
    page.keyboard.press("Tab")
    assert (
        page.evaluate("document.activeElement.getAttribute('href')") == f"#fact-{failing.facts[0]}"
    )
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == f"fact-{failing.facts[0]}"
    assert page.locator("#fact-tip").is_visible()
    assert opened.problems == []


def test_hovering_a_counted_fact_shows_value_unit_qualifier_and_subject(
    visit, tmp_path, seed_report
):
    fact = next(f for f in seed_report.facts if f.text == "3600多人")
    opened = visit(write_page(tmp_path, seed_report))
    opened.page.locator(f"#fact-{fact.id}").hover()
    details = opened.page.locator("#fact-tip").inner_text()
    for expected in ("計數", "3600", "人", "多於", "培训人员"):
        assert expected in details
    opened.screenshot("fact-details.png")


def test_a_fact_in_a_table_cell_shows_the_cell_key(visit, tmp_path):
    report = table_report(
        [
            ["项目", "自然人", "总计"],
            ["本年新收申请数量", "12件", "12件"],
            ["结转下年度", "<b>0</b>", "0"],
        ]
    )
    opened = visit(write_page(tmp_path, report))
    page = opened.page
    assert page.locator("figure.table td").count() == 4
    page.locator('td[data-key="apps.new_received.natural_person"] mark').hover()
    details = page.locator("#fact-tip").inner_text()
    assert "12件" in details and "apps.new_received.natural_person" in details
    assert page.locator("figure.table b").count() == 0
    assert "<b>0</b>" in page.locator("figure.table").inner_text()
    opened.screenshot("table.png")
    assert opened.problems == []


def test_kind_toggle_hides_the_highlighting_of_that_kind(visit, tmp_path, seed_report):
    opened = visit(write_page(tmp_path, seed_report))
    page = opened.page
    date = page.locator("mark.kind-date").first
    coloured = date.evaluate("node => getComputedStyle(node).backgroundColor")
    page.locator('[data-kind-toggle="date"]').uncheck()
    assert date.evaluate("node => getComputedStyle(node).backgroundColor") != coloured
    assert (
        page.locator("mark.kind-count").first.evaluate(
            "node => getComputedStyle(node).backgroundColor"
        )
        != "rgba(0, 0, 0, 0)"
    )


def test_printed_page_shows_checks_and_text_without_controls(visit, tmp_path):
    opened = visit(write_page(tmp_path, altered_seed()))
    page = opened.page
    page.emulate_media(media="print")
    assert not page.locator(".legend").is_visible()
    assert not page.locator(".skip").first.is_visible()
    assert page.locator(".check.status-fail").first.is_visible()
    assert page.locator("article").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "altered-seed.pdf"))
    assert (ARTIFACTS / "altered-seed.pdf").stat().st_size > 10_000


def test_index_sorts_documents_and_links_to_their_pages(visit, tmp_path):
    folder = tmp_path / "audit"
    renamed = tmp_path / "雲浮 2015 #報告.txt"
    renamed.write_text(SEED_TEXT, encoding="utf-8")
    inputs = [renamed, CORPORA / "ogi-prose-10.txt", CORPORA / "ogi-prose-14.txt"]
    reports = [
        nlp_reports.extract(renamed),
        corpus_report("ogi-prose-10"),
        corpus_report("ogi-prose-14"),
    ]
    missing = tmp_path / "absent.txt"
    pages = AuditPages(folder, len(inputs) + 1)
    for report in reports:
        pages.add(report)
    pages.add(
        ErrorRecord(tool_version=__version__, path=str(missing), stage="read", error="no such file")
    )
    opened = visit(pages.finish())
    page = opened.page
    rows = page.locator("tbody tr th")
    assert rows.all_inner_texts() == [str(path) for path in [*inputs, missing]]
    page.locator("thead th.status-fail button").click()
    assert page.locator("thead th.status-fail").get_attribute("aria-sort") == "descending"
    failing = page.locator("tbody tr td.status-fail").all_inner_texts()
    assert failing == sorted(failing, key=int, reverse=True)
    assert rows.all_inner_texts()[0] == str(CORPORA / "ogi-prose-10.txt")
    assert rows.all_inner_texts()[-1] == str(missing), "an unreadable input sorts last"
    page.locator("thead th.status-fail button").click()
    assert page.locator("thead th.status-fail").get_attribute("aria-sort") == "ascending"
    assert rows.all_inner_texts()[-1] == str(missing), "an unreadable input sorts last"
    opened.screenshot("index.png")
    page.locator("tbody tr th a", has_text=renamed.name).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "雲浮市人民政府辦公室2015年政府信息公開工作年度報告"
    page.locator(".back a").click()
    page.wait_for_load_state()
    page.locator("tbody tr th a", has_text="ogi-prose-14.txt").click()
    page.wait_for_load_state()
    assert page.url.endswith("/ogi-prose-14.html")
    prose_14 = corpus_report("ogi-prose-14")
    failing = sum(1 for check in prose_14.checks if check.status == "fail")
    assert page.locator(".check.status-fail").count() == failing
    assert opened.problems == []
