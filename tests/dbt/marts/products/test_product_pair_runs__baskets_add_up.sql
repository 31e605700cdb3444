-- product_pair_runs has exactly one row, its basket counts add up, and its
-- pair counts match the pair tables: returns a row when not.
with

product_pair_runs as (
    select
        total_basket_count,
        basket_count,
        skipped_basket_count,
        max_basket_size,
        product_pair_count,
        category_pair_count
    from {{ ref('product_pair_runs') }}
),

product_pairs as (
    select count(*) as pair_count from {{ ref('product_pairs') }}
),

category_pairs as (
    select count(*) as pair_count from {{ ref('category_pairs') }}
),

runs_counted as (
    select
        count(*) as run_rows,
        count(
            case
                when
                    product_pair_runs.total_basket_count
                    = product_pair_runs.basket_count
                    + product_pair_runs.skipped_basket_count
                    and (
                        product_pair_runs.max_basket_size is not null
                        or product_pair_runs.skipped_basket_count = 0
                    )
                    and product_pair_runs.product_pair_count
                    = product_pairs.pair_count
                    and product_pair_runs.category_pair_count
                    = category_pairs.pair_count
                    then 1
            end
        ) as consistent_rows
    from product_pair_runs
    cross join product_pairs
    cross join category_pairs
),

problems as (
    select *
    from runs_counted
    where run_rows <> 1 or consistent_rows <> 1
)

select * from problems
