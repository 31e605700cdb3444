-- One row per product and similar product: for every product in
-- product_pairs, its top `similar_products_per_product` partners by lift
-- among pairs with support >= `similar_products_min_support`. Ties: more
-- shared baskets first, then similar_product_id ascending. Both products'
-- names are attached (NULL when not listed).
with

product_pairs as (
    select
        product_a,
        product_b,
        pair_orders,
        support,
        confidence_a_b,
        confidence_b_a,
        lift,
        jaccard
    from {{ ref('product_pairs') }}
    where
        support >= cast(
            {{ checked_var('similar_products_min_support') }} as double
        )
),

rules_both_ways as (
    {{ pair_rules_both_ways(
        'product_pairs',
        symmetric=['pair_orders', 'support', 'lift', 'jaccard'],
        directed=['confidence'],
    ) }}
),

partners_ranked as (
    select
        antecedent_id as product_id,
        consequent_id as similar_product_id,
        lift,
        support,
        confidence,
        jaccard,
        pair_orders,
        row_number() over (
            partition by antecedent_id
            order by lift desc, pair_orders desc, consequent_id asc
        ) as similar_rank
    from rules_both_ways
),

top_partners as (
    select
        product_id,
        similar_rank,
        similar_product_id,
        lift,
        support,
        confidence,
        jaccard,
        pair_orders
    from partners_ranked
    where similar_rank <= {{ checked_var('similar_products_per_product') }}
),

names_attached as (
    select
        top_partners.product_id,
        {{ product_name_of('top_partners.product_id') }} as product_name,
        top_partners.similar_rank,
        top_partners.similar_product_id,
        {{ product_name_of('top_partners.similar_product_id') }}
            as similar_product_name,
        top_partners.lift,
        top_partners.support,
        top_partners.confidence,
        top_partners.jaccard,
        top_partners.pair_orders
    from top_partners
)

select * from names_attached
