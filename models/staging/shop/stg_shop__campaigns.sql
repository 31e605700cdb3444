-- Clean campaigns: one row per campaign_id (see the quarantine model beside
-- it for the rest). Typed, trimmed, channel lower-cased.
with

campaigns_validated as (
    select * from {{ ref('stg_shop__campaigns_validated') }}
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
    from campaigns_validated
    where {{ array_length('reasons') }} = 0
)

select * from clean
