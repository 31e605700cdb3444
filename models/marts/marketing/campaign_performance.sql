-- One row per campaign (every clean campaign, and any campaign_id that only
-- the touches know): the campaign-level figures of
-- campaign_segment_performance over all touched customers (treated and
-- control customers, conversion rates, uplift with its confidence interval,
-- extra orders, incremental revenue, cost and ROI). A campaign without
-- touches has zero customers and NULL rates. Empty without campaign files.
with

int_campaign_effects_estimated as (
    select * from {{ ref('int_campaign_effects_estimated') }}
    where is_campaign_total
),

stg_shop__campaigns as (
    select
        campaign_id,
        campaign_name,
        channel,
        started_at,
        cost
    from {{ ref('stg_shop__campaigns') }}
),

campaign_ids as (
    select campaign_id from stg_shop__campaigns
    union
    select campaign_id from int_campaign_effects_estimated
),

campaigns_described as (
    -- Columns in the order of campaign_segment_performance, so the zero
    -- counts of campaigns without touches sit among the plain columns.
    select  -- noqa: ST06
        campaign_ids.campaign_id,
        stg_shop__campaigns.campaign_name,
        stg_shop__campaigns.channel,
        stg_shop__campaigns.started_at,
        stg_shop__campaigns.cost,
        coalesce(int_campaign_effects_estimated.treated_customers, 0)
            as treated_customers,
        coalesce(int_campaign_effects_estimated.control_customers, 0)
            as control_customers,
        coalesce(int_campaign_effects_estimated.treated_conversions, 0)
            as treated_conversions,
        coalesce(int_campaign_effects_estimated.control_conversions, 0)
            as control_conversions,
        coalesce(int_campaign_effects_estimated.complete_window_customers, 0)
            as complete_window_customers,
        {%- for column in campaign_effect_columns() %}
            int_campaign_effects_estimated.{{ column }},
        {%- endfor %}
        -- The campaign total row's allocated cost is the whole cost, so its
        -- ROI is (incremental revenue - cost) / cost, computed once there.
        int_campaign_effects_estimated.roi
    from campaign_ids
    left join stg_shop__campaigns
        on campaign_ids.campaign_id = stg_shop__campaigns.campaign_id
    left join int_campaign_effects_estimated
        on campaign_ids.campaign_id = int_campaign_effects_estimated.campaign_id
)

select * from campaigns_described
