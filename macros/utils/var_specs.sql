{#
    What each checked var accepts: kind, minimum, maximum, null allowed. The
    defaults live in dbt_project.yml (vars); checked_var reads a var and
    validates it against this table. Keep the entries in alphabetical order.
    Kinds: integer, number, boolean.
#}
{% macro var_specs() -%}
    {{ return({
        'max_basket_size': ['integer', 2, none, true],
        'min_pair_item_share': ['number', 0, 1, false],
        'min_pair_orders': ['integer', 1, none, false],
        'min_support': ['number', 0, 1, false],
        'pair_pruning': ['boolean', none, none, false],
        'propensity_horizon_days': ['integer', 1, none, false],
        'recommendation_eval_k': ['integer', 1, 100, false],
        'recommendation_horizon_days': ['integer', 1, none, false],
        'recommendation_neighbours': ['integer', 1, none, true],
        'recommendation_shrinkage': ['number', 0, none, false],
        'recommendations_per_customer': ['integer', 1, none, false],
        'rules_per_product': ['integer', 1, none, false],
        'similar_products_min_support': ['number', 0, 1, false],
        'similar_products_per_product': ['integer', 1, none, false],
    }) }}
{%- endmacro %}
