{#
    on-run-start hook: the segmentation vars a user most often gets wrong are
    checked before any model runs, each failure one message naming the var,
    the bad value and what it accepts: segment_features (through
    segment_features(), which also lists the allowed columns), segment_k,
    segment_k_min, segment_k_max (2..50; segment_k may be 0 = automatic),
    segment_algorithm and segment_scaler, and the refit schedule of the
    segment and propensity fits (refit, refit_after_days), read through checked_var (the
    accepted values are in var_specs: the same lists as
    segwarehouse.segmentation.params ALGORITHMS, SCALERS, K_LIMIT, which
    checks every var again when the fit starts). Runs no SQL.
#}
{% macro validate_segment_vars() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- do segment_features() -%}
    {%- for name in [
        'segment_algorithm', 'segment_scaler', 'segment_k', 'refit',
        'refit_after_days',
    ] -%}
        {%- do checked_var(name) -%}
    {%- endfor -%}
    {%- set k_min = checked_var('segment_k_min') -%}
    {%- set k_max = checked_var('segment_k_max') -%}
    {%- if k_min > k_max -%}
        {{ exceptions.raise_compiler_error(
            "vars segment_k_min and segment_k_max must satisfy segment_k_min <="
            ~ " segment_k_max, got " ~ k_min ~ " and " ~ k_max
        ) }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
