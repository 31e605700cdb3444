-- One row per rule antecedent -> consequent used for recommendations: both
-- directions of every product pair, each antecedent keeping its top
-- `recommendation_neighbours` consequents by confidence (ties: consequent_id
-- ascending; all of them when that var is null). `weight_units` is the
-- confidence rounded to 12 decimals, as an integer number of 1e-12, so that
-- scores summed from it are exact whatever the order of summation.
{%- set neighbours = checked_var('recommendation_neighbours') %}

with

product_pairs as (
    select
        product_a,
        product_b,
        confidence_a_b,
        confidence_b_a
    from {{ ref('product_pairs') }}
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
        neighbour_rank,
        cast(confidence as decimal(18, 12)) as confidence,
        cast(
            cast(confidence as decimal(18, 12)) * 1000000000000 as bigint
        ) as weight_units
    from rules_ranked
    {%- if neighbours is not none %}
        where neighbour_rank <= {{ neighbours }}
    {%- endif %}
)

select * from rules_used
