-- Raw campaign touches that cannot be used: one row per quarantined raw row,
-- with its position in the file, its original values and why.
with

campaign_touches_validated as (
    select * from {{ ref('stg_shop__campaign_touches_validated') }}
),

quarantined as (
    select
        'campaign_touches' as source_table,
        source_row_number,
        source_line_number,
        reasons,
        {{ raw_values_json([
            'campaign_id', 'customer_id', 'touched_at', 'is_control',
        ]) }} as raw_values
    from campaign_touches_validated
    where {{ array_length('reasons') }} > 0
)

select * from quarantined
