-- One row per campaign and segment plus one row per campaign over all its
-- segments (`is_campaign_total`): treated and control customers, conversion
-- rates, the uplift in conversion rate, extra orders and revenue per treated
-- customer with their intervals (estimate -+ z * standard error, z = var
-- `uplift_ci_z`), incremental revenue, the cost allocated to the row (shared
-- out by treated customers) and the ROI, from the per-group counts, means
-- and variances of int_campaign_groups_summarised. Formulas: docs block
-- marketing_campaign_effect.
{%- set z = checked_var('uplift_ci_z') %}

with

int_campaign_groups_summarised as (
    select
        campaign_id,
        segment_id,
        is_campaign_total,
        segment_name,
        treated_customers,
        control_customers,
        treated_conversions,
        control_conversions,
        complete_window_customers,
        treated_orders_per_customer,
        control_orders_per_customer,
        treated_order_variance,
        control_order_variance,
        treated_revenue_per_customer,
        control_revenue_per_customer,
        treated_revenue_variance,
        control_revenue_variance
    from {{ ref('int_campaign_groups_summarised') }}
),

stg_shop__campaigns as (
    select
        campaign_id,
        cost
    from {{ ref('stg_shop__campaigns') }}
),

rates_computed as (
    select
        int_campaign_groups_summarised.*,
        {%- for group in ['treated', 'control'] %}
            {{ safe_ratio(
                'cast(int_campaign_groups_summarised.' ~ group
                ~ '_conversions as double)',
                'int_campaign_groups_summarised.' ~ group ~ '_customers'
            ) }} as {{ group }}_conversion_rate,
        {%- endfor %}
        stg_shop__campaigns.cost as campaign_cost,
        sum(
            case
                when int_campaign_groups_summarised.is_campaign_total
                    then int_campaign_groups_summarised.treated_customers
            end
        ) over (
            partition by int_campaign_groups_summarised.campaign_id
        ) as campaign_treated_customers
    from int_campaign_groups_summarised
    left join stg_shop__campaigns
        on
            int_campaign_groups_summarised.campaign_id
            = stg_shop__campaigns.campaign_id
),

standard_errors_computed as (
    select
        *,
        treated_conversion_rate - control_conversion_rate as conversion_uplift,
        {{ difference_standard_error(
            'treated_conversion_rate * (1 - treated_conversion_rate)',
            'control_conversion_rate * (1 - control_conversion_rate)',
        ) }} as conversion_uplift_se,
        treated_orders_per_customer - control_orders_per_customer
            as extra_orders_per_customer,
        {{ difference_standard_error(
            'treated_order_variance', 'control_order_variance'
        ) }} as extra_orders_se,
        treated_revenue_per_customer - control_revenue_per_customer
            as extra_revenue_per_customer,
        {{ difference_standard_error(
            'treated_revenue_variance', 'control_revenue_variance'
        ) }} as extra_revenue_se
    from rates_computed
),

effects_estimated as (
    select
        campaign_id,
        segment_id,
        segment_name,
        is_campaign_total,
        treated_customers,
        control_customers,
        treated_conversions,
        control_conversions,
        complete_window_customers,
        treated_conversion_rate,
        control_conversion_rate,
        conversion_uplift,
        conversion_uplift_se,
        {{ confidence_interval('conversion_uplift', 'conversion_uplift_se', z,
            'conversion_uplift') }},
        treated_orders_per_customer,
        control_orders_per_customer,
        extra_orders_per_customer,
        {{ confidence_interval('extra_orders_per_customer', 'extra_orders_se', z,
            'extra_orders') }},
        treated_revenue_per_customer,
        control_revenue_per_customer,
        treated_customers * extra_revenue_per_customer as incremental_revenue,
        {{ confidence_interval('extra_revenue_per_customer', 'extra_revenue_se',
            z, 'incremental_revenue', factor='treated_customers') }},
        {{ safe_ratio('cast(treated_customers as double)',
            'campaign_treated_customers') }} as cost_share,
        {{ safe_ratio('cast(campaign_cost * treated_customers as double)',
            'campaign_treated_customers') }} as allocated_cost
    from standard_errors_computed
),

roi_computed as (
    select
        *,
        {{ safe_ratio('(incremental_revenue - allocated_cost)',
            'allocated_cost') }} as roi
    from effects_estimated
)

select * from roi_computed
