"""Accuracy against hand-checked gold: precision, recall and F1 per fact kind; table cells.

A predicted fact matches a gold fact of the same kind whose span overlaps it (one to one, largest
overlap first). A match is *correct* when the values agree; precision and recall count correct
matches only, so a fact found in the right place with the wrong value is both a false positive
and a false negative. Unit, qualifier and subject are scored on all matches. A subject is *exact*
when equal to the gold subject and *close* when one contains the other and they share at least
half their characters.

Table cells are scored per key: a cell is correct when the report's table of that template has
the key with the gold value (a blank must be null, a dash the same string). Gold files of table
reports may list several published forms of one report (``forms``: HTML, Markdown, PDF, its
text); each form is read and scored. A gold file without ``facts`` annotates only cells, and the
fact scores leave it out.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
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


class GoldTable(BaseModel):
    """The hand-checked cells of one standard table: key to value, null for a blank cell."""

    model_config = ConfigDict(extra="forbid")

    version: str | None = None
    units: dict[str, str] = Field(default_factory=dict)
    cells: dict[str, float | int | str | None]


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
    forms: list[str] = Field(default_factory=list)
    tables: dict[str, GoldTable] = Field(default_factory=dict)

    @property
    def annotates_facts(self) -> bool:
        """Whether the file annotates facts (a file of table cells only does not)."""
        return "facts" in self.model_fields_set


def load_gold(path: Path) -> GoldFile:
    """A gold file, validated, with every offset checked against its text."""
    try:
        gold = GoldFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (ValidationError, yaml.YAMLError) as error:
        raise NlpReportsError(f"{path}: {error}") from error
    for form in gold.forms:
        if not (path.parent / form).is_file():
            raise NlpReportsError(f"{path}: form {form} does not exist")
    if not (gold.facts or gold.sections):
        return gold
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


SOURCE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")


def text_of(gold_path: Path) -> Path:
    """The source a gold file annotates: ``<name>.txt``, else the first other format found."""
    stem = gold_path.name.removesuffix(".gold.yaml")
    for suffix in SOURCE_SUFFIXES:
        candidate = gold_path.with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    return gold_path.with_name(stem + ".txt")


def forms_of(gold_path: Path, gold: GoldFile) -> list[Path]:
    """Every published form of the report a gold file describes."""
    if gold.forms:
        return [gold_path.parent / form for form in gold.forms]
    return [text_of(gold_path)]


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
class CellScore(KindScore):
    """Table cells: gold cells, cells read, cells read with the gold value, and the tables whose
    template version was read right."""

    tables: int = 0
    versions_correct: int = 0


@dataclass
class Scores:
    """Totals over a corpus."""

    documents: int = 0
    kinds: dict[str, KindScore] = field(default_factory=dict)
    matched: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)
    cell_documents: int = 0
    cells: dict[str, CellScore] = field(default_factory=dict)
    cell_errors: list[dict[str, Any]] = field(default_factory=list)

    def cell(self, template: str) -> CellScore:
        return self.cells.setdefault(template, CellScore())

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
            scores.errors.append(
                _disagreement(
                    name,
                    "value",
                    predicted.kind,
                    predicted.text,
                    predicted.value,
                    predicted.span[0],
                    gold_value=expected.value,
                )
            )
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
                _disagreement(name, "spurious", fact.kind, fact.text, fact.value, fact.span[0])
            )
    for gold_fact in gold.facts:
        if gold_fact.id not in matched_gold:
            scores.errors.append(
                _disagreement(
                    name, "missed", gold_fact.kind, gold_fact.text, gold_fact.value, gold_fact.start
                )
            )


def _disagreement(
    name: str, error: str, kind: str, text: str, value: Any, start: int, **gold: Any
) -> dict[str, Any]:
    """One line of ``eval --errors``: a fact spurious, missed, or found with another value."""
    return {
        "document": name,
        "error": error,
        "kind": kind,
        "text": text,
        "value": value,
        **gold,
        "start": start,
    }


def cells_agree(predicted: Any, gold: Any) -> bool:
    """A blank agrees only with a blank, a number with the same number, text with the same text.

    >>> cells_agree(None, 0), cells_agree(0, None), cells_agree(96171.6, 96171.6)
    (False, False, True)
    >>> cells_agree("/", "/"), cells_agree("/", None)
    (True, False)
    """
    if predicted is None or gold is None:
        return predicted is None and gold is None
    if isinstance(predicted, str) or isinstance(gold, str):
        return bool(predicted == gold)
    return values_agree(predicted, gold)


def _cell_error(name: str, template: str, error: str, **found: Any) -> dict[str, Any]:
    return {"document": name, "template": template, "error": error, **found}


def score_cells(report: Report, gold: GoldFile, scores: Scores, name: str) -> None:
    """Add one document's table cells to the running scores."""
    scores.cell_documents += 1
    for template, expected in gold.tables.items():
        score = scores.cell(template)
        score.tables += 1
        table = next((t for t in report.tables if t.template == template), None)
        cells = table.cells if table else {}
        units = table.units if table else {}
        score.gold += len(expected.cells)
        score.predicted += len(cells)
        version = table.version if table else None
        if table is not None and version == expected.version:
            score.versions_correct += 1
        else:
            scores.cell_errors.append(
                _cell_error(name, template, "version", value=version, gold_value=expected.version)
            )
        for key, value in expected.cells.items():
            if key in cells and cells_agree(cells[key], value):
                score.correct += 1
                continue
            error = "cell" if key in cells else "missed"
            scores.cell_errors.append(
                _cell_error(name, template, error, key=key, value=cells.get(key), gold_value=value)
            )
        for key in cells.keys() - expected.cells.keys():
            scores.cell_errors.append(
                _cell_error(name, template, "spurious", key=key, value=cells[key])
            )
        for key, unit in expected.units.items():
            if units.get(key) != unit:
                scores.cell_errors.append(
                    _cell_error(
                        name, template, "unit", key=key, value=units.get(key), gold_value=unit
                    )
                )


