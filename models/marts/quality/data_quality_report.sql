-- One row per raw table x reason: how many raw rows each table had, how many
-- came out clean, how many were quarantined, and how many rows carry each
-- reason. handling = 'quarantine' rows list every documented reason code of
-- the table (zero when none was found); handling = 'keep' rows count clean
-- order lines that were kept but flagged or normalised (unknown product,
-- guest checkout, ...). A quarantined row may have several reasons:
-- quarantined_rows counts rows, so raw_rows = clean_rows + quarantined_rows.
{%- set reason_catalogue = cleaning_reason_codes() %}
{%- set kept_line_flags = [
    ['guest_checkout', 'customer_id is null',
        'customer_id empty (guest checkout): counts for products, never for customers'],
    ['missing_product_id', 'product_id is null',
        'product_id empty: counts for revenue, never for product analytics'],
    ['return', 'is_return', 'negative quantity or status returned: a return'],
    ['cancelled', 'is_cancelled', 'status cancelled'],
    ['default_quantity', 'has_default_quantity', 'quantity empty: taken as 1'],
    ['date_only_timestamp', 'has_date_only_timestamp',
        'ordered_at without time: taken as midnight'],
    ['stray_whitespace', 'has_stray_whitespace',
        'a text value with leading or trailing spaces: trimmed'],
] %}

with

stg_shop__source_row_counts as (
    select
        source_table,
        raw_rows
    from {{ ref('stg_shop__source_row_counts') }}
),

{% for table_name in reason_catalogue %}
    stg_shop__{{ table_name }} as (
        select source_row_number from {{ ref('stg_shop__' ~ table_name) }}
    ),

{% endfor %}
stg_shop__order_lines_validated as (
    select
        customer_id,
        product_id,
        is_return,
        is_cancelled,
        has_default_quantity,
        has_date_only_timestamp,
        has_stray_whitespace,
        reasons
    from {{ ref('stg_shop__order_lines_validated') }}
),

int_order_lines_enriched as (
    select
        product_id,
        has_known_product,
        is_non_product_item
    from {{ ref('int_order_lines_enriched') }}
),

int_quarantine_unioned as (
    select
        source_table,
        reasons
    from {{ ref('int_quarantine_unioned') }}
),

clean_row_counts as (
    {%- for table_name in reason_catalogue %}
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

quarantine_reasons as (
    select
        source_table,
        {{ unnest_array('reasons') }} as reason
    from int_quarantine_unioned
),

reason_row_counts as (
    select
        source_table,
        reason,
        count(*) as reason_rows
    from quarantine_reasons
    group by source_table, reason
),

documented_reasons as (
    select
        source_table,
        reason,
        reason_description
    from (
        values
        {%- for table_name, codes in reason_catalogue.items() %}
            {%- set outer_loop = loop %}
            {%- for code, description in codes.items() %}
                ('{{ table_name }}', '{{ code }}', {{ sql_string(description) }})
                {%- if not (outer_loop.last and loop.last) %},{% endif %}
            {%- endfor %}
        {%- endfor %}
    ) as documented (source_table, reason, reason_description)  -- noqa: AL05
),

quarantine_report_rows as (
    select
        'quarantine' as handling,
        documented_reasons.reason_description,
        coalesce(documented_reasons.source_table, reason_row_counts.source_table)
            as source_table,
        coalesce(documented_reasons.reason, reason_row_counts.reason) as reason,
        coalesce(reason_row_counts.reason_rows, 0) as reason_rows
    from documented_reasons
    full outer join reason_row_counts
        on
            documented_reasons.source_table = reason_row_counts.source_table
            and documented_reasons.reason = reason_row_counts.reason
),

kept_report_rows as (
    {%- for flag in kept_line_flags %}
        select
            'keep' as handling,
            {{ sql_string(flag[2]) }} as reason_description,
            'order_lines' as source_table,
            '{{ flag[0] }}' as reason,
            count(case when {{ flag[1] }} then 1 end) as reason_rows
        from stg_shop__order_lines_validated
        where {{ array_length('reasons') }} = 0
        union all
    {%- endfor %}
    select
        'keep' as handling,
        'product_id not among the clean products: kept, has_known_product false'
            as reason_description,
        'order_lines' as source_table,
        'unknown_product' as reason,
        count(
            case
                when product_id is not null and not has_known_product then 1
            end
        ) as reason_rows
    from int_order_lines_enriched
    union all
    select
        'keep' as handling,
        'non-product item (postage, fees, ...: seed non_product_items): '
        || 'counts for revenue, never for product analytics'
            as reason_description,
        'order_lines' as source_table,
        'non_product_item' as reason,
        count(case when is_non_product_item then 1 end) as reason_rows
    from int_order_lines_enriched
),

report_rows as (
    select * from quarantine_report_rows
    union all
    select * from kept_report_rows
),

table_row_counts as (
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
),

report as (
    select
        report_rows.source_table,
        report_rows.reason,
        report_rows.handling,
        report_rows.reason_description,
        table_row_counts.raw_rows,
        table_row_counts.clean_rows,
        table_row_counts.quarantined_rows,
        report_rows.reason_rows,
        cast(report_rows.reason_rows as double)
        / nullif(table_row_counts.raw_rows, 0) as reason_share
    from report_rows
    left join table_row_counts
        on report_rows.source_table = table_row_counts.source_table
)

select * from report
