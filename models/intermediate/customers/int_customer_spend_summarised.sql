-- One row per as-of date (the dates of int_as_of_dates that need customer
-- features) and customer with at least one clean purchase line on or before
-- it: how the customer's purchase spend splits over categories and
-- channels. Spend = line revenue of purchase lines (completed,
-- quantity > 0).
-- The lines are summed per customer, day, category and channel first, so
-- that each as-of date repeats those sums, not every line (the sums are of
-- decimals: exact in any grouping).
with

int_customer_lines_filtered as (
    select
        customer_id,
        ordered_date,
        category,
        channel,
        line_revenue,
        is_non_product_item
    from {{ ref('int_customer_lines_filtered') }}
    where is_purchase
),

int_as_of_dates as (
    select distinct as_of_date
    from {{ ref('int_as_of_dates') }}
    where needs_customer_features
),

spend_per_day as (
    select
        customer_id,
        ordered_date,
        category,
        channel,
        is_non_product_item,
        sum(line_revenue) as line_revenue
    from int_customer_lines_filtered
    group by customer_id, ordered_date, category, channel, is_non_product_item
),

spend_as_of as (
    {{ rows_up_to_each_date('spend_per_day', 'ordered_date') }}
),

spend_summarised as (
    select
        as_of_date,
        customer_id,
        {%- for channel in ['web', 'app', 'store'] %}
            sum(case when channel = '{{ channel }}' then line_revenue else 0 end)
                as {{ channel }}_spend,
        {%- endfor %}
        sum(line_revenue) as spend,
        sum(case when channel is not null then line_revenue end)
            as channel_known_spend
    from spend_as_of
    group by as_of_date, customer_id
),

category_spend as (
    select
        as_of_date,
        customer_id,
        category,
        sum(line_revenue) as category_spend
    from spend_as_of
    -- Postage, fees and the like say nothing about what a customer likes.
    where category is not null and not is_non_product_item
    group by as_of_date, customer_id, category
),

categories_ranked as (
    select
        as_of_date,
        customer_id,
        category,
        category_spend,
        count(*) over (partition by as_of_date, customer_id) as distinct_categories,
        row_number() over (
            partition by as_of_date, customer_id
            order by category_spend desc, category asc
        ) as spend_rank
    from category_spend
),

shares_computed as (
    select
        spend_summarised.as_of_date,
        spend_summarised.customer_id,
        {%- for channel in ['web', 'app', 'store'] %}
            case
                when spend_summarised.channel_known_spend is not null then
                    {{ safe_ratio(
                        'cast(spend_summarised.' ~ channel ~ '_spend as double)',
                        'cast(spend_summarised.spend as double)'
                    ) }}
            end as {{ channel }}_spend_share,
        {%- endfor %}
        categories_ranked.distinct_categories,
        categories_ranked.category as top_category,
        {{ safe_ratio(
            'cast(categories_ranked.category_spend as double)',
            'cast(spend_summarised.spend as double)'
        ) }} as top_category_spend_share
    from spend_summarised
    left join categories_ranked
        on
            spend_summarised.as_of_date = categories_ranked.as_of_date
            and spend_summarised.customer_id = categories_ranked.customer_id
            and categories_ranked.spend_rank = 1
)

select * from shares_computed
