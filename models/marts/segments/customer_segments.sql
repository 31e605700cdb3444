-- One row per customer of customer_features: the segment whose centroid is
-- nearest (int_customer_segment_distances_measured; ties go to the lower segment_id),
-- its distance, the distance in RMS radii of the segment and whether the
-- customer is an outlier of it (var segment_outlier_cut).
{%- set outlier_cut = checked_var('segment_outlier_cut') %}

with

int_customer_segment_distances_measured as (
    select
        customer_id,
        segment_id,
        distance
    from {{ ref('int_customer_segment_distances_measured') }}
),

segment_model as (
    select
        artifact,
        segment_id,
        segment_name,
        rms_radius
    from {{ ref('segment_model') }}
),

segments as (
    select
        segment_id,
        segment_name,
        rms_radius
    from segment_model
    where artifact = 'segment'
),

distances_ranked as (
    select
        customer_id,
        segment_id,
        distance,
        row_number() over (
            partition by customer_id
            order by distance, segment_id
        ) as distance_rank
    from int_customer_segment_distances_measured
),

nearest_assigned as (
    select
        distances_ranked.customer_id,
        distances_ranked.segment_id,
        segments.segment_name,
        distances_ranked.distance,
        case
            when segments.rms_radius > 0
                then distances_ranked.distance / segments.rms_radius
        end as normalized_distance
    from distances_ranked
    inner join segments
        on distances_ranked.segment_id = segments.segment_id
    where distances_ranked.distance_rank = 1
),

outliers_flagged as (
    select
        customer_id,
        segment_id,
        segment_name,
        distance,
        normalized_distance,
        coalesce(normalized_distance > {{ outlier_cut }}, false) as is_outlier
    from nearest_assigned
)

select * from outliers_flagged
