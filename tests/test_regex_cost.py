"""Every regular expression of the package runs in linear time, whatever text it is fed.

A crawler brings back anything, and one pattern that backtracks quadratically turns a 1 MB page
into an hour of work. So every compiled pattern is collected programmatically (new patterns are
covered without touching this file) and fed adversarial strings of 100 KB and of 1 MB: runs of
each kind of character the patterns care about, the pattern's own literal words repeated, and
repetitions of what the pattern matches in ``corpora/`` (whole and cut short by one character).
The 1 MB string may take at most ``RATIO`` times as long as the 100 KB one (linear cost would be
10 times): a generous bound that catches any super-linear pattern, not a speed test.

Scanning a megabyte of every kind of adversarial text with every pattern takes minutes, so that
full run is marked ``slow`` and made by CI (``.ci/run``); the default run does the same with 1 KB
and 10 KB, which catches a quadratic pattern long before it costs anything.

A pattern without unbounded repetition (no ``*``, ``+`` or ``{n,}``) is linear by construction:
each attempt reads at most a fixed number of characters. Only the others are timed.

Each pattern is scanned the way the package uses it: the extract patterns with overlapping
matches (as :func:`nlp_reports.facts.candidates.collect` scans them), patterns the code only
``match``-es or ``fullmatch``-es anchored at the start, every other one with ``finditer``.
"""

from __future__ import annotations

import ast
import dataclasses
import gc
import importlib
import inspect
import pkgutil
import re
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import regex

import nlp_reports
from nlp_reports.limits import DocumentTimeout, time_limit
from nlp_reports.profiles import available_profiles
from tests.conftest import CORPORA

RATIO = 20
ATTEMPTS = 3
# A large scan is stopped (wall-clock) once it has run this many times its allowed CPU time: it
# has failed by then, and a quadratic scan of a megabyte would otherwise go on for minutes.
STOP_AFTER = 3


@dataclasses.dataclass(frozen=True)
class Scale:
    """The two sizes compared, and the limits that make the comparison robust."""

    small: int
    large: int
    floor: float  # seconds: a large scan quicker than this cannot be timed reliably; it passes
    budget: float  # seconds: a small scan slower than this is too slow whatever its growth


FULL = Scale(small=100_000, large=1_000_000, floor=0.05, budget=2.0)
QUICK = Scale(small=1_000, large=10_000, floor=0.01, budget=0.2)
TINY = Scale(small=500, large=5_000, floor=0.002, budget=0.2)
CORPUS_EXAMPLES = 3
MAX_EXAMPLE = 40

