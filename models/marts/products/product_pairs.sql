-- One row per unordered product pair bought in the same basket (product_a <
-- product_b) in at least `min_pair_baskets` baskets (the floor of
-- int_item_orders_counted, reported in product_pair_runs) and with support >=
-- `min_support`: co-purchase counts and association-rule metrics (see the
-- `pair_metrics` docs block for every formula), with both products' names
-- (NULL when the product is not listed or there is no products file).
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
),

names_attached as (
    select
        metrics_computed.*,
        {{ product_name_of('metrics_computed.product_a') }} as product_a_name,
        {{ product_name_of('metrics_computed.product_b') }} as product_b_name
    from metrics_computed
)

select * from names_attached
