-- Every run of a customer (customer_segment_observations) lies in exactly
-- one interval of customer_segment_history ([valid_from, valid_to)), with
-- the same segment_id, segment_name and rfm_segment; and no interval starts
-- twice. Returns the runs that break this.
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

customer_segment_history as (
    select
        customer_id,
        valid_from,
        valid_to,
        segment_id,
        segment_name,
        rfm_segment
    from {{ ref('customer_segment_history') }}
),

runs_matched as (
    select
        customer_segment_observations.customer_id,
        customer_segment_observations.as_of_date,
        count(customer_segment_history.valid_from) as interval_count,
        count(
            case
                when
                    customer_segment_history.segment_id
                    is not distinct from customer_segment_observations.segment_id
                    and customer_segment_history.segment_name
                    is not distinct from customer_segment_observations.segment_name
                    and customer_segment_history.rfm_segment
                    is not distinct from customer_segment_observations.rfm_segment
                    then 1
            end
        ) as matching_interval_count
    from customer_segment_observations
    left join customer_segment_history
        on
            customer_segment_observations.customer_id
            = customer_segment_history.customer_id
            and customer_segment_observations.as_of_date
            >= customer_segment_history.valid_from
            and (
                customer_segment_history.valid_to is null
                or customer_segment_observations.as_of_date
                < customer_segment_history.valid_to
            )
    group by
        customer_segment_observations.customer_id,
        customer_segment_observations.as_of_date
),

runs_not_covered_once as (
    select
        customer_id,
        as_of_date,
        'run in ' || cast(interval_count as {{ dbt.type_string() }})
        || ' intervals, ' || cast(matching_interval_count as {{ dbt.type_string() }})
        || ' with its values' as problem
    from runs_matched
    where interval_count != 1 or matching_interval_count != 1
),

intervals_starting_twice as (
    select
        customer_id,
        valid_from as as_of_date,
        'two intervals start on this date' as problem
    from customer_segment_history
    group by customer_id, valid_from
    having count(*) > 1
)

select * from runs_not_covered_once
union all
select * from intervals_starting_twice
