"""The demo data generator: deterministic, the size docs/demo-data.md promises, chunked at scale."""

from __future__ import annotations

import filecmp

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from segwarehouse.dbt_runner import PROJECT_ROOT
from segwarehouse.demo import write_dataset
from segwarehouse.demo.catalog import CAMPAIGNS, CATEGORIES, CONTROL_SHARE, TYPE_NAMES
from segwarehouse.demo.writer import TABLE_COLUMNS

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
TRUTH_DIR = PROJECT_ROOT / "data" / "demo_truth"


def _read(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    write_dataset(out / "raw", out / "truth")
    return out


@pytest.mark.parametrize("table", sorted(TABLE_COLUMNS))
def test_committed_demo_is_what_the_generator_writes(regenerated, table):
    assert filecmp.cmp(regenerated / "raw" / f"{table}.csv", DEMO_DIR / f"{table}.csv", False)


@pytest.mark.parametrize("name", ["customer_types", "dirty_rows", "campaign_effects"])
def test_committed_truth_is_what_the_generator_writes(regenerated, name):
    assert filecmp.cmp(regenerated / "truth" / f"{name}.csv", TRUTH_DIR / f"{name}.csv", False)


def test_another_seed_gives_other_data(tmp_path):
    write_dataset(tmp_path, customers=200, seed=7)
    other = _read(tmp_path / "order_lines.csv")
    shipped = _read(DEMO_DIR / "order_lines.csv")
    assert not other.head(50).equals(shipped.head(50))


def test_demo_has_the_promised_shape():
    customers = _read(DEMO_DIR / "customers.csv")
    products = _read(DEMO_DIR / "products.csv")
    lines = _read(DEMO_DIR / "order_lines.csv")
    truth = _read(TRUTH_DIR / "customer_types.csv")
    assert 1_900 <= customers["customer_id"].nunique() <= 2_100
    catalogue = products[products["product_id"].str.fullmatch(r"P\d{4}")]
    assert catalogue["product_id"].nunique() == 300
    assert set(products["category"]) == set(CATEGORIES)
    assert 15_000 <= len(lines) <= 25_000
    dated = pd.to_datetime(lines["ordered_at"], errors="coerce", format="mixed")
    assert dated.dt.year.between(2023, 2024).mean() > 0.99
    assert set(truth["customer_type"]) == set(TYPE_NAMES)
    assert truth["customer_type"].value_counts(normalize=True).min() > 0.1


def test_every_column_of_the_contract_is_present():
    for table, columns in TABLE_COLUMNS.items():
        assert tuple(_read(DEMO_DIR / f"{table}.csv").columns) == columns, table


def test_campaigns_hold_out_a_control_group():
    touches = _read(DEMO_DIR / "campaign_touches.csv")
    assert set(touches["campaign_id"]) == {c.campaign_id for c in CAMPAIGNS}
    valid = touches[touches["is_control"].isin(["true", "false"])]
    share = (valid["is_control"] == "true").mean()
    assert share == pytest.approx(CONTROL_SHARE, abs=0.04)


def test_planted_types_differ_where_the_segmentation_should_see_it():
    lines = _read(DEMO_DIR / "order_lines.csv")
    truth = _read(TRUTH_DIR / "customer_types.csv")
    orders = lines.groupby("customer_id")["order_id"].nunique().rename("orders")
    per_type = truth.join(orders, on="customer_id").groupby("customer_type")["orders"].median()
    assert per_type["one_time_buyer"] == 1
    assert per_type["loyal_high_spender"] > 2 * per_type["heavy_browser"]


def test_large_scale_streams_parquet_chunks(tmp_path):
    counts = write_dataset(
        tmp_path, customers=1_200, file_format="parquet", chunk_customers=500, seed=3
    )
    for table, columns in TABLE_COLUMNS.items():
        parquet = pq.ParquetFile(tmp_path / f"{table}.parquet")
        assert tuple(parquet.schema_arrow.names) == columns
        assert {str(t) for t in parquet.schema_arrow.types} == {"string"}
        assert parquet.metadata.num_rows == counts[table]
    assert pq.ParquetFile(tmp_path / "order_lines.parquet").num_row_groups == 3
    with duckdb.connect() as connection:
        distinct_customers, orders_per_customer_id = connection.execute(
            f"""
            select count(distinct customer_id), max(n) from (
                select customer_id, order_id, count(distinct customer_id) over (
                    partition by order_id) as n
                from '{tmp_path}/order_lines.parquet' where customer_id <> '' and order_id <> ''
            )
            """
        ).fetchone()
    assert distinct_customers > 1_100
    assert orders_per_customer_id == 1, "order ids repeat across chunks"


def test_order_lines_target_sets_the_customer_count(tmp_path):
    counts = write_dataset(tmp_path, order_lines=5_000, file_format="parquet")
    assert 4_000 <= counts["order_lines"] <= 6_000
