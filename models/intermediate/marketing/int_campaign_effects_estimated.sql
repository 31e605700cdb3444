-- One row per campaign and segment plus one row per campaign over all its
-- segments (`is_campaign_total`): treated and control customers, conversion
-- rates, the uplift in conversion rate, extra orders and revenue per treated
-- customer with their intervals (estimate -+ z * standard error, z = var
-- `uplift_ci_z`), incremental revenue, the cost allocated to the row (shared
-- out by treated customers) and the ROI. Formulas: docs block
-- marketing_campaign_effect.
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

-- One row per campaign and segment plus one per campaign (rollup: the
-- campaign row is the one that does not group by segment; the grand total
-- row is left out).
groups_summarised as (
    select
        campaign_id,
        segment_id,
        grouping(segment_id) = 1 as is_campaign_total,
        case
            when grouping(segment_id) = 0 then max(segment_name)
        end as segment_name,
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
    from int_campaign_touches_measured
    group by rollup(campaign_id, segment_id)
    having grouping(campaign_id) = 0
),

rates_computed as (
    select
        groups_summarised.*,
        {{ safe_ratio('cast(groups_summarised.treated_conversions as double)',
            'groups_summarised.treated_customers') }}
            as treated_conversion_rate,
        {{ safe_ratio('cast(groups_summarised.control_conversions as double)',
            'groups_summarised.control_customers') }}
            as control_conversion_rate,
        stg_shop__campaigns.cost as campaign_cost,
        sum(
            case
                when groups_summarised.is_campaign_total
                    then groups_summarised.treated_customers
            end
        ) over (
            partition by groups_summarised.campaign_id
        ) as campaign_treated_customers
    from groups_summarised
    left join stg_shop__campaigns
        on groups_summarised.campaign_id = stg_shop__campaigns.campaign_id
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
