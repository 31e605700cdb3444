"""Engine-specific SQL lives in dispatch macros (docs/spark.md).

Models and macros must build on DuckDB and on Spark, so DuckDB-only functions
and syntax may appear only inside a ``duckdb__`` macro. The check reads the
SQL text that is left once Jinja comments, Jinja tags and expressions, SQL
comments, string literals and the bodies of ``duckdb__`` macros are removed
(Jinja lists such as ``['a', 'b']`` are not SQL).
"""

from __future__ import annotations

import re

import pytest

from segwarehouse.dbt_runner import PROJECT_ROOT

#: DuckDB-only spellings and why each is not portable (the portable form).
DUCKDB_ONLY = {
    r"\blen\s*\(": "len(): array_length()",
    r"\blist_\w+\s*\(": "list_*(): concat_arrays(), text_array() or a dispatch macro",
    r"\bdouble\s+precision\b": "double precision: double",
    r"\bvarchar\b(?!\s*\()": "varchar without a length (Spark needs one): string",
    r"::": ":: casts: cast(... as ...)",
    r"\[": "[...] arrays and indexes: text_array(), array_element()",
    r"\bread_(csv|csv_auto|parquet|text|json)\s*\(": "file readers: the raw macros",
    r"\bglob\s*\(": "glob(): raw_files_named()",
    r"\bstrftime\s*\(": "strftime(): a dispatch macro",
    r"\bstrptime\s*\(": "strptime(): a dispatch macro",
    r"\bregexp_full_match\s*\(": "regexp_full_match(): a dispatch macro",
    r"\bregexp_matches\s*\(": "regexp_matches(): a dispatch macro",
    r"\bstring_split\s*\(": "string_split(): a dispatch macro",
    r"\bunnest\s*\(": "unnest(): unnest_array()",
    r"\bjson_\w+\s*\(": "json functions: raw_values_json() or a dispatch macro",
    r"\bsha256\s*\(": "sha256(): pii_hash()",
    r"\barray_to_string\s*\(": "array_to_string(): a dispatch macro",
    r"\bstruct_pack\s*\(": "struct_pack(): a dispatch macro",
    r"\blambda\b": "lambda: a dispatch macro",
    r"\bepoch\w*\s*\(": "epoch(): dbt.datediff or a dispatch macro",
    r"\bdate_diff\s*\(": "date_diff(): dbt.datediff",
    r"\bgenerate_series\s*\(": "generate_series(): a dispatch macro",
}
DUCKDB_MACRO = re.compile(r"\{%-?\s*macro\s+duckdb__\w+.*?\{%-?\s*endmacro\s*-?%\}", re.DOTALL)
#: Macros whose default__ is standard SQL that DuckDB happens to share
#: (`array[...]`, `a[n]`); their other engines have their own macros.
STANDARD_DEFAULTS = {"macros/engine/array_element.sql", "macros/engine/text_array.sql"}
DEFAULT_MACRO = re.compile(r"\{%-?\s*macro\s+default__\w+.*?\{%-?\s*endmacro\s*-?%\}", re.DOTALL)
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
JINJA_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
SQL_COMMENT = re.compile(r"--[^\n]*")
STRING_LITERAL = re.compile(r"'(?:[^']|'')*'")


def portable_sql(text: str) -> str:
    """``text`` without Jinja comments, ``duckdb__`` macro bodies, Jinja code,
    SQL comments and string literals; line breaks kept for line numbers."""

    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    for pattern in (JINJA_COMMENT, DUCKDB_MACRO, JINJA_CODE, SQL_COMMENT, STRING_LITERAL):
        text = pattern.sub(blank, text)
    return text


def engine_specific(text: str) -> list[str]:
    """``line N: why`` for every DuckDB-only spelling left in ``text``."""
    sql = portable_sql(text)
    return [
        f"line {sql.count(chr(10), 0, match.start()) + 1}: {why}"
        for pattern, why in DUCKDB_ONLY.items()
        for match in re.finditer(pattern, sql, re.IGNORECASE)
    ]


SQL_FILES = sorted(
    path.relative_to(PROJECT_ROOT)
    for folder in ("models", "macros", "tests/dbt")
    for path in (PROJECT_ROOT / folder).rglob("*.sql")
)


@pytest.mark.parametrize("path", SQL_FILES, ids=str)
def test_no_duckdb_only_sql_outside_duckdb_macros(path):
    text = (PROJECT_ROOT / path).read_text()
    if str(path) in STANDARD_DEFAULTS:
        text = DEFAULT_MACRO.sub("", text)
    found = engine_specific(text)
    assert not found, f"{path}: DuckDB-only SQL outside a duckdb__ macro: {found}"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("select len(reasons) from t", id="len"),
        pytest.param("select list_concat(a, b) from t", id="list_concat"),
        pytest.param("select cast(x as double precision) from t", id="double-precision"),
        pytest.param("select x::int from t", id="cast-shorthand"),
        pytest.param("select cast(null as varchar) as x", id="varchar"),
        pytest.param("select ['a', 'b'] as codes", id="array-literal"),
        pytest.param("select * from read_csv('f.csv')", id="read_csv"),
        pytest.param("select unnest(reasons) from t", id="unnest"),
        pytest.param("{% macro spark__x() %}len(a){% endmacro %}", id="in-another-engine-macro"),
    ],
)
def test_duckdb_only_sql_is_found(text):
    assert engine_specific(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("{% macro duckdb__x() %}len(a){% endmacro %}", id="duckdb-macro"),
        pytest.param("{{ reason_codes([['a > 1', 'bad']]) }}", id="jinja-list"),
        pytest.param("select '[redacted]' as phone -- len(x)", id="literal-and-comment"),
        pytest.param("select cast(x as double) from t", id="double"),
    ],
)
def test_portable_sql_passes(text):
    assert not engine_specific(text)
