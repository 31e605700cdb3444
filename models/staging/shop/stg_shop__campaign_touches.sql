-- Clean campaign touches: one row per usable raw touch (see the quarantine
-- model beside it for the rest). Typed and trimmed; is_control a boolean.
with

campaign_touches_validated as (
    select * from {{ ref('stg_shop__campaign_touches_validated') }}
),

clean as (
    select
        source_row_number,
        campaign_id,
        customer_id,
        touched_at,
        touched_date,
        is_control
    from campaign_touches_validated
    where {{ array_length('reasons') }} = 0
)

select * from clean
