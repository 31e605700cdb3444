-- campaign_performance takes its ROI from the campaign total row of
-- int_campaign_effects_estimated, whose allocated cost is the whole campaign
-- cost: returns the campaigns whose roi is not (incremental_revenue - cost) /
-- cost as documented (both NULL counts as equal).
with

campaign_performance as (
    select
        campaign_id,
        cost,
        incremental_revenue,
        roi
    from {{ ref('campaign_performance') }}
),

roi_expected as (
    select
        campaign_id,
        roi,
        (incremental_revenue - cost) / nullif(cost, 0) as expected_roi
    from campaign_performance
)

select *
from roi_expected
where
    (roi is null) <> (expected_roi is null)
    or abs(roi - expected_roi) > 1e-9
