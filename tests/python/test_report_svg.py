"""The SVG builders of the report: well-formed, one mark per value, geometry follows data."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from segwarehouse.report import svg


def parse(chart: str) -> ET.Element:
    """The chart as an XML tree (fails the test when it is not well-formed)."""
    return ET.fromstring(chart)


def marks(root: ET.Element) -> list[ET.Element]:
    return [element for element in root.iter() if element.get("class") == "mark"]


def titles(root: ET.Element) -> list[str]:
    return [mark.find("title").text for mark in marks(root)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(0.7, 1.0, id="below-one"),
        pytest.param(1.0, 1.0, id="exact"),
        pytest.param(1.3, 2.0, id="two"),
        pytest.param(2.1, 2.5, id="two-and-a-half"),
        pytest.param(17.2, 20.0, id="tens"),
        pytest.param(2499.0, 2500.0, id="thousands"),
        pytest.param(0.0, 1.0, id="zero"),
    ],
)
def test_nice_max_is_the_next_round_axis_end(value, expected):
    assert svg.nice_max(value) == pytest.approx(expected)


def test_bar_lengths_are_proportional_to_values():
    root = parse(svg.bar_chart(["a", "b", "c"], [1.0, 2.0, 4.0]))
    widths = [float(mark.get("width")) for mark in marks(root)]
    assert len(widths) == 3
    assert widths[1] / widths[0] == pytest.approx(2.0, rel=0.02)
    assert widths[2] / widths[0] == pytest.approx(4.0, rel=0.02)
    assert all(mark.tag == "rect" for mark in marks(root))


def test_bar_chart_labels_are_escaped_and_the_chart_stays_well_formed():
    chart = svg.bar_chart(['<b>"A" & B</b>'], [1.0], value_labels=["1 < 2"])
    root = parse(chart)
    assert "<b>" not in chart
    texts = [element.text for element in root.iter("text")]
    assert '<b>"A" & B</b>' in texts
    assert "1 < 2" in texts


def test_bar_chart_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="lengths differ"):
        svg.bar_chart(["a", "b"], [1.0])


def test_grouped_bar_chart_has_one_mark_per_label_and_series():
    root = parse(
        svg.grouped_bar_chart(
            ["S1", "S2"],
            [("customers", [0.25, 0.75], "#111111"), ("revenue", [0.6, 0.4], "#222222")],
        )
    )
    found = titles(root)
    assert found == [
        "S1, customers: 25.0%",
        "S1, revenue: 60.0%",
        "S2, customers: 75.0%",
        "S2, revenue: 40.0%",
    ]
    fills = [mark.get("fill") for mark in marks(root)]
    assert fills == ["#111111", "#222222", "#111111", "#222222"]
    widths = [float(mark.get("width")) for mark in marks(root)]
    assert widths[2] / widths[0] == pytest.approx(3.0, rel=0.02)


def zero_line_x(root: ET.Element) -> float:
    (line,) = list(root.iter("line"))
    return float(line.get("x1"))


def test_diverging_bars_grow_left_for_negative_and_right_for_positive():
    root = parse(svg.diverging_bar_chart(["low", "high"], [-1.0, 0.5], limit=2.0))
    zero = zero_line_x(root)
    negative, positive = marks(root)
    assert float(negative.get("x")) + float(negative.get("width")) == pytest.approx(zero, abs=0.2)
    assert float(positive.get("x")) == pytest.approx(zero, abs=0.1)
    assert float(negative.get("width")) == pytest.approx(2 * float(positive.get("width")), rel=0.02)
    assert negative.get("fill") == svg.NEGATIVE
    assert positive.get("fill") == svg.POSITIVE


def test_diverging_bars_share_a_scale_when_the_limit_is_given():
    small = parse(svg.diverging_bar_chart(["x"], [1.0], limit=4.0))
    large = parse(svg.diverging_bar_chart(["x"], [4.0], limit=4.0))
    ratio = float(marks(large)[0].get("width")) / float(marks(small)[0].get("width"))
    assert ratio == pytest.approx(4.0, rel=0.02)


def test_diverging_chart_shows_missing_values_without_a_mark():
    root = parse(svg.diverging_bar_chart(["a", "b"], [float("nan"), 1.0]))
    assert len(marks(root)) == 1
    assert "n/a" in [element.text for element in root.iter("text")]


def luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue


def test_sequential_colours_darken_with_the_value():
    colours = [svg.sequential_colour(fraction / 10) for fraction in range(11)]
    assert colours[0] == svg.SEQUENTIAL[0]
    assert colours[-1] == svg.SEQUENTIAL[-1]
    shades = [luminance(colour) for colour in colours]
    assert shades == sorted(shades, reverse=True)


def test_heatmap_draws_a_mark_per_known_cell_coloured_by_value():
    root = parse(
        svg.heatmap(
            ["row 1", "row 2"],
            ["c1", "c2", "c3"],
            [[1.0, None, 3.0], [2.0, 5.0, float("nan")]],
            cell_labels=[["1", "", "3"], ["2", "5", ""]],
        )
    )
    cells = marks(root)
    assert len(cells) == 4
    by_title = {mark.find("title").text: mark.get("fill") for mark in cells}
    assert by_title["row 2 / c2: 5"] == svg.SEQUENTIAL[-1]
    assert by_title["row 1 / c1: 1"] == svg.SEQUENTIAL[0]
    assert luminance(by_title["row 1 / c3: 3"]) < luminance(by_title["row 2 / c1: 2"])


def test_heatmap_rejects_a_ragged_grid():
    with pytest.raises(ValueError, match="one row per row label"):
        svg.heatmap(["a"], ["x", "y"], [[1.0]])


def test_scatter_plot_has_one_point_per_customer_coloured_by_group():
    root = parse(
        svg.scatter_plot(
            [0.0, 1.0, 2.0],
            [0.0, 1.0, 0.5],
            [0, 1, 1],
            ["first", "second"],
            centres=[(1.5, 0.75, 1)],
        )
    )
    points = marks(root)
    assert [point.tag for point in points] == ["circle"] * 3
    assert [point.get("fill") for point in points] == [
        svg.PALETTE[0],
        svg.PALETTE[1],
        svg.PALETTE[1],
    ]
    xs = [float(point.get("cx")) for point in points]
    ys = [float(point.get("cy")) for point in points]
    assert xs == sorted(xs)
    assert ys[1] < ys[2] < ys[0], "larger y values are drawn higher up"
    centre_circles = [c for c in root.iter("circle") if c.get("class") != "mark"]
    assert len(centre_circles) == 1
    legend = [element.text for element in root.iter("text")]
    assert {"first", "second"} <= set(legend)


def test_line_chart_has_a_mark_per_point_and_an_unmarked_reference():
    chart = svg.line_chart(
        [("a", [0.1, 0.5, 1.0], [0.3, 0.8, 1.0]), ("b <c>", [0.5], [0.5])],
        reference=("chance", [0.0, 1.0], [0.0, 1.0]),
        label="gains",
    )
    assert chart.count('class="mark"') == 4
    assert chart.count("<polyline") == 3
    assert "b &lt;c&gt;: 0.500, 0.500" in chart
    with pytest.raises(ValueError, match="lengths differ"):
        svg.line_chart([("a", [0.1, 0.2], [0.3])])


def test_message_chart_wraps_long_messages():
    root = parse(svg.message_chart("word " * 60))
    lines = [element.text for element in root.iter("text")]
    assert len(lines) >= 3
    assert all(len(line) <= 84 for line in lines)
    assert not marks(root)


def test_charts_need_no_network():
    chart = svg.bar_chart(["a"], [1.0]) + svg.scatter_plot([0, 1, 2], [1, 2, 3], [0, 0, 0], ["g"])
    assert not re.search(r"https?://", chart)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(10538.4, "10,538", id="thousands"),
        pytest.param(436.2, "436", id="hundreds"),
        pytest.param(0.0506, "0.0506", id="small"),
        pytest.param(None, "n/a", id="none"),
        pytest.param(float("nan"), "n/a", id="nan"),
    ],
)
def test_short_number(value, expected):
    assert svg.short_number(value) == expected


def test_long_heatmap_column_labels_are_slanted_not_cut():
    names = ["Potential Loyalist", "Can't Lose Them", "About To Sleep"]
    chart = svg.heatmap(["row"], names, [[1.0, 2.0, 3.0]])
    for name in names:
        assert f">{svg.text(name)}</text>" in chart
    assert "\u2026" not in chart
    assert chart.count("rotate(-35") == len(names)


def test_short_heatmap_column_labels_stay_level():
    chart = svg.heatmap(["row"], ["R 1", "R 2"], [[1.0, 2.0]])
    assert "rotate(" not in chart
