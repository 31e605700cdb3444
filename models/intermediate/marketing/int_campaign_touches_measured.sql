-- One row per campaign and touched customer (campaign_id, customer_id): the
-- first timed touch, the group (control when every touch of the customer in
-- the campaign is a control touch), the segment and what the customer bought
-- in the conversion window: clean orders (int_orders_aggregated, so on or
-- before the as-of date) placed after the touch and at most
-- `campaign_window_days` days after it; `revenue` is net (sales
-- minus returns in the window), `order_count` counts purchase orders. The
-- segment is the one of the latest run before the touch date
-- (customer_segment_observations, `segment_basis` at_touch), else the current
-- run's (`current`), else NULL (no purchase on or before the as-of date).
{%- set window_days = checked_var('campaign_window_days') %}

with

stg_shop__campaign_touches as (
    select
        campaign_id,
        customer_id,
        touched_at,
        is_control
    from {{ ref('stg_shop__campaign_touches') }}
    where touched_at is not null
),

int_orders_aggregated as (
    select
        customer_id,
        ordered_at,
        net_revenue,
        is_purchase_order
    from {{ ref('int_orders_aggregated') }}
),

customer_segment_observations as (
    select
        as_of_date,
        customer_id,
        segment_id,
        segment_name
    from {{ ref('customer_segment_observations') }}
),

customer_segments as (
    select
        customer_id,
        segment_id,
        segment_name
    from {{ ref('customer_segments') }}
),

int_as_of_date as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

touches_deduplicated as (
    select
        campaign_id,
        customer_id,
        min(touched_at) as touched_at,
        min(case when is_control then 1 else 0 end) = 1 as is_control,
        count(*) as touch_count
    from stg_shop__campaign_touches
    group by campaign_id, customer_id
),

windows_defined as (
    select
        touches_deduplicated.*,
        {{ dbt.dateadd('day', window_days, 'touches_deduplicated.touched_at') }}
            as window_ends_at,
        {{ dbt.dateadd('day', window_days, 'touches_deduplicated.touched_at') }}
        < {{ dbt.dateadd('day', 1, 'int_as_of_date.as_of_date') }}
            as is_window_complete
    from touches_deduplicated
    cross join int_as_of_date
),

orders_in_window as (
    select
        windows_defined.campaign_id,
        windows_defined.customer_id,
        cast(sum(int_orders_aggregated.net_revenue) as decimal(38, 2))
            as revenue,
        count(
            case when int_orders_aggregated.is_purchase_order then 1 end
        ) as order_count
    from windows_defined
    inner join int_orders_aggregated
        on
            windows_defined.customer_id = int_orders_aggregated.customer_id
            and windows_defined.touched_at < int_orders_aggregated.ordered_at
            and windows_defined.window_ends_at >= int_orders_aggregated.ordered_at
    group by windows_defined.campaign_id, windows_defined.customer_id
),

segments_before_touch as (
    select
        windows_defined.campaign_id,
        windows_defined.customer_id,
        customer_segment_observations.segment_id,
        customer_segment_observations.segment_name,
        row_number() over (
            partition by windows_defined.campaign_id, windows_defined.customer_id
            order by customer_segment_observations.as_of_date desc
        ) as run_rank
    from windows_defined
    inner join customer_segment_observations
        on
            windows_defined.customer_id
            = customer_segment_observations.customer_id
            and customer_segment_observations.as_of_date
            < cast(windows_defined.touched_at as date)
),

touches_measured as (
    select
        windows_defined.campaign_id,
        windows_defined.customer_id,
        windows_defined.touched_at,
        windows_defined.touch_count,
        windows_defined.is_control,
        windows_defined.window_ends_at,
        windows_defined.is_window_complete,
        coalesce(
            segments_before_touch.segment_id, customer_segments.segment_id
        ) as segment_id,
        coalesce(
            segments_before_touch.segment_name, customer_segments.segment_name
        ) as segment_name,
        case
            when segments_before_touch.segment_id is not null then 'at_touch'
            when customer_segments.segment_id is not null then 'current'
        end as segment_basis,
        coalesce(orders_in_window.order_count, 0) > 0 as has_converted,
        coalesce(orders_in_window.order_count, 0) as order_count,
        coalesce(orders_in_window.revenue, 0) as revenue
    from windows_defined
    left join orders_in_window
        on
            windows_defined.campaign_id = orders_in_window.campaign_id
            and windows_defined.customer_id = orders_in_window.customer_id
    left join segments_before_touch
        on
            windows_defined.campaign_id = segments_before_touch.campaign_id
            and windows_defined.customer_id = segments_before_touch.customer_id
            and segments_before_touch.run_rank = 1
    left join customer_segments
        on windows_defined.customer_id = customer_segments.customer_id
)

select * from touches_measured
