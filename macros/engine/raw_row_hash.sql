{#
    A hash of a raw row's text values `columns` (a list of column names),
    NULLs included, for finding exact copies of a row among rows loaded in
    earlier batches (base staging models, `copy_numbers_sql`). Equal rows
    always hash alike; different rows almost never do (a 64-bit hash: about
    one false copy per 10^19 / (new rows x loaded rows) comparisons, see
    docs/incremental.md). DuckDB: `hash()` over the columns. Default: md5
    of the values, each marked NULL or escaped and prefixed.
#}
{% macro raw_row_hash(columns) -%}
    {%- if columns is string or columns | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "raw_row_hash: pass a non-empty list of column names"
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('raw_row_hash', 'segments')(columns)) }}
{%- endmacro %}

{% macro default__raw_row_hash(columns) -%}
    {#- `|` in a value is doubled, so the separator `|.` cannot occur in one. -#}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- if not loop.first -%}{%- do parts.append("'|.'") -%}{%- endif -%}
        {%- do parts.append(
            "coalesce('v' || replace(" ~ column ~ ", '|', '||'), 'n')"
        ) -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}

{% macro duckdb__raw_row_hash(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}
