"""``python -m nlp_reports`` runs the ``nlp-reports`` command."""

from nlp_reports.cli import app

app(prog_name="nlp-reports")
