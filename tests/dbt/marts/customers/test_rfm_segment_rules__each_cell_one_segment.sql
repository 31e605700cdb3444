-- The RFM segment rules must give every one of the 125 (r, f, m) score cells
-- exactly one rule, and every rule (so every segment name) must be reached by
-- at least one cell, whatever the seed holds. Returns one row per problem.
with

rfm_segment_rules as (
    select
        segment_name,
        priority,
        r_min,
        r_max,
        f_min,
        f_max,
        m_min,
        m_max
    from {{ ref('rfm_segment_rules') }}
),

scores as (
    select 1 as score
    union all
    select 2 as score
    union all
    select 3 as score
    union all
    select 4 as score
    union all
    select 5 as score
),

cells as (
    select
        r_scores.score as r_score,
        f_scores.score as f_score,
        m_scores.score as m_score
    from scores as r_scores
    cross join scores as f_scores
    cross join scores as m_scores
),

cell_rule_matches as (
    select
        cells.r_score,
        cells.f_score,
        cells.m_score,
        rfm_segment_rules.priority,
        rfm_segment_rules.segment_name
    from cells
    inner join rfm_segment_rules
        on
            cells.r_score between rfm_segment_rules.r_min
            and rfm_segment_rules.r_max
            and cells.f_score between rfm_segment_rules.f_min
            and rfm_segment_rules.f_max
            and cells.m_score between rfm_segment_rules.m_min
            and rfm_segment_rules.m_max
),

cells_not_matched_once as (
    select
        'cell matched by ' || cast(count(cell_rule_matches.priority) as {{ dbt.type_string() }})
        || ' rules' as problem,
        cast(cells.r_score as {{ dbt.type_string() }})
        || cast(cells.f_score as {{ dbt.type_string() }})
        || cast(cells.m_score as {{ dbt.type_string() }}) as subject
    from cells
    left join cell_rule_matches
        on
            cells.r_score = cell_rule_matches.r_score
            and cells.f_score = cell_rule_matches.f_score
            and cells.m_score = cell_rule_matches.m_score
    group by cells.r_score, cells.f_score, cells.m_score
    having count(cell_rule_matches.priority) <> 1
),

rules_never_matched as (
    select
        'rule matches no cell' as problem,
        rfm_segment_rules.segment_name as subject
    from rfm_segment_rules
    left join cell_rule_matches
        on rfm_segment_rules.priority = cell_rule_matches.priority
    where cell_rule_matches.priority is null
),

problems as (
    select * from cells_not_matched_once
    union all
    select * from rules_never_matched
)

select * from problems
