-- One row per customer and recommended product: the publication date's rows
-- of int_recommendations_combined, up to `recommendations_per_customer` per
-- customer: products the customer has not bought, by item-to-item cosine
-- score (docs block recommendation_score), topped up with the most popular
-- unbought products (`recommendation_source` popularity) when item-CF finds too few. The
-- product's name is attached (NULL when not listed).
with

int_recommendations_combined as (
    select
        as_of_date,
        customer_id,
        recommendation_rank,
        product_id,
        recommendation_source,
        score,
        source_product_count
    from {{ ref('int_recommendations_combined') }}
),

int_as_of_dates as (
    select as_of_date from {{ ref('int_as_of_dates') }}
    where date_role = 'publication'
),

publication_rows as (
    select
        int_recommendations_combined.customer_id,
        int_recommendations_combined.recommendation_rank,
        int_recommendations_combined.product_id,
        {{ product_name_of('int_recommendations_combined.product_id') }}
            as product_name,
        int_recommendations_combined.score,
        int_recommendations_combined.source_product_count,
        int_recommendations_combined.recommendation_source
    from int_recommendations_combined
    inner join int_as_of_dates
        on int_recommendations_combined.as_of_date = int_as_of_dates.as_of_date
    where
        int_recommendations_combined.recommendation_rank
        <= {{ checked_var('recommendations_per_customer') }}
)

select * from publication_rows
