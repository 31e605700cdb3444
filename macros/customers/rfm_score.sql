{#
    Window expression for an RFM score 1..5 (5 best) of `value` over all rows
    (or over the rows sharing `partition_by`, e.g. one as-of date): 1 +
    floor(5 * w / n), where w is the number of rows with a strictly worse
    value and n the number of rows. Equal values always get equal scores (no
    arbitrary split of ties as with ntile), the worst value always scores 1,
    and a score-k bin starts where (k - 1) fifths of the rows are worse.
    `better`: 'higher' when larger values are better (frequency, money),
    'lower' when smaller values are better (recency in days).
#}
{% macro rfm_score(value, better, partition_by=none) -%}
    {%- if better not in ('higher', 'lower') -%}
        {{ exceptions.raise_compiler_error(
            "rfm_score: better must be 'higher' or 'lower', got '"
            ~ better ~ "'"
        ) }}
    {%- endif -%}
    {%- set worst_first = 'asc' if better == 'higher' else 'desc' -%}
    {%- set partition = 'partition by ' ~ partition_by ~ ' '
        if partition_by else '' -%}
    cast(
        1 + floor(
            5 * (
                rank() over (
                    {{ partition }}order by {{ value }} {{ worst_first }}
                ) - 1
            )
            / count(*) over ({{ partition | trim }})
        ) as integer
    )
{%- endmacro %}
