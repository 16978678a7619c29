"""Which row of a template a label names, however the report printed it.

A label is matched at its end (the words right before the numbers): the longest pattern of the
template that matches there wins, so group labels and numbering in front do no harm. Labels that
no pattern matches are compared with the official label allowing one slip per ten characters (OCR:
不掌提 for 不掌握), and a long label may end early when flattened text put its numbers after its
first line.
"""

from __future__ import annotations

from nlp_reports.tables.templates import RowSpec, TablesData, pattern

_TAIL = 80
_WRAPPED_MIN = 6


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def _fuzzy_row(tail: str, rows: list[RowSpec], data: TablesData) -> RowSpec | None:
    """The row whose official label the end of ``tail`` is, allowing a slip per ten characters."""
    best: tuple[int, RowSpec] | None = None
    for row in rows:
        label = data.label_text(row.label)
        allowed = len(label) // 10 + (1 if len(label) >= 5 else 0)
        end = tail[-len(label) - 1 :]
        if not allowed or sum(char in end for char in label) < len(label) - allowed:
            continue
        distance = (
            min(
                _edit_distance(tail[-length:], label)
                for length in (len(label) - 1, len(label), len(label) + 1)
                if 0 < length <= len(tail)
            )
            if len(tail) >= len(label) - 1
            else allowed + 1
        )
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, row)
    return best[1] if best else None


def match_row(label: str, rows: list[RowSpec], data: TablesData) -> RowSpec | None:
    """The row a label names: the longest pattern match at its end, else a close official label.

    >>> from nlp_reports.tables.templates import tables_data
    >>> ogi = tables_data("ogi")
    >>> table3 = ogi.template("ogi.table3")
    >>> match_row("三、本年度办理结果(三)不予公开1.属于国家秘密", table3.rows, ogi).key
    'apps.result.withheld.state_secret'
    >>> match_row("(四)无法提供1.本机关不掌提相关政府信息", table3.rows, ogi).key
    'apps.result.unable.not_held'
    """
    tail = label_tail(label, data)
    if not tail:
        return None
    best: tuple[int, RowSpec] | None = None
    for row in rows:
        for source in row.patterns:
            found = pattern(source).search(tail)
            if found and found.end() == len(tail):
                length = found.end() - found.start()
                if best is None or length > best[0]:
                    best = (length, row)
    if best is not None:
        return best[1]
    return _fuzzy_row(tail, rows, data) or _wrapped_row(tail, rows, data)


def _wrapped_row(tail: str, rows: list[RowSpec], data: TablesData) -> RowSpec | None:
    """The row whose long official label the end of ``tail`` begins.

    Flattened text may put the numbers of a wrapped label after its first line:
    5.要求行政机关确认或重新出 / 1 0 0 0 0 0 1 / 具已获取信息.
    """
    best: tuple[int, RowSpec] | None = None
    for row in rows:
        label = data.label_text(row.label)
        shortest = max(_WRAPPED_MIN, (len(label) * 2 + 4) // 5)
        for length in range(len(label) - 1, shortest - 1, -1):
            if tail.endswith(label[:length]):
                if best is None or length > best[0]:
                    best = (length, row)
                break
    return best[1] if best else None


def label_tail(label: str, data: TablesData) -> str:
    """The end of a label as the patterns see it, lines joined."""
    return data.label_text(label.replace("\n", ""))[-_TAIL:]
