"""Where the pipeline's CPU time goes, stage by stage, against jieba.lcut over the same texts.

    python benchmarks/stages.py            # the 5 MB corpus of throughput.py (built if missing)
    python benchmarks/stages.py --mb 20    # a larger one

One process: the texts are read into memory, then jieba.lcut runs over all of them and the
pipeline runs over all of them, each stage timed in CPU seconds by wrapping the stage functions
that ``nlp_reports.pipeline`` calls (the pattern scans of the extract stage are timed apart, as a
part of it), and each result is serialised to JSON as the command line does. Each stage is shown
as a multiple of jieba's time, next to the budget a target ratio leaves for the whole pipeline.
This is a script that reports numbers; nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import build_corpus

import nlp_reports.facts as facts_stage
import nlp_reports.pipeline as pipeline

STAGES = (
    "read_source",
    "normalise",
    "detect_profile",
    "find_title",
    "find_report_year",
    "find_sections",
    "find_publication_year",
    "find_facts",
    "find_relations",
    "read_tables",
    "run_checks",
    "table_checks",
)
# Counted inside find_facts, shown on their own line.
SCANS = "  of which pattern scans"


def _timed(name: str, function: Callable[..., Any], spent: Counter[str]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - started

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in megabytes")
    parser.add_argument("--target", type=float, default=4.0, help="the ratio to jieba aimed at")
    options = parser.parse_args()

    folder = Path(f"/tmp/nlp-reports-bench-{options.mb}")
    paths = build_corpus(folder, options.mb)
    texts = [path.read_text(encoding="utf-8") for path in paths]
    megabytes = sum(len(text.encode()) for text in texts) / 1e6

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    started = time.process_time()
    for text in texts:
        jieba.lcut(text)
    jieba_seconds = time.process_time() - started

    spent: Counter[str] = Counter()
    for name in STAGES:
        setattr(pipeline, name, _timed(name, getattr(pipeline, name), spent))
    facts_stage.collect = _timed(SCANS, facts_stage.collect, spent)  # type: ignore[attr-defined]
    pipeline.extract(texts[0])
    spent.clear()
    started = time.process_time()
    for text in texts:
        pipeline.extract(text).model_dump_json()
    total = time.process_time() - started
    spent["JSON and the record"] = total - sum(v for k, v in spent.items() if k != SCANS)

    budget = jieba_seconds / options.target
    print(f"{len(texts)} documents, {megabytes:.1f} MB")
    print(f"jieba.lcut: {jieba_seconds:.2f} CPU s; pipeline: {total:.2f} CPU s ", end="")
    print(f"({jieba_seconds / total:.2f}x jieba's speed)")
    print(f"budget for {options.target:g}x jieba: {budget:.2f} CPU s for the whole pipeline\n")
    print(f"{'stage':28s}{'CPU s':>8s}{'share':>8s}{'x jieba time':>14s}{'x budget':>10s}")
    order = [*STAGES[:8], SCANS, *STAGES[8:], "JSON and the record"]
    for name in order:
        seconds = spent[name]
        print(
            f"{name:28s}{seconds:8.2f}{seconds / total:8.1%}"
            f"{seconds / jieba_seconds:14.2f}{seconds / budget:10.2f}"
        )


if __name__ == "__main__":
    main()
