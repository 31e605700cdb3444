{#
    The CTE keyword that asks the engine to inline a CTE in every place it is
    read instead of storing its result first: `name as {{ not_materialized() }} (`.
    Only for CTEs that are cheap to recompute and wide: DuckDB stores a CTE
    read twice or more in a temporary table, and for tens of millions of rows
    with text columns that copy costs more than running the CTE twice
    (docs/performance-notes.md). The result is the same either way.
#}
{% macro not_materialized() -%}
    {{ return(adapter.dispatch('not_materialized', 'segments')()) }}
{%- endmacro %}

{% macro default__not_materialized() -%}
    {#- Portable: no keyword, the engine decides. -#}
{%- endmacro %}

{% macro duckdb__not_materialized() -%}
    not materialized
{%- endmacro %}
