-- Clean campaign touches: one row per usable raw touch (see the quarantine
-- model beside it for the rest). Typed and trimmed; is_control a boolean.
with

base_shop__campaign_touches as (
    select * from {{ ref('base_shop__campaign_touches') }}
),

clean as (
    select
        source_row_number,
        campaign_id,
        customer_id,
        touched_at,
        touched_date,
        is_control
    from base_shop__campaign_touches
    where {{ reasons_are_empty('reasons') }}
)

select * from clean
