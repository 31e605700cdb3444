-- Every kept pair meets the thresholds of the run, is in no more baskets than
-- either product, and every product is in no more baskets than the run has:
-- returns the pairs that break one of these.
with

product_pairs as (
    select
        product_a,
        product_b,
        pair_orders,
        orders_a,
        orders_b,
        support
    from {{ ref('product_pairs') }}
),

product_pair_runs as (
    select
        min_pair_orders,
        min_support,
        basket_count
    from {{ ref('product_pair_runs') }}
),

pairs_out_of_bounds as (
    select product_pairs.*
    from product_pairs
    cross join product_pair_runs
    where
        product_pairs.pair_orders < product_pair_runs.min_pair_orders
        or product_pairs.support < product_pair_runs.min_support
        or product_pairs.pair_orders > product_pairs.orders_a
        or product_pairs.pair_orders > product_pairs.orders_b
        or product_pairs.orders_a > product_pair_runs.basket_count
        or product_pairs.orders_b > product_pair_runs.basket_count
)

select * from pairs_out_of_bounds
