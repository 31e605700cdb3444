-- One row per unordered category pair (category_a < category_b) found in the
-- same basket in at least `min_pair_baskets` baskets (the category floor of
-- int_item_orders_counted) and with support >= `min_support`: the metrics
-- of product_pairs at category level. A basket holds a category when it
-- holds a product of it; support is over all baskets. Empty when the raw
-- data has no products table (no categories).
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
    where item_level = 'category'
),

metrics_computed as (
    select
        item_a as category_a,
        item_b as category_b,
        pair_orders,
        orders_a,
        orders_b,
        {{ association_metrics(
            'pair_orders', 'orders_a', 'orders_b', 'basket_count') }}
    from int_item_pairs_counted
)

select * from metrics_computed
