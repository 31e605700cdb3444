-- One row per customer with at least one clean purchase on or before the
-- as-of date (the customers of customer_rfm; browse-only visitors are not
-- included): every customer_rfm column, behavioural features from browsing
-- events and purchase-pattern features from orders and the customers table.
-- The publication date's rows of int_customers_featured (keyed by
-- as_of_date and customer_id; the propensity backtest reads the training
-- date's rows there).
with

int_customers_featured as (
    select * from {{ ref('int_customers_featured') }}
),

int_as_of_dates as (
    select as_of_date
    from {{ ref('int_as_of_dates') }}
    where date_role = 'publication'
),

publication_rows as (
    select
        int_customers_featured.customer_id,
        int_customers_featured.first_order_at,
        int_customers_featured.last_order_at,
        int_customers_featured.order_count,
        int_customers_featured.total_revenue,
        int_customers_featured.gross_revenue,
        int_customers_featured.returned_revenue,
        int_customers_featured.return_rate,
        int_customers_featured.return_order_rate,
        int_customers_featured.avg_order_value,
        int_customers_featured.recency_days,
        int_customers_featured.r_score,
        int_customers_featured.f_score,
        int_customers_featured.m_score,
        int_customers_featured.rfm_cell,
        int_customers_featured.rfm_segment,
        int_customers_featured.frequency,
        int_customers_featured.recency,
        int_customers_featured.t,
        int_customers_featured.monetary_value,
        int_customers_featured.session_count,
        int_customers_featured.product_view_count,
        int_customers_featured.search_count,
        int_customers_featured.distinct_search_terms,
        int_customers_featured.add_to_cart_count,
        int_customers_featured.checkout_count,
        int_customers_featured.cart_abandonment_rate,
        int_customers_featured.view_to_purchase_rate,
        int_customers_featured.search_to_purchase_rate,
        int_customers_featured.days_since_last_visit,
        int_customers_featured.tenure_days,
        int_customers_featured.mean_days_between_orders,
        int_customers_featured.sd_days_between_orders,
        int_customers_featured.avg_basket_items,
        int_customers_featured.avg_basket_products,
        int_customers_featured.distinct_categories,
        int_customers_featured.top_category,
        int_customers_featured.top_category_spend_share,
        int_customers_featured.web_spend_share,
        int_customers_featured.app_spend_share,
        int_customers_featured.store_spend_share,
        int_customers_featured.preferred_weekday,
        int_customers_featured.preferred_hour_band,
        int_customers_featured.age_band,
        int_customers_featured.country,
        int_customers_featured.days_since_signup
    from int_customers_featured
    inner join int_as_of_dates
        on int_customers_featured.as_of_date = int_as_of_dates.as_of_date
)

select * from publication_rows
