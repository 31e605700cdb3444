"""The README's list of published tables is the list of tables the build publishes."""

from __future__ import annotations

import re

from segwarehouse.dbt_runner import PROJECT_ROOT

SECTION = "Where the results are"


def readme_published_tables() -> set[str]:
    """Table names in the first cell of the section's table rows."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(SECTION)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f'README.md has no section "## {SECTION}"'
    names = set()
    for line in match.group(1).splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([a-z0-9_]+)`", line.split("|")[1]))
    return names


def test_readme_lists_exactly_the_published_tables(demo_warehouse):
    published = {
        row[0]
        for row in demo_warehouse.query(
            "select table_name from duckdb_tables() where schema_name = 'main'"
        )
    }
    listed = readme_published_tables()
    assert sorted(published - listed) == [], "published but not in the README"
    assert sorted(listed - published) == [], "in the README but not published"
