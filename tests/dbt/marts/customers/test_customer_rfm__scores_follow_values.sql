-- Each RFM score must be a non-decreasing step function of its value (better
-- value, never a lower score) that never splits ties (one score per value).
-- Returns one row per violating value.
with

customer_rfm as (
    select
        recency_days,
        order_count,
        total_revenue,
        r_score,
        f_score,
        m_score
    from {{ ref('customer_rfm') }}
),

values_scored as (
    select
        'r_score' as score_name,
        -cast(recency_days as double) as goodness,
        min(r_score) as min_score,
        max(r_score) as max_score
    from customer_rfm
    group by recency_days
    union all
    select
        'f_score' as score_name,
        cast(order_count as double) as goodness,
        min(f_score) as min_score,
        max(f_score) as max_score
    from customer_rfm
    group by order_count
    union all
    select
        'm_score' as score_name,
        cast(total_revenue as double) as goodness,
        min(m_score) as min_score,
        max(m_score) as max_score
    from customer_rfm
    group by total_revenue
),

values_ordered as (
    select
        *,
        lag(max_score) over (
            partition by score_name order by goodness
        ) as previous_max_score
    from values_scored
),

violations as (
    select *
    from values_ordered
    where
        min_score <> max_score
        or min_score < previous_max_score
)

select * from violations
