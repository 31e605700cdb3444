"""Marketing marts on the demo data: propensity backtest, campaign effects, point-in-time features.

The demo generator plants a campaign effect (data/demo_truth/campaign_effects.csv:
treated customers get one extra order with probability ``planted_extra_order_rate``
within 30 days of the touch) and customer types whose buying rhythms differ, so
the warehouse must recover the effect within its interval and predict purchases
far better than chance.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from lifetimes import BetaGeoFitter

from segwarehouse.dbt_runner import PROJECT_ROOT

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
TRUTH = PROJECT_ROOT / "data" / "demo_truth" / "campaign_effects.csv"


# --- propensity --------------------------------------------------------------


@pytest.fixture(scope="module")
def metrics(demo_warehouse) -> dict:
    """The trained model's row of propensity_model_metrics."""
    frame = demo_warehouse.df("select * from propensity_model_metrics where method_kind = 'model'")
    assert len(frame) == 1
    return frame.iloc[0].to_dict()


def test_propensity_is_trained_by_backtest_with_auc_clearly_above_chance(metrics, demo_warehouse):
    cutoff, as_of = demo_warehouse.query(
        "select training.as_of_date, current.as_of_date "
        "from intermediate.int_as_of_dates as training "
        "cross join intermediate.int_as_of_date as current "
        "where training.date_role = 'propensity_training'"
    )[0]
    assert metrics["status"] == "trained"
    assert metrics["algorithm"] == metrics["method"] == "logistic_regression"
    assert (as_of - cutoff).days == metrics["horizon_days"] == 30
    assert pd.Timestamp(metrics["cutoff_date"]).date() == cutoff
    assert metrics["auc"] > 0.75, metrics
    assert metrics["average_precision"] > metrics["test_base_rate"]


def test_propensity_metrics_are_consistent(metrics, demo_warehouse):
    labelled = demo_warehouse.scalar(
        "select count(*) from intermediate.int_propensity_customers_labelled"
    )
    buyers = demo_warehouse.scalar(
        "select avg(case when has_purchased then 1.0 else 0 end) "
        "from intermediate.int_propensity_customers_labelled"
    )
    assert metrics["train_size"] + metrics["test_size"] == metrics["labelled_customers"]
    assert metrics["labelled_customers"] == labelled
    assert metrics["test_size"] == pytest.approx(0.25 * labelled, abs=1)
    assert metrics["base_rate"] == pytest.approx(buyers)
    precision, recall = metrics["precision"], metrics["recall"]
    assert metrics["f1"] == pytest.approx(2 * precision * recall / (precision + recall))
    # Rule top_share (default 0.2): ceil(0.2 * test_size) held-out customers flagged.
    assert metrics["threshold_rule"] == "top_share" and pd.isna(metrics["threshold"])
    flagged = np.ceil(0.2 * metrics["test_size"]) / metrics["test_size"]
    assert metrics["predicted_positive_rate"] == pytest.approx(flagged)


def test_every_current_customer_is_scored(demo_warehouse, metrics):
    scored = demo_warehouse.df("select * from customer_propensity")
    features = demo_warehouse.scalar("select count(*) from customer_features")
    assert len(scored) == features == metrics["scored_customers"]
    assert scored["purchase_probability"].between(0, 1).all()
    assert sorted(scored["propensity_decile"].unique()) == list(range(1, 11))
    by_decile = scored.groupby("propensity_decile")["purchase_probability"].mean()
    assert by_decile.is_monotonic_decreasing
    assert (scored["method"] == metrics["published_method"]).all()
    # The top fifth by score, ties by customer_id, are the likely buyers.
    ranked = scored.sort_values(["propensity_score", "customer_id"], ascending=[False, True])
    top = set(ranked["customer_id"].iloc[: int(np.ceil(0.2 * len(scored)))])
    assert set(scored.loc[scored["is_likely_buyer"], "customer_id"]) == top


PROPENSITY_WAREHOUSES = [
    pytest.param("demo_warehouse", id="demo"),
    pytest.param("online_retail_warehouse", id="online_retail", marks=pytest.mark.slow),
]


