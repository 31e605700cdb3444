-- Clean campaigns: one row per campaign_id (see the quarantine model beside
-- it for the rest). Typed, trimmed, channel lower-cased.
with

base_shop__campaigns as (
    select * from {{ ref('base_shop__campaigns') }}
),

clean as (
    select
        source_row_number,
        campaign_id,
        campaign_name,
        channel,
        started_at,
        started_date,
        cost
    from base_shop__campaigns
    where {{ reasons_are_empty('reasons') }}
)

select * from clean
