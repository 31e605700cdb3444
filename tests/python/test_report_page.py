"""The report page on a tiny hand-made warehouse: every panel, and panels without data."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import duckdb
import pytest

from segwarehouse.report import build_report, write_report


class Figures(HTMLParser):
    """Collects the attributes of every <figure> and the titles of marks."""

    def __init__(self):
        super().__init__()
        self.figures: dict[str, dict[str, str]] = {}
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "figure":
            self.figures[attributes["data-chart"]] = attributes
        for name in ("src", "href"):
            if name in attributes:
                self.urls.append(attributes[name])


def figures_of(page: str) -> dict[str, dict[str, str]]:
    parser = Figures()
    parser.feed(page)
    assert parser.urls == [], "the report must not load anything"
    return parser.figures


def tiny_warehouse(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(
        """
        create table customer_segments as
        select * from (values
            ('c1', 'S1', 'Big spenders'), ('c2', 'S1', 'Big spenders'),
            ('c3', 'S2', 'Occasional'), ('c4', 'S2', 'Occasional'), ('c5', 'S2', 'Occasional')
        ) as t(customer_id, segment_id, segment_name);
        create table customer_rfm as
        select * from (values
            ('c1', 300.00, 5, 5), ('c2', 450.00, 4, 5), ('c3', 100.00, 1, 1),
            ('c4', 50.00, 2, 1), ('c5', 100.00, 1, 1)
        ) as t(customer_id, total_revenue, r_score, f_score);
        create table customer_features as
        select * from (values
            ('c1', 12.0, 300.0), ('c2', 9.0, 450.0), ('c3', 2.0, 100.0),
            ('c4', 1.0, 50.0), ('c5', 2.0, null)
        ) as t(customer_id, order_count, total_revenue);
        create table segment_centroids as
        select * from (values
            ('S1', 'Big spenders', 'order_count', 1, 1.2, 10.5),
            ('S1', 'Big spenders', 'total_revenue', 2, 1.1, 375.0),
            ('S2', 'Occasional', 'order_count', 1, -0.8, 1.7),
            ('S2', 'Occasional', 'total_revenue', 2, -0.7, 83.3)
        ) as t(segment_id, segment_name, feature, feature_position, standardized_value,
               original_value);
        create table product_pairs as
        select * from (values
            ('p1', 'p2', 3, 0.3, 2.5), ('p1', 'p3', 2, 0.2, 4.0), ('p2', 'p3', 5, 0.5, 1.1)
        ) as t(product_a, product_b, pair_orders, support, lift);
        """
    )


@pytest.fixture
def connection():
    with duckdb.connect() as connection:
        tiny_warehouse(connection)
        yield connection


def test_every_panel_is_drawn_from_its_table(connection):
    page = build_report(connection, top_pairs=2)
    figures = figures_of(page)
    charts = {key for key, figure in figures.items() if figure["class"] == "chart"}
    assert charts == {
        "segment-sizes",
        "profile-S1",
        "profile-S2",
        "rfm-grid",
        "customer-map",
        "product-pairs",
    }
    marks = {key: int(figures[key]["data-marks"]) for key in charts}
    assert marks == {
        "segment-sizes": 4,  # two segments x (customers, revenue)
        "profile-S1": 2,
        "profile-S2": 2,
        "rfm-grid": 4,  # (5,5) (4,5) (1,1) (2,1)
        "customer-map": 5,
        "product-pairs": 2,
    }


def test_segment_shares_come_from_customers_and_net_revenue(connection):
    page = build_report(connection)
    # S1: 2 of 5 customers, 750 of 1000 revenue.
    assert "S1 · Big spenders, customers: 40.0%" in page
    assert "S1 · Big spenders, revenue: 75.0%" in page
    assert "S2 · Occasional, revenue: 25.0%" in page


def test_rfm_cells_hold_customer_counts_and_mean_revenue(connection):
    page = build_report(connection)
    assert "R1 F1: 2 customers, mean net revenue 100.00 currency units" in page
    assert "R4 F5: 1 customers, mean net revenue 450.00 currency units" in page


def test_money_is_labelled_with_the_warehouse_currency(connection):
    connection.execute(
        "create table money_currency as select 'GBP' as currency_code, 'GBP' as currency_label"
    )
    page = build_report(connection)
    assert "mean net revenue per customer (GBP)" in page
    assert "R1 F1: 2 customers, mean net revenue 100.00 GBP" in page
    assert "money in GBP, revenue net of returns" in page


def test_pairs_show_product_names_when_the_warehouse_has_them(connection):
    connection.execute(
        """
        alter table product_pairs add column product_a_name varchar;
        alter table product_pairs add column product_b_name varchar;
        update product_pairs set product_a_name = 'Red mug' where product_a = 'p1';
        """
    )
    page = build_report(connection, top_pairs=2)
    assert "Red mug (p1) + p3" in page


def test_pairs_are_ranked_by_lift(connection):
    page = build_report(connection, top_pairs=2)
    first, second = (page.index(pair) for pair in ("p1 + p3", "p1 + p2"))
    assert first < second
    assert "p2 + p3" not in page


def test_without_migration_table_the_panel_says_no_history_yet(connection):
    figures = figures_of(build_report(connection))
    migration = figures["segment-migration"]
    assert migration["class"] == "empty"
    assert migration["data-reason"].startswith("No history yet")


def test_migration_table_is_picked_up_when_it_exists(connection):
    connection.execute(
        """
        create table segment_migrations as
        select * from (values
            ('S1', 'S1', 10), ('S1', 'S2', 5), ('S2', 'S2', 20), (null, 'S1', 3)
        ) as t(from_segment, to_segment, customer_count)
        """
    )
    page = build_report(connection)
    figures = figures_of(page)
    assert figures["segment-migration"]["class"] == "chart"
    assert figures["segment-migration"]["data-marks"] == "4"
    assert "S1 → S2: 5 (33%)" in page


def test_marketing_migration_table_gives_one_map_per_segmentation(connection):
    connection.execute(
        """
        create table segment_migrations as
        select
            date '2024-02-01' as from_run_date,
            date '2024-03-01' as to_run_date,
            *
        from (values
            ('segment', 'S1', 'One', 'S1', 'One', 1),
            ('segment', 'S1', 'One', 'S2', 'Two', 2),
            ('segment', 'S2', 'Two', null, null, 1),
            ('segment', null, null, 'S2', 'Two', 1),
            ('rfm_segment', 'Champions', 'Champions', 'At Risk', 'At Risk', 1),
            ('rfm_segment', 'At Risk', 'At Risk', 'At Risk', 'At Risk', 2)
        ) as t(segmentation, from_segment_id, from_segment_name, to_segment_id,
               to_segment_name, customer_count)
        """
    )
    page = build_report(connection)
    figures = figures_of(page)
    assert figures["segment-migration"]["data-marks"] == "4"
    assert figures["rfm-migration"]["data-marks"] == "2"
    assert "Clustering segments, 2024-02-01 to 2024-03-01" in page
    assert "S1 · One → S2 · Two: 2 (67%)" in page
    assert "S2 · Two → (not in run): 1 (100%)" in page
    assert "Champions → At Risk: 1 (100%)" in page
    assert page.index("Clustering segments, ") < page.index("RFM segments, ")


def test_empty_migration_table_says_no_history_yet(connection):
    connection.execute(
        "create table segment_migrations (segmentation varchar, from_segment_id varchar, "
        "to_segment_id varchar, customer_count bigint)"
    )
    migration = figures_of(build_report(connection))["segment-migration"]
    assert migration["class"] == "empty"
    assert migration["data-reason"].startswith("No history yet: segment_migrations is empty")


#: Panels whose tables the tiny warehouse lacks (see test_kpi_cohort_rfm_and_quality_panels).
NEW_PANELS = {"segment-kpis", "rfm-segments", "cohort-retention", "data-quality"}


def test_kpi_cohort_rfm_and_quality_panels(connection):
    connection.execute(
        """
        create table segment_kpis as
        select * from (values
            ('S1', 'Big spenders', false, 2, 0.4, 750.00, 0.75, 375.00, 10.5, 35.71, 4.0,
             0.0, 3.0, 1.0, 'Toys'),
            ('total', 'All customers', true, 5, 1.0, 1000.00, 1.0, 200.00, 5.2, 38.46, 3.0,
             0.1, 20.0, 0.6, 'Toys')
        ) as t(segment_id, segment_name, is_total, customer_count, customer_share,
               net_revenue, revenue_share, revenue_per_customer, orders_per_customer,
               average_order_value, items_per_order, return_rate, median_recency_days,
               repeat_customer_rate, top_category);
        create table cohort_retention as
        select * from (values
            ('total', date '2024-01-01', 0, 4, 4, 1.0, 500.00),
            ('total', date '2024-01-01', 1, 4, 1, 0.25, 80.00),
            ('total', date '2024-02-01', 0, 1, 1, 1.0, 50.00),
            ('S1', date '2024-01-01', 0, 2, 2, 1.0, 400.00)
        ) as t(segment_id, cohort_month, months_since_first_purchase, cohort_customers,
               active_customers, retention_rate, net_revenue);
        create table data_quality_report as
        select * from (values
            ('order_lines', 'duplicate_row', 10, 8, 2, 2),
            ('order_lines', 'bad_number', 10, 8, 2, 0),
            ('events', 'duplicate_row', 0, 0, 0, 0)
        ) as t(source_table, reason, raw_rows, clean_rows, quarantined_rows, reason_rows);
        create table segment_profiles as
        select 'S1' as segment_id, 380.5 as mean_total_revenue;
        alter table customer_rfm add column rfm_segment varchar;
        update customer_rfm set rfm_segment = case when r_score >= 4 then 'Champions'
            else 'Lost' end;
        """
    )
    page = build_report(connection)
    figures = figures_of(page)
    assert {key: figures[key]["data-marks"] for key in NEW_PANELS} == {
        "segment-kpis": "2",
        "rfm-segments": "4",  # two names x (customers, revenue)
        "cohort-retention": "3",
        "data-quality": "1",  # tables without raw rows are left out
    }
    kpis = page.split('data-chart="segment-kpis"')[1].split("</figure>")[0]
    assert '<tr class="mark total"><td>All customers</td><td>5</td>' in kpis
    assert "<td>S1 · Big spenders</td>" in kpis and "<td>375.00</td>" in kpis
    assert "2024-01, month 1: 1 of 4 customers bought, net revenue 80.00" in page
    assert "<td>duplicate_row 2</td>" in page
    assert "Champions: 2 customers, revenue 750" in page
    # Profile numbers are the segment's mean (segment_profiles), else the centre.
    profile = page.split('data-chart="profile-S1"')[1].split("</figure>")[0]
    assert ">mean 380<" in profile and ">centre 10.5<" in profile


@pytest.mark.parametrize(
    ("dropped", "empty_panels"),
    [
        pytest.param("product_pairs", {"product-pairs"}, id="no-pairs"),
        pytest.param("customer_segments", {"segment-sizes", "customer-map"}, id="no-segments"),
        pytest.param("customer_rfm", {"segment-sizes", "rfm-grid"}, id="no-rfm"),
    ],
)
def test_a_missing_table_empties_only_its_panels(connection, dropped, empty_panels):
    connection.execute(f"drop table {dropped}")
    figures = figures_of(build_report(connection))
    empty = {key for key, figure in figures.items() if figure["class"] == "empty"}
    assert (
        empty
        == empty_panels
        | {"segment-migration", *PROPENSITY_PANELS, *RECOMMENDATION_PANELS}
        | NEW_PANELS
    )
    for key in empty_panels:
        assert dropped in figures[key]["data-reason"]


PROPENSITY_PANELS = ("propensity-gains", "propensity-calibration")
# The tiny warehouse has no recommendation tables: these panels are empty.
RECOMMENDATION_PANELS = ("recommendation-evaluation", "product-rules")


def test_propensity_panels_draw_every_method_and_the_published_calibration(connection):
    connection.execute(
        """
        create table propensity_gains as
        select method, method = 'bgnbd' as is_published, decile,
            decile / 10.0 as cumulative_share_of_customers,
            least(1.0, decile / 6.0) as cumulative_share_of_buyers
        from (values ('bgnbd'), ('order_count')) as m(method)
        cross join range(1, 11) as d(decile);
        create table propensity_calibration as
        select * from (values
            ('bgnbd', true, 'held_out', 'probability', 1, 0.05, 0.04),
            ('bgnbd', true, 'held_out', 'probability', 4, 0.35, 0.4),
            ('bgnbd', true, 'cross_fitted', 'probability', 1, 0.06, 0.05),
            ('bgnbd', true, 'held_out', 'decile', 1, 0.35, 0.4),
            ('order_count', false, 'held_out', 'probability', 2, 0.15, 0.2)
        ) as t(method, is_published, evaluation, binning, bin, mean_predicted_probability,
               observed_buy_rate);
        """
    )
    page = build_report(connection)
    figures = figures_of(page)
    # 2 methods x 10 deciles; the published method's probability bins, 2 held out + 1.
    assert figures["propensity-gains"]["data-marks"] == "20"
    assert figures["propensity-calibration"]["data-marks"] == "3"
    assert "bgnbd (published)" in page and "bgnbd, cross-fitted" in page


def test_report_is_deterministic(connection):
    assert build_report(connection) == build_report(connection)


def test_write_report_writes_a_self_contained_file_atomically(tmp_path):
    db_path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(db_path)) as connection:
        tiny_warehouse(connection)
    out = write_report(db_path, tmp_path / "out" / "report.html")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?://|@import|url\(", page)
    assert sorted(path.name for path in out.parent.iterdir()) == ["report.html"]


def test_write_report_needs_an_existing_warehouse(tmp_path):
    with pytest.raises(FileNotFoundError, match="no warehouse"):
        write_report(tmp_path / "missing.duckdb", tmp_path / "report.html")
