"""Validate gold files: offsets slice the text, ids are unique, relations point at facts.

Usage: python corpora/validate_gold.py corpora/<stem>.gold.yaml [...]
"""

import sys
from pathlib import Path

import yaml

KINDS = {"count", "number", "percentage", "percentage_point", "money", "date", "period", "doc_number"}
APPROX = {None, "more_than", "less_than", "about"}


def validate(gold_path: Path) -> list[str]:
    errors: list[str] = []
    text_path = gold_path.with_name(gold_path.name.replace(".gold.yaml", ".txt"))
    text = text_path.read_text(encoding="utf-8")
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    for key in ("source", "genre", "profile", "script", "report_year", "title", "sections", "facts"):
        if key not in gold:
            errors.append(f"missing top-level key {key}")
    ids = set()
    last_start = -1
    for fact in gold.get("facts") or []:
        fid = fact.get("id")
        if fid in ids:
            errors.append(f"duplicate id {fid}")
        ids.add(fid)
        if fact.get("kind") not in KINDS:
            errors.append(f"{fid}: bad kind {fact.get('kind')}")
        if fact.get("approx") not in APPROX:
            errors.append(f"{fid}: bad approx {fact.get('approx')}")
        start, surface = fact.get("start"), fact.get("text")
        if not isinstance(start, int) or text[start : start + len(surface or "")] != surface:
            found = text.find(surface or "\0")
            errors.append(f"{fid}: text {surface!r} not at {start} (first found at {found})")
        elif start < last_start:
            errors.append(f"{fid}: facts not in text order")
        else:
            last_start = start
    for section in gold.get("sections") or []:
        start, heading = section.get("start"), section.get("heading")
        if not isinstance(start, int) or text[start : start + len(heading or "")] != heading:
            errors.append(f"section {heading!r} not at {start} (first found at {text.find(heading or '')})")
    for number, relation in enumerate(gold.get("relations") or []):
        for role, ref in relation.items():
            if role in {"type", "exhaustive", "holds", "note", "items"}:
                continue
            for one in ref if isinstance(ref, list) else [ref]:
                if one not in ids:
                    errors.append(f"relation {number}: {role} -> unknown fact {one}")
        if "holds" not in relation:
            errors.append(f"relation {number}: no holds")
    return errors


if __name__ == "__main__":
    status = 0
    for name in sys.argv[1:]:
        problems = validate(Path(name))
        for problem in problems:
            print(f"{name}: {problem}")
        status |= bool(problems)
        if not problems:
            print(f"{name}: ok")
    sys.exit(status)
