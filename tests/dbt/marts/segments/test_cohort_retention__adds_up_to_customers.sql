-- cohort_retention: in month 0 every customer of a cohort buys; the cohorts
-- of the total rows hold every customer of customer_rfm once; a segment's
-- cohort sizes add up to the total's.
with

cohort_retention as (
    select
        segment_id,
        cohort_month,
        months_since_first_purchase,
        cohort_customers,
        active_customers
    from {{ ref('cohort_retention') }}
),

customer_rfm as (
    select customer_id from {{ ref('customer_rfm') }}
),

first_months as (
    select
        segment_id,
        cohort_month,
        cohort_customers,
        active_customers
    from cohort_retention
    where months_since_first_purchase = 0
),

not_all_active as (
    select
        segment_id,
        'month 0 not fully active' as problem
    from first_months
    where active_customers != cohort_customers
),

sizes_compared as (
    select
        sum(case when segment_id = 'total' then cohort_customers end)
            as total_customers,
        sum(case when segment_id != 'total' then cohort_customers end)
            as segment_customers,
        (select count(*) from customer_rfm) as rfm_customers
    from first_months
),

size_mismatches as (
    select
        'total' as segment_id,
        'cohort sizes do not add up' as problem
    from sizes_compared
    where
        coalesce(total_customers, 0) != rfm_customers
        or coalesce(segment_customers, 0) != rfm_customers
)

select * from not_all_active
union all
select * from size_mismatches
