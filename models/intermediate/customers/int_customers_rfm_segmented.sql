-- One row per as-of date (the dates of int_as_of_dates that need customer
-- features) and customer with at least one clean purchase on or before it:
-- the RFM figures and scores of int_customers_rfm_scored with the cell and
-- the named segment (seed rfm_segment_rules, the first matching rule by
-- priority). customer_rfm publishes the publication date's rows.
{{ config(materialized='table') }}
-- A table, not a view: customer_rfm and int_customers_featured both read it,
-- and as a view each would rank every customer of every date again.
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
        int_customers_rfm_scored.as_of_date,
        int_customers_rfm_scored.customer_id,
        rfm_segment_rules.segment_name,
        row_number() over (
            partition by
                int_customers_rfm_scored.as_of_date,
                int_customers_rfm_scored.customer_id
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
        int_customers_rfm_scored.as_of_date,
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
            int_customers_rfm_scored.as_of_date = cells_matched.as_of_date
            and int_customers_rfm_scored.customer_id = cells_matched.customer_id
            and cells_matched.match_rank = 1
)

select * from segments_assigned
