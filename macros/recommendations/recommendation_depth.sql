{#
    How many recommendations per customer the recommendation models compute:
    the larger of vars recommendations_per_customer (what
    product_recommendations publishes) and recommendation_eval_k (what the
    backtest scores), so that one computation serves both.
#}
{% macro recommendation_depth() -%}
    {{ return([
        checked_var('recommendations_per_customer'),
        checked_var('recommendation_eval_k'),
    ] | max) }}
{%- endmacro %}
