-- propensity_calibration holds every customer of each evaluation once per
-- binning: held out, per method, the bins add up to propensity_model_metrics'
-- test_size and test_base_rate; cross-fitted, the published method's bins add
-- up to labelled_customers and base_rate. A probability bin's mean lies
-- inside the bin. Returns what fails.
with

propensity_calibration as (
    select
        method,
        evaluation,
        binning,
        bin,
        customers,
        buyers,
        mean_predicted_probability
    from {{ ref('propensity_calibration') }}
),

propensity_model_metrics as (
    select
        method,
        is_published,
        test_size,
        test_base_rate,
        labelled_customers,
        base_rate
    from {{ ref('propensity_model_metrics') }}
    where status = 'trained'
),

expected_totals as (
    select
        method,
        'held_out' as evaluation,
        test_size as customers,
        test_base_rate as buy_rate
    from propensity_model_metrics
    union all
    select
        method,
        'cross_fitted' as evaluation,
        labelled_customers as customers,
        base_rate as buy_rate
    from propensity_model_metrics
    where is_published
),

binnings as (
    select 'probability' as binning
    union all
    select 'decile' as binning
),

bins_summed as (
    select
        method,
        evaluation,
        binning,
        sum(customers) as customers,
        sum(buyers) as buyers
    from propensity_calibration
    group by method, evaluation, binning
),

wrong_totals as (
    select
        expected_totals.method,
        expected_totals.evaluation,
        binnings.binning
    from expected_totals
    cross join binnings
    left join bins_summed
        on
            expected_totals.method = bins_summed.method
            and expected_totals.evaluation = bins_summed.evaluation
            and binnings.binning = bins_summed.binning
    where
        bins_summed.method is null
        or bins_summed.customers != expected_totals.customers
        or abs(
            cast(bins_summed.buyers as double) / bins_summed.customers
            - expected_totals.buy_rate
        ) > 1e-9
),

means_outside_their_bin as (
    select
        method,
        evaluation,
        binning
    from propensity_calibration
    where
        binning = 'probability'
        and (
            mean_predicted_probability < (bin - 1) / 10.0 - 1e-12
            or mean_predicted_probability > bin / 10.0 + 1e-12
        )
)

select * from wrong_totals
union all
select * from means_outside_their_bin
