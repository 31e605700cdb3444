-- The segments of a campaign in campaign_segment_performance add up to its
-- row in campaign_performance: customers, conversions and cost shares.
-- Returns the campaigns where they do not.
with

campaign_segment_performance as (
    select
        campaign_id,
        treated_customers,
        control_customers,
        treated_conversions,
        control_conversions,
        cost_share
    from {{ ref('campaign_segment_performance') }}
),

campaign_performance as (
    select
        campaign_id,
        treated_customers,
        control_customers,
        treated_conversions,
        control_conversions
    from {{ ref('campaign_performance') }}
),

segments_summed as (
    select
        campaign_id,
        sum(treated_customers) as treated_customers,
        sum(control_customers) as control_customers,
        sum(treated_conversions) as treated_conversions,
        sum(control_conversions) as control_conversions,
        sum(cost_share) as cost_share
    from campaign_segment_performance
    group by campaign_id
),

mismatches as (
    select
        campaign_performance.campaign_id,
        segments_summed.treated_customers as segment_treated_customers,
        campaign_performance.treated_customers
    from campaign_performance
    left join segments_summed
        on campaign_performance.campaign_id = segments_summed.campaign_id
    where
        coalesce(segments_summed.treated_customers, 0)
        != campaign_performance.treated_customers
        or coalesce(segments_summed.control_customers, 0)
        != campaign_performance.control_customers
        or coalesce(segments_summed.treated_conversions, 0)
        != campaign_performance.treated_conversions
        or coalesce(segments_summed.control_conversions, 0)
        != campaign_performance.control_conversions
        or (
            campaign_performance.treated_customers > 0
            and abs(segments_summed.cost_share - 1) > 1e-9
        )
)

select * from mismatches
