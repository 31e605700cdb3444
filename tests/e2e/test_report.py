"""The HTML report of the demo build, opened in headless Chromium.

Chromium runs the report's inline self-check, which writes on every chart
figure how many of its marks (bars, cells, points) the browser laid out with a
non-zero size; ``--dump-dom`` returns the page after that script ran.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from segwarehouse.dbt_runner import PROJECT_ROOT
from segwarehouse.report.data import EVALUATION_METRICS
from segwarehouse.report.svg import short_number

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
SAMPLE_SIZE = 2000  # the report's default map sample
TOP_PAIRS = 15


def chromium_binary() -> str:
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    pytest.fail("headless Chromium is missing: run `make chromium` (apt-get install chromium)")


class Figures(HTMLParser):
    def __init__(self):
        super().__init__()
        self.figures: dict[str, dict[str, str]] = {}
        self.body: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "figure":
            attributes = dict(attrs)
            self.figures[attributes["data-chart"]] = attributes
        elif tag == "body":
            self.body = dict(attrs)


@pytest.fixture(scope="module")
def report(demo_warehouse, tmp_path_factory) -> Path:
    """The report written by the command line from the demo warehouse."""
    out = tmp_path_factory.mktemp("report") / "report.html"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "segwarehouse.report",
            "--db",
            str(demo_warehouse.db_path),
            "--out",
            str(out),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return out


@pytest.fixture(scope="module")
def rendered(report, tmp_path_factory) -> Figures:
    """The report's DOM after Chromium loaded it and ran its self-check."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    completed = subprocess.run(
        [
            chromium_binary(),
            "--headless",
            "--no-sandbox",  # tests may run as root (CI containers)
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--window-size=1280,4000",
            "--dump-dom",
            report.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    parser = Figures()
    parser.feed(completed.stdout)
    assert parser.body.get("data-self-check") == "done", "the page script did not run"
    return parser


def test_report_is_self_contained(report):
    page = report.read_text(encoding="utf-8")
    assert not re.search(r"https?://|@import|url\(|<link|<img|<iframe|\bsrc=", page)


def expected_charts(warehouse) -> dict[str, int]:
    """Chart key -> number of marks it must show, computed from the warehouse."""
    segments = warehouse.scalar("select count(distinct segment_id) from customer_segments")
    expected = {
        "segment-sizes": 2 * segments,
        "rfm-grid": warehouse.scalar(
            "select count(*) from (select distinct r_score, f_score from customer_rfm "
            "where r_score is not null and f_score is not null)"
        ),
        "customer-map": min(
            SAMPLE_SIZE,
            warehouse.scalar(
                "select count(*) from customer_segments "
                "inner join customer_features using (customer_id)"
            ),
        ),
        "product-pairs": min(
            TOP_PAIRS, warehouse.scalar("select count(*) from product_pairs where lift is not null")
        ),
        "segment-kpis": warehouse.scalar("select count(*) from segment_kpis"),
        "rfm-segments": 2
        * warehouse.scalar("select count(distinct coalesce(rfm_segment, '')) from customer_rfm"),
        "cohort-retention": warehouse.scalar(
            "select count(*) from cohort_retention where segment_id = 'total'"
        ),
        "data-quality": warehouse.scalar(
            "select count(distinct source_table) from data_quality_report where raw_rows > 0"
        ),
    }
    for segment_id, features in warehouse.query(
        "select segment_id, count(standardized_value) from segment_centroids group by all"
    ):
        expected[f"profile-{segment_id}"] = features
    expected.update(migration_cells(warehouse))
    expected["propensity-gains"] = warehouse.scalar(
        "select count(*) from propensity_gains where cumulative_share_of_buyers is not null"
    )
    expected["recommendation-evaluation"] = len(EVALUATION_METRICS) * warehouse.scalar(
        "select count(*) from recommendation_evaluation"
    )
    expected["product-rules"] = min(
        TOP_PAIRS, warehouse.scalar("select count(*) from product_rules where rule_rank = 1")
    )
    expected["propensity-calibration"] = warehouse.scalar(
        "select count(*) from propensity_calibration where is_published and binning = 'probability'"
    )
    return expected


MIGRATION_CHARTS = {"segment": "segment-migration", "rfm_segment": "rfm-migration"}


def migration_cells(warehouse) -> dict[str, int]:
    """Migration chart key -> distinct (from, to) moves in segment_migrations (none: {})."""
    if not warehouse.query(
        "select 1 from information_schema.tables "
        "where table_schema = 'main' and table_name = 'segment_migrations'"
    ):
        return {}
    rows = warehouse.query(
        "select segmentation, count(*) from (select distinct segmentation, from_segment_id, "
        "to_segment_id from segment_migrations) group by segmentation"
    )
    return {MIGRATION_CHARTS[segmentation]: cells for segmentation, cells in rows if cells}


def test_every_chart_rendered_all_its_marks(rendered, demo_warehouse):
    expected = expected_charts(demo_warehouse)
    charts = {key: fig for key, fig in rendered.figures.items() if "chart" in fig["class"].split()}
    assert set(charts) == set(expected)
    assert len([key for key in charts if key.startswith("profile-")]) >= 2
    for key, figure in charts.items():
        width, height = (int(v) for v in figure["data-rendered-size"].split("x"))
        assert width > 100 and height > 50, f"{key} was not laid out: {width}x{height}"
        assert int(figure["data-marks"]) == expected[key] > 0, key
        assert int(figure["data-rendered-marks"]) == expected[key], (
            f"{key}: {figure['data-rendered-marks']} of {expected[key]} marks drawn"
        )


def test_migration_panel_shows_history_or_says_there_is_none(rendered, demo_warehouse):
    migration = rendered.figures["segment-migration"]
    if migration_cells(demo_warehouse):
        assert migration["class"] == "chart"
    else:
        assert migration["class"] == "empty"
        assert migration["data-reason"].startswith("No history yet")


def test_every_label_fits_its_box(rendered):
    """No SVG text outside its chart, no table cell narrower than its text, nothing
    cut with an ellipsis, no table wider than its panel (the page's self-check)."""
    cut = {
        key: figure["data-cut-labels"]
        for key, figure in rendered.figures.items()
        if figure.get("data-cut-labels")
    }
    assert cut == {}
    assert all("data-cut-labels" in f for f in rendered.figures.values() if f["class"] != "empty")


def test_profile_numbers_are_the_means_of_segment_profiles(report, demo_warehouse):
    page = report.read_text(encoding="utf-8")
    segment_id, mean = demo_warehouse.query(
        "select segment_id, mean_total_revenue from segment_profiles order by segment_id limit 1"
    )[0]
    section = page.split(f'data-chart="profile-{segment_id}"')[1].split("</figure>")[0]
    assert f">mean {short_number(mean)}<" in section
    assert "centre (standard deviations from average)" in section


def test_recommendation_panel_shows_the_backtest_and_the_best_rules(report, demo_warehouse):
    page = report.read_text(encoding="utf-8")
    section = page.split('data-chart="recommendation-evaluation"')[1].split("</figure>")[0]
    for recommender, recall, is_published in demo_warehouse.query(
        "select recommender, recall_at_k, is_published from recommendation_evaluation"
    ):
        name = f"{recommender} (published)" if is_published else recommender
        assert f"recall@10, {name}: {recall:.1%}" in section
    rules = page.split('data-chart="product-rules"')[1].split("</figure>")[0]
    product, partner = demo_warehouse.query(
        "select product_name, partner_name from product_rules where rule_rank = 1 "
        "order by lift_lower_bound desc, pair_orders desc, product_id limit 1"
    )[0]
    assert rules.index(escape(product)) < rules.index(escape(partner))
