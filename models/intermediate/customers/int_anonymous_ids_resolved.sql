-- One row per as-of date (the dates of int_as_of_dates that need customer
-- features) and anonymous_id seen with exactly one customer on clean events
-- on or before that date: the customer the anonymous_id stands for as of the
-- date. An anonymous_id seen with two or more customers stays unresolved, and
-- events after the date do not count, so a later login cannot change what an
-- earlier date's features say.
{{ config(materialized='table') }}

with

stg_shop__events as (
    select
        customer_id,
        anonymous_id,
        occurred_date
    from {{ ref('stg_shop__events') }}
    where anonymous_id is not null and customer_id is not null
),

int_as_of_dates as (
    select distinct as_of_date
    from {{ ref('int_as_of_dates') }}
    where needs_customer_features
),

-- Each (anonymous_id, customer) pair once, from the first day it is seen:
-- repeating these few rows per date is cheaper than repeating every event.
pairs_first_seen as (
    select
        anonymous_id,
        customer_id,
        min(occurred_date) as first_seen_date
    from stg_shop__events
    group by anonymous_id, customer_id
),

pairs_as_of as (
    {{ rows_up_to_each_date('pairs_first_seen', 'first_seen_date') }}
),

anonymous_ids_resolved as (
    select
        as_of_date,
        anonymous_id,
        min(customer_id) as customer_id
    from pairs_as_of
    group by as_of_date, anonymous_id
    having count(*) = 1
)

select * from anonymous_ids_resolved
