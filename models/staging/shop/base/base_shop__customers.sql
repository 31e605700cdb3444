-- Every raw customer row, parsed and pseudonymised, with the list of reasons
-- it cannot be used (`reasons`, empty when clean). PII never leaves this
-- model in clear: email becomes email_hash (salted SHA-256 of the trimmed,
-- lower-cased address); full_name and phone are only kept masked in
-- raw_full_name / raw_phone ('[redacted]' when present) for the quarantine.
-- A customer_id found on several usable rows with different values keeps its
-- first row in file order; the later ones are duplicate_customer_id.
-- Steps as in every base_shop__ model (_shop__docs.md, "staging_flow"):
-- parsed, copies_numbered, row_checked, checked, typed.
{{ config(materialized='table') }}
-- A table, not a view: a view would store its SQL, salt included, in the
-- warehouse file for anyone to read; a table stores only the hashes.

{%- set raw_columns = [
    'customer_id', 'signup_at', 'birth_date', 'gender', 'country', 'city',
    'email', 'full_name', 'phone',
] %}

with

source_customers as (
    {{ raw_batch_sql(source('shop', 'customers'), 'customers', raw_columns) }}
),

parsed as (
    select
        source_file,
        source_row_number,
        source_file_row_number,
        source_line_number,
        source_record_error,
        customer_id as raw_customer_id,
        signup_at as raw_signup_at,
        birth_date as raw_birth_date,
        gender as raw_gender,
        country as raw_country,
        city as raw_city,
        email as raw_email,
        full_name as raw_full_name,
        phone as raw_phone,
        {{ clean_text('customer_id') }} as customer_id,
        {{ parse_timestamp('signup_at') }} as signup_at,
        {{ parse_date('birth_date') }} as birth_date,
        lower({{ clean_text('gender') }}) as gender,
        {{ clean_text('country') }} as country_trimmed,
        {{ clean_text('city') }} as city_trimmed,
        lower({{ clean_text('email') }}) as email_normalised
    from source_customers
),

copies_numbered as (
    {{ copy_numbers_sql('parsed', 'source_customers', raw_columns) }}
),

row_checked as (
    select
        *,
        {{ reason_codes([
            ['source_record_error is not null', 'malformed_record'],
            ['customer_id is null', 'missing_customer_id'],
            ["signup_at is null and trim(raw_signup_at) <> ''", 'bad_timestamp'],
            ["birth_date is null and trim(raw_birth_date) <> ''", 'bad_date'],
            ['copy_number > 1', 'duplicate_row'],
        ], source_table='customers') }} as row_reasons
    from copies_numbered
),

checked as (
    {{ checked_rows_sql('row_checked', 'customers', 'customer_id') }}
),

typed as (
    select
        source_file,
        source_row_number,
        source_file_row_number,
        source_line_number,
        raw_customer_id,
        raw_signup_at,
        raw_birth_date,
        raw_gender,
        raw_country,
        raw_city,
        {{ pii_hash('email_normalised') }} as raw_email,
        case when raw_full_name is not null then '[redacted]' end as raw_full_name,
        case when raw_phone is not null then '[redacted]' end as raw_phone,
        customer_id,
        signup_at,
        cast(signup_at as date) as signup_date,
        birth_date,
        gender,
        case
            when length(country_trimmed) <= 3 then upper(country_trimmed)
            else {{ proper_case('country_trimmed') }}
        end as country,
        {{ proper_case('city_trimmed') }} as city,
        {{ pii_hash('email_normalised') }} as email_hash,
        reasons
    from checked
)

select * from typed
