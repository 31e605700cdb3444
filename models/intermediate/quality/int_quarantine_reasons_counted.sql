-- One row per raw table and quarantine reason code: every documented code of
-- the table (cleaning_reason_codes(), with its description; zero rows when
-- none was found) and any undocumented code found in the quarantine (NULL
-- description), with the number of quarantined rows carrying it. A row may
-- carry several reasons.
{%- set reason_catalogue = cleaning_reason_codes() %}

with

int_quarantine_unioned as (
    select
        source_table,
        reasons
    from {{ ref('int_quarantine_unioned') }}
),

quarantine_reasons as (
    select
        source_table,
        {{ unnest_array("reasons") }} as reason
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

reasons_counted as (
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
)

select * from reasons_counted
