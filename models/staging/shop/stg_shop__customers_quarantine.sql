-- Raw customer rows that cannot be used: one row per quarantined raw row,
-- with its position in the file, its original values and why. PII is masked
-- (see base_shop__customers): email as its salted hash, full_name
-- and phone as '[redacted]' when present.
with

base_shop__customers as (
    select * from {{ ref('base_shop__customers') }}
),

quarantined as (
    select
        'customers' as source_table,
        source_file,
        source_row_number,
        source_file_row_number,
        source_line_number,
        reasons,
        {{ raw_values_json([
            'customer_id', 'signup_at', 'birth_date', 'gender', 'country',
            'city', 'email', 'full_name', 'phone',
        ]) }} as raw_values
    from base_shop__customers
    where not {{ reasons_are_empty('reasons') }}
)

select * from quarantined
