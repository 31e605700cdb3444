-- The training cut-off of the propensity backtest (one row): the run's as-of
-- date minus `propensity_horizon_days`. The training twins of the customer
-- feature models read their as-of date from here instead of int_as_of_date,
-- so they compute customer_features as they were on this date.
{%- set horizon_days = var('propensity_horizon_days', 30) %}
{%- if horizon_days is not number or horizon_days < 1
    or horizon_days != horizon_days | int %}
    {{ exceptions.raise_compiler_error(
        "var propensity_horizon_days must be a whole number of days >= 1, "
        ~ "e.g. --vars '{propensity_horizon_days: 30}', got '"
        ~ horizon_days ~ "'"
    ) }}
{%- endif %}

with

int_as_of_date as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

cutoff_computed as (
    select
        cast({{ dbt.dateadd('day', -horizon_days, 'as_of_date') }} as date)
            as as_of_date
    from int_as_of_date
)

select * from cutoff_computed
