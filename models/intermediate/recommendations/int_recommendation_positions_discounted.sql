-- One row per list position 1..K (K = var `recommendation_eval_k`) of a
-- backtest list: the gain of a hit at that position in NDCG@K,
-- 1 / log2(list_position + 1), as a decimal of 12 places. ln() is not
-- correctly rounded on every engine (Spark's ln(3) is two units in the last
-- place below DuckDB's), so the double gains can differ in their last bits;
-- rounded to 12 places they are the same decimal on both engines for every
-- K up to 100, and sums of decimals are exact in any order.
{%- set k = checked_var('recommendation_eval_k') %}

with

list_positions as (
    {%- for list_position in range(1, k + 1) %}
        select
            {{ list_position }} as list_position,
            cast(
                1.0 / (ln({{ list_position }} + 1) / ln(2)) as decimal(13, 12)
            ) as gain
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from list_positions
