-- One row per campaign and customer segment among the campaign's touched
-- customers (segment_id NULL: customers without a segment, i.e. no purchase
-- on or before the as-of date): treated and control customers, conversion
-- within `campaign_window_days` of the touch, the uplift over the control
-- group with its confidence interval, extra orders, incremental revenue,
-- the segment's share of the campaign cost and the ROI. Formulas: see
-- int_campaign_effects_estimated. Empty when there are no campaign touches.
with

int_campaign_effects_estimated as (
    select * from {{ ref('int_campaign_effects_estimated') }}
    where not is_campaign_total
),

stg_shop__campaigns as (
    select
        campaign_id,
        campaign_name
    from {{ ref('stg_shop__campaigns') }}
),

segments_described as (
    select
        int_campaign_effects_estimated.campaign_id,
        stg_shop__campaigns.campaign_name,
        int_campaign_effects_estimated.segment_id,
        int_campaign_effects_estimated.segment_name,
        int_campaign_effects_estimated.treated_customers,
        int_campaign_effects_estimated.control_customers,
        int_campaign_effects_estimated.treated_conversions,
        int_campaign_effects_estimated.control_conversions,
        int_campaign_effects_estimated.complete_window_customers,
        {%- for column in campaign_effect_columns() %}
            int_campaign_effects_estimated.{{ column }},
        {%- endfor %}
        int_campaign_effects_estimated.cost_share,
        int_campaign_effects_estimated.allocated_cost,
        int_campaign_effects_estimated.roi
    from int_campaign_effects_estimated
    left join stg_shop__campaigns
        on
            int_campaign_effects_estimated.campaign_id
            = stg_shop__campaigns.campaign_id
)

select * from segments_described
