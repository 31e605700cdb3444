-- customer_segment_observations holds one row per run (as_of_date) and
-- customer. Returns the (run, customer) pairs found more than once.
with

customer_segment_observations as (
    select
        as_of_date,
        customer_id
    from {{ ref('customer_segment_observations') }}
),

duplicates as (
    select
        as_of_date,
        customer_id,
        count(*) as row_count
    from customer_segment_observations
    group by as_of_date, customer_id
    having count(*) > 1
)

select * from duplicates
