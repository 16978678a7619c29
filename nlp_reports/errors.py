"""The exception family: one base class, a few subclasses by cause."""

from __future__ import annotations


class NlpReportsError(ValueError):
    """Base of every error the package raises on purpose."""


class InputError(NlpReportsError):
    """An input could not be read: missing, binary, undecodable, too large."""

    def __init__(self, path: str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = path
        self.cause = cause


class ProfileError(NlpReportsError):
    """A profile data file is missing or malformed."""


class MissingExtraError(NlpReportsError):
    """An optional dependency is needed for this input."""

    def __init__(self, what: str, extra: str) -> None:
        super().__init__(f"{what} needs the '{extra}' extra: pip install 'nlp-reports[{extra}]'")
        self.extra = extra


class OptionError(NlpReportsError):
    """Options that cannot be honoured together, e.g. one output file for many inputs."""