def evaluate(corpus: Path) -> Scores:
    """Scores of the pipeline on every gold file under ``corpus``: facts, and table cells in
    every published form of a report."""
    from nlp_reports.pipeline import extract

    scores = Scores()
    for gold_path in gold_files(corpus):
        gold = load_gold(gold_path)
        name = gold_path.name.removesuffix(".gold.yaml")
        source = text_of(gold_path)
        forms = forms_of(gold_path, gold)
        for form in forms:
            report = extract(form, profile=gold.profile)
            label = name if len(forms) == 1 else f"{name} ({form.name})"
            if gold.annotates_facts and form == source:
                score_document(report, gold, scores, name)
            if gold.tables:
                score_cells(report, gold, scores, label)
    return scores


def below_threshold(
    scores: Scores, min_f1: float, kinds: tuple[str, ...] = TARGET_KINDS
) -> list[str]:
    """The target kinds whose F1 is below ``min_f1``."""
    return [kind for kind in kinds if kind in scores.kinds and scores.kinds[kind].f1 < min_f1]


# --- checks: altered copies caught, and false alarms on the texts as published -----------------

REPORT_LEVEL_FINDINGS = frozenset(
    {
        "required_sections.v1",
        "date_horizon.v1",
        "ogi.tables.version.v1",
        "ogi.tables.blank_cells.v1",
    }
)
_WRITTEN = regex.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇○一二两兩三四五六七八九十百千]+"
)


@dataclass
class CheckScores:
    """How checks fare on a corpus: each gold relation altered once, and the texts as they are."""

    relations: int = 0
    caught: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    real: int = 0
    real_caught: int = 0
    false_alarms: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    unaltered: int = 0

    @property
    def caught_rate(self) -> float:
        return self.caught / self.relations if self.relations else 1.0


def _members(relation: dict[str, Any]) -> list[str]:
    ids: list[str] = []
    for role, value in relation.items():
        if role in {"type", "exhaustive", "holds", "note", "items"}:
            continue
        ids.extend(value if isinstance(value, list) else [value])
    return [i for i in ids if isinstance(i, str)]


