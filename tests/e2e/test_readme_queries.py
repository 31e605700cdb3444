"""Every SQL example of the README's "Querying the results" and of docs/queries.md
runs on the demo build and returns rows."""

from __future__ import annotations

import re

import pytest

from segwarehouse.dbt_runner import PROJECT_ROOT

README_SECTION = "Querying the results"
COOKBOOK = PROJECT_ROOT / "docs" / "queries.md"


def sql_blocks(text: str) -> list[str]:
    """The fenced ```sql blocks of a Markdown text."""
    return re.findall(r"^```sql\n(.*?)^```", text, re.M | re.S)


def readme_sql_blocks() -> list[str]:
    """The ```sql blocks between the section's heading and the next ``## `` heading."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(README_SECTION)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f'README.md has no section "## {README_SECTION}"'
    return sql_blocks(match.group(1))


README_BLOCKS = readme_sql_blocks()
COOKBOOK_BLOCKS = sql_blocks(COOKBOOK.read_text(encoding="utf-8"))


def test_readme_keeps_two_or_three_examples():
    assert 2 <= len(README_BLOCKS) <= 3


def test_cookbook_has_at_least_six_examples():
    assert len(COOKBOOK_BLOCKS) >= 6


@pytest.mark.parametrize(
    "sql",
    [pytest.param(sql, id=f"readme-{n + 1}") for n, sql in enumerate(README_BLOCKS)]
    + [pytest.param(sql, id=f"queries-{n + 1}") for n, sql in enumerate(COOKBOOK_BLOCKS)],
)
def test_example_query_returns_rows(demo_warehouse, sql):
    rows = demo_warehouse.query(sql)
    assert rows, f"no rows from:\n{sql}"
