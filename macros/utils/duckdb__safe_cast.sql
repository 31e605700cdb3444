{#
    DuckDB implementation of dbt's cross-database `safe_cast`: NULL instead of
    an error when the value cannot be cast (dbt's default is a plain `cast`,
    which makes one bad raw value fail the whole build). dbt searches the root
    project first, so every `dbt.safe_cast(...)` in this project uses it.
#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
