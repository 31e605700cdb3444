"""The functions the dbt Python model calls: read the previous run, fit, return Arrow."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pytest

from segwarehouse.segmentation import (
    ARTIFACT_SCHEMA,
    fit_segment_artifacts,
    read_previous_artifacts,
)
from segwarehouse.segmentation.dbt_model import previous_run_number


@dataclass
class This:
    """Stand-in for ``dbt.this`` of a dbt Python model."""

    database: str
    schema: str
    identifier: str

    def __repr__(self) -> str:
        return f'"{self.database}"."{self.schema}"."{self.identifier}"'


@pytest.fixture
def sample() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    centers = np.repeat([[1.0, 10.0], [8.0, 200.0], [3.0, 900.0]], 100, axis=0)
    values = centers * rng.lognormal(0, 0.1, centers.shape)
    return pd.DataFrame(
        {
            "customer_id": [f"c{i:04d}" for i in range(len(values))],
            "order_count": values[:, 0],
            "total_revenue": values[:, 1],
        }
    )


CONFIG = {
    "features": ["order_count", "total_revenue"],
    "k_min": 2,
    "k_max": 5,
    "n_init": 2,
    "k": None,
}


def test_first_run_has_no_previous_table():
    with duckdb.connect() as session:
        assert read_previous_artifacts(session, This("memory", "main", "segment_model")) is None


def test_second_run_reads_and_reuses_the_previous_table(sample):
    with duckdb.connect() as session:
        this = This("memory", "main", "segment_model")
        first = fit_segment_artifacts(sample, CONFIG)
        assert first.schema.equals(ARTIFACT_SCHEMA)
        session.register("first_artifacts", first)
        session.execute("create table main.segment_model as select * from first_artifacts")
        previous = read_previous_artifacts(session, this)
        assert previous.num_rows == first.num_rows
        second = fit_segment_artifacts(sample.iloc[::-1], CONFIG, previous)
    run = second.to_pandas().query("artifact == 'run'").iloc[0]
    assert run["previous_adjusted_rand_index"] == pytest.approx(1.0)
    assert run["matched_segments"] == run["k"] == 3


def test_bad_config_is_reported(sample):
    with pytest.raises(ValueError, match="algorithm"):
        fit_segment_artifacts(sample, {**CONFIG, "algorithm": "magic"})


def test_arrow_input_is_accepted(sample):
    import pyarrow as pa

    table = fit_segment_artifacts(pa.Table.from_pandas(sample), CONFIG)
    assert table.num_rows > 0


def test_no_customers_give_only_the_run_row(sample):
    table = fit_segment_artifacts(sample.head(0), CONFIG)
    rows = table.to_pylist()
    assert [row["artifact"] for row in rows] == ["run"]
    assert rows[0]["k"] == 0
    assert rows[0]["sample_size"] == 0


def test_runs_are_counted_and_stamped_with_the_as_of_date(sample):
    as_of = datetime.date(2011, 12, 10)
    first = fit_segment_artifacts(sample, CONFIG, as_of_date=as_of)
    second = fit_segment_artifacts(sample, CONFIG, first, as_of_date=as_of)
    runs = [table.to_pandas().query("artifact == 'run'").iloc[0] for table in (first, second)]
    assert [run["run_number"] for run in runs] == [1, 2]
    assert runs[1]["as_of_date"] == as_of
    assert previous_run_number(second) == 2


def test_an_empty_previous_run_still_advances_the_counter(sample):
    empty = fit_segment_artifacts(sample.head(0), CONFIG)
    table = fit_segment_artifacts(sample, CONFIG, empty)
    run = table.to_pandas().query("artifact == 'run'").iloc[0]
    assert run["run_number"] == 2
    assert run["matched_segments"] == 0
