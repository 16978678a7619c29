"""Worker processes for a batch: work handed out in chunks, hung or dead workers replaced.

Each worker is a process running ``work`` on the items it is sent, one result per item, sent
back as soon as it is ready. The parent keeps at most two chunks queued per worker, so memory
does not grow with the number of inputs, and watches the clock: a worker whose current item has
run past ``hard_limit`` seconds (its own time limit could not interrupt it, e.g. inside a C call)
is killed and replaced, and a worker that dies is replaced too. The item it was working on gets
the result ``lost(item, cause)``; the rest of its queue goes to the other workers.

Workers are forked where the platform allows it, after the parent has warmed its caches, so
they start at once with compiled patterns and loaded profiles. The parent runs no other
threads while it forks (the progress bar is refreshed from the main loop).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_POLL_SECONDS = 0.25


def _context() -> Any:
    """Fork where the platform has it (workers start warm), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _serve(
    connection: Connection, work: Callable[[Item], Result], inherited: list[Connection]
) -> None:
    """A worker's life: items in, one result out per item, until told to stop or orphaned."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for other in inherited:  # a forked child holds the parent's ends of every pipe: let go
        other.close()
    parent = os.getppid()
    while True:
        try:
            while not connection.poll(_POLL_SECONDS * 4):
                if os.getppid() != parent:  # the parent was killed: nobody wants the results
                    return
            chunk = connection.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        for index, item in chunk:
            connection.send((index, work(item)))


@dataclass
class _Worker(Generic[Item]):
    process: BaseProcess
    connection: Connection
    pending: deque[tuple[int, Item]] = field(default_factory=deque)
    since: float = 0.0

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


def _start(work: Callable[[Item], Result], others: list[_Worker[Item]]) -> _Worker[Item]:
    context = _context()
    parent_end, child_end = context.Pipe()
    inherited = [parent_end, *(other.connection for other in others)]
    if context.get_start_method() != "fork":
        inherited = []
    process = context.Process(target=_serve, args=(child_end, work, inherited), daemon=True)
    process.start()
    child_end.close()
    return _Worker(process, parent_end)


def map_in_workers(
    work: Callable[[Item], Result],
    items: Iterable[Item],
    *,
    jobs: int,
    lost: Callable[[Item, str], Result],
    hard_limit: float | None = None,
    chunk_size: int = 8,
    window: int | None = None,
) -> Iterator[tuple[int, Result]]:
    """``(index, work(item))`` for every item, in completion order, computed by ``jobs`` workers.

    ``index`` is the item's position in ``items``. An item whose worker hung past
    ``hard_limit`` seconds or died yields ``lost(item, cause)`` instead. With ``window``, no
    item is handed out more than ``window`` places after the first unfinished one, which bounds
    what a caller putting results back in order has to hold while one document is slow.
    """
    pool = _Pool(work, enumerate(items), lost, chunk_size, window)
    for _ in range(max(1, jobs)):
        pool.workers.append(_start(work, pool.workers))
    try:
        pool.feed()
        while any(worker.pending for worker in pool.workers):
            busy = [worker.connection for worker in pool.workers if worker.pending]
            ready = wait(busy, timeout=_POLL_SECONDS)
            for worker in [w for w in pool.workers if w.connection in ready]:
                yield from pool.receive(worker)
            for worker in list(pool.workers):
                if _overdue(worker, hard_limit):
                    yield pool.replace(worker, "timeout")
            pool.feed()
    finally:
        pool.stop()


@dataclass
class _Pool(Generic[Item, Result]):
    """The workers, the items not yet handed out and those to hand out again."""

    work: Callable[[Item], Result]
    queue: Iterator[tuple[int, Item]]
    lost: Callable[[Item, str], Result]
    chunk_size: int
    window: int | None
    workers: list[_Worker[Item]] = field(default_factory=list)
    retry: deque[tuple[int, Item]] = field(default_factory=deque)
    taken: int = 0

    def receive(self, worker: _Worker[Item]) -> Iterator[tuple[int, Result]]:
        try:
            index, result = worker.connection.recv()
        except (EOFError, OSError):
            worker.process.join(5)
            yield self.replace(worker, f"exit code {worker.process.exitcode}")
            return
        worker.pending.popleft()
        worker.since = time.monotonic()
        yield index, result

    def replace(self, worker: _Worker[Item], cause: str) -> tuple[int, Result]:
        """Kill ``worker``, give its current item up as lost, requeue the rest, start another."""
        worker.stop()
        index, item = worker.pending.popleft()
        self.retry.extendleft(reversed(worker.pending))
        others = [other for other in self.workers if other is not worker]
        self.workers[self.workers.index(worker)] = _start(self.work, others)
        return index, self.lost(item, cause)

    def feed(self) -> None:
        """Keep two chunks queued at each worker: one it works on, one ready behind it."""
        for worker in self.workers:
            while len(worker.pending) < 2 * self.chunk_size:
                chunk = self._next_chunk()
                if not chunk:
                    break
                if not worker.pending:
                    worker.since = time.monotonic()
                worker.pending.extend(chunk)
                worker.connection.send(chunk)

    def _next_chunk(self) -> list[tuple[int, Item]]:
        chunk: list[tuple[int, Item]] = []
        while self.retry and len(chunk) < self.chunk_size:
            chunk.append(self.retry.popleft())
        limit = self._first_unfinished() + self.window if self.window else None
        while len(chunk) < self.chunk_size and (limit is None or self.taken < limit):
            pair = next(self.queue, None)
            if pair is None:
                break
            chunk.append(pair)
            self.taken += 1
        return chunk

    def _first_unfinished(self) -> int:
        handed_out = (index for worker in self.workers for index, _ in worker.pending)
        return min([*handed_out, *(index for index, _ in self.retry), self.taken])

    def stop(self) -> None:
        for worker in self.workers:
            if worker.process.is_alive():
                with contextlib.suppress(OSError):
                    worker.connection.send(None)
        for worker in self.workers:
            worker.process.join(1)
            worker.stop()


def _overdue(worker: _Worker[Item], hard_limit: float | None) -> bool:
    """Whether the worker's current item has run past the limit (and no answer is waiting)."""
    return bool(
        worker.pending
        and hard_limit
        and time.monotonic() - worker.since > hard_limit
        and not worker.connection.poll()
    )


def in_input_order(pairs: Iterable[tuple[int, Result]]) -> Iterator[Result]:
    """Results of ``(index, result)`` pairs in index order, holding back those that come early."""
    waiting: dict[int, Result] = {}
    expected = 0
    for index, result in pairs:
        waiting[index] = result
        while expected in waiting:
            yield waiting.pop(expected)
            expected += 1