@pytest.mark.parametrize("warehouse", PROPENSITY_WAREHOUSES)
def test_every_method_is_measured_and_the_best_publishes(warehouse, request):
    frame = request.getfixturevalue(warehouse).df("select * from propensity_model_metrics")
    assert sorted(frame["method"]) == sorted(
        ["logistic_regression", "order_count", "recency", "rfm_score", "bgnbd"]
    )
    assert (frame["status"] == "trained").all()
    assert (frame["test_size"] == frame["test_size"].iloc[0]).all()
    published = frame[frame["is_published"]]
    assert len(published) == 1
    baselines = frame[frame["method_kind"] == "baseline"]
    assert published["auc"].iloc[0] >= baselines["auc"].max()
    model = frame[frame["method_kind"] == "model"].iloc[0]
    beats = model["auc"] > baselines["auc"].max()
    assert (frame["model_beats_best_baseline"] == beats).all()
    assert ("does not beat" in frame["verdict"].iloc[0]) == (not beats)


@pytest.mark.parametrize("warehouse", PROPENSITY_WAREHOUSES)
def test_bgnbd_expected_purchases_are_lifetimes_on_the_same_customers(warehouse, request):
    """BG/NBD fitted by lifetimes directly on the training split's summaries
    (as of the cut-off) gives every customer's published expected purchases
    (as of the as-of date) to 1e-6."""
    built = request.getfixturevalue(warehouse)
    run = built.df("select * from main.propensity_model where artifact = 'run'").iloc[0]
    settings = json.loads(run["bgnbd_parameters"])
    training = built.df(
        "select frequency, recency, t from intermediate.int_propensity_customers_labelled "
        "where customer_id not in (select customer_id from main.propensity_model "
        "where artifact = 'backtest') order by customer_id"
    )
    assert len(training) == run["train_size"]
    reference = BetaGeoFitter(penalizer_coef=settings["penalizer"]).fit(
        training["frequency"], training["recency"], training["t"], tol=settings["tolerance"]
    )
    current = built.df(
        "select features.frequency, features.recency, features.t, "
        "propensity.expected_purchases, propensity.probability_alive "
        "from customer_propensity as propensity inner join customer_features as features "
        "using (customer_id)"
    )
    expected = reference.conditional_expected_number_of_purchases_up_to_time(
        int(run["horizon_days"]), current["frequency"], current["recency"], current["t"]
    )
    alive = reference.conditional_probability_alive(
        current["frequency"], current["recency"], current["t"]
    )
    np.testing.assert_allclose(current["expected_purchases"], expected, rtol=0, atol=1e-6)
    np.testing.assert_allclose(current["probability_alive"], alive, rtol=0, atol=1e-6)


@pytest.mark.slow
def test_online_retail_probabilities_match_the_observed_rate_per_decile(online_retail_warehouse):
    """The published method's calibrated probabilities, cross-fitted over every
    labelled customer: per decile, mean probability within 0.05 of the
    observed buy rate."""
    deciles = online_retail_warehouse.df(
        "select bin, customers, observed_buy_rate, mean_predicted_probability "
        "from propensity_calibration "
        "where is_published and evaluation = 'cross_fitted' and binning = 'decile' order by bin"
    )
    assert len(deciles) == 10 and deciles["customers"].min() > 300
    gap = (deciles["mean_predicted_probability"] - deciles["observed_buy_rate"]).abs()
    assert gap.max() <= 0.05, deciles.assign(gap=gap).to_string()


# --- campaign effect ---------------------------------------------------------


@pytest.fixture(scope="module")
def campaigns(demo_warehouse) -> pd.DataFrame:
    measured = demo_warehouse.df("select * from campaign_performance").set_index("campaign_id")
    truth = pd.read_csv(TRUTH).set_index("campaign_id")
    return measured.join(truth, how="inner")


def test_every_planted_campaign_is_measured(campaigns):
    assert len(campaigns) == len(pd.read_csv(TRUTH))
    control_share = campaigns["control_customers"] / (
        campaigns["control_customers"] + campaigns["treated_customers"]
    )
    assert control_share.between(0.1, 0.3).all(), control_share
    assert (campaigns["complete_window_customers"] > 0).all()


