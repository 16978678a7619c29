"""The records every stage hands on, and the one a document finally becomes.

Every span is ``[start, end)`` in characters of ``Report.text``, the decoded text of the source,
so ``report.text[start:end] == fact.text`` holds for every fact.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.0"

Span = Annotated[
    tuple[int, int],
    Field(description="Character offsets [start, end) into Report.text."),
]
FactKind = Literal[
    "count",
    "number",
    "percentage",
    "percentage_point",
    "money",
    "date",
    "period",
    "doc_number",
]
Approx = Literal["more_than", "less_than", "about"]
Status = Literal["pass", "fail", "unverifiable"]
Severity = Literal["error", "warning", "info"]
Script = Literal["simplified", "traditional", "mixed", "none"]
RelationType = Literal[
    "parts_total", "share", "rate", "percent_sum", "growth", "same_metric", "item_count"
]
SourceFormat = Literal["text", "html", "docx", "pdf", "markdown"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


def _check_span(span: tuple[int, int]) -> None:
    start, end = span
    if start < 0 or end < start:
        raise ValueError(f"span {span} must satisfy 0 <= start <= end")


class Source(_Record):
    """Where the text came from and how it was decoded."""

    path: str | None = Field(None, description="File path as given, or null for text input.")
    sha256: str = Field(description="SHA-256 of the input bytes (of the UTF-8 text for str input).")
    format: SourceFormat = Field(description="Detected input format.")
    encoding: str | None = Field(
        None, description="Detected text encoding, e.g. utf-8, gb18030, big5."
    )
    bytes: int = Field(ge=0, description="Size of the input in bytes.")
    chars: int = Field(ge=0, description="Length of Report.text in characters.")


class Problem(_Record):
    """Something a stage skipped or could not do; never silently dropped."""

    stage: str = Field(description="Pipeline stage that noticed it: read, normalise, extract, ...")
    message: str = Field(description="What happened, in plain words.")
    span: Span | None = Field(None, description="Where in the text, when it applies.")


class Section(_Record):
    """A heading of the report and the stretch of text it governs."""

    id: str = Field(description="Stable id within the report, e.g. s3.")
    type: str | None = Field(description="Section key of the profile (e.g. applications), or null.")
    heading: str = Field(description="The heading as written.")
    level: int = Field(ge=1, le=4, description="1 for 一、, 2 for （一）, 3 for 1., 4 for (1).")
    heading_span: Span = Field(description="Span of the heading text.")
    span: Span = Field(
        description="Span from the heading to the next heading of the same or a higher level."
    )
    parent: str | None = Field(None, description="Id of the enclosing section.")

    @model_validator(mode="after")
    def _spans_are_ordered(self) -> Section:
        _check_span(self.span)
        _check_span(self.heading_span)
        return self


class DocNumber(_Record):
    """Parts of a document number such as 粤办函〔2015〕248号."""

    issuer: str | None = Field(
        description="Issuing-organ abbreviation in Simplified script, e.g. 粤办函."
    )
    year: int | None = Field(description="Year inside the brackets.")
    serial: int | None = Field(description="Serial number before 号.")


class Fact(_Record):
    """One quantity, date or document number found in the text."""

    id: str = Field(description="Stable id within the report, e.g. f12.")
    kind: FactKind = Field(description="What sort of fact this is.")
    value: float | int | str | None = Field(
        description=(
            "Resolved value: a number for quantities (multipliers folded, money in whole currency "
            "units, percentages in percent); an ISO date prefix for dates; an ISO interval "
            "'start/end' for periods; the normalised number for doc numbers; null when unresolved."
        )
    )
    upper: float | int | None = Field(None, description="Upper bound when the text gives a range.")
    unit: str | None = Field(
        None, description="Measure word or unit in Simplified script (件, 个, %, 元)."
    )
    approx: Approx | None = Field(
        None, description="Qualifier stated with the number, or null when exact."
    )
    decimals: int | None = Field(None, ge=0, description="Digits written after the decimal point.")
    text: str = Field(description="The exact surface in Report.text.")
    span: Span
    subject: str | None = Field(None, description="What is measured, in Simplified script.")
    section: str | None = Field(None, description="Id of the innermost section holding the fact.")
    currency: str | None = Field(None, description="ISO 4217 code for money not in CNY.")
    worded: bool = Field(False, description="True for a zero stated in words (未发生, 没有, 无).")
    doc: DocNumber | None = Field(None, description="Parts of a doc_number fact.")

    @model_validator(mode="after")
    def _span_matches_text(self) -> Fact:
        _check_span(self.span)
        if self.span[1] - self.span[0] != len(self.text):
            raise ValueError(f"span {self.span} does not have the length of {self.text!r}")
        return self


class Relation(_Record):
    """Facts that belong together arithmetically, as the text presents them."""

    id: str = Field(description="Stable id within the report, e.g. r2.")
    type: RelationType
    roles: dict[str, str | list[str]] = Field(
        description="Role to fact id(s): total/parts, part/whole/share, numerator/denominator/rate."
    )
    exhaustive: bool | None = Field(
        None, description="parts_total: whether the parts claim to cover the total."
    )
    candidates: list[str] = Field(
        default_factory=list,
        description="Other fact ids the text offers for an open role (share wholes).",
    )
    explicit: bool | None = Field(
        None,
        description="Whether the text itself names every operand; a check may fail only then.",
    )
    items: list[str] = Field(default_factory=list, description="item_count: the items listed.")
    scales: dict[str, float] = Field(
        default_factory=dict,
        description="Fact id to the factor that brings its value to the relation's unit "
        "(a table cell under 万元 is × 10000); 1 when absent.",
    )
    cue: str | None = Field(
        None, description="The words that signalled the relation (其中, 占总数, ...)."
    )
    span: Span = Field(description="Span of the text the relation was read from.")


class Check(_Record):
    """A rule applied to a relation or to the report, with its verdict and evidence."""

    id: str = Field(description="Stable id within the report, e.g. c4.")
    rule: str = Field(description="Versioned rule id, e.g. parts_sum.v1.")
    status: Status
    severity: Severity
    message: str = Field(description="Plain-language verdict quoting the numbers as written.")
    expected: float | str | None = Field(
        None, description="What the rule computes from the other operands."
    )
    actual: float | str | None = Field(None, description="What the text states.")
    tolerance: float | None = Field(
        None, description="Allowed difference, from the written precision."
    )
    relation: str | None = Field(None, description="Id of the relation checked, if any.")
    facts: list[str] = Field(default_factory=list, description="Ids of every fact used.")
    spans: list[Span] = Field(
        default_factory=list,
        description="Spans of every fact and table cell used, and of the heading a section "
        "check found, in Report.text.",
    )
    cells: list[str] = Field(
        default_factory=list,
        description="Table cells used, as TABLE_ID:KEY (e.g. t2:apps.new_received.total).",
    )


class Table(_Record):
    """A table found in the source, mapped to a profile template when one fits.

    A key missing from ``cells`` was not read (the problems say why); a key whose value is null
    was read as a blank cell. A blank is never a zero.
    """

    id: str
    template: str | None = Field(None, description="Template key of the profile, e.g. ogi.table3.")
    version: str | None = Field(
        None,
        description="Template version, e.g. 2021 or 2019; null when both share the layout.",
    )
    cells: dict[str, float | int | str | None] = Field(
        default_factory=dict,
        description=(
            "Stable cell key to value: a number, null for a blank cell, or the text as written "
            "(e.g. '/') when the cell holds no number."
        ),
    )
    cell_spans: dict[str, Span] = Field(
        default_factory=dict,
        description="Cell key to the span of its text (an empty span where the cell is blank).",
    )
    units: dict[str, str] = Field(
        default_factory=dict,
        description="Cell key to a unit written inside the cell (e.g. 元 in 251000元).",
    )
    grid: list[list[str]] = Field(
        default_factory=list,
        description="The table as rows of cell texts, merged cells repeated in every position.",
    )
    grid_spans: list[list[Span]] = Field(
        default_factory=list,
        description="Span of each grid cell; positions of one merged cell share its span.",
    )
    span: Span


class Report(_Record):
    """One document, as structured facts with their evidence and verdicts."""

    record: Literal["report"] = "report"
    schema_version: str = SCHEMA_VERSION
    tool_version: str
    source: Source
    text: str | None = Field(
        None, description="Decoded text every span indexes (may be omitted in output)."
    )
    title: str | None = None
    report_year: int | None = Field(None, description="The year the report is about.")
    script: Script
    profile: str = Field(description="Profile used: ogi, generic, ...")
    sections: list[Section] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)

    @model_validator(mode="after")
    def _spans_index_text(self) -> Report:
        if self.text is None:
            return self
        for fact in self.facts:
            if self.text[fact.span[0] : fact.span[1]] != fact.text:
                raise ValueError(f"fact {fact.id}: span {fact.span} does not slice {fact.text!r}")
        return self

    def fact(self, fact_id: str) -> Fact:
        """The fact with this id."""
        for fact in self.facts:
            if fact.id == fact_id:
                return fact
        raise KeyError(fact_id)


class ErrorRecord(_Record):
    """What a batch writes for an input that could not become a Report."""

    record: Literal["error"] = "error"
    schema_version: str = SCHEMA_VERSION
    tool_version: str
    path: str = Field(description="The input as given.")
    sha256: str | None = Field(
        None,
        description="SHA-256 of the input bytes when they could be read; with path, what a "
        "resumed batch matches.",
    )
    stage: str = Field(description="Stage that failed: read, extract, timeout, crash, ...")
    error: str = Field(description="One-line cause.")


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    """JSON Schema of a record model, as committed under schemas/."""
    schema = model.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
