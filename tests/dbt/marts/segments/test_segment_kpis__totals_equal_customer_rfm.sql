-- segment_kpis' total row holds exactly customer_rfm's customers, net
-- revenue and orders (no tolerance: money is decimal), and its segment rows
-- add up to the total row.
with

segment_kpis as (
    select
        is_total,
        customer_count,
        net_revenue,
        order_count
    from {{ ref('segment_kpis') }}
),

customer_rfm as (
    select
        order_count,
        total_revenue
    from {{ ref('customer_rfm') }}
),

rfm_totals as (
    select
        count(*) as customer_count,
        sum(total_revenue) as net_revenue,
        sum(order_count) as order_count
    from customer_rfm
),

kpi_totals as (
    select
        is_total,
        sum(customer_count) as customer_count,
        sum(net_revenue) as net_revenue,
        sum(order_count) as order_count
    from segment_kpis
    group by is_total
),

mismatches as (
    select
        kpi_totals.is_total,
        kpi_totals.customer_count,
        kpi_totals.net_revenue,
        kpi_totals.order_count
    from kpi_totals
    cross join rfm_totals
    where
        kpi_totals.customer_count != rfm_totals.customer_count
        or kpi_totals.net_revenue != rfm_totals.net_revenue
        or kpi_totals.order_count != rfm_totals.order_count
)

select * from mismatches
