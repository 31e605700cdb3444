-- Whenever k was selected, exactly one k is flagged as chosen.
with

segment_k_selection as (
    select is_chosen from {{ ref('segment_k_selection') }}
),

chosen_counted as (
    select count(case when is_chosen then 1 end) as chosen_count
    from segment_k_selection
    having count(*) > 0
)

select * from chosen_counted
where chosen_count != 1
