-- Label leakage guard: nothing the propensity model learns from may come
-- from after the training cut-off (int_as_of_date__training). Returns every
-- order line, event or customer figure of the training twins that does.
with

int_as_of_date__training as (
    select as_of_date as cutoff_date
    from {{ ref('int_as_of_date__training') }}
),

int_customer_lines_filtered__training as (
    select
        customer_id,
        ordered_date
    from {{ ref('int_customer_lines_filtered__training') }}
),

int_events_sessionised__training as (
    select
        customer_id,
        cast(occurred_at as date) as occurred_date
    from {{ ref('int_events_sessionised__training') }}
),

customer_features__training as (
    select
        customer_id,
        last_order_at,
        recency_days,
        days_since_last_visit
    from {{ ref('customer_features__training') }}
),

int_propensity_customers_labelled as (
    select
        customer_id,
        cutoff_date
    from {{ ref('int_propensity_customers_labelled') }}
),

late_lines as (
    select
        int_customer_lines_filtered__training.customer_id,
        'order line after the cut-off' as problem
    from int_customer_lines_filtered__training
    cross join int_as_of_date__training
    where
        int_customer_lines_filtered__training.ordered_date
        > int_as_of_date__training.cutoff_date
),

late_events as (
    select
        int_events_sessionised__training.customer_id,
        'event after the cut-off' as problem
    from int_events_sessionised__training
    cross join int_as_of_date__training
    where
        int_events_sessionised__training.occurred_date
        > int_as_of_date__training.cutoff_date
),

late_features as (
    select
        customer_features__training.customer_id,
        'feature row sees past the cut-off' as problem
    from customer_features__training
    cross join int_as_of_date__training
    where
        cast(customer_features__training.last_order_at as date)
        > int_as_of_date__training.cutoff_date
        or customer_features__training.recency_days < 0
        or customer_features__training.days_since_last_visit < 0
),

wrong_cutoffs as (
    select
        int_propensity_customers_labelled.customer_id,
        'labelled with another cut-off' as problem
    from int_propensity_customers_labelled
    cross join int_as_of_date__training
    where
        int_propensity_customers_labelled.cutoff_date
        != int_as_of_date__training.cutoff_date
)

select * from late_lines
union all
select * from late_events
union all
select * from late_features
union all
select * from wrong_cutoffs
