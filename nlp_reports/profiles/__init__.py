"""Report genres as data: one folder per profile, plus lexicons shared by all of them.

A profile folder holds ``profile.yaml``; ``common/`` holds the lexicons (units, qualifiers,
currencies, Taiwan phrases, boilerplate, the jieba domain dictionary). Everything is validated
when loaded and cached, so a typo fails at start-up naming the file, not halfway through a batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nlp_reports.errors import ProfileError

_ROOT = Path(str(resources.files(__name__)))
_COMMON = _ROOT / "common"
# libyaml's safe loader when PyYAML was built with it: the same documents, read ten times faster.
_YAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SectionRule(_Data):
    key: str
    description: str = ""
    patterns: list[str] = Field(min_length=1)


class RequiredSection(_Data):
    key: str
    from_year: int | None = None
    until_year: int | None = None

    def applies_to(self, year: int | None) -> bool:
        """Whether the requirement holds for a report about ``year`` (None: only unbounded ones)."""
        if year is None:
            return self.from_year is None and self.until_year is None
        return (self.from_year or year) <= year <= (self.until_year or year)


class UnnumberedTitle(_Data):
    must_match: str = "$^"
    must_not_match: str = "$^"


class ProfileData(_Data):
    name: str
    description: str = ""
    extends: str | None = None
    detect: list[str] = Field(default_factory=list)
    title_patterns: list[str] = Field(default_factory=list)
    unnumbered_title: UnnumberedTitle | None = None
    deictic_year: Literal["report", "publication"] | None = None
    date_horizon: int | None = None
    sections: list[SectionRule] = Field(default_factory=list)
    required_sections: list[RequiredSection] = Field(default_factory=list)


@dataclass(frozen=True)
class Unit:
    word: str
    category: str
    arabic_only: bool


@dataclass(frozen=True)
class Qualifier:
    word: str
    position: Literal["before", "inside", "after"]
    approx: Literal["more_than", "less_than", "about"]


@dataclass(frozen=True)
class Currency:
    word: str
    code: str
    unit: str


@dataclass(frozen=True)
class Lexicon:
    """The shared word lists every profile uses."""

    units: tuple[Unit, ...]
    qualifiers: tuple[Qualifier, ...]
    currencies: tuple[Currency, ...]
    taiwan_phrases: tuple[tuple[str, str, str], ...]
    boilerplate: tuple[str, ...]
    countable_nouns: tuple[str, ...]
    fixed_expressions: tuple[str, ...]
    subject_stopwords: frozenset[str]
    domain_dictionary: Path


@dataclass(frozen=True)
class Profile:
    """A report genre: its section taxonomy, title and detection patterns, requirements."""

    name: str
    description: str
    detect: tuple[regex.Pattern[str], ...]
    title_patterns: tuple[regex.Pattern[str], ...]
    unnumbered_title: tuple[regex.Pattern[str], regex.Pattern[str]]
    deictic_year: str
    date_horizon: int | None
    sections: tuple[tuple[str, tuple[regex.Pattern[str], ...]], ...]
    required_sections: tuple[RequiredSection, ...]

    def may_be_unnumbered_title(self, line: str) -> bool:
        """Whether a line without outline number has the shape of a heading of this genre."""
        must_match, must_not_match = self.unnumbered_title
        return bool(must_match.search(line)) and not must_not_match.search(line)

    def section_type(self, title: str) -> str | None:
        """The first section key whose pattern occurs in ``title``, or None."""
        for key, patterns in self.sections:
            if any(pattern.search(title) for pattern in patterns):
                return key
        return None


def _rows(path: Path, columns: int) -> list[list[str]]:
    """Non-comment rows of a TSV data file, each checked for its column count."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < columns:
            raise ProfileError(f"{path}:{number}: expected {columns} tab-separated columns")
        rows.append([cell.strip() for cell in cells])
    return rows


