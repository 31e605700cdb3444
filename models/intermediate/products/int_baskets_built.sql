-- One row per basket: an order with at least one purchase line of a product.
-- `is_pair_counted` is false for baskets larger than var `max_basket_size`
-- (off by default): those are left out of every pair figure, numerators and
-- denominators alike, and reported in product_pair_runs.
{%- set max_basket_size = checked_var('max_basket_size') %}

with

int_basket_products_deduplicated as (
    select
        order_id,
        product_id
    from {{ ref('int_basket_products_deduplicated') }}
),

baskets_sized as (
    select
        order_id,
        count(*) as product_count
    from int_basket_products_deduplicated
    group by order_id
),

baskets_flagged as (
    select
        order_id,
        product_count,
        {% if max_basket_size is none -%}
            true
        {%- else -%}
            product_count <= {{ max_basket_size }}
        {%- endif %} as is_pair_counted
    from baskets_sized
)

select * from baskets_flagged
