{#
    Select-list of the association metrics of an item pair {a, b}, from four
    count expressions (see macros/_macros.yml and the `pair_metrics` docs
    block): support, confidence_a_b, confidence_b_a, lift, support_a,
    support_b, leverage, conviction_a_b, conviction_b_a, jaccard, and
    lift_lower_bound (macro lift_lower_bound). Every metric is
    a double; the formulas are those of mlxtend's `association_rules`, with
    conviction NULL (mlxtend: inf) where the confidence is 1.
#}
{% macro association_metrics(pair_count, count_a, count_b, basket_count) -%}
    {%- for argument in [pair_count, count_a, count_b, basket_count] -%}
        {%- if argument is not string or argument | trim == '' -%}
            {{ exceptions.raise_compiler_error(
                "association_metrics: pass four SQL expressions as strings "
                ~ "(pair_count, count_a, count_b, basket_count), e.g. "
                ~ "association_metrics('pair_orders', 'orders_a', 'orders_b', "
                ~ "'basket_count'); got " ~ argument
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(adapter.dispatch('association_metrics', 'segments')(
        pair_count, count_a, count_b, basket_count)) }}
{%- endmacro %}

{% macro default__association_metrics(pair_count, count_a, count_b, basket_count) -%}
    {%- set support = pair_ratio(pair_count, basket_count) -%}
    {%- set support_a = pair_ratio(count_a, basket_count) -%}
    {%- set support_b = pair_ratio(count_b, basket_count) -%}
    {%- set confidence_a_b = pair_ratio(pair_count, count_a) -%}
    {%- set confidence_b_a = pair_ratio(pair_count, count_b) -%}
    {{ support }} as support,
    {{ confidence_a_b }} as confidence_a_b,
    {{ confidence_b_a }} as confidence_b_a,
    {{ support }} / (({{ support_a }}) * ({{ support_b }})) as lift,
    {{ support_a }} as support_a,
    {{ support_b }} as support_b,
    {{ support }} - ({{ support_a }}) * ({{ support_b }}) as leverage,
    case
        when {{ pair_count }} = {{ count_a }} then null
        else (1 - {{ support_b }}) / (1 - {{ confidence_a_b }})
    end as conviction_a_b,
    case
        when {{ pair_count }} = {{ count_b }} then null
        else (1 - {{ support_a }}) / (1 - {{ confidence_b_a }})
    end as conviction_b_a,
    {{ pair_ratio(pair_count,
        '(' ~ count_a ~ ' + ' ~ count_b ~ ' - ' ~ pair_count ~ ')') }} as jaccard,
    {{ lift_lower_bound(pair_count, count_a, count_b, basket_count) }}
        as lift_lower_bound
{%- endmacro %}
