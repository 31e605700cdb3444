{#
    `numerator / denominator` as a double-precision float, NULL when the
    denominator is 0. Both arguments are SQL expressions (counts). The cast
    comes first, so that integer counts never use integer division.
#}
{% macro pair_ratio(numerator, denominator) -%}
    {%- if numerator is not string or denominator is not string -%}
        {{ exceptions.raise_compiler_error(
            "pair_ratio: pass two SQL expressions as strings, e.g. "
            ~ "pair_ratio('pair_orders', 'basket_count'); got "
            ~ numerator ~ " and " ~ denominator
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('pair_ratio', 'segments')(numerator, denominator)) }}
{%- endmacro %}

{% macro default__pair_ratio(numerator, denominator) -%}
    cast({{ numerator }} as double) / nullif({{ denominator }}, 0)
{%- endmacro %}
