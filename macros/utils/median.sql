{#
    The median of `expression` over the group, as an aggregate (SQL text):
    the value halfway between the two middle values when their number is even.
    Default: the standard ordered-set aggregate percentile_cont(0.5); DuckDB:
    its median() (the same definition).
#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median', 'segments')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro duckdb__median(expression) -%}
    median({{ expression }})
{%- endmacro %}
