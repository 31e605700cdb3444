{#
    `numerator / denominator`, NULL when the denominator is 0 (instead of a
    division error or infinity). Both arguments are SQL expressions; cast
    the numerator first where integer division must be avoided.
#}
{% macro safe_ratio(numerator, denominator) -%}
    {%- if numerator is not string or denominator is not string -%}
        {{ exceptions.raise_compiler_error(
            "safe_ratio: pass two SQL expressions as strings, e.g. "
            ~ "safe_ratio('order_count', 'customer_count'); got "
            ~ numerator ~ " and " ~ denominator
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('safe_ratio', 'segments')(
        numerator, denominator
    )) }}
{%- endmacro %}

{% macro default__safe_ratio(numerator, denominator) -%}
    {{ numerator }} / nullif({{ denominator }}, 0)
{%- endmacro %}
