"""Audit pages written as a check run produces records: one file, or a folder with an index.

A target ending in ``.html`` (or ``.htm``) that is not an existing folder is one page for one
input; anything else is a folder holding a page per document and ``index.html``. Pages are
written as each record arrives and only a small row per document is kept for the index, so a
province's worth of reports needs no more memory than one.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from nlp_reports.audit.render import IndexRow, relative_href, render_index, render_page
from nlp_reports.audit.words import Language, page_language
from nlp_reports.errors import OptionError
from nlp_reports.records import ErrorRecord, Report

INDEX_NAME = "index.html"
_PAGE_SUFFIXES = (".html", ".htm")
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_MAX_NAME = 80


def is_single_page(target: Path) -> bool:
    """Whether ``target`` names one page file rather than a folder of pages."""
    return target.suffix.lower() in _PAGE_SUFFIXES and not target.is_dir()


def page_name(path: str | None, taken: set[str]) -> str:
    """A file name for the page of input ``path``, unique among ``taken`` (which it joins).

    >>> taken = set()
    >>> page_name("a/report.txt", taken), page_name("b/report.txt", taken), page_name("-", taken)
    ('report.html', 'report-2.html', 'stdin.html')
    >>> page_name("<img src=x onerror=alert(1)>.txt", taken)
    '_img src=x onerror=alert(1)_.html'
    """
    stem = "stdin" if path in (None, "-", "<stdin>") else Path(path).stem
    stem = _UNSAFE_NAME.sub("_", stem).strip(" .")[:_MAX_NAME] or "report"
    if stem.lower() == Path(INDEX_NAME).stem:
        stem += "-report"
    name, number = f"{stem}.html", 1
    while name.lower() in taken:
        number += 1
        name = f"{stem}-{number}.html"
    taken.add(name.lower())
    return name


class AuditPages:
    """Writes the audit page of each record it is given; :meth:`finish` writes the index."""

    def __init__(self, target: Path, inputs: int, language: Language | None = None) -> None:
        self.single = is_single_page(target)
        if self.single and inputs != 1:
            raise OptionError(
                f"{target}: one page file holds one report, but {inputs} inputs were given; "
                "name a folder to get a page per report and an index"
            )
        self.target = target
        self.language = language
        self.rows: list[IndexRow] = []
        self.languages: Counter[Language] = Counter()
        self._taken: set[str] = {INDEX_NAME}
        self.written: list[Path] = []
        (target.parent if self.single else target).mkdir(parents=True, exist_ok=True)

    def add(self, record: Report | ErrorRecord) -> Path | None:
        """Write the page of a report (None for an error record, which only gets an index row)."""
        if isinstance(record, ErrorRecord):
            self.rows.append(
                IndexRow(path=record.path, href=None, error=f"{record.stage}: {record.error}")
            )
            return None
        language = self.language or page_language(record.script)
        self.languages[language] += 1
        if self.single:
            path = self.target
            html = render_page(record, language)
        else:
            path = self.target / page_name(record.source.path, self._taken)
            html = render_page(record, language, index_href=INDEX_NAME)
            self.rows.append(IndexRow.of_report(record, relative_href(path, self.target)))
        path.write_text(html, encoding="utf-8")
        self.written.append(path)
        return path

    def finish(self) -> Path | None:
        """Write the index of a folder of pages; returns its path (None for a single page)."""
        if self.single:
            return None
        language = self.language or (
            self.languages.most_common(1)[0][0] if self.languages else "en"
        )
        index = self.target / INDEX_NAME
        index.write_text(render_index(self.rows, language), encoding="utf-8")
        return index
