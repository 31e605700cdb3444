{#
    `column` (text) as a timestamp, or NULL when it is empty or unparseable.
    Accepts the contract's ISO 8601 forms: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS`
    (also with `T` and fractional seconds).
#}
{% macro parse_timestamp(column) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'segments')(column)) }}
{%- endmacro %}

{% macro default__parse_timestamp(column) -%}
    {{ dbt.safe_cast(clean_text(column), api.Column.translate_type('timestamp')) }}
{%- endmacro %}
