-- The dates point-in-time figures are computed for (one row per role): the
-- publication's as-of date and the cut-offs of the backtests, each the
-- as-of date minus its horizon. This is the one list of those dates; two
-- roles may share a date. `needs_customer_features` marks the roles whose
-- date the customer feature models (keyed by as_of_date, customer_id)
-- compute their rows for.
{%- set cutoffs = {
    'propensity_training': checked_var('propensity_horizon_days'),
    'recommendation_backtest': checked_var('recommendation_horizon_days'),
} %}
{%- set with_customer_features = "'publication', 'propensity_training'" %}

with

int_as_of_date as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

dates_listed as (
    select
        'publication' as date_role,
        as_of_date,
        cast(null as integer) as horizon_days
    from int_as_of_date
    {%- for role, days in cutoffs.items() %}
        union all
        select
            '{{ role }}' as date_role,
            cast({{ dbt.dateadd('day', -days, 'as_of_date') }} as date) as as_of_date,
            {{ days }} as horizon_days
        from int_as_of_date
    {%- endfor %}
),

dates_flagged as (
    select
        *,
        date_role in ({{ with_customer_features }}) as needs_customer_features
    from dates_listed
)

select * from dates_flagged
