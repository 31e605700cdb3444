-- One row per customer with at least one clean purchase on or before the
-- as-of date: recency, frequency and monetary figures in the segmentation
-- convention (scores 1..5, cell, named segment) and in the lifetimes / CLV
-- convention (frequency, recency, t, monetary_value in days and currency).
-- total_revenue and avg_order_value are net of returns; the lifetimes
-- columns are built from sales only, as lifetimes computes them.
with

int_customers_rfm_scored as (
    select * from {{ ref('int_customers_rfm_scored') }}
),

rfm_segment_rules as (
    select
        segment_name,
        priority,
        r_min,
        r_max,
        f_min,
        f_max,
        m_min,
        m_max
    from {{ ref('rfm_segment_rules') }}
),

cells_matched as (
    select
        int_customers_rfm_scored.customer_id,
        rfm_segment_rules.segment_name,
        row_number() over (
            partition by int_customers_rfm_scored.customer_id
            order by rfm_segment_rules.priority
        ) as match_rank
    from int_customers_rfm_scored
    inner join rfm_segment_rules
        on
            int_customers_rfm_scored.r_score
            between rfm_segment_rules.r_min and rfm_segment_rules.r_max
            and int_customers_rfm_scored.f_score
            between rfm_segment_rules.f_min and rfm_segment_rules.f_max
            and int_customers_rfm_scored.m_score
            between rfm_segment_rules.m_min and rfm_segment_rules.m_max
),

segments_assigned as (
    select
        int_customers_rfm_scored.customer_id,
        int_customers_rfm_scored.first_order_at,
        int_customers_rfm_scored.last_order_at,
        int_customers_rfm_scored.order_count,
        int_customers_rfm_scored.total_revenue,
        int_customers_rfm_scored.gross_revenue,
        int_customers_rfm_scored.returned_revenue,
        int_customers_rfm_scored.return_rate,
        int_customers_rfm_scored.return_order_rate,
        int_customers_rfm_scored.avg_order_value,
        int_customers_rfm_scored.recency_days,
        int_customers_rfm_scored.r_score,
        int_customers_rfm_scored.f_score,
        int_customers_rfm_scored.m_score,
        {{ dbt.concat([
            'cast(int_customers_rfm_scored.r_score as ' ~ dbt.type_string() ~ ')',
            'cast(int_customers_rfm_scored.f_score as ' ~ dbt.type_string() ~ ')',
            'cast(int_customers_rfm_scored.m_score as ' ~ dbt.type_string() ~ ')',
        ]) }} as rfm_cell,
        cells_matched.segment_name as rfm_segment,
        int_customers_rfm_scored.frequency,
        int_customers_rfm_scored.recency,
        int_customers_rfm_scored.t,
        int_customers_rfm_scored.monetary_value
    from int_customers_rfm_scored
    left join cells_matched
        on
            int_customers_rfm_scored.customer_id = cells_matched.customer_id
            and cells_matched.match_rank = 1
)

select * from segments_assigned
