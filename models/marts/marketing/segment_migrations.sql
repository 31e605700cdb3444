-- One row per segmentation and (from segment, to segment) pair: how many
-- customers moved from each segment in one run to each segment in a later
-- run (customer_segment_observations). Segmentations: `segment` (cluster
-- segments, by segment_id) and `rfm_segment` (RFM names). Runs compared: the
-- latest run on or before var `migration_to_date` (default: the latest run)
-- and the latest run on or before var `migration_from_date` (default: the
-- run before that one). A customer missing from one of the two runs has a
-- NULL segment on that side (e.g. no purchase yet on the earlier date).
-- Empty until there are two runs.
{%- set from_date = checked_var('migration_from_date') %}
{%- set to_date = checked_var('migration_to_date') %}
{%- set to_condition = "as_of_date <= cast('" ~ to_date ~ "' as date)"
    if to_date else "true" %}
{%- set from_condition = "runs.as_of_date <= cast('" ~ from_date ~ "' as date)"
    if from_date else "runs.as_of_date < to_run_chosen.to_run_date" %}

with

customer_segment_observations as (
    select
        as_of_date,
        customer_id,
        segment_id,
        segment_name,
        rfm_segment
    from {{ ref('customer_segment_observations') }}
),

runs as (
    select distinct as_of_date from customer_segment_observations
),

to_run_chosen as (
    select max(as_of_date) as to_run_date
    from runs
    where {{ to_condition }}
),

from_run_chosen as (
    select
        max(runs.as_of_date) as from_run_date,
        max(to_run_chosen.to_run_date) as to_run_date
    from runs
    cross join to_run_chosen
    where {{ from_condition }}
),

runs_chosen as (
    select
        from_run_date,
        to_run_date
    from from_run_chosen
    where from_run_date is not null and to_run_date is not null
),

from_states as (
    select customer_segment_observations.*
    from customer_segment_observations
    inner join runs_chosen
        on customer_segment_observations.as_of_date = runs_chosen.from_run_date
),

to_states as (
    select customer_segment_observations.*
    from customer_segment_observations
    inner join runs_chosen
        on customer_segment_observations.as_of_date = runs_chosen.to_run_date
),

customers_paired as (
    select
        from_states.segment_id as from_segment_id,
        from_states.segment_name as from_segment_name,
        from_states.rfm_segment as from_rfm_segment,
        to_states.segment_id as to_segment_id,
        to_states.segment_name as to_segment_name,
        to_states.rfm_segment as to_rfm_segment
    from from_states
    full outer join to_states
        on from_states.customer_id = to_states.customer_id
),

moves_unioned as (
    select
        'segment' as segmentation,
        from_segment_id,
        from_segment_name,
        to_segment_id,
        to_segment_name
    from customers_paired
    union all
    select
        'rfm_segment' as segmentation,
        from_rfm_segment as from_segment_id,
        from_rfm_segment as from_segment_name,
        to_rfm_segment as to_segment_id,
        to_rfm_segment as to_segment_name
    from customers_paired
),

moves_counted as (
    select
        segmentation,
        from_segment_id,
        from_segment_name,
        to_segment_id,
        to_segment_name,
        count(*) as customer_count
    from moves_unioned
    group by
        segmentation,
        from_segment_id,
        from_segment_name,
        to_segment_id,
        to_segment_name
),

migrations_described as (
    select
        runs_chosen.from_run_date,
        runs_chosen.to_run_date,
        moves_counted.segmentation,
        moves_counted.from_segment_id,
        moves_counted.from_segment_name,
        moves_counted.to_segment_id,
        moves_counted.to_segment_name,
        moves_counted.customer_count,
        cast(moves_counted.customer_count as double) / sum(
            moves_counted.customer_count
        ) over (
            partition by
                moves_counted.segmentation, moves_counted.from_segment_id
        ) as share_of_from_segment,
        coalesce(
            moves_counted.from_segment_id = moves_counted.to_segment_id, false
        ) as is_same_segment
    from moves_counted
    cross join runs_chosen
)

select * from migrations_described
