{#
    SQL condition: an itemset found in `count` of `basket_count` baskets is
    in at least `min_pair_baskets` baskets (the floor of
    int_item_orders_counted: vars min_pair_orders and min_pair_item_share)
    and meets var `min_support`. The same test decides whether an item can be
    in a kept pair (Apriori pruning) and whether a pair is kept; one
    definition keeps the two in step.
#}
{% macro meets_pair_thresholds(count, basket_count, min_pair_baskets) -%}
    {%- if count is not string or basket_count is not string
            or min_pair_baskets is not string -%}
        {{ exceptions.raise_compiler_error(
            "meets_pair_thresholds: pass three SQL expressions as strings, "
            ~ "e.g. meets_pair_thresholds('pair_orders', 'basket_count', "
            ~ "'min_pair_baskets')"
        ) }}
    {%- endif -%}
    (
        {{ count }} >= {{ min_pair_baskets }}
        and {{ pair_ratio(count, basket_count) }}
        >= cast({{ checked_var('min_support') }} as double)
    )
{%- endmacro %}