@pytest.mark.parametrize("campaign_id", ["CMP01", "CMP02", "CMP03"])
def test_planted_extra_orders_lie_in_the_interval(campaigns, campaign_id):
    row = campaigns.loc[campaign_id]
    planted = row["planted_extra_order_rate"]
    assert row["extra_orders_ci_low"] <= planted <= row["extra_orders_ci_high"], row.to_dict()


@pytest.mark.parametrize("campaign_id", ["CMP01", "CMP02", "CMP03"])
def test_planted_conversion_uplift_lies_in_the_interval(campaigns, campaign_id):
    # An extra order with probability u turns a customer who would not have
    # bought (probability 1 - control rate) into a buyer: uplift u (1 - p_c).
    row = campaigns.loc[campaign_id]
    planted = row["planted_extra_order_rate"] * (1 - row["control_conversion_rate"])
    low, high = row["conversion_uplift_ci_low"], row["conversion_uplift_ci_high"]
    assert low <= planted <= high, row.to_dict()
    expected_se = (
        row["treated_conversion_rate"]
        * (1 - row["treated_conversion_rate"])
        / row["treated_customers"]
        + row["control_conversion_rate"]
        * (1 - row["control_conversion_rate"])
        / row["control_customers"]
    ) ** 0.5
    assert high - low == pytest.approx(2 * 1.959964 * expected_se)


def test_campaign_rows_match_segment_rows(demo_warehouse):
    segments = demo_warehouse.df(
        "select campaign_id, sum(treated_customers) as treated, sum(control_customers) as control, "
        "sum(allocated_cost) as cost "
        "from campaign_segment_performance group by campaign_id"
    ).set_index("campaign_id")
    campaigns = demo_warehouse.df("select * from campaign_performance").set_index("campaign_id")
    campaigns = campaigns.loc[segments.index]
    assert segments["treated"].tolist() == campaigns["treated_customers"].tolist()
    assert segments["control"].tolist() == campaigns["control_customers"].tolist()
    assert segments["cost"].tolist() == pytest.approx(campaigns["cost"].astype(float).tolist())


# --- point-in-time features: one model, a row per as-of date, no leakage ------

CUTOFF_SQL = (
    "select as_of_date from intermediate.int_as_of_dates where date_role = 'propensity_training'"
)


@pytest.fixture(scope="module")
def manifest(parsed_project) -> dict:
    return json.loads((parsed_project.parent / "manifest.json").read_text())


def _models(manifest: dict) -> dict[str, dict]:
    return {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["package_name"] == "segments"
    }


def test_dated_feature_models_are_keyed_by_as_of_date(manifest):
    """Every model the propensity features come from either computes a row
    per as-of date of int_as_of_dates (an ``as_of_date`` key, so a row can
    only be checked against its own date) or reads the single publication
    date and holds rows that do not depend on it; no model is a copy of
    another (no symlinks, no ``__training`` twins, no ``ref`` override)."""
    models = _models(manifest)
    by_id = {node["unique_id"]: name for name, node in models.items()}

    def parents(name):
        return {by_id[i] for i in models[name]["depends_on"]["nodes"] if i in by_id}

    def ancestors(name, seen=None):
        seen = set() if seen is None else seen
        for parent in parents(name):
            if parent not in seen:
                seen.add(parent)
                ancestors(parent, seen)
        return seen

    featured = "int_propensity_customers_featured"
    lineage = ancestors(featured) | {featured}
    keyed = {name for name in lineage if "int_as_of_dates" in ancestors(name)}
    # Rows computed once for the publication date, filtered by date where
    # they are aggregated (int_customer_days, int_orders_aggregated read them).
    row_level = {name for name in lineage if "int_as_of_date" in parents(name)} - {
        "int_as_of_dates"
    }
    assert row_level == {"int_customer_lines_filtered"}
    assert {
        "int_customers_rfm_scored",
        "int_customers_rfm_segmented",
        "int_events_sessionised",
        "int_sessions_built",
        "int_customer_sessions_summarised",
        "int_customer_orders_summarised",
        "int_customer_spend_summarised",
        "int_customer_purchases_summarised",
        "int_customer_profiles_dated",
        "int_customers_featured",
        featured,
    } == keyed
    for name in keyed:
        assert "as_of_date" in models[name]["columns"], name
        key_tests = [
            node["test_metadata"]["kwargs"]["column_names"]
            for node in manifest["nodes"].values()
            if node["resource_type"] == "test"
            and node.get("attached_node") == models[name]["unique_id"]
            and (node.get("test_metadata") or {}).get("name") == "unique_combination"
        ]
        assert any("as_of_date" in columns for columns in key_tests), name
    assert not any(name.endswith("__training") for name in models)
    assert not [path for path in (PROJECT_ROOT / "models").rglob("*") if path.is_symlink()]
    assert not (PROJECT_ROOT / "macros" / "marketing" / "ref.sql").exists()


