-- The fit sample of segment_model: at most var `segment_sample_size`
-- customers of customer_features with their clustering features. The
-- customers are the first ones by md5(customer_id), a pseudo-random but fixed
-- choice: the same data always gives the same sample, whatever the row order,
-- and a customer stays in it as long as the limit is not reached before it.
{%- set features = segment_features() %}
{%- set sample_size = checked_var('segment_sample_size') %}

with

customer_features as (
    select
        {%- for feature in features %}
            cast({{ feature }} as double) as {{ feature }},
        {%- endfor %}
        customer_id
    from {{ ref('customer_features') }}
),

customers_ranked as (
    select
        *,
        row_number() over (
            order by {{ dbt.hash('customer_id') }}, customer_id
        ) as sample_rank
    from customer_features
),

sample_drawn as (
    select
        {%- for feature in features %}
            {{ feature }},
        {%- endfor %}
        customer_id
    from customers_ranked
    where sample_rank <= {{ sample_size | int }}
)

select * from sample_drawn
