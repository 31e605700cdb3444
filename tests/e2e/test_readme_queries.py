"""Every SQL example of the README section "Querying the results" runs on the demo build."""

from __future__ import annotations

import re

import pytest

from segwarehouse.dbt_runner import PROJECT_ROOT

SECTION = "Querying the results"


def readme_sql_blocks() -> list[str]:
    """The fenced ```sql blocks between the section's heading and the next ``## `` heading."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(SECTION)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f'README.md has no section "## {SECTION}"'
    return re.findall(r"^```sql\n(.*?)^```", match.group(1), re.M | re.S)


BLOCKS = readme_sql_blocks()


def test_section_has_six_to_ten_examples():
    assert 6 <= len(BLOCKS) <= 10


@pytest.mark.parametrize(
    "sql", [pytest.param(sql, id=f"example-{n + 1}") for n, sql in enumerate(BLOCKS)]
)
def test_readme_query_returns_rows(demo_warehouse, sql):
    rows = demo_warehouse.query(sql)
    assert rows, f"no rows from:\n{sql}"