# Cached functions that take arguments and return patterns (their return type names a Pattern,
# or a dataclass holding one), with the arguments the package calls them with. A new one must be
# added here, or the collection fails and says so.
# Each maps a short label (it names the call in test ids) to the arguments.
CACHED_CALLS: dict[str, Callable[[], dict[str, tuple[Any, ...]]]] = {
    "nlp_reports.profiles.load_profile": lambda: {n: (n,) for n in available_profiles()},
    "nlp_reports.normalise._rewrite_pattern": lambda: {"phrases": (True,), "glosses": (False,)},
    "nlp_reports.scan._alternatives": lambda: {n: (p,) for n, p in _extract_patterns().items()},
    "nlp_reports.tables.templates.pattern": lambda: {s: (s,) for s in _table_sources()},
    "nlp_reports.compiled.compiled_pattern": lambda: {
        s: (s,) for s in _literal_arguments("compiled_pattern")
    },
}
# Where a pattern's path starts with one of these, the package scans it with overlapped=True: the
# extract patterns, and each of their alternatives on its own (nlp_reports.scan splits them).
OVERLAPPED = ("nlp_reports.facts.patterns.patterns()", "nlp_reports.scan._alternatives(")
REGEX_FUNCTIONS = frozenset(
    {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
)
ANCHORED_METHODS = frozenset({"match", "fullmatch"})
# A pattern found in several places is scanned in the most demanding of their ways.
STRICTNESS = ("anchored", "scan", "overlapped")

# Runs of every kind of character the patterns treat specially: digits and their separators,
# Chinese numerals and multipliers, Han, white space, Latin letters, punctuation.
GENERIC_UNITS = (
    "7", "1,", "1.", "1-", "1:", "1 ", "1年", "1月", "1万", "1至",
    "一", "万", "二十", "一点", "一、",
    "中", " ", "\n", "\u3000", " \n", "。 ",
    "a1", "a-", "a@", "www.", "http://",
    "-", "—", ".", "/", "(", "《", "“", "%",
)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Found:
    """A compiled pattern, where it lives, and how the package scans it."""

    where: str
    pattern: re.Pattern[Any] | regex.Pattern[Any]
    mode: str  # "scan", "overlapped" or "anchored"


def _extract_patterns() -> dict[str, Any]:
    from nlp_reports.facts.patterns import patterns

    table = patterns()
    return {field.name: getattr(table, field.name) for field in dataclasses.fields(table)}


def _table_sources() -> list[str]:
    """The patterns of every profile's tables.yaml, as written and without a final $ (as the
    mapping also uses them)."""
    from nlp_reports.tables.templates import _patterns_of, tables_data

    sources = []
    for profile in available_profiles():
        data = tables_data(profile)
        if data is not None:
            sources += [source for _, source in _patterns_of(data)]
    return list(dict.fromkeys([*sources, *(source.rstrip("$") for source in sources)]))


def _literal_arguments(function: str) -> list[str]:
    """The string literals the package passes as first argument to ``function`` anywhere."""
    found = []
    for module in _package_modules():
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and _called_name(node) == function
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append(node.args[0].value)
    return list(dict.fromkeys(found))


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _package_modules() -> Iterator[Any]:
    """Every module of the package; ``__main__`` is left out, as importing it runs the CLI."""
    yield nlp_reports
    for info in pkgutil.walk_packages(nlp_reports.__path__, "nlp_reports."):
        if not info.name.endswith(".__main__"):
            yield importlib.import_module(info.name)


def _is_pattern(value: object) -> bool:
    return isinstance(value, re.Pattern | regex.Pattern)


def _walk(value: object, where: str, found: dict[str, object], seen: set[int]) -> None:
    """Every pattern reachable from ``value`` through containers and dataclass fields."""
    if id(value) in seen or isinstance(value, str | bytes | int | float | bool | type(None)):
        return
    seen.add(id(value))
    if _is_pattern(value):
        found.setdefault(where, value)
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            _walk(item, f"{where}[{index}]", found, seen)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{where}[{key!r}]", found, seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _walk(getattr(value, field.name), f"{where}.{field.name}", found, seen)


def _may_hold_patterns(annotation: str, module: Any, seen: set[type]) -> bool:
    """Whether a type, as annotated, is a pattern or a dataclass with a field that may hold one."""
    if "Pattern" in annotation:
        return True
    for name in regex.findall(r"[A-Za-z_]\w*", annotation):
        kind = getattr(module, name, None)
        if isinstance(kind, type) and dataclasses.is_dataclass(kind) and kind not in seen:
            seen.add(kind)
            home = sys.modules[kind.__module__]
            if any(_may_hold_patterns(str(f.type), home, seen) for f in dataclasses.fields(kind)):
                return True
    return False


def _cached_results(module: Any, name: str, function: Any) -> Iterator[tuple[str, object]]:
    where = f"{module.__name__}.{name}"
    signature = inspect.signature(function)
    required = [p for p in signature.parameters.values() if p.default is p.empty]
    if not required:
        yield f"{where}()", function()
        return
    if not _may_hold_patterns(str(signature.return_annotation), module, set()):
        return
    if where not in CACHED_CALLS:
        raise AssertionError(
            f"{where} is cached and takes arguments: add it to CACHED_CALLS in "
            f"{Path(__file__).name} with the arguments the package calls it with"
        )
    for label, arguments in CACHED_CALLS[where]().items():
        yield f"{where}({label})", function(*arguments)


def _module_patterns(module: Any) -> dict[str, object]:
    found: dict[str, object] = {}
    seen: set[int] = set()
    for name, value in vars(module).items():
        if inspect.ismodule(value) or inspect.isclass(value):
            continue
        if callable(value) and hasattr(value, "cache_info"):
            if getattr(value, "__module__", None) == module.__name__:
                for where, result in _cached_results(module, name, value):
                    _walk(result, where, found, seen)
            continue
        _walk(value, f"{module.__name__}.{name}", found, seen)
    return found


def _engine_call(node: ast.AST) -> str | None:
    """``regex`` or ``re`` when ``node`` calls one of their pattern functions, else None."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in {"regex", "re"}
        and node.func.attr in REGEX_FUNCTIONS
    ):
        return node.func.value.id
    return None


def _inline_patterns(module: Any, tree: ast.AST) -> dict[str, object]:
    """Patterns written as literals straight into a call: ``regex.sub(r"\\s+", "", title)``."""
    found: dict[str, object] = {}
    for node in ast.walk(tree):
        engine = _engine_call(node)
        if engine is None or node.func.attr == "compile":  # type: ignore[attr-defined]
            continue
        first = node.args[0] if node.args else None  # type: ignore[attr-defined]
        if isinstance(first, ast.Constant) and isinstance(first.value, str | bytes):
            compiled = (regex if engine == "regex" else re).compile(first.value)
            found[f"{module.__name__}:{node.lineno}"] = compiled
    return found


def _methods_used(tree: ast.AST) -> dict[str, set[str]]:
    """Methods called on each module-level name or cached-function result: NAME.m(), NAME().m()."""
    used: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name):
            key = f"{owner.func.id}()"
        elif isinstance(owner, ast.Name):
            key = owner.id
        else:
            continue
        used.setdefault(key, set()).add(node.func.attr)
    return used


def _mode(where: str, module: Any, used: dict[str, set[str]], passed: set[str]) -> str:
    if where.startswith(OVERLAPPED):
        return "overlapped"
    name = where.removeprefix(f"{module.__name__}.")
    if used.get(name) and used[name] <= ANCHORED_METHODS and name not in passed:
        return "anchored"
    return "scan"


def _names_passed_on(tree: ast.AST) -> set[str]:
    """Names used other than as ``NAME.method(...)``: passed to a function, stored, returned."""
    attribute_owners = {
        id(node.func.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    passed = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Name)
            and isinstance(node.ctx, ast.Load)
            and id(node) not in attribute_owners
        ):
            passed.add(node.id)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and id(node) not in attribute_owners
        ):
            passed.add(f"{node.func.id}()")
    return passed


@cache
def package_patterns() -> tuple[Found, ...]:
    """Every compiled pattern of the package, once each, with how it is scanned."""
    collected: dict[tuple[type, object, int], Found] = {}
    for module in _package_modules():
        source = Path(module.__file__).read_text(encoding="utf-8")
        tree = ast.parse(source)
        used = _methods_used(tree)
        passed = _names_passed_on(tree)
        patterns = {**_module_patterns(module), **_inline_patterns(module, tree)}
        for where, pattern in patterns.items():
            key = (type(pattern), pattern.pattern, pattern.flags)  # type: ignore[attr-defined]
            mode = _mode(where, module, used, passed)
            previous = collected.get(key)
            if previous is None or STRICTNESS.index(mode) > STRICTNESS.index(previous.mode):
                collected[key] = Found(where, pattern, mode)  # type: ignore[arg-type]
    return tuple(sorted(collected.values(), key=lambda found: found.where))


_ESCAPE = regex.compile(r"\\(?:[pPN]\{[^}]*\}|.)", regex.DOTALL)
_CLASS = regex.compile(r"\[\^?\]?[^\]]*\]")
_COMMENT = regex.compile(r"#[^\n]*")
_UNBOUNDED = regex.compile(r"[*+]|\{\d*,\}")


def has_unbounded_repetition(pattern: Any) -> bool:
    """Whether the pattern repeats something without bound: ``*``, ``+`` or ``{n,}``."""
    source = pattern.pattern
    if isinstance(source, bytes):
        source = source.decode("latin-1")
    source = _CLASS.sub("c", _ESCAPE.sub("e", source))
    if pattern.flags & regex.VERBOSE:
        source = _COMMENT.sub("", source)
    return bool(_UNBOUNDED.search(source))


@cache
def timed_patterns() -> tuple[Found, ...]:
    """The patterns whose cost has to be measured: those with unbounded repetition."""
    return tuple(found for found in package_patterns() if has_unbounded_repetition(found.pattern))


def _literal_words(source: str) -> str:
    """The runs of Han characters written in a pattern, joined: 索引号电话代码 …"""
    words = dict.fromkeys(regex.findall(r"\p{Han}+", source))
    return "".join(words)


@cache
def _corpus_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(CORPORA.glob("*.txt")))


def _corpus_examples(pattern: Any) -> list[str]:
    """What the pattern most often matches in the corpus: its typical matches."""
    if isinstance(pattern.pattern, bytes):
        return []
    matched = Counter(
        m.group()
        for m in pattern.finditer(_corpus_text())
        if 0 < m.end() - m.start() <= MAX_EXAMPLE
    )
    return [text for text, _ in matched.most_common(CORPUS_EXAMPLES)]


def attack_units(found: Found) -> list[str]:
    """The units repeated into adversarial strings for one pattern."""
    source = found.pattern.pattern
    text_source = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
    units = list(GENERIC_UNITS)
    words = _literal_words(text_source)
    if words:
        units.append(words)
    for example in _corpus_examples(found.pattern):
        units.append(example)
        if len(example) > 1:
            units.append(example[:-1])
    return list(dict.fromkeys(units))


def adversarial(unit: str, size: int, as_bytes: bool) -> str | bytes:
    text = (unit * (size // len(unit) + 1))[:size]
    return text.encode("utf-8") if as_bytes else text


def scan(found: Found, text: str | bytes) -> None:
    """Run the pattern over ``text`` the way the package does."""
    pattern: Any = found.pattern
    if found.mode == "anchored":
        pattern.match(text)
        pattern.fullmatch(text)
    elif found.mode == "overlapped":
        for _ in pattern.finditer(text, overlapped=True):
            pass
    else:
        for _ in pattern.finditer(text):
            pass


def _seconds(found: Found, text: str | bytes) -> float:
    """CPU seconds of one scan: other processes busy on the machine do not count."""
    started = time.process_time()
    scan(found, text)
    return time.process_time() - started


def _small_seconds(found: Found, text: str | bytes, budget: float) -> float | None:
    """The best of three scans of the small string, or None when they take over ``budget``."""
    try:
        with time_limit(budget):
            return min(_seconds(found, text) for _ in range(3))
    except DocumentTimeout:
        return None


def _large_seconds(found: Found, text: str | bytes, stop_after: float) -> float | None:
    """CPU seconds of a scan of the large string, or None when it runs past ``stop_after``."""
    try:
        with time_limit(stop_after):
            return _seconds(found, text)
    except DocumentTimeout:
        return None


def slow_unit(found: Found, scale: Scale, units: list[str]) -> tuple[str, str] | None:
    """The first unit the pattern is too slow on, and how; None when it is linear on all of them.

    Too slow: the small string takes over the budget, or the large one more than RATIO times the
    small one in each of ATTEMPTS tries (so that a disturbance of the machine, a collection of
    garbage or a cold cache, is not taken for a slow pattern).
    """
    as_bytes = isinstance(found.pattern.pattern, bytes)
    for unit in units:
        small = adversarial(unit, scale.small, as_bytes)
        large = adversarial(unit, scale.large, as_bytes)
        for attempt in range(ATTEMPTS):
            small_time = _small_seconds(found, small, scale.budget)
            if small_time is None:
                return unit, f"{scale.small} characters take more than {scale.budget} s"
            limit = max(RATIO * small_time, scale.floor)
            large_time = _large_seconds(found, large, STOP_AFTER * limit)
            if large_time is not None and large_time <= limit:
                break
            if attempt == ATTEMPTS - 1:
                took = "was stopped" if large_time is None else f"took {large_time:.4f} s"
                return unit, (
                    f"{scale.large} characters {took}, more than {RATIO}x the "
                    f"{small_time:.4f} s of {scale.small}"
                )
    return None


@pytest.mark.parametrize(
    ("source", "flags", "unbounded"),
    [
        ("问题", 0, False),
        (r"\p{Han}{1,10}(?:路|街)", 0, False),
        (r"[*+]\*\+\{1,\}", 0, False),
        ("a{2,5}b? # no star here", regex.VERBOSE, False),
        (r"\d+", 0, True),
        (r"(?<![a-z]-+)x", 0, True),
        ("a{2,}", 0, True),
        (r"[^)]*", 0, True),
    ],
)
def test_only_patterns_with_unbounded_repetition_are_timed(
    source: str, flags: int, unbounded: bool
):
    assert has_unbounded_repetition(regex.compile(source, flags)) is unbounded


def test_patterns_are_collected_from_every_stage():
    places = {found.where.split(".")[1].split(":")[0] for found in package_patterns()}
    assert {"facts", "sections", "segment", "relate", "metadata", "normalise", "profiles"} <= places
    assert len(package_patterns()) > 100
    modes = {found.where: found.mode for found in package_patterns()}
    assert modes["nlp_reports.facts.patterns.patterns().count"] == "overlapped"
    assert modes["nlp_reports.segment._SENTENCE_END"] == "scan"
    assert modes["nlp_reports.sections._FIRST_SENTENCE"] == "anchored"


def test_the_adversarial_units_include_the_patterns_own_words_and_corpus_matches():
    count = next(f for f in package_patterns() if f.where.endswith("patterns().count"))
    units = attack_units(count)
    assert "2021年" in units
    masks = next(f for f in package_patterns() if f.where.endswith("patterns().masks"))
    assert any("索引号" in unit for unit in attack_units(masks))


needs_alarm = pytest.mark.skipif(
    not hasattr(signal, "setitimer"), reason="needs SIGALRM to stop a runaway scan"
)


@needs_alarm
@pytest.mark.parametrize(
    ("pattern", "mode", "linear"),
    [
        (r"\d+(?:x|件)", "scan", False),  # every start rescans the run of digits
        (r"(?<!\d)\d+(?:x|件)", "scan", True),  # only the start of the run is tried
        (r"\d+", "overlapped", False),  # every overlapping match runs to the end
    ],
)
def test_the_measure_tells_quadratic_from_linear(pattern: str, mode: str, linear: bool):
    found = Found("example", regex.compile(pattern), mode)
    assert (slow_unit(found, TINY, ["7"]) is None) is linear


def _assert_linear(found: Found, scale: Scale) -> None:
    gc.collect()
    slow = slow_unit(found, scale, attack_units(found))
    assert slow is None, (
        f"{found.where} ({found.mode} scan) is too slow on {slow[0]!r} repeated: {slow[1]}; "
        f"pattern: {found.pattern.pattern!r:.300}"
    )


@needs_alarm
@pytest.mark.parametrize("found", timed_patterns(), ids=lambda found: found.where)
def test_pattern_time_grows_linearly_with_adversarial_input(found: Found):
    _assert_linear(found, QUICK)


@pytest.mark.slow
@needs_alarm
@pytest.mark.parametrize("found", timed_patterns(), ids=lambda found: found.where)
def test_pattern_time_grows_linearly_up_to_a_megabyte(found: Found):
    _assert_linear(found, FULL)
