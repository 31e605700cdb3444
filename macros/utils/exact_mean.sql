{#
    The mean of the exact numbers (decimals or integers) `expression` over
    the group, as a double aggregate: their exact sum, cast to double, over
    their count. The sum of decimals is exact on every engine and does not
    depend on the order of the rows, so the mean has the same bits on DuckDB
    and Spark and on every run (avg() of a decimal is a double on DuckDB but
    a decimal rounded to a few more places on Spark). NULL when every value
    is NULL.
#}
{% macro exact_mean(expression) -%}
    {%- if expression is not string or not expression | trim -%}
        {{ exceptions.raise_compiler_error(
            "exact_mean: pass the SQL of the values as a string, e.g. "
            ~ "exact_mean('item_count'); got '" ~ expression ~ "'"
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('exact_mean', 'segments')(expression)) }}
{%- endmacro %}

{% macro default__exact_mean(expression) -%}
    cast(sum({{ expression }}) as double)
    / nullif(count({{ expression }}), 0)
{%- endmacro %}
