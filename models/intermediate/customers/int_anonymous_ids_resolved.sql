-- One row per anonymous_id that clean events show with a customer, as a
-- validity interval: the anonymous_id stands for `customer_id` on the dates
-- from `resolved_from` (the first day they are seen together) up to, not
-- including, `resolved_until` (the first day another customer is seen with
-- it; NULL while none is). An anonymous_id seen with two customers on its
-- first day stands for no one. As of a date only events on or before it
-- count, so a later login cannot change what an earlier date's features
-- say: int_events_sessionised joins each event to its anonymous_id once and
-- keeps the customer only for the as-of dates inside the interval.
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

pairs_first_seen as (
    select
        anonymous_id,
        customer_id,
        min(occurred_date) as first_seen_date
    from stg_shop__events
    group by anonymous_id, customer_id
),

first_days as (
    select
        anonymous_id,
        min(first_seen_date) as resolved_from
    from pairs_first_seen
    group by anonymous_id
),

first_customers as (
    select
        first_days.anonymous_id,
        first_days.resolved_from,
        min(pairs_first_seen.customer_id) as customer_id
    from first_days
    inner join pairs_first_seen
        on
            first_days.anonymous_id = pairs_first_seen.anonymous_id
            and first_days.resolved_from = pairs_first_seen.first_seen_date
    group by first_days.anonymous_id, first_days.resolved_from
    having count(*) = 1
),

second_customers as (
    select
        first_customers.anonymous_id,
        min(pairs_first_seen.first_seen_date) as resolved_until
    from first_customers
    inner join pairs_first_seen
        on
            first_customers.anonymous_id = pairs_first_seen.anonymous_id
            and first_customers.customer_id <> pairs_first_seen.customer_id
    group by first_customers.anonymous_id
),

anonymous_ids_resolved as (
    select
        first_customers.anonymous_id,
        first_customers.customer_id,
        first_customers.resolved_from,
        second_customers.resolved_until
    from first_customers
    left join second_customers
        on first_customers.anonymous_id = second_customers.anonymous_id
)

select * from anonymous_ids_resolved
