-- One row per raw table of the shop source: its raw rows (counted from the
-- source itself), clean rows (its clean staging model) and quarantined rows
-- (its quarantine model), so raw_rows = clean_rows + quarantined_rows can be
-- checked.
with

stg_shop__source_row_counts as (
    select
        source_table,
        raw_rows
    from {{ ref('stg_shop__source_row_counts') }}
),

{% for table_name in cleaning_reason_codes() %}
    stg_shop__{{ table_name }} as (
        select source_row_number from {{ ref('stg_shop__' ~ table_name) }}
    ),

{% endfor %}
int_quarantine_unioned as (
    select source_table from {{ ref('int_quarantine_unioned') }}
),

clean_row_counts as (
    {%- for table_name in cleaning_reason_codes() %}
        select
            '{{ table_name }}' as source_table,
            count(*) as clean_rows
        from stg_shop__{{ table_name }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

quarantined_row_counts as (
    select
        source_table,
        count(*) as quarantined_rows
    from int_quarantine_unioned
    group by source_table
),

tables_counted as (
    select
        stg_shop__source_row_counts.source_table,
        stg_shop__source_row_counts.raw_rows,
        coalesce(clean_row_counts.clean_rows, 0) as clean_rows,
        coalesce(quarantined_row_counts.quarantined_rows, 0) as quarantined_rows
    from stg_shop__source_row_counts
    left join clean_row_counts
        on stg_shop__source_row_counts.source_table = clean_row_counts.source_table
    left join quarantined_row_counts
        on stg_shop__source_row_counts.source_table = quarantined_row_counts.source_table
)

select * from tables_counted
