{#
    The effect columns of int_campaign_effects_estimated that
    campaign_performance and campaign_segment_performance publish unchanged,
    in their published order (from treated_conversion_rate to
    incremental_revenue_ci_high). One list, so the two marts cannot drift.
#}
{% macro campaign_effect_columns() -%}
    {{ return([
        'treated_conversion_rate',
        'control_conversion_rate',
        'conversion_uplift',
        'conversion_uplift_se',
        'conversion_uplift_ci_low',
        'conversion_uplift_ci_high',
        'treated_orders_per_customer',
        'control_orders_per_customer',
        'extra_orders_per_customer',
        'extra_orders_ci_low',
        'extra_orders_ci_high',
        'treated_revenue_per_customer',
        'control_revenue_per_customer',
        'incremental_revenue',
        'incremental_revenue_ci_low',
        'incremental_revenue_ci_high',
    ]) }}
{%- endmacro %}