def _written_number(fact: GoldFact) -> tuple[regex.Match[str], float, int] | None:
    """The number as ``fact`` writes it: the match, its value as shown (八 of 八成) and its
    decimals; None when the fact has no numeric value or no number can be read."""
    match = _WRITTEN.search(fact.text)
    if match is None or not isinstance(fact.value, int | float):
        return None
    from nlp_reports.facts.numerals import parse_number

    try:
        shown, decimals = parse_number(match.group())
    except (ValueError, KeyError):
        return None
    return match, float(shown), decimals


def _written_value(fact: GoldFact, new_value: float) -> str | None:
    """The surface of ``fact`` with its number rewritten to stand for ``new_value``."""
    written = _written_number(fact)
    if written is None:
        return None
    match, shown, decimals = written
    scale = float(fact.value) / shown if shown else 1.0
    number = new_value / scale if scale else new_value
    unit = 10.0**-decimals
    if round(number, decimals) == round(shown, decimals):
        number = shown + (unit if new_value >= float(fact.value) else -unit)
    digits = f"{abs(number):.{decimals}f}"
    if not match.group()[0].isdigit() and decimals == 0:
        digits = chinese_numeral(round(abs(number)))
    return fact.text[: match.start()] + digits + fact.text[match.end() :]


_CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """An integer below 10⁸ written in Chinese numerals, as a number written so is altered in
    kind (八成 becomes 九成, not 9成, which reads as a bare number).

    >>> [chinese_numeral(n) for n in (9, 10, 15, 55, 105, 2019, 30000, 41234)]
    ['九', '十', '十五', '五十五', '一百零五', '二千零一十九', '三万', '四万一千二百三十四']
    """
    if number >= 10_000:
        high, low = divmod(number, 10_000)
        rest = "" if low == 0 else ("零" if low < 1000 else "") + _below_ten_thousand(low, False)
        return _below_ten_thousand(high, True) + "万" + rest
    return _below_ten_thousand(number, True)


