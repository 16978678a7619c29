"""Accuracy against hand-checked gold: precision, recall and F1 per fact kind.

A predicted fact matches a gold fact of the same kind whose span overlaps it (one to one, largest
overlap first). A match is *correct* when the values agree; precision and recall count correct
matches only, so a fact found in the right place with the wrong value is both a false positive
and a false negative. Unit, qualifier and subject are scored on all matches. A subject is *exact*
when equal to the gold subject and *close* when one contains the other and they share at least
half their characters.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nlp_reports.errors import NlpReportsError
from nlp_reports.records import Fact, FactKind, Report

TARGET_KINDS: tuple[FactKind, ...] = ("count", "percentage", "money", "date", "period")


class GoldFact(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    kind: FactKind
    value: Any = None
    upper: Any = None
    unit: str | None = None
    approx: str | None = None
    start: int
    text: str
    subject: str | None = None
    worded: bool = False

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.start + len(self.text)


class GoldSection(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str | None = None
    level: int = 1
    start: int
    heading: str


class GoldFile(BaseModel):
    """A gold file as described in corpora/ANNOTATION.md."""

    model_config = ConfigDict(extra="allow")

    source: str | None = None
    genre: str
    profile: str
    script: str
    report_year: int | None = None
    title: str | None = None
    sections: list[GoldSection] = Field(default_factory=list)
    facts: list[GoldFact] = Field(default_factory=list)
    relations: list[dict[str, Any]] = Field(default_factory=list)


def load_gold(path: Path) -> GoldFile:
    """A gold file, validated, with every offset checked against its text."""
    try:
        gold = GoldFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (ValidationError, yaml.YAMLError) as error:
        raise NlpReportsError(f"{path}: {error}") from error
    text = text_of(path).read_text(encoding="utf-8")
    for fact in gold.facts:
        if text[fact.start : fact.start + len(fact.text)] != fact.text:
            raise NlpReportsError(f"{path}: {fact.id} {fact.text!r} is not at offset {fact.start}")
    for section in gold.sections:
        if text[section.start : section.start + len(section.heading)] != section.heading:
            raise NlpReportsError(
                f"{path}: section {section.heading!r} is not at offset {section.start}"
            )
    return gold


def text_of(gold_path: Path) -> Path:
    return gold_path.with_name(gold_path.name.removesuffix(".gold.yaml") + ".txt")


def gold_files(corpus: Path) -> list[Path]:
    """Gold files of a corpus folder (or the one gold file given)."""
    if corpus.is_file():
        return [corpus]
    return sorted(corpus.glob("**/*.gold.yaml"))


def values_agree(predicted: Any, gold: Any) -> bool:
    """Numbers agree to a relative 1e-9; everything else must be equal.

    >>> values_agree(840000, 840000.0), values_agree("2015-06", "2015-06")
    (True, True)
    >>> values_agree(19.29, 19.3)
    False
    """
    if isinstance(predicted, int | float) and isinstance(gold, int | float):
        return math.isclose(float(predicted), float(gold), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(gold, int) and isinstance(predicted, str):
        return predicted == str(gold)
    return bool(predicted == gold)


def subject_close(predicted: str | None, gold: str | None) -> bool:
    """One subject contains the other and they share at least half their characters.

    >>> subject_close("举办培训班", "培训班"), subject_close("行政", "行政审批事项")
    (True, False)
    """
    if predicted is None or gold is None:
        return predicted == gold
    shorter, longer = sorted((predicted, gold), key=len)
    return shorter in longer and len(shorter) * 2 >= len(longer)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_facts(predicted: list[Fact], gold: list[GoldFact]) -> list[tuple[Fact, GoldFact]]:
    """One-to-one pairs of the same kind with overlapping spans, largest overlap first."""
    pairs = [
        (_overlap(p.span, g.span), i, j)
        for i, p in enumerate(predicted)
        for j, g in enumerate(gold)
        if p.kind == g.kind and _overlap(p.span, g.span) > 0
    ]
    pairs.sort(key=lambda item: -item[0])
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            matched.append((predicted[i], gold[j]))
    return matched


@dataclass
class KindScore:
    predicted: int = 0
    gold: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """Totals over a corpus."""

    documents: int = 0
    kinds: dict[str, KindScore] = field(default_factory=dict)
    matched: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def kind(self, name: str) -> KindScore:
        return self.kinds.setdefault(name, KindScore())

    def rate(self, what: str) -> float:
        total = self.matched[f"{what}_total"]
        return self.matched[what] / total if total else 1.0


def score_document(report: Report, gold: GoldFile, scores: Scores, name: str) -> None:
    """Add one document's comparison to the running scores."""
    scores.documents += 1
    for fact in report.facts:
        scores.kind(fact.kind).predicted += 1
    for gold_fact in gold.facts:
        scores.kind(gold_fact.kind).gold += 1
    matched = match_facts(report.facts, gold.facts)
    matched_gold = set()
    for predicted, expected in matched:
        matched_gold.add(expected.id)
        correct = values_agree(predicted.value, expected.value)
        if correct:
            scores.kind(predicted.kind).correct += 1
        else:
            scores.errors.append(_error(name, "value", predicted, expected))
        scores.matched["unit_total"] += 1
        scores.matched["unit"] += predicted.unit == expected.unit or predicted.kind in {
            "date",
            "period",
            "doc_number",
        }
        scores.matched["approx_total"] += 1
        scores.matched["approx"] += predicted.approx == expected.approx
        if predicted.kind == "count" and expected.subject is not None:
            scores.matched["subject_total"] += 1
            scores.matched["subject"] += predicted.subject == expected.subject
            scores.matched["subject_close"] += subject_close(predicted.subject, expected.subject)
    matched_predicted = {p.id for p, _ in matched}
    for fact in report.facts:
        if fact.id not in matched_predicted:
            scores.errors.append(
                {
                    "document": name,
                    "error": "spurious",
                    "kind": fact.kind,
                    "text": fact.text,
                    "value": fact.value,
                    "start": fact.span[0],
                }
            )
    for gold_fact in gold.facts:
        if gold_fact.id not in matched_gold:
            scores.errors.append(
                {
                    "document": name,
                    "error": "missed",
                    "kind": gold_fact.kind,
                    "text": gold_fact.text,
                    "value": gold_fact.value,
                    "start": gold_fact.start,
                }
            )


def _error(name: str, what: str, predicted: Fact, expected: GoldFact) -> dict[str, Any]:
    return {
        "document": name,
        "error": what,
        "kind": predicted.kind,
        "text": predicted.text,
        "value": predicted.value,
        "gold_value": expected.value,
        "start": predicted.span[0],
    }


def evaluate(corpus: Path) -> Scores:
    """Scores of the pipeline on every gold file under ``corpus``."""
    from nlp_reports.pipeline import extract

    scores = Scores()
    for gold_path in gold_files(corpus):
        gold = load_gold(gold_path)
        report = extract(text_of(gold_path), profile=gold.profile)
        score_document(report, gold, scores, gold_path.name.removesuffix(".gold.yaml"))
    return scores


def below_threshold(
    scores: Scores, min_f1: float, kinds: tuple[str, ...] = TARGET_KINDS
) -> list[str]:
    """The target kinds whose F1 is below ``min_f1``."""
    return [kind for kind in kinds if kind in scores.kinds and scores.kinds[kind].f1 < min_f1]
