{#
    SQL aggregate: the sample variance of `expression` (integers or
    decimals, e.g. money) computed exactly and divided once:
    (n * sum(x^2) - sum(x)^2) / (n * (n - 1)), the numerator summed in the
    column's exact type, then cast to double. The same bits on every engine,
    thread count and row order, which var_samp over doubles does not give
    (its running update rounds differently on Spark). NULL below two values.
#}
{% macro exact_sample_variance(expression) -%}
    {%- if expression is not string or not expression | trim -%}
        {{ exceptions.raise_compiler_error(
            "exact_sample_variance: pass the values as a SQL string, e.g. "
            ~ "exact_sample_variance('revenue'); got '" ~ expression ~ "'"
        ) }}
    {%- endif -%}
    case
        when count({{ expression }}) > 1
            then cast(
                count({{ expression }}) * sum({{ expression }} * {{ expression }})
                - sum({{ expression }}) * sum({{ expression }})
                as double
            )
            / cast(count({{ expression }}) * (count({{ expression }}) - 1) as double)
    end
{%- endmacro %}
