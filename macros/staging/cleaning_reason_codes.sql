{#
    The documented quarantine reason codes per raw table, with a one-line
    meaning each (docs block `quarantine_reason_codes` says the same):
    {table: {code: description}}. The validated staging models may only emit
    these (`reason_codes` checks it at compile time) and data_quality_report
    lists every one of them, with zero rows when none was found.
#}
{% macro cleaning_reason_codes() -%}
    {%- set not_a_timestamp = ' is not a date or timestamp (YYYY-MM-DD[ HH:MM:SS])' -%}
    {%- set malformed_record = 'the raw CSV record is malformed (an unclosed or misplaced quote, or more fields than the header): it stands on its source_line_number alone, without values' -%}
    {%- set duplicate_row = 'exact copy of an earlier row of the table (all raw values equal; the same file or a batch file loaded before); the first copy is kept' -%}
    {{- return({
        'order_lines': {
            'malformed_record': malformed_record,
            'missing_order_id': 'order_id is empty',
            'missing_ordered_at': 'ordered_at is empty',
            'bad_timestamp': 'ordered_at' ~ not_a_timestamp,
            'future_timestamp': 'ordered_at is after the load cut-off (var load_date, else the end of the bulk of the data plus future_tolerance_days)',
            'bad_number': 'quantity or unit_price is not a number (or beyond +-10^14)',
            'missing_unit_price': 'unit_price is empty',
            'negative_price': 'unit_price is below 0',
            'unknown_status': 'status is not completed, cancelled or returned (any case; empty means completed)',
            'duplicate_row': duplicate_row,
        },
        'customers': {
            'malformed_record': malformed_record,
            'missing_customer_id': 'customer_id is empty',
            'bad_timestamp': 'signup_at' ~ not_a_timestamp,
            'bad_date': 'birth_date is not a date (YYYY-MM-DD)',
            'duplicate_row': duplicate_row,
            'duplicate_customer_id': 'customer_id already on an earlier usable row with other values; the first row is kept',
        },
        'products': {
            'malformed_record': malformed_record,
            'missing_product_id': 'product_id is empty',
            'bad_number': 'list_price is not a number (or beyond +-10^14)',
            'negative_price': 'list_price is below 0',
            'duplicate_row': duplicate_row,
            'duplicate_product_id': 'product_id already on an earlier usable row with other values; the first row is kept',
        },
        'events': {
            'malformed_record': malformed_record,
            'missing_occurred_at': 'occurred_at is empty',
            'bad_timestamp': 'occurred_at' ~ not_a_timestamp,
            'future_timestamp': 'occurred_at is after the load cut-off (var load_date, else the end of the bulk of the data plus future_tolerance_days)',
            'unknown_event_type': 'event_type is empty or not in var event_types (after trim and lower-case)',
            'duplicate_row': duplicate_row,
        },
        'campaigns': {
            'malformed_record': malformed_record,
            'missing_campaign_id': 'campaign_id is empty',
            'bad_timestamp': 'started_at' ~ not_a_timestamp,
            'bad_number': 'cost is not a number (or beyond +-10^14)',
            'negative_cost': 'cost is below 0',
            'duplicate_row': duplicate_row,
            'duplicate_campaign_id': 'campaign_id already on an earlier usable row with other values; the first row is kept',
        },
        'campaign_touches': {
            'malformed_record': malformed_record,
            'missing_campaign_id': 'campaign_id is empty',
            'missing_customer_id': 'customer_id is empty',
            'bad_timestamp': 'touched_at' ~ not_a_timestamp,
            'bad_boolean': 'is_control is not true/false, 1/0 or yes/no (any case; empty means false)',
            'duplicate_row': duplicate_row,
        },
    }) -}}
{%- endmacro %}
