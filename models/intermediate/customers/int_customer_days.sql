-- One row per customer and purchase day: the clean purchase lines (completed,
-- quantity > 0) of the day on or before the as-of date. `day_value` is the sum
-- of their line revenue, the "transaction" of lifetimes'
-- summary_data_from_transaction_data at freq 'D'; returns are not netted.
with

int_customer_lines_filtered as (
    select
        order_id,
        customer_id,
        ordered_at,
        ordered_date,
        line_revenue
    from {{ ref('int_customer_lines_filtered') }}
    where is_purchase
),

days_aggregated as (
    select
        customer_id,
        ordered_date as purchase_date,
        sum(line_revenue) as day_value,
        count(*) as purchase_line_count,
        count(distinct order_id) as order_count,
        min(ordered_at) as first_ordered_at,
        max(ordered_at) as last_ordered_at
    from int_customer_lines_filtered
    group by customer_id, ordered_date
),

days_numbered as (
    select
        *,
        row_number() over (
            partition by customer_id order by purchase_date
        ) as purchase_day_number,
        {{ dbt.datediff(
            'lag(purchase_date) over (partition by customer_id order by purchase_date)',
            'purchase_date', 'day') }} as days_since_previous_purchase_day
    from days_aggregated
)

select * from days_numbered
