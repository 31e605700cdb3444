-- One row per campaign and segment plus one row per campaign over all its
-- segments (`is_campaign_total`): treated and control customers, conversion
-- rates, the uplift in conversion rate, extra orders and revenue per treated
-- customer with their intervals, incremental revenue, the cost allocated to
-- the row and the ROI. Intervals use the normal approximation: estimate +-
-- z * standard error, z = var `uplift_ci_z` (default 1.959964, 95%); for the
-- difference of two proportions (unpooled, Wald)
--   se = sqrt(p_t (1 - p_t) / n_t + p_c (1 - p_c) / n_c),
-- for a difference of two means (Welch, sample variances)
--   se = sqrt(s_t^2 / n_t + s_c^2 / n_c).
-- Cost is shared out by treated customers: a segment holding a third of the
-- campaign's treated customers carries a third of its cost.
-- incremental_revenue = n_t * (revenue per treated - revenue per control);
-- roi = (incremental_revenue - allocated_cost) / allocated_cost.
{#- Per group (treated, control): mean and sample variance of the orders and
    the revenue per customer, named <group>_<figure>. #}
{%- set group_figures = [
    ['orders_per_customer', 'avg', 'order_count'],
    ['order_variance', 'var_samp', 'order_count'],
    ['revenue_per_customer', 'avg', 'revenue'],
    ['revenue_variance', 'var_samp', 'revenue'],
] %}
{%- set z = checked_var('uplift_ci_z') %}

with

int_campaign_touches_measured as (
    select
        campaign_id,
        customer_id,
        is_control,
        is_window_complete,
        segment_id,
        segment_name,
        has_converted,
        order_count,
        revenue
    from {{ ref('int_campaign_touches_measured') }}
),

stg_shop__campaigns as (
    select
        campaign_id,
        cost
    from {{ ref('stg_shop__campaigns') }}
),

touches_at_both_levels as (
    select
        campaign_id,
        segment_id,
        segment_name,
        false as is_campaign_total,
        is_control,
        is_window_complete,
        has_converted,
        order_count,
        revenue
    from int_campaign_touches_measured
    union all
    select
        campaign_id,
        null as segment_id,
        null as segment_name,
        true as is_campaign_total,
        is_control,
        is_window_complete,
        has_converted,
        order_count,
        revenue
    from int_campaign_touches_measured
),

groups_summarised as (
    select
        campaign_id,
        segment_id,
        is_campaign_total,
        max(segment_name) as segment_name,
        count(case when not is_control then 1 end) as treated_customers,
        count(case when is_control then 1 end) as control_customers,
        count(case when not is_control and has_converted then 1 end)
            as treated_conversions,
        count(case when is_control and has_converted then 1 end)
            as control_conversions,
        count(case when is_window_complete then 1 end)
            as complete_window_customers,
        {%- for figure, function, column in group_figures %}
            {%- set figure_loop = loop %}
            {%- for group, condition in [
                ['treated', 'not is_control'], ['control', 'is_control'],
            ] %}
                {{ deterministic_aggregate(
                    function,
                    'case when ' ~ condition ~ ' then cast('
                    ~ column ~ ' as double) end'
                ) }} as {{ group }}_{{ figure }}
                {%- if not (figure_loop.last and loop.last) %},{% endif %}
            {%- endfor %}
        {%- endfor %}
    from touches_at_both_levels
    group by campaign_id, is_campaign_total, segment_id
),

rates_computed as (
    select
        *,
        cast(treated_conversions as double)
        / nullif(treated_customers, 0) as treated_conversion_rate,
        cast(control_conversions as double)
        / nullif(control_customers, 0) as control_conversion_rate,
        sum(case when is_campaign_total then treated_customers end) over (
            partition by campaign_id
        ) as campaign_treated_customers
    from groups_summarised
),

standard_errors_computed as (
    select
        *,
        treated_conversion_rate - control_conversion_rate as conversion_uplift,
        sqrt(
            treated_conversion_rate * (1 - treated_conversion_rate)
            / treated_customers
            + control_conversion_rate * (1 - control_conversion_rate)
            / control_customers
        ) as conversion_uplift_se,
        treated_orders_per_customer - control_orders_per_customer
            as extra_orders_per_customer,
        sqrt(
            treated_order_variance / treated_customers
            + control_order_variance / control_customers
        ) as extra_orders_se,
        treated_revenue_per_customer - control_revenue_per_customer
            as extra_revenue_per_customer,
        sqrt(
            treated_revenue_variance / treated_customers
            + control_revenue_variance / control_customers
        ) as extra_revenue_se
    from rates_computed
),

effects_estimated as (
    select
        standard_errors_computed.campaign_id,
        standard_errors_computed.segment_id,
        standard_errors_computed.segment_name,
        standard_errors_computed.is_campaign_total,
        standard_errors_computed.treated_customers,
        standard_errors_computed.control_customers,
        standard_errors_computed.treated_conversions,
        standard_errors_computed.control_conversions,
        standard_errors_computed.complete_window_customers,
        standard_errors_computed.treated_conversion_rate,
        standard_errors_computed.control_conversion_rate,
        standard_errors_computed.conversion_uplift,
        standard_errors_computed.conversion_uplift_se,
        standard_errors_computed.conversion_uplift
        - {{ z }} * standard_errors_computed.conversion_uplift_se
            as conversion_uplift_ci_low,
        standard_errors_computed.conversion_uplift
        + {{ z }} * standard_errors_computed.conversion_uplift_se
            as conversion_uplift_ci_high,
        standard_errors_computed.treated_orders_per_customer,
        standard_errors_computed.control_orders_per_customer,
        standard_errors_computed.extra_orders_per_customer,
        standard_errors_computed.extra_orders_per_customer
        - {{ z }} * standard_errors_computed.extra_orders_se
            as extra_orders_ci_low,
        standard_errors_computed.extra_orders_per_customer
        + {{ z }} * standard_errors_computed.extra_orders_se
            as extra_orders_ci_high,
        standard_errors_computed.treated_revenue_per_customer,
        standard_errors_computed.control_revenue_per_customer,
        standard_errors_computed.treated_customers
        * standard_errors_computed.extra_revenue_per_customer
            as incremental_revenue,
        standard_errors_computed.treated_customers * (
            standard_errors_computed.extra_revenue_per_customer
            - {{ z }} * standard_errors_computed.extra_revenue_se
        ) as incremental_revenue_ci_low,
        standard_errors_computed.treated_customers * (
            standard_errors_computed.extra_revenue_per_customer
            + {{ z }} * standard_errors_computed.extra_revenue_se
        ) as incremental_revenue_ci_high,
        cast(standard_errors_computed.treated_customers as double)
        / nullif(standard_errors_computed.campaign_treated_customers, 0)
            as cost_share,
        stg_shop__campaigns.cost
        * standard_errors_computed.treated_customers
        / nullif(standard_errors_computed.campaign_treated_customers, 0)
            as allocated_cost
    from standard_errors_computed
    left join stg_shop__campaigns
        on standard_errors_computed.campaign_id = stg_shop__campaigns.campaign_id
),

roi_computed as (
    select
        *,
        (incremental_revenue - allocated_cost) / nullif(allocated_cost, 0)
            as roi
    from effects_estimated
)

select * from roi_computed
