"""Write generated chunks as CSV (demo) or streamed Parquet (large scales)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import generator
from .dirt import plant_product_dirt

DEFAULT_SEED = 20231
DEMO_CUSTOMERS = 2_000
CHUNK_CUSTOMERS = 50_000
#: Order lines generated per customer on average (measured on the demo seed);
#: used to turn ``--order-lines`` into a customer count.
LINES_PER_CUSTOMER = 11.6

TABLE_COLUMNS = {
    "order_lines": generator.ORDER_LINE_COLUMNS,
    "customers": generator.CUSTOMER_COLUMNS,
    "products": generator.PRODUCT_COLUMNS,
    "events": generator.EVENT_COLUMNS,
    "campaigns": generator.CAMPAIGN_COLUMNS,
    "campaign_touches": generator.TOUCH_COLUMNS,
}
CHUNKED_TABLES = ("order_lines", "customers", "events", "campaign_touches")


class _Sink:
    """One output file per table: CSV written whole, Parquet appended per chunk."""

    def __init__(self, out_dir: Path, file_format: str):
        self.out_dir = out_dir
        self.file_format = file_format
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.frames: dict[str, list[pd.DataFrame]] = {}

    def add(self, table: str, frame: pd.DataFrame) -> None:
        frame = frame.loc[:, list(TABLE_COLUMNS[table])].astype(str)
        if self.file_format == "csv":
            self.frames.setdefault(table, []).append(frame)
            return
        arrow = pa.Table.from_pandas(frame, preserve_index=False)
        arrow = arrow.cast(pa.schema([(c, pa.string()) for c in TABLE_COLUMNS[table]]))
        if table not in self.writers:
            path = self.out_dir / f"{table}.parquet"
            self.writers[table] = pq.ParquetWriter(path, arrow.schema)
        self.writers[table].write_table(arrow)

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()
        for table, frames in self.frames.items():
            path = self.out_dir / f"{table}.csv"
            pd.concat(frames).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def write_dataset(
    out_dir: Path,
    truth_dir: Path | None = None,
    *,
    customers: int = DEMO_CUSTOMERS,
    order_lines: int | None = None,
    products: int = 300,
    seed: int = DEFAULT_SEED,
    file_format: str = "csv",
    chunk_customers: int = CHUNK_CUSTOMERS,
) -> dict[str, int]:
    """Generate the raw tables into ``out_dir`` (and truth files into ``truth_dir``).

    ``order_lines``, when given, sets the customer count to reach about that
    many lines. Returns the number of rows written per table.
    """
    if file_format not in ("csv", "parquet"):
        raise ValueError(f"file_format must be 'csv' or 'parquet', not {file_format!r}")
    if order_lines is not None:
        customers = max(1, math.ceil(order_lines / LINES_PER_CUSTOMER))
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.*"):
        if old.suffix in (".csv", ".parquet") and old.stem in TABLE_COLUMNS:
            old.unlink()
    catalogue = generator.generate_products(seed, products)
    dirty_products, product_truth = plant_product_dirt(
        np.random.default_rng([seed, 2_000_000]),
        catalogue.assign(list_price=catalogue["list_price"].map("{:.2f}".format)),
    )
    sink = _Sink(out_dir, file_format)
    sink.add("products", dirty_products)
    sink.add("campaigns", generator.generate_campaigns())
    counts = {"products": len(dirty_products), "campaigns": len(generator.catalog.CAMPAIGNS)}
    truths: dict[str, list[pd.DataFrame]] = {"customer_types": [], "dirty_rows": [product_truth]}
    for index, first in enumerate(range(0, customers, chunk_customers)):
        size = min(chunk_customers, customers - first)
        chunk = generator.generate_chunk(
            seed, index, first, size, catalogue, dirt_scale=size / DEMO_CUSTOMERS
        )
        for table in CHUNKED_TABLES:
            frame = getattr(chunk, table)
            sink.add(table, frame)
            counts[table] = counts.get(table, 0) + len(frame)
        truths["customer_types"].append(chunk.customer_types)
        truths["dirty_rows"].append(chunk.dirty_rows)
    sink.close()
    if truth_dir is not None:
        _write_truth(truth_dir, truths)
    return counts


def _write_truth(truth_dir: Path, truths: dict[str, list[pd.DataFrame]]) -> None:
    truth_dir.mkdir(parents=True, exist_ok=True)
    pd.concat(truths["customer_types"]).to_csv(
        truth_dir / "customer_types.csv", index=False, lineterminator="\n"
    )
    dirty = pd.concat(truths["dirty_rows"])
    dirty = dirty.groupby(["table_name", "reason", "handling"], as_index=False)["row_count"].sum()
    dirty.to_csv(truth_dir / "dirty_rows.csv", index=False, lineterminator="\n")
    campaigns = pd.DataFrame(
        [
            (
                c.campaign_id,
                "|".join(c.target_types),
                c.reach,
                generator.catalog.CONTROL_SHARE,
                c.uplift,
                generator.catalog.UPLIFT_WINDOW_DAYS,
            )
            for c in generator.catalog.CAMPAIGNS
        ],
        columns=[
            "campaign_id",
            "target_types",
            "reach",
            "control_share",
            "planted_extra_order_rate",
            "window_days",
        ],
    )
    campaigns.to_csv(truth_dir / "campaign_effects.csv", index=False, lineterminator="\n")
