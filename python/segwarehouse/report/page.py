"""Assemble the report: one self-contained HTML page of inline SVG charts.

No file, font or script is loaded from anywhere: the page opens offline, from
a mail attachment or a file share. Every chart sits in a
``<figure class="chart" data-chart="...">``; a chart without data is a
``<figure class="chart empty">`` saying why. A few lines of inline script at
the end record, per chart, how many of its marks the browser laid out with a
non-zero size (``data-rendered-marks``); the end-to-end test reads them from
headless Chromium.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

import duckdb
import pandas as pd

from segwarehouse.report import data, svg
from segwarehouse.report.customer_map import customer_map

DEFAULT_SAMPLE_SIZE = 2000
DEFAULT_TOP_PAIRS = 15

STYLE = """
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 0;
       color: #222; background: #f5f6f8; }
header { background: #1f3b57; color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 6px; font-size: 24px; }
header p { margin: 0; opacity: 0.85; }
main { max-width: 1180px; margin: 0 auto; padding: 16px 24px 48px; }
section { background: #fff; border-radius: 8px; padding: 16px 24px; margin: 18px 0;
          box-shadow: 0 1px 3px rgba(0,0,0,0.08); }
h2 { font-size: 19px; margin: 4px 0 6px; }
h3 { font-size: 14px; margin: 4px 0; }
p.explain { color: #555; margin: 0 0 12px; max-width: 820px; line-height: 1.4; }
figure { margin: 0; }
figure.chart svg { max-width: 760px; display: block; }
figure.empty svg { max-width: 760px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(470px, 1fr));
        gap: 12px 24px; }
.grid figure.chart svg { max-width: 480px; }
figcaption { color: #666; font-size: 12px; margin-top: 4px; }
figure.table { overflow-x: auto; }
table.figures { border-collapse: collapse; font-size: 12px; }
table.figures th { text-align: right; vertical-align: bottom; padding: 4px 5px;
                   border-bottom: 1px solid #999; max-width: 80px; }
table.figures th:first-child, table.figures td:first-child { text-align: left;
                   white-space: normal; min-width: 150px; max-width: 210px; }
table.figures td { text-align: right; padding: 3px 5px; white-space: nowrap;
                   border-bottom: 1px solid #eee; }
table.figures td:last-child { white-space: normal; min-width: 90px; }
table.figures tr.total td { font-weight: 600; border-top: 1px solid #999; }
"""

SELF_CHECK = """
(function () {
  var figures = document.querySelectorAll('figure.chart');
  for (var i = 0; i < figures.length; i++) {
    var figure = figures[i], drawn = 0, marks = figure.querySelectorAll('.mark');
    for (var j = 0; j < marks.length; j++) {
      var box = marks[j].getBoundingClientRect();
      if (box.width > 0 && box.height > 0) { drawn++; }
    }
    var chart = figure.querySelector('svg, table');
    var size = chart ? chart.getBoundingClientRect() : {width: 0, height: 0};
    // Labels that do not fit: SVG text outside its chart, table cells whose
    // text is wider than the cell, and text cut with an ellipsis.
    var cut = [], texts = figure.querySelectorAll('svg text');
    for (var k = 0; k < texts.length; k++) {
      var t = texts[k].getBoundingClientRect();
      if (t.left < size.left - 1 || t.right > size.right + 1 || t.top < size.top - 1
          || t.bottom > size.bottom + 1 || texts[k].textContent.indexOf('\u2026') >= 0) {
        cut.push(texts[k].textContent);
      }
    }
    var cells = figure.querySelectorAll('th, td');
    for (var m = 0; m < cells.length; m++) {
      if (cells[m].scrollWidth > cells[m].clientWidth + 1) { cut.push(cells[m].textContent); }
    }
    if (figure.scrollWidth > figure.clientWidth + 1) { cut.push('(wider than its panel)'); }
    figure.setAttribute('data-cut-labels', cut.join(' | '));
    figure.setAttribute('data-rendered-marks', String(drawn));
    figure.setAttribute('data-rendered-size',
                        Math.round(size.width) + 'x' + Math.round(size.height));
  }
  document.body.setAttribute('data-self-check', 'done');
})();
"""


# (key, heading, explanation) of each panel, in page order.
SECTIONS = (
    (
        "segment-sizes",
        "Segment sizes and revenue share",
        "Share of all segmented customers in each segment, next to its share of revenue "
        "(customer_rfm.total_revenue, net of returns). A segment whose revenue bar is much "
        "longer than its customer bar holds the valuable customers.",
    ),
    (
        "segment-kpis",
        "Segment KPIs",
        "Per segment and for all customers (segment_kpis): revenue is net of returns, in "
        "the warehouse currency; average order value = net revenue / orders; return rate "
        "= returned / gross sales value; repeat customers have two orders or more. The "
        "total row equals customer_rfm.",
    ),
    (
        "segment-profiles",
        "Segment profiles",
        "Bars: where each segment's centre (the k-means centroid) lies on every "
        "clustering feature, in standard deviations from the average customer of the fit "
        "sample (after the fit's log transform where it used one); right: above average, "
        "left: below. Numbers: the segment's mean in the feature's own unit, as in "
        "segment_profiles (for a log-transformed feature the centre sits below the mean). "
        "Features the data lacks were left out of the fit and have no bar.",
    ),
    (
        "rfm-segments",
        "Named RFM segments",
        "Customers and net revenue per RFM segment name (customer_rfm.rfm_segment, from "
        "the rules in the rfm_segment_rules seed), as shares of all customers and revenue.",
    ),
    (
        "cohort-retention",
        "Cohort retention",
        "Customers by the month of their first purchase (rows) and months since (columns): "
        "the share of the cohort that bought again in that month (cohort_retention, all "
        "customers). Month 0 is the first purchase itself.",
    ),
    (
        "rfm-grid",
        "RFM grid",
        "Customers by recency score (columns, 5 = bought most recently) and frequency score "
        "(rows, 5 = buys most often). Colour: mean net revenue (sales minus returns) per "
        "customer in the cell (customer_rfm.total_revenue); text: customers and mean net "
        "revenue.",
    ),
    (
        "customer-map",
        "Customer map",
        "Customers placed by the first two principal components of the clustering features. "
        "Colour: segment; large outlined dots: segment centres. Customers close together "
        "behave alike; segments that overlap on the map are close in every feature.",
    ),
    (
        "product-pairs",
        "Top product pairs by lift",
        "Product pairs bought together most above chance (product_pairs): lift = how many "
        "times more often the two share a basket than if they were bought independently. "
        "Pairs seen in few baskets are less certain; the order count is given with each bar. "
        "Postage, fees and other non-product items are left out.",
    ),
    (
        "recommendations",
        "Recommendations against the popularity baseline",
        "Backtest of the published recommender (recommendation_evaluation): recommendations "
        "made as of a cut-off date from the purchases up to it, scored against the products "
        "each customer bought for the first time in the following days. Popularity "
        "recommends the most bought products the customer does not have. Higher is better; "
        "catalogue coverage is the share of products recommended to anyone. Below: the "
        "strongest rules (product_rules), ranked by the lower bound of the lift, which "
        "discounts rules seen in few baskets.",
    ),
    (
        "segment-migration",
        "Segment migration",
        "Where the customers of each segment at the earlier of two segmentation runs "
        "(rows, from) are at the later one (columns, to), for the clustering segments and "
        "for the RFM segments. Colour: share of the row's customers; text: customers; "
        "(not in run): no purchase yet at the earlier date, or none left at the later.",
    ),
    (
        "data-quality",
        "Data quality",
        "Rows read per raw table, rows kept and rows quarantined with their reason codes "
        "(data_quality_report); below, how the segmentation run dealt with the data.",
    ),
    (
        "propensity-gains",
        "Purchase propensity against the baselines",
        "Gains curves of the propensity backtest (propensity_gains): target the customers "
        "with the highest scores first; each point is one more tenth of the held-out "
        "customers (x) and the share of all their buyers it reaches (y). The higher the "
        "curve, the better the ranking; the dashed diagonal is random targeting. Every "
        "method is scored on the same held-out customers; the published one is marked.",
    ),
    (
        "propensity-calibration",
        "Can the probabilities be taken at face value?",
        "Reliability diagram of the published method (propensity_calibration): customers "
        "binned by predicted probability (x, bin mean) against the share that bought (y). "
        "On the dashed diagonal a probability of 0.3 means 3 in 10 buy. Held out: the "
        "backtest's held-out customers; cross-fitted: every labelled customer, each scored "
        "by a fit without them (more customers, less noise).",
    ),
)


@dataclass
class Section:
    """One panel of the report: a heading, an explanation and its figures."""

    key: str
    title: str
    explanation: str
    figures: list[str] = field(default_factory=list)
    grid: bool = False

    def html(self) -> str:
        figures = "".join(self.figures)
        if self.grid:
            figures = f'<div class="grid">{figures}</div>'
        return (
            f'<section id="{self.key}"><h2>{escape(self.title)}</h2>'
            f'<p class="explain">{escape(self.explanation)}</p>{figures}</section>'
        )


def figure(key: str, chart: str, caption: str = "", heading: str = "") -> str:
    """A chart figure with a ``data-chart`` key and the number of marks it holds."""
    marks = chart.count('class="mark"')
    head = f"<h3>{escape(heading)}</h3>" if heading else ""
    tail = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="chart" data-chart="{escape(key)}" data-marks="{marks}">'
        f"{head}{chart}{tail}</figure>"
    )


def empty_figure(key: str, reason: str) -> str:
    """A figure saying why a chart has no data (not counted as a chart)."""
    return (
        f'<figure class="empty" data-chart="{escape(key)}" data-reason="{escape(reason)}">'
        f"{svg.message_chart(reason, label=reason)}</figure>"
    )


def sizes_figures(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Grouped bars: each segment's share of customers and of revenue."""
    sizes = data.segment_sizes(connection)
    labels = [_segment_label(row) for row in sizes.itertuples()]
    chart = svg.grouped_bar_chart(
        labels,
        [
            ("customers", list(sizes["customer_share"]), svg.PALETTE[0]),
            ("revenue", list(sizes["revenue_share"]), svg.PALETTE[1]),
        ],
        label="segment sizes and revenue share",
    )
    total = int(sizes["customer_count"].sum())
    currency = data.currency_label(connection)
    caption = f"{total:,} customers in {len(sizes)} segments; " + "; ".join(
        f"{row.segment_id}: {int(row.customer_count):,} customers, "
        f"net revenue {row.revenue:,.0f} {currency}"
        for row in sizes.itertuples()
    )
    return [figure("segment-sizes", chart, caption)]


def table_figure(
    key: str, header: list[str], rows: list[list[str]], caption: str = "", total_rows=()
) -> str:
    """An HTML table figure, one mark per body row; rows in ``total_rows`` set in bold."""
    head = "".join(f"<th>{escape(name)}</th>" for name in header)
    body = "".join(
        f'<tr class="mark{" total" if i in total_rows else ""}">'
        + "".join(f"<td>{escape(cell)}</td>" for cell in row)
        + "</tr>"
        for i, row in enumerate(rows)
    )
    marks = len(rows)
    tail = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="chart table" data-chart="{escape(key)}" data-marks="{marks}">'
        f'<table class="figures"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        f"{tail}</figure>"
    )


def kpi_figures(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The segment_kpis table, segments first and the total row last."""
    kpis = data.segment_kpis(connection)
    if kpis.empty:
        raise data.MissingData("segment_kpis is empty")
    header = [
        "segment",
        "customers",
        "customer share",
        "net revenue",
        "revenue share",
        "revenue per customer",
        "orders per customer",
        "average order value",
        "items per order",
        "return rate",
        "median recency (days)",
        "repeat customers",
        "top category",
    ]
    rows = [
        [
            "All customers" if row.is_total else _segment_label(row),
            f"{int(row.customer_count):,}",
            _percent(row.customer_share),
            _money(row.net_revenue),
            _percent(row.revenue_share),
            _money(row.revenue_per_customer),
            _decimal(row.orders_per_customer),
            _money(row.average_order_value),
            _decimal(row.items_per_order),
            _percent(row.return_rate),
            _decimal(row.median_recency_days, 0),
            _percent(row.repeat_customer_rate),
            "" if _missing(row.top_category) else str(row.top_category),
        ]
        for row in kpis.itertuples()
    ]
    totals = {i for i, row in enumerate(kpis.itertuples()) if row.is_total}
    return [table_figure("segment-kpis", header, rows, total_rows=totals)]


def rfm_segment_figures(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Grouped bars: each named RFM segment's share of customers and of net revenue."""
    segments = data.rfm_segments(connection)
    if segments.empty:
        raise data.MissingData("customer_rfm has no customers")
    chart = svg.grouped_bar_chart(
        list(segments["rfm_segment"]),
        [
            ("customers", list(segments["customer_share"]), svg.PALETTE[0]),
            ("revenue", list(segments["revenue_share"].fillna(0)), svg.PALETTE[1]),
        ],
        label="named RFM segments",
    )
    caption = "; ".join(
        f"{row.rfm_segment}: {int(row.customer_count):,} customers, revenue {row.revenue:,.0f}"
        for row in segments.itertuples()
    )
    return [figure("rfm-segments", chart, caption)]


def cohort_figures(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Heat map: retention by first-purchase month (rows) and months since (columns)."""
    cohorts = data.cohort_retention(connection)
    if cohorts.empty:
        raise data.MissingData("cohort_retention is empty")
    months = sorted(int(m) for m in cohorts["months_since_first_purchase"].unique())
    cells = {
        (f"{row.cohort_month:%Y-%m}", int(row.months_since_first_purchase)): row
        for row in cohorts.itertuples()
    }
    starts = sorted({key for key, _ in cells})
    sizes = {key: int(row.cohort_customers) for (key, _), row in cells.items()}
    values, labels, titles = [], [], []
    for start in starts:
        found = [cells.get((start, month)) for month in months]
        values.append([None if cell is None else float(cell.retention_rate) for cell in found])
        labels.append(["" if cell is None else _percent(cell.retention_rate) for cell in found])
        titles.append(
            [
                ""
                if cell is None
                else f"{start}, month {month}: {int(cell.active_customers):,} of "
                f"{sizes[start]:,} customers bought, net revenue {float(cell.net_revenue):,.2f}"
                for cell, month in zip(found, months, strict=True)
            ]
        )
    chart = svg.heatmap(
        [f"{start} ({sizes[start]:,})" for start in starts],
        [str(month) for month in months],
        values,
        cell_labels=labels,
        cell_titles=titles,
        row_title="first-purchase month (customers)",
        column_title="months since the first purchase",
        colour_title="share of the cohort buying",
        label="cohort retention",
    )
    return [figure("cohort-retention", chart)]


def quality_figures(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Rows per raw table (read, kept, quarantined, reasons) and the segmentation notes."""
    quality = data.data_quality(connection)
    if quality.empty:
        raise data.MissingData("data_quality_report has no raw rows")
    rows = [
        [
            str(row.source_table),
            f"{int(row.raw_rows):,}",
            f"{int(row.clean_rows):,}",
            f"{int(row.quarantined_rows):,}",
            str(row.reasons) or "none",
        ]
        for row in quality.itertuples()
    ]
    notes = data.segmentation_notes(connection)
    caption = []
    if not _missing(notes.get("k_min")):
        caption.append(f"k chosen within {notes['k_min']}..{notes['k_max']}: {notes['k']}")
        if not _missing(notes.get("unbounded_k")) and notes["unbounded_k"] != notes["k"]:
            caption.append(f"the indices alone would pick k = {notes['unbounded_k']}")
    if not _missing(notes.get("dropped_features")):
        caption.append(f"left out of the fit: {notes['dropped_features']}")
    header = ["raw table", "raw rows", "clean rows", "quarantined", "reasons (rows)"]
    return [table_figure("data-quality", header, rows, "; ".join(caption))]


def profile_figures(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """One diverging bar chart per segment: standardised centroid per feature, labelled
    with the segment's mean in the feature's unit (segment_profiles)."""
    figures = []
    centroids = data.segment_centroids(connection)
    means = data.profile_means(connection)
    values = centroids["standardized_value"].astype(float)
    limit = svg.nice_max(float(values.abs().max())) if len(values) else 1.0
    for segment_id, rows in centroids.groupby("segment_id", sort=True):
        chart = svg.diverging_bar_chart(
            list(rows["feature"]),
            [float(v) for v in rows["standardized_value"]],
            value_labels=[
                f"mean {svg.short_number(means.get((segment_id, feature)))}"
                if (segment_id, feature) in means
                else f"centre {svg.short_number(value)}"
                for feature, value in zip(rows["feature"], rows["original_value"], strict=True)
            ],
            limit=limit,
            axis_title="centre (standard deviations from average)",
            label=f"profile of {rows['segment_name'].iloc[0]}",
        )
        heading = f"{segment_id} · {rows['segment_name'].iloc[0]}"
        figures.append(figure(f"profile-{segment_id}", chart, heading=heading))
    if not figures:
        raise data.MissingData("segment_centroids is empty")
    return figures


def rfm_figures(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Heat map of recency score x frequency score, coloured by mean revenue."""
    grid = data.rfm_grid(connection)
    if grid.empty:
        raise data.MissingData("customer_rfm has no scored customers")
    r_scores = sorted(int(v) for v in grid["r_score"].unique())
    f_scores = sorted((int(v) for v in grid["f_score"].unique()), reverse=True)
    cells = {(int(r.r_score), int(r.f_score)): r for r in grid.itertuples()}
    currency = data.currency_label(connection)
    values, labels, titles = [], [], []
    for f_score in f_scores:
        row_values, row_labels, row_titles = [], [], []
        for r_score in r_scores:
            cell = cells.get((r_score, f_score))
            row_values.append(None if cell is None else float(cell.mean_revenue))
            row_labels.append(
                ""
                if cell is None
                else f"{int(cell.customer_count):,} · {svg.short_number(cell.mean_revenue)}"
            )
            row_titles.append(
                ""
                if cell is None
                else f"R{r_score} F{f_score}: {int(cell.customer_count):,} customers, "
                f"mean net revenue {float(cell.mean_revenue):,.2f} {currency}"
            )
        values.append(row_values)
        labels.append(row_labels)
        titles.append(row_titles)
    chart = svg.heatmap(
        [f"F {score}" for score in f_scores],
        [f"R {score}" for score in r_scores],
        values,
        cell_labels=labels,
        cell_titles=titles,
        row_title="frequency score",
        column_title="recency score",
        colour_title=f"mean net revenue per customer ({currency})",
        label="RFM grid",
    )
    return [figure("rfm-grid", chart)]


def map_figures(connection: duckdb.DuckDBPyConnection, sample_size: int) -> list[str]:
    """Scatter plot of sampled customers on two principal components, by segment."""
    features = data.clustering_features(connection)
    sample = data.map_sample(connection, features, sample_size)
    preprocessing = data.preprocessing(connection)
    try:
        centroids = data.segment_centroids(connection)
    except data.MissingData:
        centroids = None
    result = customer_map(sample, features, preprocessing, centroids)
    how = (
        "standardised exactly as the segmentation fit did it"
        if result.uses_fit_preprocessing
        else "median-imputed and standardised (the fit's own parameters are not stored)"
    )
    caption = (
        f"{len(sample):,} customers (a fixed sample by hash of customer_id); features "
        f"{', '.join(features)}, {how}."
    )
    first, second = result.explained_variance_ratio
    chart = svg.scatter_plot(
        [float(x) for x in result.coordinates[:, 0]],
        [float(y) for y in result.coordinates[:, 1]],
        [int(i) for i in result.segment_index],
        result.segment_names,
        centres=result.centres,
        x_title=f"principal component 1 ({first:.0%} of variance)",
        y_title=f"principal component 2 ({second:.0%} of variance)",
        point_titles=[
            f"{row.customer_id}: {row.segment_name}" for row in sample.itertuples(index=False)
        ],
        label="customer map",
    )
    return [figure("customer-map", chart, caption)]


def pairs_figures(connection: duckdb.DuckDBPyConnection, top: int) -> list[str]:
    """Bars of the product pairs with the highest lift."""
    pairs = data.top_product_pairs(connection, top)
    if pairs.empty:
        raise data.MissingData("product_pairs is empty (no pair met the thresholds)")
    chart = svg.bar_chart(
        [
            f"{_product_label(row.product_a, row.product_a_name)} + "
            f"{_product_label(row.product_b, row.product_b_name)}"
            for row in pairs.itertuples()
        ],
        [float(v) for v in pairs["lift"]],
        value_labels=[
            f"lift {row.lift:,.1f} · {int(row.pair_orders):,} orders" for row in pairs.itertuples()
        ],
        colours=[svg.PALETTE[4]] * len(pairs),
        axis_title="lift (1 = independent)",
        label="top product pairs by lift",
    )
    return [figure("product-pairs", chart)]


EVALUATION_LABELS = {
    "hit_rate_at_k": "hit rate@{k}",
    "recall_at_k": "recall@{k}",
    "precision_at_k": "precision@{k}",
    "ndcg_at_k": "NDCG@{k}",
    "map_at_k": "MAP@{k}",
    "catalogue_coverage": "catalogue coverage",
}


def recommendation_figures(connection: duckdb.DuckDBPyConnection, top: int) -> list[str]:
    """Backtest metrics, ours against popularity, and a table of the best rules."""
    figures = []
    try:
        evaluation = data.recommendation_evaluation(connection)
        if evaluation.empty:
            raise data.MissingData(
                "recommendation_evaluation is empty (no customer bought a new product "
                "after the cut-off)"
            )
        k = int(evaluation["k"].iloc[0])
        series = [
            (
                f"{row.recommender} (published)" if row.is_published else str(row.recommender),
                [float(getattr(row, metric)) for metric in data.EVALUATION_METRICS],
                svg.PALETTE[index % len(svg.PALETTE)],
            )
            for index, row in enumerate(evaluation.itertuples())
        ]
        chart = svg.grouped_bar_chart(
            [EVALUATION_LABELS[metric].format(k=k) for metric in data.EVALUATION_METRICS],
            series,
            label="recommendation backtest: published recommender against popularity",
        )
        first = evaluation.iloc[0]
        caption = (
            f"Cut-off {first['cutoff_date']:%Y-%m-%d}; "
            f"{int(first['customers_evaluated']):,} customers evaluated, K = {k}."
        )
        figures.append(figure("recommendation-evaluation", chart, caption))
    except data.MissingData as missing:
        figures.append(empty_figure("recommendation-evaluation", str(missing)))
    try:
        rules = data.top_product_rules(connection, top)
        if rules.empty:
            raise data.MissingData("product_rules is empty (no pair met the floor)")
        rows = [
            [
                _product_label(row.product_id, row.product_name),
                _product_label(row.partner_id, row.partner_name),
                f"{int(row.pair_orders):,}",
                _percent(row.confidence),
                _decimal(row.lift),
                _decimal(row.lift_lower_bound),
            ]
            for row in rules.itertuples()
        ]
        header = ["bought", "goes with", "baskets", "confidence", "lift", "lift, lower bound"]
        figures.append(table_figure("product-rules", header, rows))
    except data.MissingData as missing:
        figures.append(empty_figure("product-rules", str(missing)))
    return figures


MIGRATION_FIGURES = {
    "segment": ("segment-migration", "Clustering segments"),
    "rfm_segment": ("rfm-migration", "RFM segments"),
}


def migration_figures(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Heat maps of customers moving from one segment (rows) to another (columns).

    One per segmentation in the table (clustering segments, RFM segments).
    """
    migrations = data.segment_migrations(connection)
    figures = []
    order = {name: position for position, name in enumerate(MIGRATION_FIGURES)}
    groups = sorted(
        migrations.groupby("segmentation"), key=lambda group: (order.get(group[0], 99), group[0])
    )
    for segmentation, moves in groups:
        key, heading = MIGRATION_FIGURES.get(
            segmentation, (f"{segmentation}-migration", str(segmentation))
        )
        first = moves.iloc[0]
        if not _missing(first["from_run_date"]):
            heading += f", {first['from_run_date']:%Y-%m-%d} to {first['to_run_date']:%Y-%m-%d}"
        figures.append(figure(key, migration_heatmap(moves, heading), heading=heading))
    return figures


def migration_heatmap(moves, label: str) -> str:
    """One segmentation's moves as a square heat map: stayers on the diagonal."""
    labels = dict(zip(moves["from_key"], moves["from_label"], strict=True))
    labels.update(zip(moves["to_key"], moves["to_label"], strict=True))
    keys = sorted(labels)  # "~" (not in run) sorts last
    # "(not in run)" gets a row only if someone is new, a column only if someone left.
    rows = [key for key in keys if key != "~" or key in set(moves["from_key"])]
    columns = [key for key in keys if key != "~" or key in set(moves["to_key"])]
    counts = moves.groupby(["from_key", "to_key"])["customer_count"].sum()
    totals = moves.groupby("from_key")["customer_count"].sum()
    values, texts, titles = [], [], []
    for source in rows:
        row_values, row_texts, row_titles = [], [], []
        for target in columns:
            count = counts.get((source, target))
            share = None if count is None else float(count) / float(totals[source])
            row_values.append(share)
            row_texts.append("" if count is None else f"{int(count):,}")
            row_titles.append(
                ""
                if count is None
                else f"{labels[source]} → {labels[target]}: {int(count):,} ({share:.0%})"
            )
        values.append(row_values)
        texts.append(row_texts)
        titles.append(row_titles)
    return svg.heatmap(
        [labels[key] for key in rows],
        [key if key != "~" else "(none)" for key in columns],
        values,
        cell_labels=texts,
        cell_titles=titles,
        row_title="from",
        column_title="to",
        colour_title="share of the from-segment",
        label=f"segment migration: {label}",
    )


def gains_figures(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Gains curves: share of buyers reached against share of customers targeted."""
    gains = data.propensity_gains(connection)
    if gains.empty:
        raise data.MissingData("propensity_gains is empty (no backtest model)")
    series = []
    for method, rows in gains.groupby("method", sort=True):
        name = f"{method} (published)" if rows["is_published"].iloc[0] else str(method)
        xs = [float(v) for v in rows["cumulative_share_of_customers"]]
        ys = [float(v) for v in rows["cumulative_share_of_buyers"]]
        series.append((name, xs, ys))
    chart = svg.line_chart(
        series,
        x_title="share of held-out customers targeted (by score)",
        y_title="share of their buyers reached",
        reference=("random", [0.0, 1.0], [0.0, 1.0]),
        label="gains curves of the propensity model and its baselines",
    )
    return [figure("propensity-gains", chart)]


def calibration_figures(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Reliability diagram of the published method, held out and cross-fitted."""
    bins = data.propensity_calibration(connection)
    if bins.empty:
        raise data.MissingData("propensity_calibration is empty (no backtest model)")
    series = [
        (
            f"{rows['method'].iloc[0]}, {evaluation.replace('_', '-')}",
            [float(v) for v in rows["mean_predicted_probability"]],
            [float(v) for v in rows["observed_buy_rate"]],
        )
        for evaluation, rows in bins.groupby("evaluation", sort=False)
    ]
    chart = svg.line_chart(
        series,
        x_title="predicted probability (bin mean)",
        y_title="observed buy rate",
        reference=("perfect calibration", [0.0, 1.0], [0.0, 1.0]),
        label="reliability diagram of the published propensity method",
    )
    return [figure("propensity-calibration", chart)]


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def build_report(
    connection: duckdb.DuckDBPyConnection,
    *,
    title: str = "Customer segments",
    sample_size: int = DEFAULT_SAMPLE_SIZE,
    top_pairs: int = DEFAULT_TOP_PAIRS,
) -> str:
    """The whole report as one HTML string, from the tables of ``connection``.

    A panel whose table is missing (or empty) says so instead of failing.
    """
    builders: dict[str, Callable[[], list[str]]] = {
        "segment-sizes": lambda: sizes_figures(connection),
        "segment-kpis": lambda: kpi_figures(connection),
        "segment-profiles": lambda: profile_figures(connection),
        "rfm-segments": lambda: rfm_segment_figures(connection),
        "cohort-retention": lambda: cohort_figures(connection),
        "rfm-grid": lambda: rfm_figures(connection),
        "customer-map": lambda: map_figures(connection, sample_size),
        "product-pairs": lambda: pairs_figures(connection, top_pairs),
        "recommendations": lambda: recommendation_figures(connection, top_pairs),
        "segment-migration": lambda: migration_figures(connection),
        "data-quality": lambda: quality_figures(connection),
        "propensity-gains": lambda: gains_figures(connection),
        "propensity-calibration": lambda: calibration_figures(connection),
    }
    sections = []
    for key, title_text, explanation in SECTIONS:
        try:
            figures = builders[key]()
        except data.MissingData as missing:
            figures = [empty_figure(key, str(missing))]
        section = Section(key, title_text, explanation, figures, grid=key == "segment-profiles")
        sections.append(section.html())
    summary = data.run_summary(connection)
    summary["currency"] = data.currency_label(connection)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><header><h1>{escape(title)}</h1><p>{escape(_summary_line(summary))}</p>"
        f"</header><main>{''.join(sections)}</main>"
        f"<script>{SELF_CHECK}</script></body></html>\n"
    )


def _summary_line(summary: dict[str, object]) -> str:
    parts = []
    if "as_of_date" in summary:
        parts.append(f"as of {summary['as_of_date']}")
    if "customers_with_purchases" in summary:
        parts.append(f"{int(summary['customers_with_purchases']):,} customers with purchases")
    if "k" in summary:
        run = f"{summary['k']} segments"
        if summary.get("algorithm"):
            run += f" ({summary['algorithm']}"
            silhouette = summary.get("silhouette")
            if isinstance(silhouette, float) and not math.isnan(silhouette):
                run += f", silhouette {silhouette:.2f}"
            run += ")"
        parts.append(run)
    if "currency" in summary:
        parts.append(f"money in {summary['currency']}, revenue net of returns")
    return " · ".join(parts) or "segmentation warehouse report"


def _product_label(product_id: str, name: object) -> str:
    """The product's name (id in brackets), or the id alone when it has no name."""
    return str(product_id) if _missing(name) else f"{name} ({product_id})"


def _percent(value: object) -> str:
    return "" if _missing(value) else f"{float(value):.1%}"


def _money(value: object) -> str:
    return "" if _missing(value) else f"{float(value):,.2f}"


def _decimal(value: object, digits: int = 1) -> str:
    return "" if _missing(value) else f"{float(value):,.{digits}f}"


def _segment_label(row) -> str:
    return f"{row.segment_id} · {row.segment_name}"
