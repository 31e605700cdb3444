-- Raw customer rows that cannot be used: one row per quarantined raw row,
-- with its position in the file, its original values and why. PII is masked
-- (see stg_shop__customers_validated): email as its salted hash, full_name
-- and phone as '[redacted]' when present.
with

customers_validated as (
    select * from {{ ref('stg_shop__customers_validated') }}
),

quarantined as (
    select
        'customers' as source_table,
        source_row_number,
        source_line_number,
        reasons,
        {{ raw_values_json([
            'customer_id', 'signup_at', 'birth_date', 'gender', 'country',
            'city', 'email', 'full_name', 'phone',
        ]) }} as raw_values
    from customers_validated
    where {{ array_length('reasons') }} > 0
)

select * from quarantined
