-- Clean customers: one row per customer_id (see the quarantine model beside
-- it for the rest). Typed and trimmed; country and city case-normalised;
-- email replaced by email_hash; full_name and phone dropped.
with

customers_validated as (
    select * from {{ ref('stg_shop__customers_validated') }}
),

clean as (
    select
        source_row_number,
        customer_id,
        signup_at,
        signup_date,
        birth_date,
        gender,
        country,
        city,
        email_hash
    from customers_validated
    where {{ array_length('reasons') }} = 0
)

select * from clean
