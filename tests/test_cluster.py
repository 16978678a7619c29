"""The same per-document function on a Dask cluster: a LocalCluster of two worker processes
must write exactly what one local process writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp_reports.batch import BatchOptions, process_one, run_batch
from nlp_reports.cluster import extract_bag, outcomes_on_cluster
from nlp_reports.limits import DEFAULT_TIME_LIMIT
from tests.conftest import CORPORA, SEED

distributed = pytest.importorskip(
    "distributed", reason="needs the dask extra: pip install 'nlp-reports[dask]'"
)

INPUTS = [
    str(SEED),
    str(CORPORA / "ogi-prose-03.txt"),
    str(CORPORA / "ogi-prose-11.txt"),
    str(CORPORA / "stat-communique-05.txt"),
    str(CORPORA / "absent.txt"),
    str(CORPORA / "ogi-table-01.txt"),
]


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


def test_a_cluster_of_two_workers_writes_what_one_process_writes(client):
    options = BatchOptions()
    local = [outcome.text for outcome in run_batch(INPUTS, options)]
    items = [(path, None) for path in INPUTS]
    remote = [o.text for o in outcomes_on_cluster(items, options, "unused", client=client)]
    assert remote == local
    assert '"stage": "read", "error": "no such file"' in remote[4]
    workers = client.run(lambda: 1)
    assert len(workers) == 2


def test_unordered_results_on_the_cluster_are_the_same_records(client):
    options = BatchOptions()
    items = [(path, None) for path in INPUTS]
    ordered = [o.text for o in outcomes_on_cluster(items, options, "unused", client=client)]
    unordered = outcomes_on_cluster(items, options, "unused", client=client, ordered=False)
    assert sorted(o.text for o in unordered) == sorted(ordered)


def test_extract_bag_maps_a_bag_of_paths_to_records(client):
    import dask.bag as db

    records = extract_bag(db.from_sequence(INPUTS[:3], npartitions=2)).compute()
    assert [record.report_year for record in records[:2]] == [2015, 2010]
    assert [record.model_dump() for record in records] == [
        process_one(path, limit=DEFAULT_TIME_LIMIT).model_dump() for path in INPUTS[:3]
    ]


def test_the_command_runs_on_a_cluster_by_address(client, tmp_path: Path):
    from typer.testing import CliRunner

    from nlp_reports.cli import app

    out, local = tmp_path / "dask.jsonl", tmp_path / "local.jsonl"
    address = client.scheduler.address
    result = CliRunner().invoke(app, ["extract", *INPUTS, "-o", str(out), "--dask", address])
    assert result.exit_code == 2, result.output
    CliRunner().invoke(app, ["extract", *INPUTS, "-o", str(local)])
    assert out.read_bytes() == local.read_bytes()
