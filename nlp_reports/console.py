"""Records for people at a terminal: check tables and accuracy tables, drawn with rich.

Output goes to standard output; a summary line closes each document so that a province's worth
of reports can be skimmed.
"""

from __future__ import annotations

import json
from collections import Counter

from rich.console import Console
from rich.table import Table as RichTable

from nlp_reports.evaluate import TARGET_KINDS, CheckScores, Scores
from nlp_reports.records import Check, Report

_STATUS_ORDER = {"fail": 0, "unverifiable": 1, "pass": 2}
_STYLE = {"fail": "bold red", "unverifiable": "yellow", "pass": "green"}


def _console() -> Console:
    return Console(soft_wrap=False, highlight=False)


def evidence_sentence(report: Report, check: Check, width: int = 60) -> str:
    """The stretch of text the check's facts come from, trimmed to ``width`` characters."""
    if not check.spans or report.text is None:
        return ""
    start = min(span[0] for span in check.spans)
    end = max(span[1] for span in check.spans)
    text = report.text
    left = max(text.rfind("\n", 0, start) + 1, start - 20)
    right = text.find("\n", end)
    right = min(right if right >= 0 else len(text), end + 10)
    snippet = text[left:right].strip()
    return snippet if len(snippet) <= width else snippet[: width - 1] + "…"


def summary_line(report: Report) -> str:
    """One line: facts by kind and checks by verdict."""
    kinds = Counter(fact.kind for fact in report.facts)
    verdicts = Counter(check.status for check in report.checks)
    facts = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    checks = ", ".join(
        f"{verdicts.get(status, 0)} {status}" for status in ("fail", "unverifiable", "pass")
    )
    name = report.source.path or "<text>"
    return f"{name}: {len(report.facts)} facts ({facts or 'none'}); checks: {checks}"


def print_checks(report: Report, show_all: bool = False) -> None:
    """A table of failing and unverifiable checks (all with ``show_all``) and a summary line."""
    console = _console()
    shown = sorted(
        (c for c in report.checks if show_all or c.status != "pass"),
        key=lambda c: (_STATUS_ORDER[c.status], c.id),
    )
    if shown:
        table = RichTable(title=report.title or report.source.path, show_lines=False)
        for column in ("check", "rule", "verdict", "severity", "message", "evidence"):
            table.add_column(column, overflow="fold")
        for check in shown:
            table.add_row(
                check.id,
                check.rule,
                f"[{_STYLE[check.status]}]{check.status}[/]",
                check.severity,
                check.message,
                evidence_sentence(report, check),
            )
        console.print(table)
    console.print(summary_line(report))


def print_scores(scores: Scores, as_json: bool = False, show_errors: int = 0) -> None:
    """Precision, recall and F1 per fact kind, unit, qualifier and subject accuracy, then table
    cells per template."""
    console = _console()
    rows = {
        kind: {
            "gold": score.gold,
            "predicted": score.predicted,
            "correct": score.correct,
            "precision": round(score.precision, 4),
            "recall": round(score.recall, 4),
            "f1": round(score.f1, 4),
        }
        for kind, score in sorted(scores.kinds.items())
    }
    accuracy = {
        "unit": round(scores.rate("unit"), 4),
        "approx": round(scores.rate("approx"), 4),
        "subject_exact": round(scores.rate("subject"), 4),
        "subject_close": round(
            scores.matched["subject_close"] / (scores.matched["subject_total"] or 1), 4
        ),
    }
    cells = _cell_rows(scores)
    if as_json:
        console.print_json(
            json.dumps(
                {
                    "documents": scores.documents,
                    "kinds": rows,
                    "matched": accuracy,
                    "cell_documents": scores.cell_documents,
                    "cells": cells,
                },
                ensure_ascii=False,
            )
        )
        return
    table = RichTable(title=f"accuracy on {scores.documents} documents")
    for column in ("kind", "gold", "predicted", "correct", "precision", "recall", "F1"):
        table.add_column(column, justify="right" if column != "kind" else "left")
    for kind, row in rows.items():
        marker = " *" if kind in TARGET_KINDS else ""
        table.add_row(
            kind + marker,
            *(str(row[key]) for key in ("gold", "predicted", "correct")),
            *(f"{row[key]:.3f}" for key in ("precision", "recall", "f1")),
        )
    console.print(table)
    console.print(
        "on matched facts: "
        + ", ".join(f"{name} {value:.3f}" for name, value in accuracy.items())
        + "   (* target kinds)"
    )
    if cells:
        _print_cells(console, scores, cells)
    for error in [*scores.errors[:show_errors], *scores.cell_errors[:show_errors]]:
        console.print(json.dumps(error, ensure_ascii=False))


def print_check_scores(scores: CheckScores, as_json: bool = False) -> None:
    """Altered relations caught, real inconsistencies found, false alarms."""
    console = _console()
    summary = {
        "documents": scores.unaltered,
        "relations_altered": scores.relations,
        "caught": scores.caught,
        "caught_rate": round(scores.caught_rate, 4),
        "real_inconsistencies": scores.real,
        "real_found": scores.real_caught,
        "false_alarms": len(scores.false_alarms),
        "report_level_findings": len(scores.findings),
    }
    if as_json:
        console.print_json(json.dumps(summary))
        return
    console.print(
        f"checks: {scores.caught} of {scores.relations} altered relations caught "
        f"({scores.caught_rate:.1%}); "
        f"{scores.real_caught} of {scores.real} real inconsistencies found; "
        f"{len(scores.false_alarms)} false alarms on {scores.unaltered} published texts; "
        f"{len(scores.findings)} report-level findings (missing sections, far dates)"
    )
    for alarm in scores.false_alarms:
        console.print(f"false alarm: {alarm['document']}: {alarm['message']}")


def _cell_rows(scores: Scores) -> dict[str, dict[str, float | int]]:
    return {
        template: {
            "tables": score.tables,
            "versions_correct": score.versions_correct,
            "gold": score.gold,
            "predicted": score.predicted,
            "correct": score.correct,
            "precision": round(score.precision, 4),
            "recall": round(score.recall, 4),
        }
        for template, score in sorted(scores.cells.items())
    }


def _print_cells(
    console: Console, scores: Scores, cells: dict[str, dict[str, float | int]]
) -> None:
    """Table cells per template: every gold cell must be read with its value."""
    table = RichTable(title=f"table cells on {scores.cell_documents} documents (all forms)")
    for column in (
        "template",
        "tables",
        "version",
        "gold",
        "read",
        "correct",
        "precision",
        "recall",
    ):
        table.add_column(column, justify="right" if column != "template" else "left")
    for template, row in cells.items():
        table.add_row(
            template,
            str(row["tables"]),
            f"{row['versions_correct']}/{row['tables']}",
            *(str(row[key]) for key in ("gold", "predicted", "correct")),
            f"{row['precision']:.3f}",
            f"{row['recall']:.3f}",
        )
    console.print(table)
