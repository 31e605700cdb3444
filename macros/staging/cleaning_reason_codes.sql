{#
    The documented quarantine reason codes per raw table (docs block
    `quarantine_reason_codes` explains each): a dict {table: [codes]}. The
    validated staging models may only emit these (`reason_codes` checks it
    at compile time) and data_quality_report lists every one of them, with
    zero rows when none was found.
#}
{% macro cleaning_reason_codes() -%}
    {{- return({
        'order_lines': [
            'missing_order_id', 'missing_ordered_at', 'bad_timestamp',
            'future_timestamp', 'bad_number', 'missing_unit_price',
            'negative_price', 'unknown_status', 'duplicate_row',
        ],
        'customers': [
            'missing_customer_id', 'bad_timestamp', 'bad_date',
            'duplicate_row', 'duplicate_customer_id',
        ],
        'products': [
            'missing_product_id', 'bad_number', 'negative_price',
            'duplicate_row', 'duplicate_product_id',
        ],
        'events': [
            'missing_occurred_at', 'bad_timestamp', 'future_timestamp',
            'unknown_event_type', 'duplicate_row',
        ],
        'campaigns': [
            'missing_campaign_id', 'bad_timestamp', 'bad_number',
            'negative_cost', 'duplicate_row', 'duplicate_campaign_id',
        ],
        'campaign_touches': [
            'missing_campaign_id', 'missing_customer_id', 'bad_timestamp',
            'bad_boolean', 'duplicate_row',
        ],
    }) -}}
{%- endmacro %}
