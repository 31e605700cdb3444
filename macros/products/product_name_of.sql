{#
    SQL expression: the name of the product whose id is `product_id` (an SQL
    expression), from int_products_identified (one row per id, so at most
    one name); NULL when the id is not listed or there is no products file.
    The product marts attach names through it.
#}
{% macro product_name_of(product_id) -%}
    {{ return(adapter.dispatch('product_name_of', 'segments')(product_id)) }}
{%- endmacro %}

{% macro default__product_name_of(product_id) -%}
    (
        select named_products.product_name
        from {{ ref('int_products_identified') }} as named_products
        where named_products.product_id = {{ product_id }}
    )
{%- endmacro %}
