"""The tables stage: standard tables read from any source format, mapped to stable cell keys.

:mod:`.rows` turns grids and flattened text into row reads, :mod:`.segments` cuts them into the
profile's standard tables, :mod:`.mapping` maps every cell to its key (rows named by
:mod:`.labels`), :mod:`.checks` applies the identities
of the format, and :mod:`.prose` compares what the prose states with the cells. Templates,
identities and prose phrasings are data (``profiles/<profile>/tables.yaml``, see
:mod:`.templates`).
"""

from __future__ import annotations

from dataclasses import dataclass

from nlp_reports.normalise import TextView
from nlp_reports.read import Document
from nlp_reports.records import Check, Fact, Problem, Table
from nlp_reports.tables.checks import CheckList, check_tables
from nlp_reports.tables.mapping import map_segment
from nlp_reports.tables.prose import compare_prose
from nlp_reports.tables.rows import document_rows
from nlp_reports.tables.segments import segment_rows
from nlp_reports.tables.templates import tables_data

__all__ = ["TableReading", "read_tables", "table_checks"]


@dataclass
class TableReading:
    """The tables of a document, standard ones mapped, and what could not be read."""

    tables: list[Table]
    problems: list[Problem]


def read_tables(document: Document, view: TextView, profile: str) -> TableReading:
    """Every table of a document; the profile's standard tables carry their cells by key.

    Source grids that no standard table consumed are kept as they are (template null).
    """
    data = tables_data(profile)
    if data is None:
        return TableReading(_numbered(list(document.tables)), [])
    rows = document_rows(document, view, frozenset(data.cell_dashes))
    mapped = [map_segment(segment, data) for segment in segment_rows(rows, data)]
    consumed = set().union(*(result.consumed for result in mapped)) if mapped else set()
    tables = [result.table for result in mapped if result.table is not None]
    tables += [table for index, table in enumerate(document.tables) if index not in consumed]
    problems = [problem for result in mapped for problem in result.problems]
    return TableReading(_numbered(tables), problems)


def _numbered(tables: list[Table]) -> list[Table]:
    """Tables in document order with ids t1, t2, …"""
    ordered = sorted(tables, key=lambda table: table.span[0])
    return [
        table.model_copy(update={"id": f"t{number}"}) for number, table in enumerate(ordered, 1)
    ]


def table_checks(
    view: TextView,
    facts: list[Fact],
    view_spans: dict[str, tuple[int, int]],
    tables: list[Table],
    profile: str,
    report_year: int | None,
    first_number: int = 1,
) -> list[Check]:
    """The identities of the profile's tables, the version against the year, and the prose
    against the cells; check ids continue from ``first_number``."""
    data = tables_data(profile)
    if data is None:
        return []
    checks = CheckList({fact.span: fact.id for fact in facts}, first_number)
    check_tables(checks, tables, data, report_year)
    compare_prose(checks, view, facts, view_spans, tables, data)
    return checks.checks
