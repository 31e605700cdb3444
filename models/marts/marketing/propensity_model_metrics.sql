-- One row per method of the propensity backtest: the trained model
-- (method = its algorithm, method_kind `model`) and the baselines a marketer
-- would use instead (order_count, recency, rfm_score, bgnbd), all scored on
-- the same held-out customers. Trained on customer features as of
-- cutoff_date (as-of date minus horizon_days), label = a clean purchase in
-- the horizon_days after it. Each method's score is calibrated into a
-- probability by isotonic regression on the training split; precision,
-- recall and F1 are at the run's likely-buyer rule. The method with the
-- highest held-out AUC publishes customer_propensity's scores (the model on
-- ties); verdict says in words whether the model beats the best baseline.
-- status `not_enough_data`: one row for the model, metrics NULL, the reason
-- in status_reason. run_kind says whether the run fitted the model again or
-- scored every customer with the stored fit (vars refit, refit_after_days);
-- fit_run_number and fitted_as_of_date say which fit the figures and the
-- published scores come from.
with

propensity_model as (
    select * from {{ ref('propensity_model') }}
    where artifact in ('run', 'method')
),

customer_propensity as (
    select count(*) as scored_customers from {{ ref('customer_propensity') }}
),

runs as (
    select * from propensity_model
    where artifact = 'run'
),

methods as (
    select * from propensity_model
    where artifact = 'method'
),

baselines_ranked as (
    select
        method,
        auc,
        row_number() over (order by auc desc, method asc) as auc_rank
    from methods
    where method_kind = 'baseline' and auc is not null
),

best_baseline as (
    select
        method as best_baseline_method,
        auc as best_baseline_auc
    from baselines_ranked
    where auc_rank = 1
),

model_auc as (
    select max(auc) as model_auc
    from methods
    where method_kind = 'model'
),

verdict_stated as (
    select
        best_baseline.best_baseline_method,
        best_baseline.best_baseline_auc,
        model_auc.model_auc > best_baseline.best_baseline_auc
            as model_beats_best_baseline,
        case
            when model_auc.model_auc > best_baseline.best_baseline_auc
                then {{ dbt.concat([
                    "'the model ('", "runs.algorithm",
                    "') beats the best baseline ('",
                    "best_baseline.best_baseline_method",
                    "') on held-out AUC and publishes the scores'",
                ]) }}
            when model_auc.model_auc is not null
                then {{ dbt.concat([
                    "'the model ('", "runs.algorithm",
                    "') does not beat the best baseline ('",
                    "best_baseline.best_baseline_method",
                    "') on held-out AUC; '", "runs.method",
                    "' publishes the scores'",
                ]) }}
            else {{ dbt.concat(["'no model: '", "runs.status_reason"]) }}
        end as verdict
    from runs
    left join best_baseline on true
    left join model_auc on true
),

metrics_described as (
    -- The method first, then the run's figures: the order a reader scans.
    select  -- noqa: ST06
        coalesce(methods.method, runs.algorithm) as method,  -- noqa: RF04
        coalesce(methods.method_kind, 'model') as method_kind,
        coalesce(
            coalesce(methods.method, runs.algorithm) = runs.method, false
        ) as is_published,
        runs.as_of_date,
        runs.run_number,
        runs.run_kind,
        runs.refit_reason,
        runs.fit_run_number,
        runs.fitted_as_of_date,
        runs.cutoff_date,
        runs.horizon_days,
        runs.algorithm,
        coalesce(methods.status, runs.status) as status,
        coalesce(methods.status_reason, runs.status_reason) as status_reason,
        runs.labelled_customers,
        runs.train_size,
        runs.test_size,
        runs.base_rate,
        methods.test_base_rate,
        methods.auc,
        methods.average_precision,
        methods.log_loss,
        methods.brier_score,
        methods.top_decile_lift,
        methods.precision,
        methods.recall,
        methods.f1,
        runs.threshold,
        runs.threshold_rule,
        runs.top_share,
        methods.predicted_positive_rate,
        runs.method as published_method,
        verdict_stated.best_baseline_method,
        verdict_stated.best_baseline_auc,
        verdict_stated.model_beats_best_baseline,
        verdict_stated.verdict,
        customer_propensity.scored_customers,
        runs.features,
        runs.bgnbd_parameters,
        runs.parameters
    from runs
    left join methods on true
    cross join verdict_stated
    cross join customer_propensity
)

select * from metrics_described
