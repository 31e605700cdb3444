-- One row per unordered product pair bought in the same basket (product_a <
-- product_b) in at least `min_pair_orders` baskets and with support >=
-- `min_support`: co-purchase counts and association-rule metrics (see the
-- `pair_metrics` docs block for every formula).
with

int_item_pairs_counted as (
    select
        item_a,
        item_b,
        pair_orders,
        orders_a,
        orders_b,
        basket_count
    from {{ ref('int_item_pairs_counted') }}
    where item_level = 'product'
),

metrics_computed as (
    select
        item_a as product_a,
        item_b as product_b,
        pair_orders,
        orders_a,
        orders_b,
        {{ association_metrics(
            'pair_orders', 'orders_a', 'orders_b', 'basket_count') }}
    from int_item_pairs_counted
)

select * from metrics_computed