def _truncated_demo(target: Path, cutoff) -> Path:
    """The demo raw files without campaigns and without orders / events after ``cutoff``."""
    target.mkdir(parents=True)
    for table, column in [("order_lines", "ordered_at"), ("events", "occurred_at")]:
        frame = pd.read_csv(DEMO_DIR / f"{table}.csv", dtype=str, keep_default_na=False)
        stamp = pd.to_datetime(frame[column].str.strip(), errors="coerce", format="ISO8601")
        frame[~(stamp.dt.date > cutoff)].to_csv(target / f"{table}.csv", index=False)
    for table in ("customers", "products"):
        shutil.copy(DEMO_DIR / f"{table}.csv", target / f"{table}.csv")
    return target


@pytest.fixture(scope="module")
def built_at_cutoff(demo_warehouse, build_warehouse, tmp_path_factory):
    """Demo data cut at the training cut-off, built normally as of the cut-off."""
    cutoff = demo_warehouse.scalar(CUTOFF_SQL)
    raw = _truncated_demo(tmp_path_factory.mktemp("raw_cut") / "raw", cutoff)
    select = (
        "+int_propensity_customers_featured +campaign_performance +campaign_segment_performance"
    )
    return build_warehouse(
        raw,
        dbt_vars={"as_of": cutoff.isoformat()},
        command=("build", "--indirect-selection", "cautious", "--select", *select.split()),
        name="at_cutoff",
    )


def _counts_and_differences(connection, ours: str, reference: str) -> tuple:
    """Rows of ``ours`` and ``reference`` (tables or subqueries), then the rows
    each has that the other lacks (``except all``, duplicates counted)."""
    return connection.execute(
        f"select (select count(*) from {ours}), (select count(*) from {reference}), "
        f"(select count(*) from (select * from {ours} except all "
        f"select * from {reference})), "
        f"(select count(*) from (select * from {reference} except all "
        f"select * from {ours}))"
    ).fetchone()


@pytest.mark.parametrize(
    ("ours", "at_cutoff"),
    [
        pytest.param(
            "intermediate.int_customers_featured",
            "main.customer_features",
            id="customer_features",
        ),
        pytest.param(
            "intermediate.int_customers_rfm_segmented", "main.customer_rfm", id="customer_rfm"
        ),
        pytest.param(
            "intermediate.int_propensity_customers_featured",
            "intermediate.int_propensity_customers_featured",
            id="int_propensity_customers_featured",
        ),
        pytest.param(
            "intermediate.int_customer_sessions_summarised",
            "intermediate.int_customer_sessions_summarised",
            id="int_customer_sessions_summarised",
        ),
        pytest.param(
            "intermediate.int_customer_purchases_summarised",
            "intermediate.int_customer_purchases_summarised",
            id="int_customer_purchases_summarised",
        ),
        pytest.param(
            "intermediate.int_customer_spend_summarised",
            "intermediate.int_customer_spend_summarised",
            id="int_customer_spend_summarised",
        ),
        pytest.param(
            "intermediate.int_customer_orders_summarised",
            "intermediate.int_customer_orders_summarised",
            id="int_customer_orders_summarised",
        ),
    ],
)
def test_cutoff_rows_equal_a_build_on_data_cut_at_the_cutoff(
    demo_warehouse, built_at_cutoff, ours, at_cutoff
):
    """No purchase or visit after the cut-off reaches the rows of the cut-off date.

    The rows of a keyed model whose as_of_date is the training cut-off, built
    on the full data (as_of = 2025-01-01), must equal the rows a build gives
    on data that ends at the cut-off with as_of = the cut-off, column for
    column. A keyed model that let a later date's data into an earlier
    date's rows fails this.
    """
    cutoff = demo_warehouse.scalar(CUTOFF_SQL)
    date = f"date '{cutoff.isoformat()}'"
    with duckdb.connect(str(demo_warehouse.db_path), read_only=True) as connection:
        connection.execute(f"attach '{built_at_cutoff.db_path}' as cut (read_only)")
        cut_columns = [row[0] for row in connection.execute(f"describe cut.{at_cutoff}").fetchall()]
        keep = ", ".join(name for name in cut_columns if name != "as_of_date")
        cut_filter = f" where as_of_date = {date}" if "as_of_date" in cut_columns else ""
        training = f"(select {keep} from {ours} where as_of_date = {date})"
        reference = f"(select {keep} from cut.{at_cutoff}{cut_filter})"
        counts = _counts_and_differences(connection, training, reference)
    assert counts[0] == counts[1] > 200
    assert counts[2:] == (0, 0)


