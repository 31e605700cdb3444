{#
    Both rules a -> b and b -> a of every pair of `relation` (product_pairs or
    a CTE of its columns), one row each: `antecedent_id`, `consequent_id`, the
    `symmetric` columns as they are, and each `directed` column `x` taken from
    `x_a_b` or `x_b_a` according to the direction, and each `reverse`
    column `x` as `reverse_x` from the other direction (the rule
    consequent -> antecedent).
#}
{% macro pair_rules_both_ways(relation, symmetric=[], directed=[], reverse=[]) -%}
    {%- if relation is not string or symmetric is string
            or directed is string or reverse is string -%}
        {{ exceptions.raise_compiler_error(
            "pair_rules_both_ways: pass a relation name and lists of column "
            ~ "names, e.g. pair_rules_both_ways('product_pairs', ['lift'], "
            ~ "['confidence'])"
        ) }}
    {%- endif -%}
    {%- for first, second in [['a', 'b'], ['b', 'a']] -%}
        {%- set columns = [
            'product_' ~ first ~ ' as antecedent_id',
            'product_' ~ second ~ ' as consequent_id',
        ] + symmetric -%}
        {%- for column in directed -%}
            {%- do columns.append(
                column ~ '_' ~ first ~ '_' ~ second ~ ' as ' ~ column) -%}
        {%- endfor -%}
        {%- for column in reverse -%}
            {%- do columns.append(column ~ '_' ~ second ~ '_' ~ first
                ~ ' as reverse_' ~ column) -%}
        {%- endfor %}
    select
        {{ columns | join(',\n        ') }}
    from {{ relation }}
    {%- if first == 'a' %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
