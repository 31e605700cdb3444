{#
    on-run-start hook: the segmentation vars a user most often gets wrong are
    checked before any model runs, each failure one message naming the var,
    the bad value and what it accepts: segment_features (through
    segment_features(), which also lists the allowed columns), segment_k,
    segment_k_min, segment_k_max (2..50; segment_k may be 0 = automatic),
    segment_algorithm and segment_scaler. The same lists as
    segwarehouse.segmentation.params (ALGORITHMS, SCALERS, K_LIMIT), which
    checks every var again when the fit starts. Runs no SQL.
#}
{% macro validate_segment_vars() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- do segment_features() -%}
    {%- set choices = {
        'segment_algorithm': ['kmeans', 'minibatch_kmeans', 'gaussian_mixture',
            'agglomerative', 'dbscan'],
        'segment_scaler': ['standard', 'robust'],
    } -%}
    {%- for name, allowed in choices.items() -%}
        {%- if var(name) not in allowed -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ name ~ " must be one of " ~ allowed | join(', ')
                ~ ", got '" ~ var(name) ~ "'"
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {%- for name in ['segment_k', 'segment_k_min', 'segment_k_max'] -%}
        {%- set value = var(name) -%}
        {%- set is_whole = value is number and value is not sameas true
            and value is not sameas false and value == value | int -%}
        {%- set is_valid = is_whole and (2 <= value <= 50
            or (name == 'segment_k' and value == 0)) -%}
        {%- if not is_valid -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ name ~ " must be a whole number from 2 to 50"
                ~ (" or 0 (choose automatically)" if name == 'segment_k' else "")
                ~ ", got '" ~ value ~ "'"
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {%- if var('segment_k_min') > var('segment_k_max') -%}
        {{ exceptions.raise_compiler_error(
            "vars segment_k_min and segment_k_max must satisfy segment_k_min <="
            ~ " segment_k_max, got " ~ var('segment_k_min') ~ " and "
            ~ var('segment_k_max')
        ) }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
