-- One row per item (product or category, see `item_level`): the number of
-- pair-counted baskets holding it, and whether it can be part of a kept pair
-- (Apriori principle: a pair is never in more baskets than either of its
-- items, so an item below `min_pair_orders` or `min_support` on its own
-- cannot be in a pair that meets them).
with

int_basket_items_deduplicated as (
    select
        item_level,
        order_id,
        item_id
    from {{ ref('int_basket_items_deduplicated') }}
),

int_baskets_built as (
    select count(*) as basket_count
    from {{ ref('int_baskets_built') }}
    where is_pair_counted
),

items_counted as (
    select
        item_level,
        item_id,
        count(*) as item_orders
    from int_basket_items_deduplicated
    group by item_level, item_id
),

items_flagged as (
    select
        items_counted.item_level,
        items_counted.item_id,
        items_counted.item_orders,
        int_baskets_built.basket_count,
        {{ meets_pair_thresholds(
            'items_counted.item_orders', 'int_baskets_built.basket_count'
        ) }} as is_pair_candidate
    from items_counted
    cross join int_baskets_built
)

select * from items_flagged
