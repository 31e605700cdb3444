"""Small builders of inline SVG charts (no plotting library, no JavaScript).

Every builder returns one ``<svg>`` element as a string. The element that
carries a data value (a bar, a cell, a point) has the class ``mark`` and a
``<title>`` child, so a browser shows the exact value on hover and a test can
count the marks that were drawn. Coordinates are in a ``viewBox``; the chart
scales to the width of its container. The elements are meant to be inlined in
an HTML page, whose parser puts them in the SVG namespace (no ``xmlns`` needed,
so the page holds no URL at all).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from html import escape

# Tableau 10: distinguishable, colour-blind tolerant qualitative colours.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
# Sequential ramp (light to dark blue-green) for heat maps.
SEQUENTIAL = ("#f7fcf0", "#ccebc5", "#7bccc4", "#2b8cbe", "#084081")
POSITIVE = "#2b8cbe"
NEGATIVE = "#e15759"
FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\""
CHART_WIDTH = 720
PLOT_WIDTH = 380


def label_space(labels: Sequence[object], font_size: float = 12) -> float:
    """Room for right-aligned labels: about 0.6 em per character, 60..720 units
    (720: two product names with their ids, as the pairs panel writes them)."""
    longest = max((len(str(label)) for label in labels), default=0)
    return min(max(longest * font_size * 0.6 + 14, 60.0), 720.0)


def text(value: object) -> str:
    """``value`` escaped for SVG/HTML text and attributes."""
    return escape(str(value), quote=True)


def num(value: float) -> str:
    """A coordinate rounded to 0.1 (keeps the file small), without ``-0``."""
    rounded = round(float(value), 1)
    return f"{rounded + 0.0:g}"


def short_number(value: object) -> str:
    """A number for a label: thousands separated without decimals from 1,000 on, else
    three significant digits; ``n/a`` for a missing value."""
    if value is None:
        return "n/a"
    number = float(value)
    if math.isnan(number):
        return "n/a"
    if abs(number) >= 1000:
        return f"{number:,.0f}"
    return f"{number:.3g}"


def colour_for(index: int) -> str:
    """The qualitative colour of the ``index``-th group (cycles after 10)."""
    return PALETTE[index % len(PALETTE)]


def sequential_colour(fraction: float) -> str:
    """The colour at ``fraction`` (0..1) of the sequential ramp."""
    if fraction is None or math.isnan(fraction):
        return "#eeeeee"
    fraction = min(max(fraction, 0.0), 1.0) * (len(SEQUENTIAL) - 1)
    low = min(int(fraction), len(SEQUENTIAL) - 2)
    weight = fraction - low
    start, end = _rgb(SEQUENTIAL[low]), _rgb(SEQUENTIAL[low + 1])
    mixed = (round(a + (b - a) * weight) for a, b in zip(start, end, strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def is_dark(colour: str) -> bool:
    """Whether white text reads better than black on ``colour``."""
    red, green, blue = _rgb(colour)
    return 0.299 * red + 0.587 * green + 0.114 * blue < 140


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def svg_document(width: float, height: float, body: list[str], label: str) -> str:
    """Wrap ``body`` elements in an ``<svg>`` with a viewBox and an accessible label."""
    return (
        f'<svg viewBox="0 0 {num(width)} {num(height)}" '
        f'width="100%" role="img" aria-label="{text(label)}" {FONT} font-size="12">'
        + "".join(body)
        + "</svg>"
    )


def svg_text(x: float, y: float, content: object, **attributes: object) -> str:
    """A ``<text>`` element; keyword ``text_anchor`` becomes ``text-anchor``."""
    extra = "".join(
        f' {key.replace("_", "-")}="{text(value)}"' for key, value in attributes.items()
    )
    return f'<text x="{num(x)}" y="{num(y)}"{extra}>{text(content)}</text>'


def mark_rect(x: float, y: float, width: float, height: float, fill: str, title: str) -> str:
    """A data-carrying rectangle with its exact value as tooltip."""
    return (
        f'<rect class="mark" x="{num(x)}" y="{num(y)}" width="{num(max(width, 0.5))}" '
        f'height="{num(height)}" fill="{fill}"><title>{text(title)}</title></rect>'
    )


def nice_max(value: float) -> float:
    """The smallest 1-2-2.5-5 times 10^k at or above ``value`` (axis end)."""
    if value <= 0 or math.isnan(value):
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value * (1 - 1e-9):
            return step * magnitude
    return 10 * magnitude


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    value_labels: Sequence[str] | None = None,
    colours: Sequence[str] | None = None,
    label: str = "bar chart",
    axis_title: str = "",
) -> str:
    """Horizontal bars, one per label, starting at zero.

    Parameters
    ----------
    labels, values : sequences of equal length
        Category names and non-negative values.
    value_labels : sequence of str, optional
        Text written after each bar (default: the value).
    colours : sequence of str, optional
        One fill per bar (default: the first palette colour).
    """
    _check_lengths(labels, values)
    value_labels = value_labels or [short_number(value) for value in values]
    colours = colours or [PALETTE[0]] * len(values)
    row, top = 24, 10
    left = label_space(labels)
    plot = PLOT_WIDTH
    scale = plot / nice_max(max([float(v) for v in values], default=0.0))
    body = []
    for index, (name, value) in enumerate(zip(labels, values, strict=True)):
        y = top + index * row
        length = max(float(value), 0.0) * scale
        body.append(svg_text(left - 8, y + 15, name, text_anchor="end"))
        body.append(
            mark_rect(
                left,
                y + 3,
                length,
                row - 6,
                colours[index],
                f"{name}: {value_labels[index]}",
            )
        )
        body.append(svg_text(left + length + 6, y + 15, value_labels[index], fill="#333"))
    height = top + len(labels) * row + 26
    body.append(_axis_line(left, top, top + len(labels) * row))
    if axis_title:
        body.append(svg_text(left, height - 6, axis_title, fill="#555"))
    return svg_document(left + plot + 200, height, body, label)


def grouped_bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float], str]],
    *,
    value_format: str = "{:.1%}",
    label: str = "grouped bar chart",
) -> str:
    """Horizontal bars grouped by label: one bar per series ``(name, values, colour)``.

    All series share one axis from zero (e.g. customer share and revenue share).
    """
    for _, values, _ in series:
        _check_lengths(labels, values)
    bar, gap, top = 14, 10, 34
    group = bar * len(series) + gap
    left = label_space(labels)
    plot = PLOT_WIDTH
    largest = max((float(v) for _, values, _ in series for v in values), default=0.0)
    scale = plot / nice_max(largest)
    body = _legend([(name, colour) for name, _, colour in series], x=left, y=12)
    for index, name in enumerate(labels):
        y = top + index * group
        body.append(svg_text(left - 8, y + group / 2 + 1, name, text_anchor="end"))
        for position, (series_name, values, colour) in enumerate(series):
            value = float(values[index])
            shown = value_format.format(value)
            bar_y = y + position * bar
            length = max(value, 0.0) * scale
            body.append(
                mark_rect(left, bar_y, length, bar - 2, colour, f"{name}, {series_name}: {shown}")
            )
            body.append(svg_text(left + length + 5, bar_y + 10, shown, fill="#333", font_size=10))
    bottom = top + len(labels) * group
    body.append(_axis_line(left, top, bottom - gap))
    return svg_document(left + plot + 70, bottom + 8, body, label)


def diverging_bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    value_labels: Sequence[str] | None = None,
    limit: float | None = None,
    label: str = "diverging bar chart",
    axis_title: str = "",
) -> str:
    """Horizontal bars left (negative) or right (positive) of a zero line.

    ``limit`` fixes the axis to ``-limit..limit`` so that several charts share
    one scale (default: the largest absolute value).
    """
    _check_lengths(labels, values)
    value_labels = value_labels or [f"{value:+.2f}" for value in values]
    finite = [abs(float(v)) for v in values if not math.isnan(float(v))]
    limit = limit or nice_max(max(finite, default=0.0))
    row, top = 22, 8
    label_width = label_space(labels, 11)
    # Room beside the longest bar for its value label (10-unit text, ~0.6 em).
    side = max(35.0, max((len(v) for v in value_labels), default=0) * 6.0 + 8)
    half = 120.0
    width = label_width + 2 * (side + half)
    zero = label_width + side + half
    body = []
    for index, (name, value) in enumerate(zip(labels, values, strict=True)):
        y = top + index * row
        value = float(value)
        body.append(svg_text(label_width - 6, y + 14, name, text_anchor="end", font_size=11))
        if math.isnan(value):
            body.append(svg_text(zero + 4, y + 14, "n/a", fill="#888", font_size=10))
            continue
        length = min(abs(value), limit) / limit * half
        x = zero if value >= 0 else zero - length
        colour = POSITIVE if value >= 0 else NEGATIVE
        body.append(
            mark_rect(
                x, y + 3, length, row - 6, colour, f"{name}: {value:+.2f} ({value_labels[index]})"
            )
        )
        anchor, text_x = ("start", zero + length + 4) if value >= 0 else ("end", x - 4)
        body.append(
            svg_text(
                text_x, y + 14, value_labels[index], text_anchor=anchor, fill="#333", font_size=10
            )
        )
    bottom = top + len(labels) * row
    body.append(_axis_line(zero, top - 4, bottom + 2))
    body.append(svg_text(zero, bottom + 14, "0", text_anchor="middle", fill="#555", font_size=10))
    body.append(
        svg_text(
            zero - half, bottom + 14, f"{-limit:g}", text_anchor="middle", fill="#555", font_size=10
        )
    )
    body.append(
        svg_text(
            zero + half, bottom + 14, f"{limit:+g}", text_anchor="middle", fill="#555", font_size=10
        )
    )
    if axis_title:
        body.append(
            svg_text(zero, bottom + 28, axis_title, text_anchor="middle", fill="#555", font_size=10)
        )
    return svg_document(width, bottom + (34 if axis_title else 20), body, label)


def heatmap(
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    cell_labels: Sequence[Sequence[str]] | None = None,
    cell_titles: Sequence[Sequence[str]] | None = None,
    row_title: str = "",
    column_title: str = "",
    colour_title: str = "",
    label: str = "heat map",
) -> str:
    """A grid of cells coloured by value (sequential ramp, min..max of the finite values).

    ``None``/NaN values are empty cells without a mark. ``cell_labels`` is the
    text written in each cell, ``cell_titles`` its tooltip.
    """
    if len(values) != len(row_labels) or any(len(row) != len(column_labels) for row in values):
        raise ValueError("values must have one row per row label and one column per column label")
    finite = [float(v) for row in values for v in row if _is_number(v)]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    left = max(label_space(row_labels, 11), 60.0) + 24
    cell_width = min(110.0, max(560.0 / max(len(column_labels), 1), 44.0))
    cell_height = 44.0
    # Column labels wider than a cell are written at a slant, never cut.
    longest = max((len(str(name)) for name in column_labels), default=0) * 11 * 0.62
    slanted = longest > cell_width - 4
    top = 40 + (longest * 0.58 if slanted else 0)
    body = []
    if column_title:
        body.append(
            svg_text(
                left + cell_width * len(column_labels) / 2,
                14,
                column_title,
                text_anchor="middle",
                fill="#555",
            )
        )
    for column, name in enumerate(column_labels):
        x = left + (column + 0.5) * cell_width
        slant = {"transform": f"rotate(-35 {num(x)} {num(top - 8)})"} if slanted else {}
        body.append(
            svg_text(
                x,
                top - 8,
                name,
                text_anchor="start" if slanted else "middle",
                font_size=11,
                **slant,
            )
        )
    for row, row_name in enumerate(row_labels):
        y = top + row * cell_height
        body.append(
            svg_text(left - 8, y + cell_height / 2 + 4, row_name, text_anchor="end", font_size=11)
        )
        for column, value in enumerate(values[row]):
            x = left + column * cell_width
            if not _is_number(value):
                body.append(
                    f'<rect x="{num(x)}" y="{num(y)}" width="{num(cell_width - 2)}" '
                    f'height="{num(cell_height - 2)}" fill="#f4f4f4"/>'
                )
                continue
            fraction = 0.5 if high == low else (float(value) - low) / (high - low)
            fill = sequential_colour(fraction)
            title = (
                cell_titles[row][column]
                if cell_titles
                else f"{row_name} / {column_labels[column]}: {short_number(value)}"
            )
            body.append(mark_rect(x, y, cell_width - 2, cell_height - 2, fill, title))
            if cell_labels:
                body.append(
                    svg_text(
                        x + cell_width / 2 - 1,
                        y + cell_height / 2 + 4,
                        cell_labels[row][column],
                        text_anchor="middle",
                        font_size=10,
                        fill="#fff" if is_dark(fill) else "#222",
                    )
                )
    bottom = top + len(row_labels) * cell_height
    if row_title:
        body.append(
            svg_text(
                14,
                top + (bottom - top) / 2,
                row_title,
                text_anchor="middle",
                fill="#555",
                transform=f"rotate(-90 14 {num(top + (bottom - top) / 2)})",
            )
        )
    body.extend(_colour_bar(left, bottom + 14, low, high, colour_title))
    width = max(left + cell_width * len(column_labels) + 10, left + 420)
    if slanted:
        width = max(width, left + cell_width * (len(column_labels) - 0.5) + longest * 0.82 + 6)
    return svg_document(width, bottom + 52, body, label)


def scatter_plot(
    xs: Sequence[float],
    ys: Sequence[float],
    groups: Sequence[int],
    group_names: Sequence[str],
    *,
    centres: Sequence[tuple[float, float, int]] = (),
    x_title: str = "",
    y_title: str = "",
    point_titles: Sequence[str] | None = None,
    label: str = "scatter plot",
) -> str:
    """Points coloured by group (index into ``group_names``), with a legend.

    ``centres`` are ``(x, y, group)`` drawn as larger outlined markers (not marks).
    """
    _check_lengths(xs, ys)
    _check_lengths(xs, groups)
    size, margin = 520.0, 40.0
    all_x = [float(v) for v in xs] + [float(c[0]) for c in centres]
    all_y = [float(v) for v in ys] + [float(c[1]) for c in centres]
    x_scale = _linear(min(all_x, default=0), max(all_x, default=1), margin + 8, size - 18)
    y_scale = _linear(min(all_y, default=0), max(all_y, default=1), size - margin - 8, 18)
    body = [
        f'<rect x="{num(margin)}" y="10" width="{num(size - margin - 10)}" '
        f'height="{num(size - margin - 10)}" fill="#fafafa" stroke="#ddd"/>'
    ]
    for index, (x, y, group) in enumerate(zip(xs, ys, groups, strict=True)):
        title = point_titles[index] if point_titles else group_names[group]
        body.append(
            f'<circle class="mark" cx="{num(x_scale(x))}" cy="{num(y_scale(y))}" r="2.6" '
            f'fill="{colour_for(group)}" fill-opacity="0.75"><title>{text(title)}</title></circle>'
        )
    for x, y, group in centres:
        body.append(
            f'<circle cx="{num(x_scale(x))}" cy="{num(y_scale(y))}" r="8" '
            f'fill="{colour_for(group)}" stroke="#111" stroke-width="2">'
            f"<title>centre of {text(group_names[group])}</title></circle>"
        )
    body += _axis_titles(size, (margin + size) / 2, size - 12, x_title, y_title)
    legend = _legend(
        [(name, colour_for(i)) for i, name in enumerate(group_names)],
        x=size + 16,
        y=20,
        vertical=True,
    )
    legend_width = 30 + max((len(str(name)) for name in group_names), default=0) * 6.8
    return svg_document(size + 16 + legend_width, size, body + legend, label)


def line_chart(
    series: Sequence[tuple[str, Sequence[float], Sequence[float]]],
    *,
    x_title: str = "",
    y_title: str = "",
    reference: tuple[str, Sequence[float], Sequence[float]] | None = None,
    label: str = "line chart",
) -> str:
    """Lines through points on axes from 0 to 1, one colour per series, with a legend.

    ``series`` are ``(name, xs, ys)``; every point is a mark with its values as
    tooltip. ``reference`` is a dashed grey line without marks (e.g. the
    diagonal of chance or of perfect calibration), named in the legend.
    """
    size, margin = 450.0, 54.0
    x_scale = _linear(0.0, 1.0, margin, size - 12)
    y_scale = _linear(0.0, 1.0, size - margin, 12)
    body = [
        f'<rect x="{num(margin)}" y="12" width="{num(size - margin - 12)}" '
        f'height="{num(size - margin - 12)}" fill="#fafafa" stroke="#ddd"/>'
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        body.append(svg_text(x_scale(tick), size - margin + 16, f"{tick:g}", text_anchor="middle"))
        body.append(svg_text(margin - 6, y_scale(tick) + 4, f"{tick:g}", text_anchor="end"))
    entries = []
    if reference is not None:
        name, xs, ys = reference
        _check_lengths(xs, ys)
        points = " ".join(
            f"{num(x_scale(x))},{num(y_scale(y))}" for x, y in zip(xs, ys, strict=True)
        )
        body.append(
            f'<polyline points="{points}" fill="none" stroke="#999" stroke-dasharray="5 4"/>'
        )
        entries.append((name, "#999"))
    for index, (name, xs, ys) in enumerate(series):
        _check_lengths(xs, ys)
        colour = colour_for(index)
        points = " ".join(
            f"{num(x_scale(x))},{num(y_scale(y))}" for x, y in zip(xs, ys, strict=True)
        )
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        body += [
            f'<circle class="mark" cx="{num(x_scale(x))}" cy="{num(y_scale(y))}" r="3.2" '
            f'fill="{colour}"><title>{text(name)}: {x:.3f}, {y:.3f}</title></circle>'
            for x, y in zip(xs, ys, strict=True)
        ]
        entries.append((name, colour))
    body += _axis_titles(size, (margin + size) / 2, size - 8, x_title, y_title)
    legend = _legend(entries, x=size + 16, y=20, vertical=True)
    legend_width = 30 + max((len(name) for name, _ in entries), default=0) * 6.8
    return svg_document(size + 16 + legend_width, size, body + legend, label)


def message_chart(message: str, *, label: str = "no data") -> str:
    """A framed panel holding a message (wrapped to lines), for a chart without data."""
    lines = textwrap.wrap(message, width=84) or [""]
    height = 36 + 20 * len(lines)
    body = [
        f'<rect x="1" y="1" width="{CHART_WIDTH - 2}" height="{height - 2}" rx="6" '
        'fill="#fafafa" stroke="#ccc" stroke-dasharray="4 3"/>'
    ]
    body += [
        svg_text(
            CHART_WIDTH / 2, 30 + 20 * index, line, text_anchor="middle", fill="#555", font_size=14
        )
        for index, line in enumerate(lines)
    ]
    return svg_document(CHART_WIDTH, height, body, label)


def _legend(
    entries: Sequence[tuple[str, str]], *, x: float, y: float, vertical: bool = False
) -> list[str]:
    body, offset = [], 0.0
    for index, (name, colour) in enumerate(entries):
        left, top = (x, y + index * 20) if vertical else (x + offset, y)
        body.append(
            f'<rect x="{num(left)}" y="{num(top - 9)}" width="11" height="11" fill="{colour}"/>'
        )
        body.append(svg_text(left + 16, top + 1, name, font_size=11))
        offset += 30 + 6.5 * len(name)
    return body


def _axis_titles(size: float, x: float, y: float, x_title: str, y_title: str) -> list[str]:
    """The x title centred at (``x``, ``y``) and the y title turned up the left edge."""
    return [
        svg_text(x, y, x_title, text_anchor="middle", fill="#555"),
        svg_text(
            14,
            size / 2,
            y_title,
            text_anchor="middle",
            fill="#555",
            transform=f"rotate(-90 14 {num(size / 2)})",
        ),
    ]


def _colour_bar(x: float, y: float, low: float, high: float, title: str) -> list[str]:
    steps, width = 20, 200.0
    body = [
        f'<rect x="{num(x + i * width / steps)}" y="{num(y)}" width="{num(width / steps + 0.5)}" '
        f'height="10" fill="{sequential_colour(i / (steps - 1))}"/>'
        for i in range(steps)
    ]
    body.append(svg_text(x, y + 24, short_number(low), font_size=10, fill="#555"))
    body.append(
        svg_text(
            x + width, y + 24, short_number(high), text_anchor="end", font_size=10, fill="#555"
        )
    )
    if title:
        body.append(svg_text(x + width + 12, y + 9, title, font_size=11, fill="#555"))
    return body


def _axis_line(x: float, top: float, bottom: float) -> str:
    return (
        f'<line x1="{num(x)}" y1="{num(top)}" x2="{num(x)}" y2="{num(bottom)}" '
        'stroke="#888" stroke-width="1"/>'
    )


def _linear(low: float, high: float, start: float, end: float):
    span = (high - low) or 1.0
    return lambda value: start + (float(value) - low) / span * (end - start)


def _is_number(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _check_lengths(first: Sequence, second: Sequence) -> None:
    if len(first) != len(second):
        raise ValueError(f"lengths differ: {len(first)} labels but {len(second)} values")
