-- segment_runs holds the run segment_model just made, as its latest run.
with

segment_model as (
    select
        run_number,
        k
    from {{ ref('segment_model') }}
    where artifact = 'run'
),

segment_runs as (
    select
        run_number,
        k
    from {{ ref('segment_runs') }}
),

latest_run as (
    select max(run_number) as run_number from segment_runs
),

missing as (
    select segment_model.run_number
    from segment_model
    cross join latest_run
    left join segment_runs
        on segment_model.run_number = segment_runs.run_number
    where
        segment_runs.run_number is null
        or segment_runs.k != segment_model.k
        or latest_run.run_number != segment_model.run_number
)

select * from missing
