-- Raw campaign rows that cannot be used: one row per quarantined raw row,
-- with its position in the file, its original values and why.
with

campaigns_validated as (
    select * from {{ ref('stg_shop__campaigns_validated') }}
),

quarantined as (
    select
        'campaigns' as source_table,
        source_row_number,
        source_line_number,
        reasons,
        {{ raw_values_json([
            'campaign_id', 'campaign_name', 'channel', 'started_at', 'cost',
        ]) }} as raw_values
    from campaigns_validated
    where {{ array_length('reasons') }} > 0
)

select * from quarantined
