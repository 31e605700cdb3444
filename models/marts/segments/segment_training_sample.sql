-- The fit sample of segment_model: at most var `segment_sample_size`
-- customers of customer_features with their clustering features. The
-- customers are the first ones by md5(customer_id), a pseudo-random but fixed
-- choice: the same data always gives the same sample, whatever the row order,
-- and a customer stays in it as long as the limit is not reached before it.
{%- set features = segment_features() %}
{%- set sample_size = var('segment_sample_size') %}
{%- if sample_size is not number or sample_size < 1
    or sample_size != sample_size | int %}
    {{ exceptions.raise_compiler_error(
        "var segment_sample_size must be a whole number >= 1, got '"
        ~ sample_size ~ "' (e.g. --vars '{segment_sample_size: 50000}')"
    ) }}
{%- endif %}

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
