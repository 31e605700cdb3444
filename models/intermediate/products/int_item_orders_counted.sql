-- One row per item (product or category, see `item_level`): the number of
-- pair-counted baskets holding it, the pair floor of its level and whether
-- it can be part of a kept pair (Apriori principle: a pair is never in more
-- baskets than either of its items, so an item below the floor or
-- `min_support` on its own cannot be in a pair that meets them). The floor
-- `min_pair_baskets` is max(min_pair_orders, min_pair_item_share x the
-- level's (basket, item) rows): chance co-occurrences grow with the number of
-- items in baskets, so the evidence asked of a pair grows with it too.
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

items_floored as (
    select
        items_counted.item_level,
        items_counted.item_id,
        items_counted.item_orders,
        int_baskets_built.basket_count,
        greatest(
            {{ checked_var('min_pair_orders') }},
            cast(
                ceil(
                    cast(
                        {{ checked_var('min_pair_item_share') }}
                        as double
                    )
                    * sum(items_counted.item_orders) over (
                        partition by items_counted.item_level
                    )
                ) as integer
            )
        ) as min_pair_baskets
    from items_counted
    cross join int_baskets_built
),

items_flagged as (
    select
        item_level,
        item_id,
        item_orders,
        basket_count,
        min_pair_baskets,
        {{ meets_pair_thresholds(
            'item_orders', 'basket_count', 'min_pair_baskets'
        ) }} as is_pair_candidate
    from items_floored
)

select * from items_flagged