def _below_ten_thousand(number: int, leading: bool) -> str:
    if number == 0:
        return "零"
    written, gap = "", False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = (number // value) % 10
        if digit == 0:
            gap = bool(written)
            continue
        if gap:
            written += "零"
            gap = False
        one_ten = leading and not written and value == 10 and digit == 1
        written += ("" if one_ten else _CHINESE_DIGITS[digit]) + name
    return written


def _alteration(
    relation: dict[str, Any], facts: dict[str, GoldFact]
) -> tuple[GoldFact, float] | None:
    """Which fact to alter, and to what value, so that the relation surely breaks: a share of a
    part stated as a bound (超过四十七亿元) is moved past the bound, not along it."""
    kind = relation["type"]
    try:
        if kind == "parts_total":
            total, parts = facts[relation["total"]], [facts[p] for p in relation["parts"]]
            values = [float(p.value) for p in parts]
            gap = float(total.value) - sum(values)
            return parts[0], values[0] + max(gap, 0) + max(1.0, round(0.1 * float(total.value)))
        if kind in {"share", "rate"}:
            stated = facts[relation["share" if kind == "share" else "rate"]]
            part = facts[relation["part" if kind == "share" else "numerator"]]
            step = max(1.0, 10 * 0.5 * 10 ** -_decimals(stated))
            if part.approx in {"more_than", "less_than"}:
                step = max(step, 4 * _half_unit(stated) + 1)
            return stated, float(stated.value) + (-step if part.approx == "more_than" else step)
        if kind == "percent_sum":
            shares = [facts[s] for s in relation["shares"]]
            slack = sum(_half_unit(s) for s in shares)
            return shares[0], float(shares[0].value) + 2 * slack + 1
        if kind == "growth":
            stated = facts[str(relation.get("change") or relation.get("rate"))]
            return stated, float(stated.value) + max(1.0, 10 * 0.5 * 10 ** -_decimals(stated))
        if kind == "same_metric":
            target = facts[relation["facts"][-1]]
            return target, float(target.value) + max(1.0, round(0.1 * abs(float(target.value)), 2))
        if kind == "item_count":
            target = facts[relation["count"]]
            return target, float(target.value) - 1
    except (KeyError, TypeError, ValueError):
        return None
    return None


def _half_unit(fact: GoldFact) -> float:
    """Half the last written unit of a fact, in its value's unit: 0.05 for 12.3%, 5 for 八成."""
    half = 0.5 * 10.0 ** -_decimals(fact)
    written = _written_number(fact)
    if written is None or not written[1]:
        return half
    return half * abs(float(fact.value) / written[1])


def _decimals(fact: GoldFact) -> int:
    match = _WRITTEN.search(fact.text)
    return len(match.group().split(".")[1]) if match and "." in match.group() else 0


def _fails_over(report: Report, span: tuple[int, int]) -> bool:
    return any(
        check.status == "fail" and any(_overlap(s, span) for s in check.spans)
        for check in report.checks
    )


def _fails_on(report: Report, spans: list[tuple[int, int]]) -> bool:
    """A failing check that uses at least two of these spans (or the only one)."""
    needed = min(2, len(spans))
    return any(
        check.status == "fail"
        and sum(any(_overlap(s, span) for s in check.spans) for span in spans) >= needed
        for check in report.checks
    )


def _score_published(scores: CheckScores, gold_path: Path, gold: GoldFile) -> None:
    """False alarms on every published form of a report without relation gold; the failures its
    gold lists under ``findings`` (checked by hand) count as real inconsistencies found."""
    from nlp_reports.pipeline import extract

    name = gold_path.name.removesuffix(".gold.yaml")
    known: list[dict[str, str]] = (gold.model_extra or {}).get("findings", [])
    for form in forms_of(gold_path, gold):
        report = extract(form)
        scores.unaltered += 1
        scores.real += len(known)
        found: set[str] = set()
        for check in report.checks:
            if check.status != "fail":
                continue
            entry = {
                "document": f"{name} ({form.name})",
                "rule": check.rule,
                "message": check.message,
            }
            real = [
                k["text"] for k in known if k["rule"] == check.rule and k["text"] in check.message
            ]
            if real:
                found.update(real)
            elif check.rule in REPORT_LEVEL_FINDINGS:
                scores.findings.append(entry)
            else:
                scores.false_alarms.append(entry)
        scores.real_caught += len(found)


def score_checks(corpus: Path) -> CheckScores:
    """Every gold relation altered so that it breaks, and every text as published."""
    from nlp_reports.pipeline import extract

    scores = CheckScores()
    for gold_path in gold_files(corpus):
        gold = load_gold(gold_path)
        if not gold.annotates_facts:
            _score_published(scores, gold_path, gold)
            continue
        name = gold_path.name.removesuffix(".gold.yaml")
        text = text_of(gold_path).read_text(encoding="utf-8")
        facts = {f.id: f for f in gold.facts}
        report = extract(text)
        scores.unaltered += 1
        broken = [
            facts[i].span
            for r in gold.relations
            if not r["holds"]
            for i in _members(r)
            if i in facts
        ]
        for check in report.checks:
            if check.status != "fail":
                continue
            entry = {"document": name, "rule": check.rule, "message": check.message}
            if check.rule in REPORT_LEVEL_FINDINGS:
                scores.findings.append(entry)
            elif not any(_overlap(s, b) for s in check.spans for b in broken):
                scores.false_alarms.append(entry)
        for relation in gold.relations:
            members = [facts[i] for i in _members(relation) if i in facts]
            if not relation["holds"]:
                scores.real += 1
                scores.real_caught += _fails_on(report, [m.span for m in members])
                continue
            scores.relations += 1
            alteration = _alteration(relation, facts)
            surface = _written_value(*alteration) if alteration else None
            if alteration is None or surface is None:
                scores.missed.append(
                    {
                        "document": name,
                        "type": relation["type"],
                        "fact": None,
                        "why": "not alterable",
                    }
                )
                continue
            target = alteration[0]
            altered = text[: target.start] + surface + text[target.start + len(target.text) :]
            altered_report = extract(altered)
            if _fails_over(altered_report, (target.start, target.start + len(surface))):
                scores.caught += 1
            else:
                scores.missed.append(
                    {
                        "document": name,
                        "type": relation["type"],
                        "fact": target.text,
                        "altered": f"{target.text} → {surface}",
                    }
                )
    return scores
