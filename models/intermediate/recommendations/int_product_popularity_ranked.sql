-- One row per recommendation date and product bought on or before it: the
-- number of customers who had bought it, and its popularity rank that day
-- (more customers first, then product_id ascending).
with

int_customer_products_dated as (
    select
        as_of_date,
        product_id
    from {{ ref('int_customer_products_dated') }}
),

products_counted as (
    select
        as_of_date,
        product_id,
        count(*) as customer_count
    from int_customer_products_dated
    group by as_of_date, product_id
),

products_ranked as (
    select
        as_of_date,
        product_id,
        customer_count,
        row_number() over (
            partition by as_of_date
            order by customer_count desc, product_id asc
        ) as popularity_rank,
        count(*) over (partition by as_of_date) as product_count
    from products_counted
)

select * from products_ranked
