"""The per-document function mapped over a Dask cluster, for corpora that outgrow one machine.

Two faces. :func:`extract_bag` is for code that already holds a ``dask.bag`` of paths: it maps
:func:`nlp_reports.batch.process_one` over it and returns a bag of records. The command line
(``nlp-reports extract ... --dask tcp://scheduler:8786``) uses :func:`outcomes_on_cluster`, which
sends partitions of paths to the workers a few at a time and writes results as they come back,
so neither the client nor the cluster holds the whole output. The workers read the files
themselves: every path must mean the same file on every worker (a shared file system).

Needs the ``dask`` extra: ``pip install 'nlp-reports[dask]'``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from nlp_reports.batch import (
    BatchOptions,
    Outcome,
    WorkItem,
    lost_outcome,
    outcome_of,
    process_one,
)
from nlp_reports.errors import MissingExtraError
from nlp_reports.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_TIME_LIMIT

LOCAL = "local"
_PARTITION_SIZE = 16
_PARTITIONS_PER_WORKER = 3


def _require_distributed() -> Any:
    try:
        import distributed
    except ImportError as error:
        raise MissingExtraError("--dask", "dask") from error
    return distributed


def extract_bag(
    paths: Any,
    *,
    profile: str = "auto",
    report_year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Any:
    """A ``dask.bag`` of records (Report or ErrorRecord), one per path of the bag ``paths``.

    >>> import dask.bag as db
    >>> from nlp_reports.cluster import extract_bag
    >>> records = extract_bag(db.from_sequence(["corpora/ogi-prose-02.txt"]))
    >>> [record.report_year for record in records.compute(scheduler="sync")]
    [2013]
    """
    return paths.map(
        process_one,
        profile=profile,
        report_year=report_year,
        max_bytes=max_bytes,
        limit=time_limit,
        max_chars=max_chars,
    )


def _outcomes_of_partition(items: list[WorkItem], options: BatchOptions) -> list[Outcome]:
    return [outcome_of(item, options) for item in items]


def _results(future: Any, partition: list[WorkItem], options: BatchOptions) -> list[Outcome]:
    """The outcomes of a finished partition; error records if the cluster lost its task."""
    try:
        outcomes: list[Outcome] = future.result()
    except Exception as error:  # a worker killed or lost on every retry: the batch goes on
        cause = f"{type(error).__name__} on the cluster"
        outcomes = [lost_outcome(item, cause, options) for item in partition]
    future.release()
    return outcomes


def connect(address: str, workers: int = 1) -> Any:
    """A client of the scheduler at ``address``, or of a new local cluster for ``local``."""
    distributed = _require_distributed()
    if address == LOCAL:
        cluster = distributed.LocalCluster(
            n_workers=max(1, workers), threads_per_worker=1, dashboard_address=None
        )
        return distributed.Client(cluster)
    return distributed.Client(address)


def outcomes_on_cluster(
    items: Iterable[WorkItem],
    options: BatchOptions,
    address: str,
    *,
    jobs: int = 1,
    ordered: bool = True,
    client: Any = None,
) -> Iterator[Outcome]:
    """One outcome per item, computed on the cluster at ``address`` (or by ``client``).

    At most a few partitions per worker are in flight, so memory stays flat on both sides.
    """
    distributed = _require_distributed()
    own_client = client is None
    client = connect(address, jobs) if own_client else client
    try:
        window = max(2, _PARTITIONS_PER_WORKER * len(client.scheduler_info()["workers"]))
        source = iter(items)
        # Futures by key, in submission order, with the items each one holds.
        in_flight: dict[str, tuple[Any, list[WorkItem]]] = {}
        finished = None if ordered else distributed.as_completed()

        def submit() -> None:
            partition = list(islice(source, _PARTITION_SIZE))
            if partition:
                future = client.submit(_outcomes_of_partition, partition, options, pure=False)
                in_flight[future.key] = (future, partition)
                if finished is not None:
                    finished.add(future)

        for _ in range(window):
            submit()
        while in_flight:
            key = next(iter(in_flight)) if finished is None else next(finished).key
            future, partition = in_flight.pop(key)
            yield from _results(future, partition, options)
            submit()
    finally:
        if own_client:
            cluster = client.cluster if address == LOCAL else None
            client.close()
            if cluster is not None:
                cluster.close()
