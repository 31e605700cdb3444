-- One row per run and customer (as_of_date, customer_id): the customer's
-- cluster segment (customer_segments) and RFM segment (customer_rfm) in the
-- run with that as-of date. Incremental: each build replaces the rows of its
-- own as-of date and keeps every other run, so re-running a date is
-- idempotent and a backtest at an earlier as-of date adds that date's rows.
-- The run date is the as-of date, never the wall clock.
{{ config(
    materialized='incremental',
    full_refresh=false,
    on_schema_change='append_new_columns',
    **replace_by_key_config('as_of_date')
) }}
-- incremental, unlike the other marts: it is the history. full_refresh=false
-- keeps it through `dbt build --full-refresh`; drop the table to reset it.

with

customer_rfm as (
    select
        customer_id,
        rfm_segment
    from {{ ref('customer_rfm') }}
),

customer_segments as (
    select
        customer_id,
        segment_id,
        segment_name
    from {{ ref('customer_segments') }}
),

int_as_of_date as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

customers_observed as (
    select
        int_as_of_date.as_of_date,
        customer_rfm.customer_id,
        customer_segments.segment_id,
        customer_segments.segment_name,
        customer_rfm.rfm_segment
    from customer_rfm
    cross join int_as_of_date
    left join customer_segments
        on customer_rfm.customer_id = customer_segments.customer_id
)

select * from customers_observed
