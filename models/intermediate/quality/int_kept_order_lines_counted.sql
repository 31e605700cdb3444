-- One row per kind of clean order line that is kept but flagged or
-- normalised (guest checkout, unknown product, return, default quantity,
-- ...): what the flag means and how many clean order lines carry it.
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

base_shop__order_lines as (
    select
        customer_id,
        product_id,
        is_return,
        is_cancelled,
        has_default_quantity,
        has_date_only_timestamp,
        has_stray_whitespace,
        reasons
    from {{ ref('base_shop__order_lines') }}
),

int_order_lines_enriched as (
    select
        product_id,
        has_known_product,
        is_non_product_item
    from {{ ref('int_order_lines_enriched') }}
),

kept_lines_counted as (
    {%- for flag in kept_line_flags %}
        select
            'keep' as handling,
            {{ sql_string(flag[2]) }} as reason_description,
            'order_lines' as source_table,
            '{{ flag[0] }}' as reason,
            count(case when {{ flag[1] }} then 1 end) as reason_rows
        from base_shop__order_lines
        where {{ reasons_are_empty('reasons') }}
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
)

select * from kept_lines_counted
