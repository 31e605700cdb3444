-- One row per customer with at least one clean purchase on or before the
-- as-of date: recency, frequency and monetary figures in the segmentation
-- convention (scores 1..5, cell, named segment) and in the lifetimes / CLV
-- convention (frequency, recency, t, monetary_value in days and currency).
-- total_revenue and avg_order_value are net of returns; the lifetimes
-- columns are built from sales only, as lifetimes computes them.
-- The publication date's rows of int_customers_rfm_segmented (keyed by
-- as_of_date and customer_id; the backtests read their own dates' rows).
with

int_customers_rfm_segmented as (
    select * from {{ ref('int_customers_rfm_segmented') }}
),

int_as_of_dates as (
    select as_of_date
    from {{ ref('int_as_of_dates') }}
    where date_role = 'publication'
),

publication_rows as (
    select
        int_customers_rfm_segmented.customer_id,
        int_customers_rfm_segmented.first_order_at,
        int_customers_rfm_segmented.last_order_at,
        int_customers_rfm_segmented.order_count,
        int_customers_rfm_segmented.total_revenue,
        int_customers_rfm_segmented.gross_revenue,
        int_customers_rfm_segmented.returned_revenue,
        int_customers_rfm_segmented.return_rate,
        int_customers_rfm_segmented.return_order_rate,
        int_customers_rfm_segmented.avg_order_value,
        int_customers_rfm_segmented.recency_days,
        int_customers_rfm_segmented.r_score,
        int_customers_rfm_segmented.f_score,
        int_customers_rfm_segmented.m_score,
        int_customers_rfm_segmented.rfm_cell,
        int_customers_rfm_segmented.rfm_segment,
        int_customers_rfm_segmented.frequency,
        int_customers_rfm_segmented.recency,
        int_customers_rfm_segmented.t,
        int_customers_rfm_segmented.monetary_value
    from int_customers_rfm_segmented
    inner join int_as_of_dates
        on int_customers_rfm_segmented.as_of_date = int_as_of_dates.as_of_date
)

select * from publication_rows
