-- Two rows per segmented customer: one for its segment and one for the
-- total ('total', 'All customers'), so that a per-segment figure and its
-- total come from one aggregate grouped by segment_id.
{{ config(materialized='ephemeral') }}
-- ephemeral: a building block of segment_kpis and cohort_retention, no table.
with

customer_segments as (
    select
        customer_id,
        segment_id,
        segment_name
    from {{ ref('customer_segments') }}
),

memberships as (
    select
        customer_id,
        segment_id,
        segment_name,
        false as is_total
    from customer_segments
    union all
    select
        customer_id,
        'total' as segment_id,
        'All customers' as segment_name,
        true as is_total
    from customer_segments
)

select * from memberships
