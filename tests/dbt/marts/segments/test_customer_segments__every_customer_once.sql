-- Every customer of customer_features gets exactly one segment (when the fit
-- found segments at all), and nobody else does.
with

customer_features as (
    select customer_id from {{ ref('customer_features') }}
),

customer_segments as (
    select customer_id from {{ ref('customer_segments') }}
),

segment_model as (
    select k from {{ ref('segment_model') }}
    where artifact = 'run'
),

customers_compared as (
    select
        coalesce(customer_features.customer_id, customer_segments.customer_id)
            as customer_id,
        customer_features.customer_id is not null as has_features,
        count(customer_segments.customer_id) as segment_rows
    from customer_features
    full outer join customer_segments
        on customer_features.customer_id = customer_segments.customer_id
    group by
        coalesce(customer_features.customer_id, customer_segments.customer_id),
        customer_features.customer_id is not null
),

violations as (
    select customers_compared.*
    from customers_compared
    cross join segment_model
    where
        not customers_compared.has_features
        or (segment_model.k > 0 and customers_compared.segment_rows != 1)
)

select * from violations
