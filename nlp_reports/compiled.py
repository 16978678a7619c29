"""Regular expressions written inline, compiled once.

Stages test many small patterns per fact (is there a 。 between these two numbers?). Calling
``regex.search(pattern, text)`` looks the pattern up in the regex module's cache on every call,
which costs more than the search itself on short strings; ``compiled_pattern(source)`` compiles
on first use and returns the same object after.
"""

from __future__ import annotations

from functools import cache

import regex


@cache
def compiled_pattern(source: str) -> regex.Pattern[str]:
    """The compiled form of ``source``.

    >>> compiled_pattern(r"\\d+").findall("共4件,其中3件")
    ['4', '3']
    """
    return regex.compile(source)
