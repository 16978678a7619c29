"""The table templates of a profile (``profiles/<name>/tables.yaml``), validated when loaded.

The file describes each standard table (its rows, columns and blocks, with label patterns and
the versions of the format they belong to), the arithmetic identities between its cells, and
the prose phrasings that restate them. Everything a domain expert may correct lives there; this
module only checks the file and answers questions about it (which rows a version has, what a
key with ``*`` expands to). A typo fails at load time with the file and the entry named.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from nlp_reports.errors import ProfileError

_ROOT = Path(str(resources.files("nlp_reports.profiles")))
# Possessive: nothing a segment gives back can match a dot, and backtracking into them is quadratic.
_RULE_ID = regex.compile(r"[a-z0-9]++(?:\.[a-z0-9_]++)+\.v\d+")
_LABEL_NOISE = regex.compile(r"[\s\"'“”‘’「」『』]+")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnSpec(_Data):
    key: str
    patterns: list[str] = Field(min_length=1)
    unit: str | None = None
    after: str | None = None


class RowSpec(_Data):
    key: str
    label: str
    patterns: list[str] = Field(min_length=1)
    versions: list[str] | None = None
    derived: bool = False
    derived_in: list[str] = Field(default_factory=list)

    def in_version(self, version: str | None) -> bool:
        """Whether the row exists in a version (every row exists when the version is unknown)."""
        return version is None or self.versions is None or version in self.versions

    def is_derived(self, version: str | None) -> bool:
        """A subtotal the official layout does not print (checked only when a report prints it)."""
        return self.derived or (version is not None and version in self.derived_in)


class BlockSpec(_Data):
    key: str
    caption: str
    columns: dict[str, list[ColumnSpec]]
    rows: list[RowSpec] = Field(min_length=1)


class GroupSpec(_Data):
    key: str
    patterns: list[str] = Field(min_length=1)


class TemplateSpec(_Data):
    key: str
    title: str
    anchors: list[str] = Field(min_length=1)
    ends: list[str] = Field(default_factory=list)
    rows_are_anchors: bool = False
    blocks: list[BlockSpec] = Field(default_factory=list)
    columns: list[ColumnSpec] = Field(default_factory=list)
    optional_columns: list[ColumnSpec] = Field(default_factory=list)
    groups: list[GroupSpec] = Field(default_factory=list)
    rows: list[RowSpec] = Field(default_factory=list)
    subtotal_patterns: list[str] = Field(default_factory=list)
    single_row: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_layout(self) -> TemplateSpec:
        layouts = [bool(self.blocks), bool(self.rows and self.columns), bool(self.single_row)]
        if sum(layouts) != 1:
            raise ValueError(f"{self.key}: give exactly one of blocks, rows+columns, single_row")
        return self

    @property
    def versions(self) -> list[str]:
        """The versions the template distinguishes (empty when both share one layout)."""
        found: set[str] = set()
        for block in self.blocks:
            found.update(block.columns)
        for row in self.rows:
            found.update(row.versions or [])
            found.update(row.derived_in)
        return sorted(found)

    def all_rows(self) -> list[RowSpec]:
        """Every row of the template, of every block."""
        return [row for block in self.blocks for row in block.rows] + list(self.rows)

    def row_keys(self, version: str | None, derived: bool = True) -> list[str]:
        """Keys of the rows a version has, without derived subtotals when ``derived`` is false."""
        return [
            row.key
            for row in self.all_rows()
            if row.in_version(version) and (derived or not row.is_derived(version))
        ]

    def column_keys(self, version: str | None) -> list[str]:
        """Column keys of a rows+columns template, optional columns included."""
        return [column.key for column in [*self.columns, *self.optional_columns]]

    def cell_keys(self, version: str | None) -> list[str]:
        """Every cell key a table of this template and version can have."""
        if self.single_row:
            return list(self.single_row)
        keys = []
        for block in self.blocks:
            versions = [version] if version in block.columns else list(block.columns)
            for row in block.rows:
                if not row.in_version(version):
                    continue
                for name in versions:
                    if row.versions is None or name in row.versions:
                        keys += [f"{row.key}.{column.key}" for column in block.columns[name]]
        for row in self.rows:
            if row.in_version(version):
                keys += [f"{row.key}.{column}" for column in self.column_keys(version)]
        return list(dict.fromkeys(keys))


class IdentitySpec(_Data):
    id: str
    ref: str
    template: str
    severity: Literal["error", "warning"]
    description: str
    kind: Literal["sum", "cells", "units"] = "sum"
    versions: list[str] | None = None
    for_each: Literal["row", "column"] | None = None
    left: list[str] = Field(default_factory=list)
    right: list[str] = Field(default_factory=list)
    relation: Literal["eq", "le"] = "eq"
    only_if_present: bool = False
    when_unverifiable: str | None = None
    domain: Literal["count", "amount", "signed"] = "count"
    domains: dict[str, Literal["count", "amount", "signed"]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _shape(self) -> IdentitySpec:
        if not _RULE_ID.fullmatch(self.id):
            raise ValueError(f"{self.id}: rule ids look like ogi.table3.balance.v1")
        if self.kind == "sum" and not (self.left and self.right):
            raise ValueError(f"{self.id}: a sum identity needs left and right")
        return self


class MeaningSpec(_Data):
    name: str
    keys: list[str] = Field(min_length=1)
    scope: str | None = None


class ProseSpec(_Data):
    id: str
    before: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)
    subject: list[str] = Field(default_factory=list)
    meanings: list[MeaningSpec] = Field(min_length=1)
    scope: str | None = None
    within: list[str] = Field(default_factory=list)


class VersionRule(_Data):
    version: str
    from_year: int
    until_year: int | None = None

    def applies_to(self, year: int) -> bool:
        return self.from_year <= year <= (self.until_year or year)


class TablesData(_Data):
    """Everything in a profile's tables.yaml."""

    versions: list[VersionRule] = Field(min_length=1)
    ocr_confusables: list[tuple[str, str]] = Field(default_factory=list)
    cell_dashes: list[str] = Field(default_factory=list)
    names: dict[str, str] = Field(default_factory=dict)
    templates: list[TemplateSpec] = Field(min_length=1)
    identities: list[IdentitySpec] = Field(default_factory=list)
    prose: list[ProseSpec] = Field(default_factory=list)

    def template(self, key: str) -> TemplateSpec:
        for template in self.templates:
            if template.key == key:
                return template
        raise KeyError(key)

    def cell_name(self, template: TemplateSpec, key: str) -> str:
        """A cell key in words: its row's official label and its column's name.

        >>> ogi = tables_data("ogi")
        >>> ogi.cell_name(ogi.template("ogi.table3"), "apps.result.granted.natural_person")
        '予以公开·自然人'
        >>> ogi.cell_name(ogi.template("ogi.table4"), "review.total")
        '行政复议·总计'
        """
        rows = sorted(template.all_rows(), key=lambda row: -len(row.key))
        for row in rows:
            if key.startswith(row.key + "."):
                column = key[len(row.key) + 1 :]
                return f"{row.label}·{self.names.get(column, column)}"
        return "·".join(self.names.get(part, part) for part in key.split("."))

    def expected_version(self, year: int | None) -> str | None:
        """The version a report about ``year`` must use, or None before the formats existed."""
        if year is None:
            return None
        for rule in self.versions:
            if rule.applies_to(year):
                return rule.version
        return None

    def label_text(self, text: str) -> str:
        """A label as the patterns see it: no white space or quotes, OCR slips mapped back.

        >>> tables_data("ogi").label_text("3.危及“三安全一稳定” 己")
        '3.危及三安全一稳定已'
        """
        cleaned = _LABEL_NOISE.sub("", text)
        for wrong, right in self.ocr_confusables:
            cleaned = cleaned.replace(wrong, right)
        return cleaned


