-- One row per customer of customer_features: every customer_features column
-- plus the purchase-rhythm figures the propensity model reads, all as of the
-- as-of date (its training twin: as of the cut-off). Counts are distinct
-- clean purchase days (int_customer_days) in the last 30 / 90 / 180 days:
-- the window of N days holds the dates after as_of_date - N, up to the
-- as-of date.
-- purchase_trend_90d = purchase days in the last 90 days minus those in the
-- 90 days before; recency_to_interval_ratio = days since the last purchase
-- day divided by the customer's mean days between purchase days (NULL with
-- a single purchase day).
with

customer_features as (
    select * from {{ ref('customer_features') }}
),

int_customer_days as (
    select
        customer_id,
        purchase_date
    from {{ ref('int_customer_days') }}
),

int_as_of_date as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

days_aged as (
    select
        int_customer_days.customer_id,
        {{ dbt.datediff(
            'int_customer_days.purchase_date',
            'int_as_of_date.as_of_date', 'day') }} as days_ago
    from int_customer_days
    cross join int_as_of_date
),

windows_counted as (
    select
        customer_id,
        count(case when days_ago < 30 then 1 end) as purchase_days_30d,
        count(case when days_ago < 90 then 1 end) as purchase_days_90d,
        count(case when days_ago < 180 then 1 end) as purchase_days_180d,
        count(
            case when days_ago >= 90 and days_ago < 180 then 1 end
        ) as purchase_days_prior_90d
    from days_aged
    group by customer_id
),

customers_featured as (
    select
        customer_features.*,
        coalesce(windows_counted.purchase_days_30d, 0) as purchase_days_30d,
        coalesce(windows_counted.purchase_days_90d, 0) as purchase_days_90d,
        coalesce(windows_counted.purchase_days_180d, 0)
            as purchase_days_180d,
        coalesce(windows_counted.purchase_days_90d, 0)
        - coalesce(windows_counted.purchase_days_prior_90d, 0)
            as purchase_trend_90d,
        case
            when customer_features.frequency > 0 and customer_features.recency > 0
                then
                    cast(customer_features.recency_days as double)
                    * customer_features.frequency
                    / customer_features.recency
        end as recency_to_interval_ratio
    from customer_features
    left join windows_counted
        on customer_features.customer_id = windows_counted.customer_id
)

select * from customers_featured
