"""nlp_reports: Chinese annual reports into validated, structured facts, checked for consistency.

>>> import nlp_reports
>>> report = nlp_reports.extract("市府办受理政府信息公开申请4宗。")
>>> [(fact.value, fact.unit, fact.subject) for fact in report.facts]
[(4, '宗', '受理政府信息公开申请')]
"""

from nlp_reports.errors import InputError, NlpReportsError
from nlp_reports.pipeline import check, extract
from nlp_reports.records import Report
from nlp_reports.version import __version__

__all__ = ("InputError", "NlpReportsError", "Report", "__version__", "check", "extract")
