"""What a batch tells the person watching: a progress bar on a terminal, a summary at the end.

Everything goes to standard error, so the records on standard output stay clean. The bar (files
done, files/s, ETA) is drawn only when standard error is a terminal and is refreshed from the
main loop, not from a thread of its own, so that worker processes can be forked safely at any
time. Error lines (``error: FILE: cause``) are printed above the bar.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from nlp_reports.batch import BatchSummary, Outcome

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

_REFRESH_SECONDS = 0.1


class BatchProgress:
    """A progress bar for ``total`` documents, or nothing when ``enabled`` is false."""

    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None) -> None:
        self.total = total
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._refreshed = 0.0

    def __enter__(self) -> BatchProgress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} files/s"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                auto_refresh=False,
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task("extract", total=self.total, rate="-")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.refresh()
            self._bar.stop()

    def advance(self, outcome: Outcome) -> None:
        if self._bar is None or self._task is None:
            return
        self._bar.advance(self._task)
        now = time.monotonic()
        if now - self._refreshed >= _REFRESH_SECONDS:
            speed = self._bar.tasks[0].speed
            self._bar.update(self._task, rate=f"{speed:.1f}" if speed else "-")
            self._bar.refresh()
            self._refreshed = now

    def note(self, line: str) -> None:
        """A line of text above the bar (or on its own when there is no bar)."""
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=self.stream, flush=True)


def print_summary(summary: BatchSummary, stream: TextIO | None = None) -> None:
    """The closing lines of a batch: documents, facts, failing checks, errors, throughput."""
    for line in summary.lines():
        print(line, file=stream or sys.stderr, flush=True)
