-- For each segmentation, segment_migrations' customer counts add up to the
-- customers found in either of the two runs it compares. Returns the
-- segmentations whose counts do not.
with

segment_migrations as (
    select
        from_run_date,
        to_run_date,
        segmentation,
        customer_count
    from {{ ref('segment_migrations') }}
),

customer_segment_observations as (
    select
        as_of_date,
        customer_id
    from {{ ref('customer_segment_observations') }}
),

counts_summed as (
    select
        segmentation,
        min(from_run_date) as from_run_date,
        min(to_run_date) as to_run_date,
        sum(customer_count) as counted_customers
    from segment_migrations
    group by segmentation
),

customers_in_runs as (
    select
        counts_summed.segmentation,
        counts_summed.counted_customers,
        count(distinct customer_segment_observations.customer_id)
            as run_customers
    from counts_summed
    inner join customer_segment_observations
        on
            counts_summed.from_run_date = customer_segment_observations.as_of_date
            or counts_summed.to_run_date = customer_segment_observations.as_of_date
    group by counts_summed.segmentation, counts_summed.counted_customers
)

select * from customers_in_runs
where counted_customers != run_customers
