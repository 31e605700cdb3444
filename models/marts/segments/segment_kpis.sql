-- One row per segment with customers, plus one total row (segment_id
-- 'total'): the figures an analyst puts first in front of a marketing team.
-- Money is in the warehouse currency; revenue is net (customer_rfm).
-- Both kinds of row come from one aggregate over segment_memberships.
with

segment_memberships as (
    select
        customer_id,
        segment_id,
        segment_name,
        is_total
    from {{ ref('segment_memberships') }}
),

customer_rfm as (
    select
        customer_id,
        order_count,
        total_revenue,
        gross_revenue,
        returned_revenue,
        recency_days,
        r_score,
        f_score,
        m_score
    from {{ ref('customer_rfm') }}
),

int_orders_aggregated as (
    select
        customer_id,
        is_purchase_order,
        item_count
    from {{ ref('int_orders_aggregated') }}
),

int_customer_lines_filtered as (
    select
        customer_id,
        category,
        line_revenue
    from {{ ref('int_customer_lines_filtered') }}
),

orders_per_customer as (
    select
        customer_id,
        sum(case when is_purchase_order then item_count end) as item_count
    from int_orders_aggregated
    group by customer_id
),

category_revenue_per_customer as (
    select
        customer_id,
        category,
        sum(line_revenue) as net_revenue
    from int_customer_lines_filtered
    where category is not null
    group by customer_id, category
),

top_categories as (
    select
        segment_memberships.segment_id,
        category_revenue_per_customer.category,
        row_number() over (
            partition by segment_memberships.segment_id
            order by
                sum(category_revenue_per_customer.net_revenue) desc,
                category_revenue_per_customer.category asc
        ) as category_rank
    from segment_memberships
    inner join category_revenue_per_customer
        on segment_memberships.customer_id = category_revenue_per_customer.customer_id
    group by segment_memberships.segment_id, category_revenue_per_customer.category
),

segments_summarised as (
    select
        segment_memberships.segment_id,
        segment_memberships.segment_name,
        segment_memberships.is_total,
        count(*) as customer_count,
        sum(customer_rfm.total_revenue) as net_revenue,
        sum(customer_rfm.order_count) as order_count,
        sum(orders_per_customer.item_count) as item_count,
        sum(customer_rfm.gross_revenue) as gross_revenue,
        sum(customer_rfm.returned_revenue) as returned_revenue,
        {{ median('customer_rfm.recency_days') }} as median_recency_days,
        avg(case when customer_rfm.order_count >= 2 then 1e0 else 0e0 end)
            as repeat_customer_rate,
        avg(cast(customer_rfm.r_score as double)) as mean_r_score,
        avg(cast(customer_rfm.f_score as double)) as mean_f_score,
        avg(cast(customer_rfm.m_score as double)) as mean_m_score
    from segment_memberships
    inner join customer_rfm
        on segment_memberships.customer_id = customer_rfm.customer_id
    left join orders_per_customer
        on segment_memberships.customer_id = orders_per_customer.customer_id
    group by
        segment_memberships.segment_id,
        segment_memberships.segment_name,
        segment_memberships.is_total
),

kpis_computed as (
    select
        segments_summarised.segment_id,
        segments_summarised.segment_name,
        segments_summarised.is_total,
        segments_summarised.customer_count,
        segments_summarised.net_revenue,
        {{ round_to_cents(
            'cast(segments_summarised.net_revenue as double)'
            ~ ' / segments_summarised.customer_count'
        ) }} as revenue_per_customer,
        segments_summarised.order_count,
        {{ round_to_cents(
            'cast(segments_summarised.net_revenue as double)'
            ~ ' / nullif(segments_summarised.order_count, 0)'
        ) }} as average_order_value,
        segments_summarised.gross_revenue,
        segments_summarised.returned_revenue,
        segments_summarised.median_recency_days,
        segments_summarised.repeat_customer_rate,
        segments_summarised.mean_r_score,
        segments_summarised.mean_f_score,
        segments_summarised.mean_m_score,
        top_categories.category as top_category,
        segments_summarised.customer_count * 1e0
        / totals.customer_count as customer_share,
        cast(segments_summarised.net_revenue as double)
        / nullif(cast(totals.net_revenue as double), 0)
            as revenue_share,
        segments_summarised.order_count * 1e0
        / segments_summarised.customer_count as orders_per_customer,
        segments_summarised.item_count * 1e0
        / nullif(segments_summarised.order_count, 0) as items_per_order,
        cast(segments_summarised.returned_revenue as double)
        / nullif(cast(segments_summarised.gross_revenue as double), 0)
            as return_rate
    from segments_summarised
    inner join segments_summarised as totals
        on totals.is_total
    left join top_categories
        on
            segments_summarised.segment_id = top_categories.segment_id
            and top_categories.category_rank = 1
)

select * from kpis_computed
