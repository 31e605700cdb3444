-- The published method is the one with the highest held-out AUC: when the
-- backtest ran, exactly one row is published, no method has a higher AUC
-- (so the published AUC is at least the best baseline's), and
-- customer_propensity's method is it. Returns what breaks the rule.
with

propensity_model_metrics as (
    select
        method,
        is_published,
        published_method,
        status,
        auc
    from {{ ref('propensity_model_metrics') }}
),

customer_propensity as (
    select distinct method from {{ ref('customer_propensity') }}
),

published as (
    select
        method,
        auc
    from propensity_model_metrics
    where is_published and status = 'trained'
),

published_counted as (
    select
        (select count(*) from published) as published_rows,
        (
            select count(*) from propensity_model_metrics
            where propensity_model_metrics.status = 'trained'
        ) as trained_rows
),

problems as (
    select
        'not one published method' as problem,
        cast(null as {{ dbt.type_string() }}) as method  -- noqa: RF04
    from published_counted
    where published_rows != 1 and trained_rows > 0
    union all
    select
        'a method beats the published AUC' as problem,
        propensity_model_metrics.method
    from propensity_model_metrics
    cross join published
    where propensity_model_metrics.auc > published.auc
    union all
    select
        'published_method differs' as problem,
        propensity_model_metrics.method
    from propensity_model_metrics
    cross join published
    where propensity_model_metrics.published_method != published.method
    union all
    select
        'customer_propensity from another method' as problem,
        customer_propensity.method
    from customer_propensity
    cross join published
    where customer_propensity.method != published.method
)

select * from problems
