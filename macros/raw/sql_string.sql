{#
    A SQL string literal for `value`, wrapped in quotes. Used for file paths
    handed to the readers and for text written into SQL. DuckDB and the
    default: single quotes doubled. Spark: backslashes and single quotes
    escaped with a backslash (Spark reads `'a''b'` as two adjacent literals,
    `ab`).
#}
{% macro sql_string(value) -%}
    {{ return(adapter.dispatch('sql_string', 'segments')(value)) }}
{%- endmacro %}

{% macro default__sql_string(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__sql_string(value) -%}
    '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}
