"""Markdown: the text as written, with its pipe tables found as grids.

A Markdown report is already plain text, so its text is kept exactly (every offset of the file is
an offset of the record). Pipe tables (``| 规章 | 13 | 13 | 524 |``) become grids whose cells keep
their blank cells: an empty cell between two pipes is a blank, not a missing value. Delimiter
rows (``|---|:---:|``) are layout and are skipped. A row shorter than the others (a text cut
off in the middle of a row) stays short: its missing cells are not blanks.
"""

from __future__ import annotations

import itertools

import regex

from nlp_reports.read import Document, read_text_bytes
from nlp_reports.records import Table

_DELIMITER_ROW = regex.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_PIPE = regex.compile(r"(?<!\\)\|")


def looks_like_markdown(text: str) -> bool:
    """Whether a text has a Markdown table delimiter row or ATX headings.

    >>> looks_like_markdown("| a | b |\\n|---|---|\\n| 1 | 2 |")
    True
    >>> looks_like_markdown("规章 | 0 | 0 | 0 |")
    False
    """
    lines = text[:200_000].splitlines()
    return any(_DELIMITER_ROW.match(line) and "|" in line for line in lines) or (
        sum(1 for line in lines if regex.match(r"#{1,6} \S", line)) >= 2
    )


def split_pipe_row(line: str, offset: int) -> list[tuple[str, tuple[int, int]]]:
    """Cells of one pipe row with their spans (``offset`` is where the line starts).

    Outer pipes are optional; an empty cell gets an empty span where it sits.

    >>> split_pipe_row("| 规章 | 13 |  |", 100)
    [('规章', (102, 104)), ('13', (107, 109)), ('', (112, 112))]
    """
    bounds = [match.start() for match in _PIPE.finditer(line)]
    edges = [-1, *bounds, len(line)]
    cells = []
    for left, right in itertools.pairwise(edges):
        raw = line[left + 1 : right]
        stripped = raw.strip()
        if left == -1 and not stripped:
            continue
        if right == len(line) and not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        start = offset + left + 1 + (lead if stripped else len(raw) // 2)
        cells.append((stripped, (start, start + len(stripped))))
    return cells


def pipe_tables(text: str) -> list[Table]:
    """Every run of two or more pipe rows, as a grid with spans into ``text``."""
    tables: list[Table] = []
    block: list[list[tuple[str, tuple[int, int]]]] = []
    block_start = block_end = 0
    position = 0

    def close() -> None:
        if len(block) >= 2:
            # a short row stays short: a cell the text does not have is missing, not blank
            grid = [[cell for cell, _ in row] for row in block]
            spans = [[span for _, span in row] for row in block]
            tables.append(
                Table(
                    id=f"t{len(tables) + 1}",
                    grid=grid,
                    grid_spans=spans,
                    span=(block_start, block_end),
                )
            )
        block.clear()

    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        if "|" in content and not _DELIMITER_ROW.match(content):
            cells = split_pipe_row(content, position)
            if cells:
                if not block:
                    block_start = position
                block.append(cells)
                block_end = position + len(content)
        elif not (_DELIMITER_ROW.match(content) and block):
            close()
        position += len(line)
    close()
    return tables


def read_markdown(data: bytes, name: str) -> Document:
    """A Markdown report: its text unchanged, its pipe tables as grids."""
    document = read_text_bytes(data, name)
    document.format = "markdown"
    document.tables = pipe_tables(document.text)
    return document
