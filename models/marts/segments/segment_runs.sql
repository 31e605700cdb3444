-- One row per fit of segment_model: a history that grows by one row per build
-- (incremental, keyed by run_number), so that a retrain can be compared with
-- the runs before it. No wall-clock time: a run is identified by its counter,
-- the as-of date of its data and the dbt invocation id. It also says whether
-- the business range of k changed the choice (unbounded_k: the rule's pick
-- among every k scored) and which features the fit left out, and why; and
-- whether the run fitted the model again or only scored every customer with
-- the stored fit (run_kind, refit_reason; vars refit, refit_after_days), and
-- which fit it used (fit_run_number, fitted_as_of_date). A scoring run
-- repeats the fit's figures (k, indices, matching).
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **replace_by_key_config('run_number')
) }}
-- incremental, unlike the other marts: it keeps earlier runs.

with

segment_model as (
    select
        artifact,
        run_number,
        as_of_date,
        algorithm,
        k_rule,
        k,
        is_chosen,
        sample_size,
        silhouette,
        davies_bouldin,
        calinski_harabasz,
        explained_variance,
        previous_adjusted_rand_index,
        matched_segments,
        new_segments,
        retired_segments,
        k_min,
        k_max,
        unbounded_k,
        feature,
        feature_position,
        reason,
        parameters,
        run_kind,
        fit_run_number,
        fitted_as_of_date,
        refit_reason
    from {{ ref('segment_model') }}
),

runs as (
    select
        run_number,
        as_of_date,
        algorithm,
        k_rule,
        k,
        sample_size,
        explained_variance,
        previous_adjusted_rand_index,
        matched_segments,
        new_segments,
        retired_segments,
        k_min,
        k_max,
        unbounded_k,
        parameters,
        run_kind,
        fit_run_number,
        fitted_as_of_date,
        refit_reason
    from segment_model
    where artifact = 'run'
),

chosen_k_scores as (
    select
        silhouette,
        davies_bouldin,
        calinski_harabasz
    from segment_model
    where artifact = 'k_score' and is_chosen
),

dropped_features_listed as (
    select
        {{ ordered_listagg(
            dbt.concat(["feature", "': '", "reason"]),
            "'; '",
            "feature_position"
        ) }} as dropped_features
    from segment_model
    where artifact = 'dropped_feature'
),

runs_described as (
    select
        runs.run_number,
        runs.as_of_date,
        '{{ invocation_id }}' as dbt_invocation_id,
        runs.run_kind,
        runs.refit_reason,
        runs.fit_run_number,
        runs.fitted_as_of_date,
        runs.algorithm,
        runs.k_rule,
        runs.k,
        runs.k_min,
        runs.k_max,
        runs.unbounded_k,
        coalesce(runs.unbounded_k <> runs.k, false) as is_k_bounded,
        dropped_features_listed.dropped_features,
        runs.sample_size,
        chosen_k_scores.silhouette,
        chosen_k_scores.davies_bouldin,
        chosen_k_scores.calinski_harabasz,
        runs.explained_variance,
        runs.previous_adjusted_rand_index,
        runs.matched_segments,
        runs.new_segments,
        runs.retired_segments,
        runs.parameters
    from runs
    left join chosen_k_scores on true
    left join dropped_features_listed on true
)

select * from runs_described