@cache
def pattern(source: str) -> regex.Pattern[str]:
    """A compiled pattern of a tables file (validated at load, so compiling cannot fail here)."""
    return regex.compile(source)


def expand_key(key: str, candidates: list[str]) -> list[str]:
    """The keys a key with ``*`` (one segment) stands for, among ``candidates``, in their order.

    >>> expand_key("a.*.total", ["a.x.total", "a.x.y.total", "a.total", "b.x.total"])
    ['a.x.total']
    >>> expand_key("a.total", ["a.total"])
    ['a.total']
    """
    if "*" not in key:
        return [key] if key in candidates else []
    shape = regex.compile(regex.escape(key).replace(r"\*", r"[^.]+"))
    return [candidate for candidate in candidates if shape.fullmatch(candidate)]


def _patterns_of(data: TablesData) -> list[tuple[str, str]]:
    """Every pattern of the file with a name saying where it is."""
    found: list[tuple[str, str]] = []
    for template in data.templates:
        found += [(f"{template.key} anchors", p) for p in template.anchors]
        found += [(f"{template.key} ends", p) for p in template.ends]
        found += [(f"{template.key} subtotal", p) for p in template.subtotal_patterns]
        for block in template.blocks:
            found.append((f"{template.key} {block.key} caption", block.caption))
            for columns in block.columns.values():
                found += [(f"{block.key} column {c.key}", p) for c in columns for p in c.patterns]
        for column in [*template.columns, *template.optional_columns]:
            found += [(f"{template.key} column {column.key}", p) for p in column.patterns]
        for group in template.groups:
            found += [(f"{template.key} group {group.key}", p) for p in group.patterns]
        for row in template.all_rows():
            found += [(f"row {row.key}", p) for p in row.patterns]
    for prose in data.prose:
        found += [(f"prose {prose.id}", p) for p in [*prose.before, *prose.after, *prose.subject]]
    return found


