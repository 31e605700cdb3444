-- One row per customer and validity interval (customer_id, valid_from): a
-- stretch of consecutive runs (customer_segment_observations) in which the
-- customer kept the same segment_id, segment_name and rfm_segment. A new
-- interval starts at the customer's first run, at a run whose values differ
-- from the customer's previous run, and at a run after one the customer was
-- missing from. valid_to is the date of the first run after the interval
-- (exclusive end; NULL while the interval is still the customer's state in
-- the latest run). Runs are ordered by as-of date, so a backtest run at an
-- earlier date slots in where it belongs.
with

customer_segment_observations as (
    select
        as_of_date,
        customer_id,
        segment_id,
        segment_name,
        rfm_segment
    from {{ ref('customer_segment_observations') }}
),

runs as (
    select distinct as_of_date from customer_segment_observations
),

runs_ordered as (
    select
        as_of_date,
        lag(as_of_date) over (order by as_of_date) as previous_run_date,
        lead(as_of_date) over (order by as_of_date) as next_run_date
    from runs
),

observations_compared as (
    select
        customer_segment_observations.*,
        runs_ordered.previous_run_date,
        lag(customer_segment_observations.as_of_date) over (
            partition by customer_segment_observations.customer_id
            order by customer_segment_observations.as_of_date
        ) as previous_observed_date,
        lag(customer_segment_observations.segment_id) over (
            partition by customer_segment_observations.customer_id
            order by customer_segment_observations.as_of_date
        ) as previous_segment_id,
        lag(customer_segment_observations.segment_name) over (
            partition by customer_segment_observations.customer_id
            order by customer_segment_observations.as_of_date
        ) as previous_segment_name,
        lag(customer_segment_observations.rfm_segment) over (
            partition by customer_segment_observations.customer_id
            order by customer_segment_observations.as_of_date
        ) as previous_rfm_segment
    from customer_segment_observations
    inner join runs_ordered
        on customer_segment_observations.as_of_date = runs_ordered.as_of_date
),

changes_flagged as (
    select
        *,
        case
            when previous_observed_date is null then 1
            when previous_observed_date != previous_run_date then 1
            when
                {{ null_safe_equals('segment_id', 'previous_segment_id') }}
                and {{ null_safe_equals('segment_name', 'previous_segment_name') }}
                and {{ null_safe_equals('rfm_segment', 'previous_rfm_segment') }}
                then 0
            else 1
        end as is_interval_start
    from observations_compared
),

intervals_numbered as (
    select
        *,
        sum(is_interval_start) over (
            partition by customer_id
            order by as_of_date
            rows between unbounded preceding and current row
        ) as interval_number
    from changes_flagged
),

intervals_built as (
    select
        customer_id,
        interval_number,
        min(as_of_date) as valid_from,
        max(as_of_date) as last_run_date,
        count(*) as run_count,
        min(segment_id) as segment_id,
        min(segment_name) as segment_name,
        min(rfm_segment) as rfm_segment
    from intervals_numbered
    group by customer_id, interval_number
),

intervals_described as (
    select
        intervals_built.customer_id,
        intervals_built.valid_from,
        runs_ordered.next_run_date as valid_to,
        intervals_built.segment_id,
        intervals_built.segment_name,
        intervals_built.rfm_segment,
        cast(intervals_built.interval_number as integer) as interval_number,
        intervals_built.run_count,
        intervals_built.last_run_date,
        runs_ordered.next_run_date is null as is_current
    from intervals_built
    inner join runs_ordered
        on intervals_built.last_run_date = runs_ordered.as_of_date
)

select * from intervals_described
