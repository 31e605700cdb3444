-- Raw campaign touches that cannot be used: one row per quarantined raw row,
-- with its position in the file, its original values and why.
with

base_shop__campaign_touches as (
    select * from {{ ref('base_shop__campaign_touches') }}
),

quarantined as (
    select
        'campaign_touches' as source_table,
        source_file,
        source_row_number,
        source_file_row_number,
        source_line_number,
        reasons,
        {{ raw_values_json([
            'campaign_id', 'customer_id', 'touched_at', 'is_control',
        ]) }} as raw_values
    from base_shop__campaign_touches
    where not {{ reasons_are_empty('reasons') }}
)

select * from quarantined
