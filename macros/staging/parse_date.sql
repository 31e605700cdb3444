{#
    `column` (text) as a date, or NULL when it is empty or unparseable.
    Accepts `YYYY-MM-DD` and a timestamp `YYYY-MM-DD HH:MM:SS` (its date).
    Never raises on bad text (DuckDB: try_cast, see parse_timestamp).
#}
{% macro parse_date(column) -%}
    {{ return(adapter.dispatch('parse_date', 'segments')(column)) }}
{%- endmacro %}

{% macro default__parse_date(column) -%}
    {{ dbt.safe_cast(clean_text(column), api.Column.translate_type('date')) }}
{%- endmacro %}

{% macro duckdb__parse_date(column) -%}
    try_cast({{ clean_text(column) }} as date)
{%- endmacro %}
