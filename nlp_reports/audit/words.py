"""The words of the audit page in the reader's language, from ``templates/words.yaml``.

An auditor of a Chinese report reads Chinese, so the page speaks the script of the report:
Simplified for Simplified (and mixed) text, Traditional for Traditional text, English when the
text has no Chinese at all. The file is validated when loaded: every key in both languages,
every code of the record named, the same placeholders in each translation.
"""

from __future__ import annotations

import string
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args

import opencc
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from nlp_reports.errors import ProfileError
from nlp_reports.records import Approx, FactKind, Script, Severity, Status

Language = Literal["en", "zh-Hans", "zh-Hant"]
WORDS_FILE = Path(str(resources.files("nlp_reports.audit"))) / "templates" / "words.yaml"


class _Translation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    en: str
    zh_hans: str = Field(alias="zh-Hans")

    @model_validator(mode="after")
    def _same_placeholders(self) -> _Translation:
        if _placeholders(self.en) != _placeholders(self.zh_hans):
            raise ValueError(f"{self.en!r} and {self.zh_hans!r} have different placeholders")
        return self


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class _WordsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    words: dict[str, _Translation]
    kind: dict[FactKind, _Translation]
    status: dict[Status, _Translation]
    severity: dict[Severity, _Translation]
    approx: dict[Approx, _Translation]
    script: dict[Script, _Translation]

    @model_validator(mode="after")
    def _every_code_named(self) -> _WordsFile:
        for group, codes in (
            ("kind", FactKind),
            ("status", Status),
            ("severity", Severity),
            ("approx", Approx),
            ("script", Script),
        ):
            missing = set(get_args(codes)) - set(getattr(self, group))
            if missing:
                raise ValueError(f"{group}: no words for {', '.join(sorted(missing))}")
        return self


def _issue_line(issue: Any) -> str:
    where = ".".join(str(part) for part in issue["loc"])
    message = str(issue["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def _read_words_file(path: Path) -> _WordsFile:
    """The validated words file; a mistake in it is one line naming the file and each entry."""
    try:
        return _WordsFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValidationError as error:
        causes = "; ".join(_issue_line(issue) for issue in error.errors())
        raise ProfileError(f"{path}: {causes}") from error
    except yaml.YAMLError as error:
        cause = " ".join(str(error).split())
        raise ProfileError(f"{path}: not valid YAML: {cause}") from error
    except OSError as error:
        raise ProfileError(f"{path}: cannot be read: {error.strerror}") from error


@cache
def load_words(language: Language, path: Path = WORDS_FILE) -> dict[str, Any]:
    """Every word of the page in ``language``: plain keys, and one dict per group of codes.

    >>> load_words("zh-Hant")["status"]["unverifiable"]
    '無法核驗'
    >>> load_words("en")["kind"]["doc_number"]
    'document number'
    """
    data = _read_words_file(path)
    convert = opencc.OpenCC("s2tw").convert if language == "zh-Hant" else None

    def pick(translation: _Translation) -> str:
        if language == "en":
            return translation.en
        return convert(translation.zh_hans) if convert else translation.zh_hans

    words: dict[str, Any] = {key: pick(value) for key, value in data.words.items()}
    for group in ("kind", "status", "severity", "approx", "script"):
        words[group] = {code: pick(value) for code, value in getattr(data, group).items()}
    return words


def page_language(script: Script) -> Language:
    """The language the page speaks for a report written in ``script``.

    >>> page_language("traditional"), page_language("mixed"), page_language("none")
    ('zh-Hant', 'zh-Hans', 'en')
    """
    if script == "traditional":
        return "zh-Hant"
    if script == "none":
        return "en"
    return "zh-Hans"
