-- One row per pair-counted basket and item, at two levels (`item_level`):
-- `product` (item_id = product_id) and `category` (item_id = the product's
-- category; products without one are left out). Several products of one
-- category in a basket make one category item. Both levels then go through
-- the same counting models, so product and category pairs share one formula.
{{ config(materialized='table') }}
-- A table, not a view: the pair self-join reads it twice and the item
-- counts once more.

with

int_basket_products_deduplicated as (
    select
        order_id,
        product_id,
        category
    from {{ ref('int_basket_products_deduplicated') }}
),

int_baskets_built as (
    select order_id from {{ ref('int_baskets_built') }}
    where is_pair_counted
),

products_counted as (
    select
        int_basket_products_deduplicated.order_id,
        int_basket_products_deduplicated.product_id,
        int_basket_products_deduplicated.category
    from int_basket_products_deduplicated
    inner join int_baskets_built
        on int_basket_products_deduplicated.order_id = int_baskets_built.order_id
),

product_items as (
    select
        'product' as item_level,
        order_id,
        product_id as item_id
    from products_counted
),

category_items as (
    select distinct
        'category' as item_level,
        order_id,
        category as item_id
    from products_counted
    where category is not null
),

items_unioned as (
    select * from product_items
    union all
    select * from category_items
)

select * from items_unioned
