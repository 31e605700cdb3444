-- Leakage guard: no row computed for an as-of date D uses data dated after D.
-- Every model keyed by (as_of_date, ...) is checked for every date it holds,
-- the propensity training cut-off included (int_as_of_dates), and the
-- labelled rows must be the cut-off's. Returns every offending row.
with

int_as_of_dates as (
    select as_of_date as cutoff_date
    from {{ ref('int_as_of_dates') }}
    where date_role = 'propensity_training'
),

int_events_sessionised as (
    select
        as_of_date,
        customer_id,
        cast(occurred_at as date) as occurred_date
    from {{ ref('int_events_sessionised') }}
),

int_sessions_built as (
    select
        as_of_date,
        customer_id,
        cast(ended_at as date) as ended_date
    from {{ ref('int_sessions_built') }}
),

int_customers_featured as (
    select
        as_of_date,
        customer_id,
        last_order_at,
        recency_days,
        days_since_last_visit
    from {{ ref('int_customers_featured') }}
),

int_propensity_customers_sampled as (
    select customer_id from {{ ref('int_propensity_customers_sampled') }}
),

int_propensity_customers_labelled as (
    select
        customer_id,
        as_of_date,
        cutoff_date
    from {{ ref('int_propensity_customers_labelled') }}
),

late_events as (
    select
        customer_id,
        'event after its as_of_date' as problem
    from int_events_sessionised
    where occurred_date > as_of_date
),

late_sessions as (
    select
        customer_id,
        'session ends after its as_of_date' as problem
    from int_sessions_built
    where ended_date > as_of_date
),

late_features as (
    select
        customer_id,
        'feature row sees past its as_of_date' as problem
    from int_customers_featured
    where
        cast(last_order_at as date) > as_of_date
        or recency_days < 0
        or days_since_last_visit < 0
),

training_rows as (
    select int_customers_featured.customer_id
    from int_customers_featured
    inner join int_as_of_dates
        on int_customers_featured.as_of_date = int_as_of_dates.cutoff_date
),

sampled_without_training_row as (
    select
        int_propensity_customers_sampled.customer_id,
        'sampled customer without a row at the cut-off' as problem
    from int_propensity_customers_sampled
    left join training_rows
        on int_propensity_customers_sampled.customer_id = training_rows.customer_id
    where training_rows.customer_id is null
),

wrong_cutoffs as (
    select
        int_propensity_customers_labelled.customer_id,
        'labelled with another cut-off' as problem
    from int_propensity_customers_labelled
    cross join int_as_of_dates
    where
        int_propensity_customers_labelled.cutoff_date
        != int_as_of_dates.cutoff_date
        or int_propensity_customers_labelled.as_of_date
        != int_as_of_dates.cutoff_date
)

select * from late_events
union all
select * from late_sessions
union all
select * from late_features
union all
select * from sampled_without_training_row
union all
select * from wrong_cutoffs
