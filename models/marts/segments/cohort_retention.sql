-- One row per segment (or 'total' for all customers), first-purchase month
-- (cohort_month) and calendar month since then (activity_month): how many of
-- the cohort's customers bought in that month, and the cohort's net revenue
-- in it (sales minus returns of its customers' lines that month). Month 0 is
-- the first-purchase month, where every customer buys. Months run up to the
-- as-of date's month; a calendar month without any customer line in the
-- whole data has no row. Lines dated before a customer's first purchase (a
-- return of something bought before the data starts) fall in no cell.
with

segment_memberships as (
    select
        customer_id,
        segment_id,
        segment_name
    from {{ ref('segment_memberships') }}
),

customer_rfm as (
    select
        customer_id,
        first_order_at
    from {{ ref('customer_rfm') }}
),

int_customer_lines_filtered as (
    select
        customer_id,
        ordered_date,
        line_revenue,
        is_purchase
    from {{ ref('int_customer_lines_filtered') }}
),

customer_cohorts as (
    select
        customer_id,
        cast({{ dbt.date_trunc('month', 'first_order_at') }} as date)
            as cohort_month
    from customer_rfm
),

customer_months as (
    select
        customer_id,
        cast({{ dbt.date_trunc('month', 'ordered_date') }} as date)
            as activity_month,
        max(case when is_purchase then 1 else 0 end) as has_purchase,
        sum(line_revenue) as net_revenue
    from int_customer_lines_filtered
    group by 1, 2
),

calendar_months as (
    select distinct activity_month from customer_months
),

cohorts_sized as (
    select
        segment_memberships.segment_id,
        segment_memberships.segment_name,
        customer_cohorts.cohort_month,
        count(*) as cohort_customers
    from segment_memberships
    inner join customer_cohorts
        on segment_memberships.customer_id = customer_cohorts.customer_id
    group by 1, 2, 3
),

cohort_activity as (
    select
        segment_memberships.segment_id,
        customer_cohorts.cohort_month,
        customer_months.activity_month,
        sum(customer_months.has_purchase) as active_customers,
        sum(customer_months.net_revenue) as net_revenue
    from segment_memberships
    inner join customer_cohorts
        on segment_memberships.customer_id = customer_cohorts.customer_id
    inner join customer_months
        on
            segment_memberships.customer_id = customer_months.customer_id
            and customer_cohorts.cohort_month <= customer_months.activity_month
    group by 1, 2, 3
),

retention_computed as (
    select
        cohorts_sized.segment_id,
        cohorts_sized.segment_name,
        cohorts_sized.cohort_month,
        calendar_months.activity_month,
        {{ dbt.datediff(
            'cohorts_sized.cohort_month', 'calendar_months.activity_month', 'month'
        ) }} as months_since_first_purchase,
        cohorts_sized.cohort_customers,
        coalesce(cohort_activity.active_customers, 0) as active_customers,
        coalesce(cohort_activity.active_customers, 0) * 1e0
        / cohorts_sized.cohort_customers as retention_rate,
        coalesce(cohort_activity.net_revenue, 0) as net_revenue
    from cohorts_sized
    inner join calendar_months
        on cohorts_sized.cohort_month <= calendar_months.activity_month
    left join cohort_activity
        on
            cohorts_sized.segment_id = cohort_activity.segment_id
            and cohorts_sized.cohort_month = cohort_activity.cohort_month
            and calendar_months.activity_month = cohort_activity.activity_month
)

select * from retention_computed
