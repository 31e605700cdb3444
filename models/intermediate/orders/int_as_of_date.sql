-- The as-of date of this run (one row): dbt var `as_of` when set, else the
-- day after the last clean `ordered_at`. Every time-relative figure reads it
-- from here, so a point-in-time run only needs `--vars '{as_of: ...}'`.
{%- set as_of_from_var = "cast('" ~ as_of_var() ~ "' as date)" if as_of_var()
    else "cast(null as date)" %}

with

order_lines as (
    select ordered_date from {{ ref('stg_shop__order_lines') }}
),

as_of_resolved as (
    select
        coalesce(
            {{ as_of_from_var }},
            cast({{ dbt.dateadd('day', 1, 'max(ordered_date)') }} as date)
        ) as as_of_date
    from order_lines
)

select * from as_of_resolved
