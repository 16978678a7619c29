"""Shared fixtures: the bundled corpus and its gold files."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp_reports.evaluate import GoldFile, gold_files, load_gold, text_of

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SEED = CORPORA / "000_2e44ad171ca045ec.txt"
GOLD_PATHS = gold_files(CORPORA)


def corpus_id(path: Path) -> str:
    return path.name.removesuffix(".gold.yaml")


@pytest.fixture(scope="session")
def seed_report():
    import nlp_reports

    return nlp_reports.extract(SEED)


@pytest.fixture(scope="session")
def corpus_reports():
    """Every gold-annotated corpus text, extracted once: name -> (gold, report)."""
    import nlp_reports

    reports: dict[str, tuple[GoldFile, object]] = {}
    for path in GOLD_PATHS:
        reports[corpus_id(path)] = (load_gold(path), nlp_reports.extract(text_of(path)))
    return reports
