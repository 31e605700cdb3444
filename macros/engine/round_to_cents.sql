{#
    The double expression `expression` as decimal(38, 2), rounded half away
    from zero on the double's binary value (DuckDB's cast: a quotient such
    as 37.23 / 2, held as 18.6149999..., gives 18.61). Spark's cast rounds
    the double's shortest decimal text instead (18.615 -> 18.62), so Spark
    rounds the binary value itself before the cast, which then is exact.
#}
{% macro round_to_cents(expression) -%}
    {{ return(adapter.dispatch('round_to_cents', 'segments')(expression)) }}
{%- endmacro %}

{% macro default__round_to_cents(expression) -%}
    cast({{ expression }} as decimal(38, 2))
{%- endmacro %}

{% macro spark__round_to_cents(expression) -%}
    cast(
        sign({{ expression }}) * floor(abs({{ expression }}) * 100 + 0.5) / 100
        as decimal(38, 2)
    )
{%- endmacro %}
