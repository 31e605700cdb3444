-- One row per as-of date (the dates of int_as_of_dates that need customer
-- features) and customer of int_customers_featured: every customer_features
-- column plus the purchase-rhythm figures the propensity model reads, all as
-- of that date. The model learns from the propensity_training date's rows
-- and scores the publication date's. Counts are distinct clean purchase
-- days (int_customer_days) in the last 30 / 90 / 180 days: the window of N
-- days holds the dates after as_of_date - N, up to the as-of date.
-- purchase_trend_90d = purchase days in the last 90 days minus those in the
-- 90 days before; recency_to_interval_ratio = days since the last purchase
-- day divided by the customer's mean days between purchase days (NULL with
-- a single purchase day).
with

int_customers_featured as (
    select * from {{ ref('int_customers_featured') }}
),

int_customer_days as (
    select
        customer_id,
        purchase_date
    from {{ ref('int_customer_days') }}
),

int_as_of_dates as (
    select distinct as_of_date
    from {{ ref('int_as_of_dates') }}
    where needs_customer_features
),

days_aged as (
    select
        int_as_of_dates.as_of_date,
        int_customer_days.customer_id,
        {{ dbt.datediff(
            'int_customer_days.purchase_date',
            'int_as_of_dates.as_of_date', 'day') }} as days_ago
    from int_customer_days
    inner join int_as_of_dates
        on int_customer_days.purchase_date <= int_as_of_dates.as_of_date
),

windows_counted as (
    select
        as_of_date,
        customer_id,
        count(case when days_ago < 30 then 1 end) as purchase_days_30d,
        count(case when days_ago < 90 then 1 end) as purchase_days_90d,
        count(case when days_ago < 180 then 1 end) as purchase_days_180d,
        count(
            case when days_ago >= 90 and days_ago < 180 then 1 end
        ) as purchase_days_prior_90d
    from days_aged
    group by as_of_date, customer_id
),

customers_featured as (
    select
        int_customers_featured.*,
        coalesce(windows_counted.purchase_days_30d, 0) as purchase_days_30d,
        coalesce(windows_counted.purchase_days_90d, 0) as purchase_days_90d,
        coalesce(windows_counted.purchase_days_180d, 0)
            as purchase_days_180d,
        coalesce(windows_counted.purchase_days_90d, 0)
        - coalesce(windows_counted.purchase_days_prior_90d, 0)
            as purchase_trend_90d,
        case
            when int_customers_featured.frequency > 0 and int_customers_featured.recency > 0
                then
                    cast(int_customers_featured.recency_days as double)
                    * int_customers_featured.frequency
                    / int_customers_featured.recency
        end as recency_to_interval_ratio
    from int_customers_featured
    left join windows_counted
        on
            int_customers_featured.as_of_date = windows_counted.as_of_date
            and int_customers_featured.customer_id
            = windows_counted.customer_id
)

select * from customers_featured
