-- One row per number of segments k tried by the last fit: the validity
-- indices of the partition customers would get with that k, and which k the
-- rule (var `segment_k_rule`) chose within the business range
-- (`segment_k_min`..`segment_k_max`, `is_in_range`). See the docs block `segment_k_rule`.
with

segment_model as (
    select
        artifact,
        k,
        n_segments,
        silhouette,
        davies_bouldin,
        calinski_harabasz,
        mean_squared_distance,
        min_segment_share,
        is_in_range,
        is_chosen,
        k_rule
    from {{ ref('segment_model') }}
),

k_scores as (
    select
        k,
        n_segments,
        silhouette,
        davies_bouldin,
        calinski_harabasz,
        mean_squared_distance,
        min_segment_share,
        is_in_range,
        is_chosen,
        k_rule
    from segment_model
    where artifact = 'k_score'
)

select * from k_scores
