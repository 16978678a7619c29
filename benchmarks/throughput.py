"""Throughput of the pipeline against jieba.lcut over the same text, side by side.

    python benchmarks/throughput.py            # builds a 20 MB corpus, runs everything
    python benchmarks/throughput.py --mb 5     # a quicker look
    python benchmarks/throughput.py --repeat 3 # fastest of three runs, when the machine is shared

The corpus is made from the real reports in corpora/: each document is one of them with every
number redrawn (same number of digits), the years shifted together, some lines dropped and a
stretch of another report of the same genre appended, so no two documents are the same text.
Then, each in a fresh process, one after the other:

- jieba.lcut over every document's text (dictionary loaded first, not timed);
- the whole pipeline through the command line, one process (``--jobs 1``);
- the same with ``--jobs 2``;
- start-up: ``nlp-reports --version``, and ``import nlp_reports`` up to the first document;
- the one-process run on a quarter of the corpus, to show peak memory does not grow with it.

Peak memory is the largest sum of resident memory over the process tree, sampled every 50 ms.
CPU seconds are those of the process tree (workers included); the ratio to jieba is taken on
them, so that it holds on a machine that other work keeps busy, while wall seconds show what
--jobs gains when the cores are free.
This is a script that reports numbers; nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
_NUMBER = re.compile(r"\d+")
_YEAR = re.compile(r"(?:19|20)\d\d(?=年)")


def _vary(text: str, other: str, rng: random.Random) -> str:
    """Another report of the same shape: numbers redrawn, years shifted, lines dropped/added."""
    shift = rng.randint(-6, 3)
    text = _YEAR.sub(lambda m: str(int(m.group()) + shift), text)

    def redraw(match: re.Match[str]) -> str:
        digits = match.group()
        if len(digits) == 4 and digits[:2] in {"19", "20"}:
            return digits
        first = str(rng.randint(1, 9)) if digits[0] != "0" else "0"
        return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])

    text = _NUMBER.sub(redraw, text)
    lines = text.splitlines()
    kept = [line for line in lines if len(lines) < 8 or rng.random() > 0.1]
    extra = other.splitlines()
    start = rng.randrange(len(extra)) if extra else 0
    return "\n".join(kept + extra[start : start + rng.randint(2, 12)]) + "\n"


def build_corpus(folder: Path, megabytes: float, seed: int = 2015) -> list[Path]:
    """Distinct report files adding up to ``megabytes`` of UTF-8, made from corpora/."""
    stamp = folder / f".made-{megabytes}-{seed}"
    if stamp.exists():
        return sorted(folder.glob("*/*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(CORPORA.glob("*.txt"))
    texts = {path.name: path.read_text(encoding="utf-8") for path in sources}
    genres: dict[str, list[str]] = {}
    for name in texts:
        genres.setdefault(name.rsplit("-", 1)[0], []).append(name)
    rng = random.Random(seed)
    written, paths = 0, []
    while written < megabytes * 1e6:
        name = rng.choice(sorted(texts))
        other = rng.choice(genres[name.rsplit("-", 1)[0]])
        data = _vary(texts[name], texts[other], rng).encode("utf-8")
        path = folder / f"{len(paths) // 1000:03d}" / f"{len(paths):06d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
        written += len(data)
    stamp.touch()
    return paths


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (Linux /proc), read cheaply."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(found.group(1)) * 1024 if found else 0
    return total


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str, float]:
    """Wall seconds, peak resident bytes of the process tree, standard output, CPU seconds."""
    peak = 0
    cpu = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode not in (0, 2):
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return seconds, peak, output, _children_cpu() - cpu


_JIEBA = """
import json, sys, time
import jieba
jieba.setLogLevel(60)
started = time.perf_counter()
jieba.initialize()
loaded = time.perf_counter() - started
texts = [open(path, encoding="utf-8").read() for path in open(sys.argv[1]).read().split()]
started, cpu = time.perf_counter(), time.process_time()
words = sum(len(jieba.lcut(text)) for text in texts)
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu": cpu, "load": loaded, "words": words}))
"""

_FIRST_DOCUMENT = """
import time
started = time.perf_counter()
from pathlib import Path
import nlp_reports
nlp_reports.extract(Path({path!r}))
print(time.perf_counter() - started)
"""


def _fastest(times: int, command: list[str], env: dict[str, str]) -> tuple[float, int, str, float]:
    """The run with the least wall time; peak memory is the largest of all runs."""
    runs = [run(command, env) for _ in range(times)]
    best = min(runs, key=lambda result: result[0])
    return best[0], max(result[1] for result in runs), best[2], best[3]


def _best_of(times: int, command: list[str]) -> float:
    return min(run(command)[0] for _ in range(times))


def _best_inner(times: int, command: list[str]) -> float:
    return min(float(run(command)[2]) for _ in range(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    parser.add_argument(
        "--corpus", type=Path, help="where to build the corpus (default: a temp dir)"
    )
    parser.add_argument("--jobs", type=int, default=2, help="workers of the parallel run")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each measurement; the fastest counts"
    )
    arguments = parser.parse_args()
    folder = arguments.corpus or Path(tempfile.gettempdir()) / f"nlp-reports-bench-{arguments.mb}"
    paths = build_corpus(folder, arguments.mb)
    size = sum(path.stat().st_size for path in paths)
    work = Path(tempfile.mkdtemp(prefix="nlp-reports-bench-out-"))
    listing = work / "all.txt"
    listing.write_text("\n".join(map(str, paths)) + "\n", encoding="utf-8")
    quarter = work / "quarter.txt"
    quarter.write_text("\n".join(map(str, paths[: len(paths) // 4])) + "\n", encoding="utf-8")
    quarter_size = sum(path.stat().st_size for path in paths[: len(paths) // 4])
    python = sys.executable
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cli = [python, "-m", "nlp_reports", "extract", "-q"]

    print(f"corpus: {len(paths)} documents, {size / 1e6:.1f} MB, in {folder}", flush=True)
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    times = arguments.repeat
    jieba_runs = [run([python, "-c", _JIEBA, str(listing)]) for _ in range(times)]
    jieba = min((json.loads(output) for _, _, output, _ in jieba_runs), key=lambda r: r["seconds"])
    jieba_peak = max(peak for _, peak, _, _ in jieba_runs)
    rows = [("jieba.lcut (text only)", jieba["seconds"], jieba_peak, jieba["cpu"], size)]
    one = _fastest(times, [*cli, f"@{listing}", "-o", str(work / "one.jsonl"), "-j", "1"], env)
    rows.append(("pipeline, one process", one[0], one[1], one[3], size))
    parallel = [*cli, f"@{listing}", "-o", str(work / "many.jsonl"), "-j", str(arguments.jobs)]
    many = _fastest(times, parallel, env)
    rows.append((f"pipeline, --jobs {arguments.jobs}", many[0], many[1], many[3], size))
    small = _fastest(
        times, [*cli, f"@{quarter}", "-o", str(work / "quarter.jsonl"), "-j", "1"], env
    )
    rows.append(("pipeline, one process, 1/4 corpus", small[0], small[1], small[3], quarter_size))
    print(f"load average after: {os.getloadavg()[0]:.2f}", flush=True)

    header = f"{'':34} {'wall s':>7} {'MB/s':>6} {'docs/s':>7} {'peak MB':>8} {'CPU s':>7}"
    print(f"\n{header} {'MB/CPU s':>8} {'vs jieba (CPU)':>14}")
    for name, seconds, peak, cpu, measured in rows:
        documents = len(paths) * measured / size
        ratio = (measured / cpu) / (size / jieba["cpu"])
        print(
            f"{name:34} {seconds:7.2f} {measured / seconds / 1e6:6.2f} {documents / seconds:7.1f} "
            f"{peak / 1e6:8.0f} {cpu:7.2f} {measured / cpu / 1e6:8.2f} {ratio:13.2f}x"
        )
    print(
        f"\n--jobs {arguments.jobs} vs one process: {one[0] / many[0]:.2f}x, using "
        f"{many[3] / many[0]:.2f} cores on average (less than {arguments.jobs} when other "
        "work holds a core)"
    )
    version = _best_of(5, [python, "-m", "nlp_reports", "--version"])
    first = _best_inner(5, [python, "-c", _FIRST_DOCUMENT.format(path=str(paths[0]))])
    print(f"start-up: nlp-reports --version {version:.2f} s; import + first document {first:.2f} s")
    print(f"jieba dictionary load (not in its time above): {jieba['load']:.2f} s")
    same = (work / "one.jsonl").read_bytes() == (work / "many.jsonl").read_bytes()
    print(f"--jobs {arguments.jobs} output identical to one process: {same}")


if __name__ == "__main__":
    main()
