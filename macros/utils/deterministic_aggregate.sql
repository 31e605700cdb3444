{#
    `function(expression)` for a floating-point aggregate (avg, stddev_samp,
    var_samp, sum of doubles, ...) whose result must not depend on how the
    engine splits the rows between threads. Summing doubles in another order
    changes the last bits, so a plain parallel aggregate can give 62.825734290421
    in one run and 62.825734290420 in the next on the same input (seen at 10M
    order lines, docs/performance-notes.md). DuckDB: the ordered-aggregate form
    `function(expression order by expression)`, which sorts each group's
    values and aggregates them in that order: the same bits on every run and
    thread count. Default: the plain aggregate.
    `function`: the aggregate's name; `expression`: its argument (SQL).
#}
{% macro deterministic_aggregate(function, expression) -%}
    {%- if function is not string
            or not modules.re.match('^[a-z_][a-z0-9_]*$', function) -%}
        {{ exceptions.raise_compiler_error(
            "deterministic_aggregate: function must be an aggregate's name such as "
            ~ "'avg' or 'stddev_samp', got '" ~ function ~ "'"
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('deterministic_aggregate', 'segments')(
        function, expression
    )) }}
{%- endmacro %}

{% macro default__deterministic_aggregate(function, expression) -%}
    {{ function }}({{ expression }})
{%- endmacro %}

{% macro duckdb__deterministic_aggregate(function, expression) -%}
    {{ function }}({{ expression }} order by {{ expression }})
{%- endmacro %}
