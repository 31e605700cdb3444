-- One row per raw table of the shop source: how many records its file holds
-- (0 for an absent optional table). Counted straight from the sources, not
-- from the base models; for CSV the sources hold every physical record
-- of the file (our own reader, see raw_reader_sql), so data_quality_report
-- can check that every raw row ends up either clean or quarantined. (The one
-- aggregation in staging: only staging may read sources.)
with

{% for table_name in cleaning_reason_codes() %}
    source_{{ table_name }} as (
        select
            '{{ table_name }}' as source_table,
            count(*) as raw_rows
        from {{ source('shop', table_name) }}
    ),

{% endfor %}
row_counts as (
    {%- for table_name in cleaning_reason_codes() %}
        select
            source_table,
            raw_rows
        from source_{{ table_name }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from row_counts
