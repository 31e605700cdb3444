{#
    The median of `expression` over the group, as an aggregate (SQL text):
    the value halfway between the two middle values when their number is even.
    Default: the standard ordered-set aggregate percentile_cont(0.5); DuckDB:
    its median() (the same definition). For decimals (money) DuckDB keeps
    the decimal type and rounds the midpoint down to the type's scale
    (15.75 and 15.76 give 15.75; -15.74 and -15.75 give -15.75).
    Spark: percentile_cont returns a double (15.754999...), so the median is
    computed from the two middle values of the sorted group in their own
    type, lower + (upper - lower) / 2, the way DuckDB interpolates; a
    decimal midpoint is then rounded down to the input's scale, read from
    typeof() (a constant, as floor() needs).
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

{% macro spark__median(expression) -%}
    {%- set sorted = 'array_sort(collect_list(' ~ expression ~ '))' -%}
    {%- set lower = 'get(' ~ sorted ~ ', cast((count(' ~ expression
        ~ ') - 1) div 2 as int))' -%}
    {%- set upper = 'get(' ~ sorted ~ ', cast(count(' ~ expression
        ~ ') div 2 as int))' -%}
    {%- set midpoint = '(' ~ lower ~ ' + (' ~ upper ~ ' - ' ~ lower ~ ') / 2)' -%}
    {#- the scale of decimal(p,s), 0 for other types -#}
    {%- set scale = "cast(regexp_extract(typeof(min(" ~ expression
        ~ ")) || ',0)', ',([0-9]+)[)]', 1) as int)" -%}
    case
        when typeof(min({{ expression }})) like 'decimal%'
            then floor({{ midpoint }}, {{ scale }})
        else {{ midpoint }}
    end
{%- endmacro %}