@pytest.mark.parametrize(
    ("model", "date_column", "columns"),
    [
        # The cut raw files number their rows anew: the row number is left out.
        ("int_customer_lines_filtered", "ordered_date", "* exclude (source_row_number)"),
        ("int_customer_days", "purchase_date", "*"),
    ],
)
def test_row_level_models_up_to_the_cutoff_equal_the_cut_build(
    demo_warehouse, built_at_cutoff, model, date_column, columns
):
    """Row-level models are computed once: their rows dated on or before the
    cut-off are the rows a build on data cut at the cut-off gives (no row
    looks at later rows), which is what lets the keyed models filter them."""
    cutoff = demo_warehouse.scalar(CUTOFF_SQL)
    with duckdb.connect(str(demo_warehouse.db_path), read_only=True) as connection:
        connection.execute(f"attach '{built_at_cutoff.db_path}' as cut (read_only)")
        ours = (
            f"(select {columns} from intermediate.{model} "
            f"where {date_column} <= date '{cutoff.isoformat()}')"
        )
        counts = _counts_and_differences(
            connection, ours, f"(select {columns} from cut.intermediate.{model})"
        )
    assert counts[0] == counts[1] > 1000
    assert counts[2:] == (0, 0)


def test_anonymous_ids_resolved_at_the_cutoff_equal_the_cut_build(demo_warehouse, built_at_cutoff):
    """The stitching intervals hold no later knowledge: the anonymous_ids the
    full build resolves as of the cut-off, and to whom, are those a build on
    data cut at the cut-off resolves as of its last day."""
    date = f"date '{demo_warehouse.scalar(CUTOFF_SQL).isoformat()}'"
    as_of = f"where resolved_from <= {date} and (resolved_until is null or {date} < resolved_until)"
    resolved = "select anonymous_id, customer_id from {}intermediate.int_anonymous_ids_resolved"
    with duckdb.connect(str(demo_warehouse.db_path), read_only=True) as connection:
        connection.execute(f"attach '{built_at_cutoff.db_path}' as cut (read_only)")
        counts = _counts_and_differences(
            connection,
            f"({resolved.format('')} {as_of})",
            f"({resolved.format('cut.')} {as_of})",
        )
    assert counts[0] == counts[1] > 100
    assert counts[2:] == (0, 0)


def test_training_features_have_no_later_purchase(demo_warehouse):
    """No training feature row has a last order after the cut-off."""
    later_buyers = demo_warehouse.scalar(
        "select count(*) from intermediate.int_propensity_customers_labelled "
        "where last_order_at >= cutoff_date + 1"
    )
    training_rows = demo_warehouse.scalar(
        f"select count(*) from intermediate.int_customers_featured "
        f"where as_of_date = ({CUTOFF_SQL}) and last_order_at >= as_of_date + 1"
    )
    assert later_buyers == training_rows == 0


SMALL_SAMPLE = 300


