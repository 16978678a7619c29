"""Readers for the formats reports are published in, registered in :data:`read.READERS`.

Each reader turns the bytes of one format into a :class:`~nlp_reports.read.Document` whose text is
what every span indexes and whose tables are grids with spans into that text. The parsers they
need are optional extras, imported only when a file of that format arrives, so that a missing one
is a one-line message naming the extra to install.
"""

from __future__ import annotations

from nlp_reports.read import READERS
from nlp_reports.readers.docx import read_docx
from nlp_reports.readers.html import read_html
from nlp_reports.readers.markdown import read_markdown
from nlp_reports.readers.pdf import read_pdf


def register_readers() -> None:
    """Put every reader into READERS (idempotent)."""
    READERS.update(
        {"html": read_html, "docx": read_docx, "pdf": read_pdf, "markdown": read_markdown}
    )


register_readers()
