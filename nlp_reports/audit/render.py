"""Reports into self-contained HTML audit pages, through Jinja2 templates with autoescaping.

Every string that comes from a report (its text, headings, messages, file names) reaches the
page through Jinja2's autoescaping, never by concatenation, so report text always renders as
text. As a second wall, each page carries a Content-Security-Policy that allows only its own
inline style and script (by hash) and no network at all: even markup that slipped through
could neither run nor load anything.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import opencc
from markupsafe import Markup

from nlp_reports.audit.layout import anchored_facts, layout_blocks
from nlp_reports.audit.words import Language, load_words, page_language
from nlp_reports.errors import ProfileError
from nlp_reports.profiles import section_descriptions
from nlp_reports.records import SCHEMA_VERSION, Check, Report, Section, Status
from nlp_reports.version import __version__

TEMPLATES = Path(str(resources.files("nlp_reports.audit"))) / "templates"
_STATUS_ORDER: tuple[Status, ...] = ("fail", "unverifiable", "pass")
_QUANTITY_KINDS = frozenset({"count", "number", "percentage", "percentage_point", "money"})
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_SCRIPT_WORDS = (
    "evidence_marked",
    "evidence_none",
    "kind_label",
    "value",
    "unit",
    "approx_label",
    "subject",
    "used_by",
    "cell_key",
)


def display_value(value: object) -> str:
    """A value as an auditor reads it: no float noise, no trailing .0.

    >>> [display_value(v) for v in (127676.0, 19.293368, 0.005, 24633, "2015-06", None)]
    ['127676', '19.293368', '0.005', '24633', '2015-06', '']
    """
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.6f}".rstrip("0").rstrip(".") or repr(value)
    return str(value)


@cache
def _asset(name: str) -> str:
    """A stylesheet or script to inline; refuses one that could end its own element early."""
    path = TEMPLATES / name
    text = path.read_text(encoding="utf-8")
    if "</" in text:
        raise ProfileError(f"{path}: contains '</', which would end the inline element early")
    return text


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(style: str, script: str) -> str:
    """A policy for a page that runs only its own script and fetches nothing."""
    return (
        f"default-src 'none'; style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["display"] = display_value
    environment.filters["fill"] = lambda template, **values: template.format(**values)
    return environment


@dataclass
class OutlineNode:
    """A section with its type in words and the sections nested in it."""

    section: Section
    type_label: str
    children: list[OutlineNode] = field(default_factory=list)


def _type_labels(profile: str, language: Language) -> dict[str, str]:
    """Section key to a short Chinese name from the profile's descriptions (none in English)."""
    if language == "en":
        return {}
    try:
        descriptions = section_descriptions(profile)
    except ProfileError:
        return {}
    convert = opencc.OpenCC("s2tw").convert if language == "zh-Hant" else str
    return {
        key: convert(description.split(" / ")[0].split(" (")[0])
        for key, description in descriptions.items()
        if description
    }


def outline_of(sections: list[Section], labels: dict[str, str], untyped: str) -> list[OutlineNode]:
    """The sections as a tree, following each one's parent."""
    nodes = {
        section.id: OutlineNode(
            section, labels.get(section.type, section.type) if section.type else untyped
        )
        for section in sections
    }
    roots: list[OutlineNode] = []
    for section in sections:
        parent = nodes.get(section.parent) if section.parent else None
        (parent.children if parent else roots).append(nodes[section.id])
    return roots


def check_groups(checks: list[Check]) -> list[tuple[Status, list[Check]]]:
    """Checks by verdict, failing first; within a verdict, errors first, then in report order."""
    groups = []
    for status in _STATUS_ORDER:
        members = [check for check in checks if check.status == status]
        members.sort(key=lambda check: _SEVERITY_ORDER.get(check.severity, 3))
        if members:
            groups.append((status, members))
    return groups


def _common(language: Language) -> dict[str, Any]:
    style = _asset("page.css")
    return {
        "lang": language,
        "w": load_words(language),
        "css": Markup(style),
        "version": __version__,
    }


def render_page(
    report: Report, language: Language | None = None, index_href: str | None = None
) -> str:
    """The audit page of one report: its text with facts marked, its checks, its outline."""
    language = language or page_language(report.script)
    context = _common(language)
    words = context["w"]
    script = _asset("page.js")
    facts_by_id = {fact.id: fact for fact in report.facts}
    used_by: dict[str, list[str]] = {}
    for check in report.checks:
        for fact_id in check.facts:
            used_by.setdefault(fact_id, []).append(check.id)
    kinds = Counter(fact.kind for fact in report.facts)
    type_labels = _type_labels(report.profile, language)
    verdicts = Counter(check.status for check in report.checks)
    blocks = layout_blocks(report)
    return (
        _environment()
        .get_template("page.html.j2")
        .render(
            **context,
            report=report,
            title=report.title or report.source.path or words["untitled"],
            csp=content_security_policy(_asset("page.css"), script),
            script=Markup(script),
            script_words={key: words[key] for key in _SCRIPT_WORDS},
            blocks=blocks,
            anchored=anchored_facts(blocks),
            groups=check_groups(report.checks),
            outline=outline_of(report.sections, type_labels, words["untyped"]),
            type_labels=type_labels,
            quantity_kinds=_QUANTITY_KINDS,
            facts_by_id=facts_by_id,
            used_by=used_by,
            kinds=sorted(kinds.items(), key=lambda item: (-item[1], item[0])),
            verdicts=[(status, verdicts.get(status, 0)) for status in _STATUS_ORDER],
            index_href=index_href,
        )
    )


@dataclass(frozen=True)
class IndexRow:
    """One document of a batch: where its page is and what its checks found."""

    path: str
    href: str | None
    title: str | None = None
    report_year: int | None = None
    profile: str | None = None
    facts: int = 0
    failing: int = 0
    unverifiable: int = 0
    passing: int = 0
    error: str | None = None

    @classmethod
    def of_report(cls, report: Report, href: str) -> IndexRow:
        verdicts = Counter(check.status for check in report.checks)
        return cls(
            path=report.source.path or "-",
            href=href,
            title=report.title,
            report_year=report.report_year,
            profile=report.profile,
            facts=len(report.facts),
            failing=verdicts.get("fail", 0),
            unverifiable=verdicts.get("unverifiable", 0),
            passing=verdicts.get("pass", 0),
        )


def render_index(rows: list[IndexRow], language: Language = "zh-Hans") -> str:
    """The index of a batch: one sortable row per document, linking to its page."""
    context = _common(language)
    script = _asset("index.js")
    return (
        _environment()
        .get_template("index.html.j2")
        .render(
            **context,
            rows=rows,
            csp=content_security_policy(_asset("page.css"), script),
            script=Markup(script),
            schema_version=SCHEMA_VERSION,
            failing=sum(1 for row in rows if row.failing),
            errors=sum(1 for row in rows if row.error),
        )
    )


def relative_href(target: Path, start: Path) -> str:
    """A link from a page in ``start`` to ``target``, percent-encoded for any file name."""
    return quote(Path(os.path.relpath(target, start)).as_posix())
