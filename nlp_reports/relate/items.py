"""A number of items and the items listed (item_count): 市、县、镇、村四级;
报告分三个部分:A,B,C。
"""

from __future__ import annotations

from collections import defaultdict

import regex

from nlp_reports.compiled import compiled_pattern
from nlp_reports.relate.document import MAX_ITEMS, Document, Draft, Placed, cues

# 有 opens a list only as 共有, 主要有… or at the start of the sentence: in 设置有审计信息专栏,… it
# is part of a verb, and the clauses after it are no list.
_ITEM_CUE = regex.compile(
    r"(?:由|包括|包含|涵盖|涉及|分为|分成|即|(?:共|主要|分别|具体|现|还|其中|已)有|^有|:|：)"
)
_ITEM_CONJUNCTION = regex.compile(r"和|及|与|以及")
# A list after a clause may open with the word joining it to that clause (…,以及A、B、C等6个专题).
_LEADING_JOINT = regex.compile(r"^(?:以及|并且|并|和|及|与|还有)")
# The longest a list before its count can be: MAX_ITEMS items of up to 30 characters and their
# commas. Reading no further keeps a long sentence of counts linear.
_MAX_LIST_CHARS = 31 * MAX_ITEMS


def _split_items(text: str) -> list[str]:
    """Pieces of a list: at every 、, and at 和/及/与/以及 after the last 、 only (A、B和C).

    Splitting the last piece on its own keeps this linear; a regular expression that looks
    ahead for a later 、 from every conjunction is quadratic on a long run of them.
    """
    *heads, last = text.split("、")
    return [*heads, *_ITEM_CONJUNCTION.split(last)]


def _listed_items(doc: Document, placed: Placed) -> tuple[list[str], bool] | None:
    """Items listed right before a count (市、县、镇、村四级; …等5个部分), and whether the list
    claims to be complete (…等6个专题: 等 lists examples only)."""
    start = max(doc.sentence_start(placed.start), placed.start - _MAX_LIST_CHARS)
    before = doc.text[start : placed.start]
    if not _ITEM_CUE.search(before):
        before = before[before.rfind(",") + 1 :]
    cue_ends = [cue.end() for cue in _ITEM_CUE.finditer(before)]
    if cue_ends:
        before = before[cue_ends[-1] :]
    stripped = before.strip()
    complete = not compiled_pattern(r"等(?:共|计)?$").search(stripped)
    before = compiled_pattern(r"(?:等|共|计|这|上述)+$").sub("", stripped)
    by_comma = bool(cue_ends) and compiled_pattern(r"[,，]").search(before) is not None
    if (
        compiled_pattern(r"[\d;；]").search(before)
        or not (by_comma or "、" in before)
        or (not by_comma and compiled_pattern(r"[,，]").search(before))
    ):
        return None
    pieces = regex.split(r"[,，]", before) if by_comma else _split_items(before)
    items = [item.strip() for item in pieces if item.strip()]
    if items:
        items[0] = _LEADING_JOINT.sub("", items[0])
    longest = 30 if cue_ends else 12
    if len(items) < 2 or any(len(item) > longest for item in items):
        return None
    return (items if by_comma else _merge_broken_items(items)), complete


_LIST_AFTER = regex.compile(r"\p{Han}{0,4}[:：]([^。\n]{2,200})")


def _items_after(doc: Document, placed: Placed) -> list[str] | None:
    """Items listed right after a count and a colon (报告分三个部分:A,B,C。)."""
    match = _LIST_AFTER.match(doc.text, placed.end)
    if match is None:
        return None
    items = [
        item.strip()
        for item in compiled_pattern(r"[,，、;；]").split(match.group(1))
        if item.strip()
    ]
    if len(items) < 2 or any(
        len(item) > 30 or compiled_pattern(r"[:：]").search(item) for item in items
    ):
        return None
    return items


def _merge_broken_items(items: list[str]) -> list[str]:
    """Join items split at a 、 inside one item: most items share an ending (情况) that the
    fragments lack (…行政复议、行政诉讼情况 is one item)."""
    endings: dict[str, int] = defaultdict(int)
    for item in items:
        endings[item[-2:]] += 1
    ending, count = max(endings.items(), key=lambda pair: pair[1])
    if len(items) < 3 or count < 0.6 * len(items):
        return items
    merged: list[str] = []
    pending = ""
    for index, item in enumerate(items):
        pending = f"{pending}、{item}" if pending else item
        follows = items[index + 1] if index + 1 < len(items) else None
        if item.endswith(ending) or follows is None or not follows.endswith(ending):
            merged.append(pending)
            pending = ""
    return merged


def find_item_counts(doc: Document) -> list[Draft]:
    """A stated number of items and the items listed."""
    drafts = []
    for placed in doc.placed:
        fact = placed.fact
        if fact.kind != "count" or fact.unit not in cues().item_units or placed.number is None:
            continue
        if not 2 <= placed.number <= MAX_ITEMS or fact.approx:
            continue
        after = _items_after(doc, placed)
        listed = (after, True) if after is not None else _listed_items(doc, placed)
        if listed is None:
            continue
        items, complete = listed
        drafts.append(
            Draft(
                "item_count",
                {"count": fact.id},
                [placed],
                cue="、",
                explicit=True,
                items=items,
                exhaustive=complete,
            )
        )
    return drafts
