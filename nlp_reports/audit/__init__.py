"""The audit page: a report's text with its facts marked, its checks and their evidence.

One self-contained HTML file per report (no network, no external scripts, fonts or styles),
and an index for a batch. ``render_page`` gives the HTML of one report; ``AuditPages`` writes
the pages of a check run as its records arrive.
"""

from nlp_reports.audit.pages import AuditPages, page_name
from nlp_reports.audit.render import IndexRow, render_index, render_page
from nlp_reports.audit.words import page_language

__all__ = ("AuditPages", "IndexRow", "page_language", "page_name", "render_index", "render_page")
