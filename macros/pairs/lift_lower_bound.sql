{#
    SQL expression: the lower end of an approximate 95% confidence interval
    of the lift of an item pair, from four count expressions. Lift is the
    ratio confidence(a -> b) / support(b), a relative risk of the baskets
    holding a against all baskets, so its log has the Katz standard error

        se = sqrt(1/n_ab - 1/n_a + 1/n_b - 1/n)

    (symmetric in a and b, >= 0), and the bound is lift * exp(-z * se) with z
    = 1.959964. A pair seen in few baskets gets a wide interval and a bound
    far below its lift, so ranking by the bound favours well-supported rules.
#}
{% macro lift_lower_bound(pair_count, count_a, count_b, basket_count) -%}
    {%- for argument in [pair_count, count_a, count_b, basket_count] -%}
        {%- if argument is not string or argument | trim == '' -%}
            {{ exceptions.raise_compiler_error(
                "lift_lower_bound: pass four SQL expressions as strings "
                ~ "(pair_count, count_a, count_b, basket_count), e.g. "
                ~ "lift_lower_bound('pair_orders', 'orders_a', 'orders_b', "
                ~ "'basket_count'); got " ~ argument
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(adapter.dispatch('lift_lower_bound', 'segments')(
        pair_count, count_a, count_b, basket_count)) }}
{%- endmacro %}

{% macro default__lift_lower_bound(pair_count, count_a, count_b, basket_count) -%}
    {%- set lift = '(' ~ pair_ratio(pair_count, basket_count) ~ ') / (('
        ~ pair_ratio(count_a, basket_count) ~ ') * ('
        ~ pair_ratio(count_b, basket_count) ~ '))' -%}
    {%- set variance = pair_ratio('1', pair_count) ~ ' - '
        ~ pair_ratio('1', count_a) ~ ' + ' ~ pair_ratio('1', count_b)
        ~ ' - ' ~ pair_ratio('1', basket_count) -%}
    ({{ lift }}) * exp(-1.959964 * sqrt(greatest({{ variance }}, 0)))
{%- endmacro %}
