"""The project's generic key tests return exactly the repeated keys.

`unique_combination` groups on the key's columns themselves, so, unlike
`unique` on a concatenation such as `order_id || '|' || product_id`, two
different keys whose parts contain the separator never compare equal and a
row with a NULL part is still checked. `unique_integer` checks row-number
keys: a bitmap over the column's range proves the values distinct in one
pass, and only a shortfall runs the group-by.
Each test's query runs through `dbt show` on inline rows and must return the
repeated keys with their counts, as dbt's `unique` would.
"""

from __future__ import annotations

import pytest

PAIRS = """(
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


def _rendered(test_macro: str, rows: str, arguments: str) -> str:
    """A generic test's query on ``rows``, rendered by dbt."""
    return (
        "{% set rows %}" + rows + f"{{% endset %}}{{{{ {test_macro}(model=rows, {arguments}) }}}}"
    )


def _failing_show(build_warehouse, sql: str, name: str) -> str:
    """dbt's output for ``dbt show --inline sql``, which must fail."""
    command = ("show", "--inline", sql)
    return build_warehouse(command=command, expect_failure=True, name=name).result.output


@pytest.fixture(scope="module")
def pair_failures(show_rows) -> list[dict]:
    test_sql = _rendered("test_unique_combination", PAIRS, "column_names=['part_a', 'part_b']")
    return show_rows(
        f"select * from ({test_sql}) as failures order by part_a nulls first, part_b",
        name="unique_combination",
    )


def test_combination_returns_each_repeated_key_with_its_count(pair_failures):
    assert pair_failures == [
        {"part_a": None, "part_b": "n", "n_records": 3},
        {"part_a": "k", "part_b": "1", "n_records": 2},
    ]


def test_combination_parts_containing_a_separator_are_different_keys(pair_failures):
    """('x|y', 'z') and ('x', 'y|z') concatenate to the same 'x|y|z'."""
    assert not [row for row in pair_failures if "|" in (row["part_a"] or "") + row["part_b"]]


@pytest.mark.parametrize(
    "column_names",
    [
        pytest.param("'part_a'", id="a_string"),
        pytest.param("['part_a']", id="one_column"),
    ],
)
def test_combination_needs_a_list_of_two_or_more_columns(build_warehouse, column_names):
    output = _failing_show(
        build_warehouse,
        _rendered("test_unique_combination", PAIRS, f"column_names={column_names}"),
        name="unique_combination_bad",
    )
    assert "column_names must be a list of two or more columns" in output


INTEGER_CASES = {
    # name: (values, column type, repeated values and counts)
    "repeated": ([1, 2, None, None, 5, 5, 7, 7, 7, -3], "bigint", [(5, 2), (7, 3)]),
    "all_distinct": ([3, 1, 2, None, -1], "bigint", []),
    "no_rows": ([], "bigint", []),
    "hugeint_values": ([2**70, 2**70, 2**70 + 1], "hugeint", [(2**70, 2)]),
    "integer_values": ([1, 2, 2], "integer", [(2, 2)]),
}


def _tables_sql() -> str:
    """One table per case (tables carry the statistics the test reads), and a
    view over one of them."""
    statements = []
    for name, (values, column_type, _) in INTEGER_CASES.items():
        statements.append(f"create table {name} (row_number {column_type})")
        if values:
            rows = ", ".join(f"({'null' if v is None else v})" for v in values)
            statements.append(f"insert into {name} values {rows}")
    statements.append("create view repeated_view as select * from repeated where row_number > 1")
    return ";\n".join(statements)


@pytest.fixture(scope="module")
def integer_failures(show_rows) -> dict[str, list[tuple]]:
    # One dbt invocation for every case: a union of the rendered tests.
    names = [*INTEGER_CASES, "repeated_view"]
    parts = [
        f"select '{name}' as case_name, unique_field, n_records from ("
        + _rendered("test_unique_integer", name, "column_name='row_number'")
        + ") as failures"
        for name in names
    ]
    rows = show_rows(
        "select case_name, cast(unique_field as varchar) as unique_field, n_records from ("
        + " union all ".join(parts)
        + ") as all_failures order by case_name, unique_field",
        name="unique_integer",
        setup_sql=_tables_sql(),
    )
    found = {name: [] for name in names}
    for row in rows:
        found[row["case_name"]].append((int(row["unique_field"]), row["n_records"]))
    return found


@pytest.mark.parametrize("case", [pytest.param(name, id=name) for name in INTEGER_CASES])
def test_integer_returns_exactly_the_repeated_values(integer_failures, case):
    assert sorted(integer_failures[case]) == sorted(INTEGER_CASES[case][2])


def test_integer_reads_a_view_over_a_table(integer_failures):
    assert sorted(integer_failures["repeated_view"]) == [(5, 2), (7, 3)]


@pytest.mark.parametrize(
    ("rows", "column"),
    [
        pytest.param(
            "(select * from (values ('a'), ('a')) as words (word)) as words", "word", id="text"
        ),
        pytest.param(
            "(select * from (values (1), (1)) as numbers (n)) as numbers",
            "n",
            id="no_statistics",
        ),
    ],
)
def test_integer_stops_with_an_error_where_it_cannot_check(build_warehouse, rows, column):
    output = _failing_show(
        build_warehouse,
        _rendered("test_unique_integer", rows, f"column_name='{column}'"),
        name="unique_integer_error",
    )
    assert "bitstring_agg" in output.lower()
