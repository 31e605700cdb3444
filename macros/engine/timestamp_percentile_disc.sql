{#
    The discrete percentile `fraction` (0..1) of the timestamp expression
    `column` over the group, as an aggregate: the first value (in order)
    whose cumulative share reaches `fraction`, so always one of the values.
    Default: the standard ordered-set aggregate. Spark's percentile_disc
    takes numbers only: it ranks microseconds since the epoch and turns the
    result back into a timestamp (exact: microseconds are whole numbers far
    below 2^53).
#}
{% macro timestamp_percentile_disc(fraction, column) -%}
    {%- if fraction is not number or fraction < 0 or fraction > 1 -%}
        {{ exceptions.raise_compiler_error(
            "timestamp_percentile_disc: fraction must be a number in [0, 1], got "
            ~ fraction
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('timestamp_percentile_disc', 'segments')(
        fraction, column
    )) }}
{%- endmacro %}

{% macro default__timestamp_percentile_disc(fraction, column) -%}
    percentile_disc({{ fraction }}) within group (order by {{ column }})
{%- endmacro %}

{% macro spark__timestamp_percentile_disc(fraction, column) -%}
    timestamp_micros(cast(
        percentile_disc({{ fraction }}) within group (
            order by unix_micros({{ column }})
        ) as bigint
    ))
{%- endmacro %}
