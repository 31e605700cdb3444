{#
    SQL expression for a product id as the warehouse compares it: upper case
    when the var `fold_product_id_case` is true (exports that write one code
    as `84997b` and `84997B`), else the id unchanged (the default: ids can be
    case-sensitive). Every model that matches product ids goes through it, so
    order lines, products and the non-product list agree.
#}
{% macro product_id_folded(expression) -%}
    {{ return(adapter.dispatch('product_id_folded', 'segments')(expression)) }}
{%- endmacro %}

{% macro default__product_id_folded(expression) -%}
    {%- if checked_var('fold_product_id_case') -%}
        upper({{ expression }})
    {%- else -%}
        {{ expression }}
    {%- endif -%}
{%- endmacro %}
