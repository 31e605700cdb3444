-- One row per campaign and segment plus one row per campaign over all its
-- segments (`is_campaign_total`): the treated and control customers of
-- int_campaign_touches_measured counted and summarised per group. Counts of
-- customers, conversions and complete windows; per group (treated, control)
-- the mean and sample variance of the orders and of the revenue per
-- customer, named <group>_<figure>. int_campaign_effects_estimated turns
-- them into rates, uplifts and intervals.
{%- set group_figures = [
    ['orders_per_customer', 'avg', 'order_count'],
    ['order_variance', 'var_samp', 'order_count'],
    ['revenue_per_customer', 'avg', 'revenue'],
    ['revenue_variance', 'var_samp', 'revenue'],
] %}

with

int_campaign_touches_measured as (
    select
        campaign_id,
        is_control,
        is_window_complete,
        segment_id,
        segment_name,
        has_converted,
        order_count,
        revenue
    from {{ ref('int_campaign_touches_measured') }}
),

-- Rollup: the campaign row is the one that does not group by segment; the
-- grand total row is left out.
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
)

select * from groups_summarised
