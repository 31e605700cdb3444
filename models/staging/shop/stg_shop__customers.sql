-- Clean customers: one row per customer_id (see the quarantine model beside
-- it for the rest). Typed and trimmed; country and city case-normalised;
-- email replaced by email_hash; full_name and phone dropped.
with

base_shop__customers as (
    select * from {{ ref('base_shop__customers') }}
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
    from base_shop__customers
    where {{ reasons_are_empty('reasons') }}
)

select * from clean
