"""The `unique_combination` generic test finds repeated multi-column keys.

It replaced `unique` on a concatenation such as `order_id || '|' || product_id`,
which flags two different keys whose parts contain the separator and skips any
row with a NULL part. Run through `dbt show` on inline rows: the test's query
must return exactly the repeated combinations, with their counts.
"""

from __future__ import annotations

import pytest

ROWS = """(
    select * from (values
        ('x|y', 'z'),
        ('x', 'y|z'),
        ('k', '1'),
        ('k', '1'),
        ('k', '2'),
        (null, 'n'),
        (null, 'n'),
        (null, 'n'),
        (null, 'm'),
        ('m', null)
    ) as keys_under_test (part_a, part_b)
) as keys_under_test"""


def _test_sql(column_names: str) -> str:
    """The generic test's query on ROWS, rendered by dbt."""
    return (
        "{% set rows %}" + ROWS + "{% endset %}"
        f"{{{{ test_unique_combination(model=rows, column_names={column_names}) }}}}"
    )


@pytest.fixture(scope="module")
def failures(show_rows) -> list[dict]:
    test_sql = _test_sql("['part_a', 'part_b']")
    return show_rows(
        f"select * from ({test_sql}) as failures order by part_a nulls first, part_b",
        name="unique_combination",
    )


def test_returns_each_repeated_combination_with_its_count(failures):
    assert failures == [
        {"part_a": None, "part_b": "n", "n_records": 3},
        {"part_a": "k", "part_b": "1", "n_records": 2},
    ]


def test_parts_containing_a_separator_are_different_keys(failures):
    """('x|y', 'z') and ('x', 'y|z') concatenate to the same 'x|y|z'."""
    assert not [row for row in failures if "|" in (row["part_a"] or "") + row["part_b"]]


@pytest.mark.parametrize(
    "column_names",
    [
        pytest.param("'part_a'", id="a_string"),
        pytest.param("['part_a']", id="one_column"),
    ],
)
def test_needs_a_list_of_two_or_more_columns(build_warehouse, column_names):
    result = build_warehouse(
        command=(
            "show",
            "--inline",
            _test_sql(column_names),
        ),
        expect_failure=True,
        name="unique_combination_bad",
    ).result
    assert "column_names must be a list of two or more columns" in result.output
