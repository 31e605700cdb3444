{#
    `column` (text) as a timestamp, or NULL when it is empty or unparseable.
    Accepts the contract's ISO 8601 forms: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS`
    (also with `T` and fractional seconds). Never raises on bad text: dbt's
    `safe_cast` is a plain (raising) cast on DuckDB, so DuckDB uses try_cast.
#}
{% macro parse_timestamp(column) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'segments')(column)) }}
{%- endmacro %}

{% macro default__parse_timestamp(column) -%}
    {{ dbt.safe_cast(clean_text(column), api.Column.translate_type('timestamp')) }}
{%- endmacro %}

{% macro duckdb__parse_timestamp(column) -%}
    try_cast({{ clean_text(column) }} as timestamp)
{%- endmacro %}
