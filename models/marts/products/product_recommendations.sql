-- One row per customer and recommended product: up to
-- `recommendations_per_customer` products the customer has not bought,
-- ranked by item-to-item score. score(c, j) = sum over the distinct products
-- i bought by c of confidence(i -> j), where the rule i -> j counts only when
-- j is among i's top `recommendation_neighbours` consequents by confidence
-- (all of them when that var is null). Ties: product_id ascending.
{%- set neighbours = pair_var('recommendation_neighbours') %}

with

product_pairs as (
    select
        product_a,
        product_b,
        confidence_a_b,
        confidence_b_a
    from {{ ref('product_pairs') }}
),

int_customer_products_deduplicated as (
    select
        customer_id,
        product_id
    from {{ ref('int_customer_products_deduplicated') }}
),

rules_both_ways as (
    {{ pair_rules_both_ways('product_pairs', directed=['confidence']) }}
),

rules_ranked as (
    select
        antecedent_id,
        consequent_id,
        confidence,
        row_number() over (
            partition by antecedent_id
            order by confidence desc, consequent_id asc
        ) as neighbour_rank
    from rules_both_ways
),

rules_used as (
    select
        antecedent_id,
        consequent_id,
        -- Rounded to 12 decimals as an exact decimal, so that the sums below
        -- (and so the ranking) do not depend on the order of summation.
        cast(confidence as decimal(38, 12)) as confidence
    from rules_ranked
    {%- if neighbours is not none %}
        where neighbour_rank <= {{ neighbours }}
    {%- endif %}
),

candidates_scored as (
    select
        int_customer_products_deduplicated.customer_id,
        rules_used.consequent_id as product_id,
        sum(rules_used.confidence) as score,
        count(*) as source_product_count
    from int_customer_products_deduplicated
    inner join rules_used
        on int_customer_products_deduplicated.product_id = rules_used.antecedent_id
    group by int_customer_products_deduplicated.customer_id, rules_used.consequent_id
),

candidates_not_bought as (
    select
        candidates_scored.customer_id,
        candidates_scored.product_id,
        candidates_scored.score,
        candidates_scored.source_product_count
    from candidates_scored
    left join int_customer_products_deduplicated
        on
            candidates_scored.customer_id
            = int_customer_products_deduplicated.customer_id
            and candidates_scored.product_id
            = int_customer_products_deduplicated.product_id
    where int_customer_products_deduplicated.product_id is null
),

candidates_ranked as (
    select
        customer_id,
        product_id,
        score,
        source_product_count,
        row_number() over (
            partition by customer_id
            order by score desc, product_id asc
        ) as recommendation_rank
    from candidates_not_bought
),

top_candidates as (
    select
        customer_id,
        recommendation_rank,
        product_id,
        score,
        source_product_count
    from candidates_ranked
    where
        recommendation_rank
        <= {{ pair_var('recommendations_per_customer') }}
)

select * from top_candidates
