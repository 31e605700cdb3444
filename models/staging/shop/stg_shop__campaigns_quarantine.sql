-- Raw campaign rows that cannot be used: one row per quarantined raw row,
-- with its position in the file, its original values and why.
with

base_shop__campaigns as (
    select * from {{ ref('base_shop__campaigns') }}
),

quarantined as (
    select
        'campaigns' as source_table,
        source_file,
        source_row_number,
        source_file_row_number,
        source_line_number,
        reasons,
        {{ raw_values_json([
            'campaign_id', 'campaign_name', 'channel', 'started_at', 'cost',
        ]) }} as raw_values
    from base_shop__campaigns
    where not {{ reasons_are_empty('reasons') }}
)

select * from quarantined
