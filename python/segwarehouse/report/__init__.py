"""A self-contained HTML report of the segments, drawn as inline SVG.

``python -m segwarehouse.report --db publish/warehouse.duckdb --out report.html``
(also ``make report``). The page needs no network to open: no CDN script, no
web font, no image file; charts are SVG built by :mod:`segwarehouse.report.svg`.
"""

from segwarehouse.report.page import build_report
from segwarehouse.report.write import write_report

__all__ = ["build_report", "write_report"]
