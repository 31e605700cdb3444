-- One row per unordered item pair (item_a < item_b, same item_level) bought
-- together in at least `min_pair_baskets` baskets (int_item_orders_counted:
-- vars min_pair_orders and min_pair_item_share) and with support >=
-- `min_support`: the pair's basket count and both items' basket counts.
-- The self-join on order_id only sees items that can be in a kept pair (see
-- int_item_orders_counted) unless var `pair_pruning` is false; the result is
-- the same either way (tested), pruning only makes it cheaper.
{{ config(materialized='table') }}
-- A table, not a view: the self-join is the costliest step of the project
-- and several marts read its result.
{%- set candidate_filter = 'int_item_orders_counted.is_pair_candidate'
    if checked_var('pair_pruning') else 'true' %}

with

int_basket_items_deduplicated as (
    select
        item_level,
        order_id,
        item_id
    from {{ ref('int_basket_items_deduplicated') }}
),

int_item_orders_counted as (
    select
        item_level,
        item_id,
        item_orders,
        basket_count,
        min_pair_baskets,
        is_pair_candidate
    from {{ ref('int_item_orders_counted') }}
),

candidate_items as (
    select
        int_basket_items_deduplicated.item_level,
        int_basket_items_deduplicated.order_id,
        int_basket_items_deduplicated.item_id
    from int_basket_items_deduplicated
    inner join int_item_orders_counted
        on
            int_basket_items_deduplicated.item_level
            = int_item_orders_counted.item_level
            and int_basket_items_deduplicated.item_id
            = int_item_orders_counted.item_id
    where {{ candidate_filter }}
),

pairs_counted as (
    select
        items_a.item_level,
        items_a.item_id as item_a,
        items_b.item_id as item_b,
        count(*) as pair_orders
    from candidate_items as items_a
    inner join candidate_items as items_b
        on
            items_a.item_level = items_b.item_level
            and items_a.order_id = items_b.order_id
            and items_a.item_id < items_b.item_id
    group by items_a.item_level, items_a.item_id, items_b.item_id
),

pairs_with_item_orders as (
    select
        pairs_counted.item_level,
        pairs_counted.item_a,
        pairs_counted.item_b,
        pairs_counted.pair_orders,
        orders_a.item_orders as orders_a,
        orders_b.item_orders as orders_b,
        orders_a.basket_count,
        orders_a.min_pair_baskets
    from pairs_counted
    inner join int_item_orders_counted as orders_a
        on
            pairs_counted.item_level = orders_a.item_level
            and pairs_counted.item_a = orders_a.item_id
    inner join int_item_orders_counted as orders_b
        on
            pairs_counted.item_level = orders_b.item_level
            and pairs_counted.item_b = orders_b.item_id
),

pairs_kept as (
    select
        item_level,
        item_a,
        item_b,
        pair_orders,
        orders_a,
        orders_b,
        basket_count
    from pairs_with_item_orders
    where
        {{ meets_pair_thresholds(
            'pair_orders', 'basket_count', 'min_pair_baskets'
        ) }}
)

select * from pairs_kept
