-- One row per product and partner: "what goes with this product?". For
-- every product of product_pairs, its top `rules_per_product` partners by
-- lift_lower_bound (the lift discounted for thin evidence), then more shared
-- baskets, then partner_id ascending; with the rule's metrics both ways
-- (product -> partner and back) and both names.
with

product_pairs as (
    select
        product_a,
        product_b,
        pair_orders,
        support,
        lift,
        lift_lower_bound,
        jaccard,
        confidence_a_b,
        confidence_b_a,
        conviction_a_b,
        conviction_b_a
    from {{ ref('product_pairs') }}
),

rules_both_ways as (
    {{ pair_rules_both_ways(
        'product_pairs',
        symmetric=['pair_orders', 'support', 'lift', 'lift_lower_bound',
            'jaccard'],
        directed=['confidence', 'conviction'],
        reverse=['confidence', 'conviction'],
    ) }}
),

rules_ranked as (
    select
        antecedent_id as product_id,
        consequent_id as partner_id,
        pair_orders,
        support,
        confidence,
        reverse_confidence,
        conviction,
        reverse_conviction,
        lift,
        lift_lower_bound,
        jaccard,
        row_number() over (
            partition by antecedent_id
            order by lift_lower_bound desc, pair_orders desc, consequent_id asc
        ) as rule_rank
    from rules_both_ways
),

top_rules as (
    select
        rules_ranked.product_id,
        {{ product_name_of('rules_ranked.product_id') }} as product_name,
        rules_ranked.rule_rank,
        rules_ranked.partner_id,
        {{ product_name_of('rules_ranked.partner_id') }} as partner_name,
        rules_ranked.pair_orders,
        rules_ranked.support,
        rules_ranked.confidence,
        rules_ranked.reverse_confidence,
        rules_ranked.conviction,
        rules_ranked.reverse_conviction,
        rules_ranked.lift,
        rules_ranked.lift_lower_bound,
        rules_ranked.jaccard
    from rules_ranked
    where rules_ranked.rule_rank <= {{ checked_var('rules_per_product') }}
)

select * from top_rules
