"""nlp_reports: Chinese annual reports into validated, structured facts, checked for consistency.

>>> import nlp_reports
>>> report = nlp_reports.extract("市府办受理政府信息公开申请4宗。")
>>> [(fact.value, fact.unit, fact.subject) for fact in report.facts]
[(4, '宗', '受理政府信息公开申请')]

The names below are loaded on first use, so that ``nlp-reports --version`` and a batch's
start-up do not pay for the whole pipeline before they need it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from nlp_reports.version import __version__

if TYPE_CHECKING:
    from nlp_reports.errors import InputError, NlpReportsError
    from nlp_reports.pipeline import check, extract
    from nlp_reports.records import Report

__all__ = ("InputError", "NlpReportsError", "Report", "__version__", "check", "extract")

_HOMES = {
    "InputError": "nlp_reports.errors",
    "NlpReportsError": "nlp_reports.errors",
    "Report": "nlp_reports.records",
    "check": "nlp_reports.pipeline",
    "extract": "nlp_reports.pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        value = getattr(import_module(_HOMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'nlp_reports' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