def _check_identity(identity: IdentitySpec, data: TablesData) -> None:
    """Every key of an identity refers to cells its template can have."""
    try:
        template = data.template(identity.template)
    except KeyError as error:
        raise ProfileError(f"{identity.id}: unknown template {identity.template}") from error
    if identity.when_unverifiable and identity.when_unverifiable not in {
        other.id for other in data.identities
    }:
        raise ProfileError(f"{identity.id}: unknown identity {identity.when_unverifiable}")
    declared: list[str] = list(identity.versions or template.versions)
    versions: list[str | None] = [*declared] if declared else [None]
    known = {key for version in versions for key in template.cell_keys(version)}
    rows = {key for version in versions for key in template.row_keys(version)}
    columns = {
        key.rsplit(".", 1)[1] for key in known if "." in key and key.rsplit(".", 1)[0] in rows
    }
    for key in [*identity.left, *identity.right]:
        filled = [key]
        if "{row}" in key:
            filled = [key.replace("{row}", row) for row in rows]
        if "{column}" in key:
            filled = [key.replace("{column}", column) for column in columns]
        if not any(expand_key(candidate, sorted(known)) for candidate in filled):
            raise ProfileError(f"{identity.id}: key {key} names no cell of {template.key}")


def _read(path: Path) -> TablesData:
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = TablesData.model_validate(yaml.load(path.read_text(encoding="utf-8"), loader))
    except (ValidationError, yaml.YAMLError) as error:
        raise ProfileError(f"{path}: {error}") from error
    for where, source in _patterns_of(data):
        try:
            regex.compile(source)
        except regex.error as error:
            raise ProfileError(f"{path}: {where}: bad pattern {source!r}: {error}") from error
    try:
        for identity in data.identities:
            _check_identity(identity, data)
    except ProfileError as error:
        raise ProfileError(f"{path}: {error}") from error
    return data


@cache
def tables_data(profile: str) -> TablesData | None:
    """The table templates of a profile, or None when the profile has no tables file."""
    path = _ROOT / profile / "tables.yaml"
    if not path.is_file():
        return None
    return _read(path)
