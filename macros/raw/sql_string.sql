{#
    A SQL string literal for `value`: single quotes doubled, wrapped in quotes.
    Used for file paths handed to DuckDB's readers.
#}
{% macro sql_string(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}
