"""Limits per document (time, size, length), so that one pathological input becomes an error record.

In the main thread the limit is an interval timer whose SIGALRM handler raises
:class:`DocumentTimeout`; Python code is interrupted between two bytecodes and the ``regex``
engine checks for signals while it backtracks, so a runaway pattern stops too. In any other
thread (a Dask worker runs tasks in a thread pool) a timer thread raises the same exception in
the working thread asynchronously. Neither reaches into a C call that never returns to Python:
a batch with ``--jobs`` therefore also watches its workers from outside and replaces one that
stops answering (:mod:`nlp_reports.pool`).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

DEFAULT_TIME_LIMIT = 60.0
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# The longest text a document may have, in characters, once read. A real report is ten to a few
# hundred thousand characters; a text ten times the longest is refused at once (a 50 MB page, a
# dump of many reports), instead of running into the time limit after a minute of work, since a
# few stages cost more than linear time in the length of the text.
DEFAULT_MAX_CHARS = 1_000_000


class DocumentTimeout(BaseException):
    """A document took longer than its time limit.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` in a stage can
    swallow it and carry on with a half-processed document.
    """


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in the block once ``seconds`` have passed; None or 0: no limit."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _watchdog(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    armed = True

    def expire(signum: int, frame: FrameType | None) -> None:
        if armed:
            raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    """The limit for a thread that is not the main one: an asynchronous exception from a timer."""
    import ctypes

    set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"armed": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["armed"]:
                state["fired"] = True
                set_async_exc(target, ctypes.py_object(DocumentTimeout))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["armed"] = False
            if state["fired"]:
                # The document finished before the exception was delivered: withdraw it, so it
                # cannot surface later in unrelated code.
                set_async_exc(target, None)
