"""The stages composed: a source becomes one validated :class:`Report`.

read → normalise → sections → extract → relate → tables → check. Each stage is a plain function of
the previous stage's value and the profile; this module only wires them and fills the record.
"""

from __future__ import annotations

from pathlib import Path

from nlp_reports.checks import ReportContext, run_checks
from nlp_reports.errors import InputError
from nlp_reports.facts import Extraction, Years, find_facts
from nlp_reports.limits import DEFAULT_MAX_CHARS
from nlp_reports.metadata import find_publication_year, find_report_year, find_title
from nlp_reports.normalise import normalise
from nlp_reports.profiles import detect_profile, load_profile
from nlp_reports.read import DEFAULT_MAX_BYTES, Document, read_path, read_string
from nlp_reports.records import Check, Problem, Report, Source
from nlp_reports.relate import find_relations
from nlp_reports.sections import find_sections
from nlp_reports.tables import read_tables, table_checks
from nlp_reports.version import __version__


def read_source(source: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """A str is always text; a Path is a file to read."""
    if isinstance(source, Path):
        return read_path(source, max_bytes=max_bytes)
    if isinstance(source, str):
        return read_string(source)
    raise TypeError(
        f"source must be str (text) or pathlib.Path (file), not {type(source).__name__}"
    )


def extract_document(
    document: Document,
    profile: str = "auto",
    report_year: int | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Report:
    """The Report of a document that has been read; an InputError when its text is too long."""
    if len(document.text) > max_chars:
        raise InputError(
            document.path or "<text>",
            f"text too long: {len(document.text)} characters, the limit is {max_chars}",
        )
    view = normalise(document.text)
    profile_name = detect_profile(view.text) if profile == "auto" else profile
    chosen = load_profile(profile_name)
    title = find_title(view, chosen)
    year, year_source = (
        (report_year, "given") if report_year is not None else find_report_year(view, title)
    )
    problems = list(document.problems)
    if year_source == "dominant":
        problems.append(
            Problem(
                stage="metadata",
                message=f"report year {year} inferred from the years the text mentions most",
            )
        )
    sections = find_sections(view, chosen)
    years = Years(
        report=year,
        publication=find_publication_year(view),
        deictic=chosen.deictic_year,
        source_publication=find_publication_year(view, include_source=True),
    )
    extraction = find_facts(view, sections, years)
    relations = find_relations(view, extraction)
    context = ReportContext(
        report_year=year, year_source=year_source, profile=chosen, sections=tuple(sections)
    )
    reading = read_tables(document, view, profile_name)
    checks = run_checks(extraction.facts, relations, context)
    checks += table_checks(
        view,
        extraction.facts,
        extraction.view_spans,
        reading.tables,
        profile_name,
        year,
        first_number=len(checks) + 1,
    )
    return Report(
        tool_version=__version__,
        source=Source(
            path=document.path,
            sha256=document.sha256,
            format=document.format,
            encoding=document.encoding,
            bytes=document.size,
            chars=len(document.text),
        ),
        text=document.text,
        title=title.text if title else None,
        report_year=year,
        script=view.script,
        profile=profile_name,
        sections=sections,
        facts=extraction.facts,
        tables=reading.tables,
        relations=relations,
        checks=checks,
        problems=[*problems, *extraction.problems, *reading.problems],
    )


def extract(
    source: str | Path,
    *,
    profile: str = "auto",
    report_year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Report:
    """Structured facts, relations and checks of one report.

    ``source`` is text when it is a ``str`` and a file when it is a ``pathlib.Path``.
    ``profile`` names a report genre (``ogi``, ``generic``) or ``auto`` to detect it;
    ``report_year`` overrides the year read from the title. A file larger than ``max_bytes``
    or a text longer than ``max_chars`` is an :class:`~nlp_reports.errors.InputError`.

    >>> text = "窗口办件总数127676件,其中即办件24633件,占总数19.29%;承诺件103043件,占总数80.71%。"
    >>> report = extract(text)
    >>> [fact.value for fact in report.facts]
    [127676, 24633, 19.29, 103043, 80.71]
    >>> sorted({check.status for check in report.checks})
    ['pass']
    """
    return extract_document(
        read_source(source, max_bytes),
        profile=profile,
        report_year=report_year,
        max_chars=max_chars,
    )


def check(report: Report) -> list[Check]:
    """Relations and checks recomputed for a Report whose facts may have been edited.

    The report must carry its text (``Report.text``), which every span indexes.
    """
    if report.text is None:
        raise ValueError("check() needs a Report that carries its text")
    view = normalise(report.text)
    view_spans = {fact.id: view.offsets.view_span(*fact.span) for fact in report.facts}
    relations = find_relations(view, Extraction(list(report.facts), view_spans, []))
    checks = run_checks(report.facts, relations)
    return checks + table_checks(
        view,
        report.facts,
        view_spans,
        report.tables,
        report.profile,
        report.report_year,
        first_number=len(checks) + 1,
    )
