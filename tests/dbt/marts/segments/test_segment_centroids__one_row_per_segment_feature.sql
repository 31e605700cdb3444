-- Every segment has exactly one centroid row per feature of the fit.
with

segment_model as (
    select
        artifact,
        segment_id,
        feature
    from {{ ref('segment_model') }}
),

segment_centroids as (
    select
        segment_id,
        feature
    from {{ ref('segment_centroids') }}
),

expected as (
    select
        segments.segment_id,
        features.feature
    from segment_model as segments
    cross join segment_model as features
    where segments.artifact = 'segment' and features.artifact = 'preprocessing'
),

centroids_counted as (
    select
        segment_id,
        feature,
        count(*) as row_count
    from segment_centroids
    group by segment_id, feature
),

mismatches as (
    select
        coalesce(expected.segment_id, centroids_counted.segment_id)
            as segment_id,
        coalesce(expected.feature, centroids_counted.feature) as feature,
        coalesce(centroids_counted.row_count, 0) as row_count
    from expected
    full outer join centroids_counted
        on
            expected.segment_id = centroids_counted.segment_id
            and expected.feature = centroids_counted.feature
    where
        expected.segment_id is null
        or centroids_counted.segment_id is null
        or centroids_counted.row_count != 1
)

select * from mismatches