def _lines(path: Path) -> tuple[str, ...]:
    """Non-comment, non-blank lines of a one-entry-per-line data file."""
    return tuple(
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


def _compile(path: Path, pattern: str) -> regex.Pattern[str]:
    try:
        return regex.compile(pattern)
    except regex.error as error:
        raise ProfileError(f"{path}: bad pattern {pattern!r}: {error}") from error


@cache
def lexicon() -> Lexicon:
    """The shared lexicons, loaded once."""
    units = []
    for word, category, numerals, *_ in _rows(_COMMON / "units.tsv", 3):
        if numerals not in {"any", "arabic"}:
            raise ProfileError(
                f"units.tsv: numerals of {word} must be any or arabic, not {numerals}"
            )
        units.append(Unit(word, category, numerals == "arabic"))
    qualifiers = []
    for word, position, approx in _rows(_COMMON / "qualifiers.tsv", 3):
        if position not in {"before", "inside", "after"} or approx not in {
            "more_than",
            "less_than",
            "about",
        }:
            raise ProfileError(f"qualifiers.tsv: bad row {word} {position} {approx}")
        qualifiers.append(Qualifier(word, position, approx))  # type: ignore[arg-type]
    currencies = tuple(
        Currency(word, code, unit) for word, code, unit in _rows(_COMMON / "currencies.tsv", 3)
    )
    phrases = tuple(
        (old, new, scope) for old, new, scope, *_ in _rows(_COMMON / "taiwan_phrases.tsv", 3)
    )
    if any(scope not in {"any", "traditional"} for *_, scope in phrases):
        raise ProfileError("taiwan_phrases.tsv: scope must be any or traditional")
    boilerplate = _lines(_COMMON / "boilerplate.txt")
    countable = _lines(_COMMON / "countable_nouns.txt")
    for path, lines in (
        (_COMMON / "boilerplate.txt", boilerplate),
        (_COMMON / "countable_nouns.txt", countable),
    ):
        for line in lines:
            _compile(path, line)
    return Lexicon(
        units=tuple(units),
        qualifiers=tuple(qualifiers),
        currencies=currencies,
        taiwan_phrases=phrases,
        boilerplate=boilerplate,
        countable_nouns=countable,
        fixed_expressions=_lines(_COMMON / "fixed_expressions.txt"),
        subject_stopwords=frozenset(_lines(_COMMON / "subject_stopwords.txt")),
        domain_dictionary=_COMMON / "domain_dict.txt",
    )


@cache
def boilerplate_pattern() -> regex.Pattern[str]:
    """One pattern for every boilerplate line of the lexicon (matched against a whole line)."""
    return regex.compile("|".join(f"(?:{line})" for line in lexicon().boilerplate))


def available_profiles() -> list[str]:
    """Names of the bundled profiles."""
    return list(_profile_names())


@cache
def _profile_names() -> tuple[str, ...]:
    """The profile folders, looked up once: profile detection asks for every document."""
    return tuple(sorted(path.parent.name for path in _ROOT.glob("*/profile.yaml")))


def _read_profile(name: str) -> ProfileData:
    path = _ROOT / name / "profile.yaml"
    if not path.is_file():
        raise ProfileError(
            f"unknown profile {name!r}; available: {', '.join(available_profiles())}"
        )
    try:
        return ProfileData.model_validate(yaml.load(path.read_text(encoding="utf-8"), _YAML))
    except (ValidationError, yaml.YAMLError) as error:
        raise ProfileError(f"{path}: {error}") from error


@cache
def load_profile(name: str) -> Profile:
    """The named profile with what it extends merged in, patterns compiled; loaded once."""
    data = _read_profile(name)
    path = _ROOT / name / "profile.yaml"
    chain = [data]
    while chain[-1].extends:
        chain.append(_read_profile(chain[-1].extends))
    sections: list[tuple[str, tuple[regex.Pattern[str], ...]]] = []
    titles: list[regex.Pattern[str]] = []
    required: list[RequiredSection] = []
    unnumbered = next((layer.unnumbered_title for layer in chain if layer.unnumbered_title), None)
    unnumbered = unnumbered or UnnumberedTitle()
    for layer in chain:
        sections += [
            (rule.key, tuple(_compile(path, p) for p in rule.patterns)) for rule in layer.sections
        ]
        titles += [_compile(path, p) for p in layer.title_patterns]
        required += layer.required_sections
    return Profile(
        name=data.name,
        description=data.description,
        detect=tuple(_compile(path, p) for p in data.detect),
        title_patterns=tuple(titles),
        unnumbered_title=(
            _compile(path, unnumbered.must_match),
            _compile(path, unnumbered.must_not_match),
        ),
        deictic_year=next((layer.deictic_year for layer in chain if layer.deictic_year), "report"),
        date_horizon=next(
            (layer.date_horizon for layer in chain if layer.date_horizon is not None), None
        ),
        sections=tuple(sections),
        required_sections=tuple(required),
    )


@cache
def section_descriptions(name: str) -> dict[str, str]:
    """Section key to its description (e.g. applications → 依申请公开 / …), for readers.

    >>> section_descriptions("ogi")["fees"]
    '政府信息公开的收费及减免情况'
    """
    descriptions: dict[str, str] = {}
    data: ProfileData | None = _read_profile(name)
    while data is not None:
        for rule in data.sections:
            descriptions.setdefault(rule.key, rule.description)
        data = _read_profile(data.extends) if data.extends else None
    return descriptions


def detect_profile(view: str) -> str:
    """The first specific profile with a pattern near the start of ``view``, else generic."""
    head = view[:3000]
    for name in available_profiles():
        profile = load_profile(name)
        if any(pattern.search(head) for pattern in profile.detect):
            return name
    return "generic"
