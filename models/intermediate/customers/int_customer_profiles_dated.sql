-- One row per as-of date (the dates of int_as_of_dates that need customer
-- features) and customer of the customers table: what the customers table
-- says about the customer as of that date. The country; days since signup
-- (NULL when the signup is after the date); the age band from the whole
-- years lived on the date (birthdays counted exactly; NULL without a birth
-- date or for a birth date after the as-of date).
with

stg_shop__customers as (
    select
        customer_id,
        signup_date,
        birth_date,
        country
    from {{ ref('stg_shop__customers') }}
),

int_as_of_dates as (
    select distinct as_of_date
    from {{ ref('int_as_of_dates') }}
    where needs_customer_features
),

customer_ages as (
    select
        int_as_of_dates.as_of_date,
        stg_shop__customers.customer_id,
        stg_shop__customers.country,
        case
            when stg_shop__customers.signup_date <= int_as_of_dates.as_of_date
                then cast({{ dbt.datediff(
                    'stg_shop__customers.signup_date',
                    'int_as_of_dates.as_of_date', 'day') }} as integer)
        end as days_since_signup,
        extract(year from int_as_of_dates.as_of_date)
        - extract(year from stg_shop__customers.birth_date)
        - case
            when
                extract(month from int_as_of_dates.as_of_date) * 100
                + extract(day from int_as_of_dates.as_of_date)
                < extract(month from stg_shop__customers.birth_date) * 100
                + extract(day from stg_shop__customers.birth_date)
                then 1
            else 0
        end as age_years
    from stg_shop__customers
    cross join int_as_of_dates
),

profiles_banded as (
    select
        as_of_date,
        customer_id,
        country,
        days_since_signup,
        case
            when age_years < 0 then null
            when age_years < 18 then '<18'
            when age_years < 25 then '18-24'
            when age_years < 35 then '25-34'
            when age_years < 45 then '35-44'
            when age_years < 55 then '45-54'
            when age_years < 65 then '55-64'
            when age_years is not null then '65+'
        end as age_band
    from customer_ages
)

select * from profiles_banded