@pytest.fixture(scope="module")
def small_sample(build_warehouse):
    """The demo with a propensity sample smaller than its customers."""
    return build_warehouse(
        DEMO_DIR,
        dbt_vars={"propensity_sample_size": SMALL_SAMPLE},
        command=("build", "--select", "+int_propensity_customers_labelled"),
        name="small_sample",
    )


def test_small_sample_is_the_first_customers_at_the_cutoff(small_sample, built_at_cutoff):
    """The sample is the first customers by md5(customer_id) of customer_features
    at the cut-off, and the labelled rows are those customers alone."""
    with duckdb.connect(str(small_sample.db_path), read_only=True) as connection:
        connection.execute(f"attach '{built_at_cutoff.db_path}' as cut (read_only)")
        expected = [
            row[0]
            for row in connection.execute(
                "select customer_id from cut.main.customer_features "
                f"order by md5(customer_id) limit {SMALL_SAMPLE}"
            ).fetchall()
        ]
        all_at_cutoff = connection.execute(
            "select count(*) from cut.main.customer_features"
        ).fetchone()[0]
        ids = {
            table: sorted(
                row[0] for row in connection.execute(f"select customer_id from {table}").fetchall()
            )
            for table in (
                "intermediate.int_propensity_customers_sampled",
                "intermediate.int_propensity_customers_labelled",
            )
        }
    assert all_at_cutoff > 5 * SMALL_SAMPLE
    for table, customer_ids in ids.items():
        assert customer_ids == sorted(expected), table


def test_small_sample_features_and_labels_are_unchanged(
    small_sample, demo_warehouse, built_at_cutoff
):
    """The sample size changes no figure of a sampled customer: its labelled
    row equals the full-sample build's, and its features equal
    customer_features built at the cut-off."""
    with duckdb.connect(str(small_sample.db_path), read_only=True) as connection:
        connection.execute(f"attach '{built_at_cutoff.db_path}' as cut (read_only)")
        connection.execute(f"attach '{demo_warehouse.db_path}' as full_sample (read_only)")
        sampled = "(select customer_id from intermediate.int_propensity_customers_sampled)"
        cut_columns = ", ".join(
            row[0] for row in connection.execute("describe cut.main.customer_features").fetchall()
        )
        pairs = [
            (
                f"(select {cut_columns} from intermediate.int_propensity_customers_labelled)",
                f"(select * from cut.main.customer_features where customer_id in {sampled})",
            ),
            (
                "intermediate.int_propensity_customers_labelled",
                "(select * from full_sample.intermediate.int_propensity_customers_labelled "
                f"where customer_id in {sampled})",
            ),
        ]
        for ours, reference in pairs:
            counts = _counts_and_differences(connection, ours, reference)
            assert counts == (SMALL_SAMPLE, SMALL_SAMPLE, 0, 0), (ours, counts)


def test_campaign_marts_are_empty_without_campaign_files(built_at_cutoff):
    assert built_at_cutoff.scalar("select count(*) from campaign_performance") == 0
    assert built_at_cutoff.scalar("select count(*) from campaign_segment_performance") == 0
    columns = [row[0] for row in built_at_cutoff.query("describe campaign_segment_performance")]
    assert "conversion_uplift_ci_low" in columns


def test_selector_without_propensity_builds_everything_else(demo_warehouse, build_warehouse):
    """selectors.yml `without_propensity`: no propensity feature, label or model,
    and the rest of the warehouse exactly as in the full build."""
    built = build_warehouse(command=("build", "--selector", "without_propensity"), name="no_prop")
    relations = {
        (schema, name)
        for schema, name in built.query(
            "select table_schema, table_name from information_schema.tables"
        )
    }
    names = {name for _, name in relations}
    assert not any("propensity" in name or name.endswith("__training") for name in names)
    assert "propensity_training" not in {schema for schema, _ in relations}
    full = {
        name
        for _, name in demo_warehouse.query(
            "select table_schema, table_name from information_schema.tables"
        )
    }
    missing = full - names
    assert missing and all("propensity" in n or n.endswith("__training") for n in missing)
    for table in ("customer_features", "customer_segments", "product_recommendations"):
        ours = built.df(f"select * from main.{table} order by all")
        reference = demo_warehouse.df(f"select * from main.{table} order by all")
        pd.testing.assert_frame_equal(ours, reference)
