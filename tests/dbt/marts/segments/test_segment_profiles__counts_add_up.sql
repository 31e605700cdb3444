-- segment_profiles counts exactly the customers of customer_segments, segment
-- by segment, and its shares add up to 1.
with

customer_segments as (
    select segment_id from {{ ref('customer_segments') }}
),

segment_profiles as (
    select
        segment_id,
        customer_count,
        customer_share
    from {{ ref('segment_profiles') }}
),

members_counted as (
    select
        segment_id,
        count(*) as customer_count
    from customer_segments
    group by segment_id
),

count_mismatches as (
    select
        segment_profiles.segment_id,
        'customer_count' as problem
    from segment_profiles
    left join members_counted
        on segment_profiles.segment_id = members_counted.segment_id
    where
        segment_profiles.customer_count
        != coalesce(members_counted.customer_count, 0)
),

share_mismatches as (
    select
        'all' as segment_id,
        'customer_share' as problem
    from segment_profiles
    having
        count(*) > 0
        and sum(customer_count) > 0
        and abs(sum(customer_share) - 1) > 1e-9
)

select * from count_mismatches
union all
select * from share_mismatches
