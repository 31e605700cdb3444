-- One row per segment and clustering feature: where the segment's centroid
-- lies, in standard deviations from the fit sample's centre and in the
-- feature's own unit (what the centroid stands for, in words people read).
with

segment_model as (
    select
        artifact,
        segment_id,
        segment_name,
        feature,
        feature_position,
        standardized_value,
        original_value
    from {{ ref('segment_model') }}
),

centroids as (
    select
        segment_id,
        segment_name,
        feature,
        feature_position,
        standardized_value,
        original_value
    from segment_model
    where artifact = 'centroid'
)

select * from centroids
