{#
    SQL condition: an itemset found in `count` of `basket_count` baskets meets
    vars `min_pair_orders` and `min_support`. The same test decides whether an
    item can be in a kept pair (Apriori pruning) and whether a pair is kept;
    one definition keeps the two in step.
#}
{% macro meets_pair_thresholds(count, basket_count) -%}
    {%- if count is not string or basket_count is not string -%}
        {{ exceptions.raise_compiler_error(
            "meets_pair_thresholds: pass two SQL expressions as strings, e.g. "
            ~ "meets_pair_thresholds('pair_orders', 'basket_count')"
        ) }}
    {%- endif -%}
    (
        {{ count }} >= {{ checked_var('min_pair_orders') }}
        and {{ pair_ratio(count, basket_count) }}
        >= cast({{ checked_var('min_support') }} as double)
    )
{%- endmacro %}
