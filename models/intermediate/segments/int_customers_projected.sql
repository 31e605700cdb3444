-- One row per customer of customer_features: the customer's coordinates in
-- the scoring space of the last segment fit, computed in SQL with the
-- parameters segment_model stored, so every customer is scored however many
-- there are (the fit only saw a sample). Per feature f:
-- z_f = (g(coalesce(x_f, impute_f)) - center_f) / scale_f, with
-- g(v) = ln(1 + max(v, 0)) for log1p features, else v; coordinates
-- y_d = sum_f weight_{d,f} * z_f (the identity without PCA). The same
-- formulas as FeaturePreparer.transform in Python. A feature the fit left
-- out (no value or constant in the sample, see segment_runs.dropped_features)
-- has no stored parameters: its z is NULL and it adds nothing to any
-- coordinate. Computed row-wise in a fixed order (parameters pivoted into
-- columns, no floating-point sum() aggregation), so two runs give
-- bit-identical coordinates whatever the thread scheduling.
{%- set features = segment_features() %}
{#- at most one scoring dimension per feature (PCA keeps fewer) #}
{%- set dimensions = range(1, (features | length) + 1) | list %}

with

customer_features as (
    select
        {%- for feature in features %}
            cast({{ feature }} as double) as {{ feature }},
        {%- endfor %}
        customer_id
    from {{ ref('customer_features') }}
),

segment_model as (
    select
        artifact,
        feature,
        impute_value,
        is_log1p,
        center,
        scale,
        dimension_position,
        weight
    from {{ ref('segment_model') }}
),

preprocessing as (
    select
        {%- for feature in features %}
            max(case when feature = '{{ feature }}' then impute_value end)
                as impute_{{ feature }},
            max(case when feature = '{{ feature }}' and is_log1p then 1 end)
                as log1p_{{ feature }},
            max(case when feature = '{{ feature }}' then center end)
                as center_{{ feature }},
            max(case when feature = '{{ feature }}' then scale end)
                as scale_{{ feature }},
        {%- endfor %}
        count(*) as feature_count
    from segment_model
    where artifact = 'preprocessing'
),

projection as (
    select
        {%- for dimension in dimensions %}
            {%- for feature in features %}
                coalesce(max(
                    case
                        when
                            dimension_position = {{ dimension }}
                            and feature = '{{ feature }}'
                            then weight
                    end
                ), 0) as weight_{{ dimension }}_{{ feature }},
            {%- endfor %}
        {%- endfor %}
        count(*) as weight_count
    from segment_model
    where artifact = 'projection'
),

values_standardized as (
    select
        {%- for feature in features %}
            (
                case
                    when preprocessing.log1p_{{ feature }} = 1
                        then ln(1 + greatest(coalesce(
                            customer_features.{{ feature }},
                            preprocessing.impute_{{ feature }}
                        ), 0))
                    else coalesce(
                        customer_features.{{ feature }},
                        preprocessing.impute_{{ feature }}
                    )
                end - preprocessing.center_{{ feature }}
            ) / preprocessing.scale_{{ feature }} as z_{{ feature }},
        {%- endfor %}
        customer_features.customer_id
    from customer_features
    cross join preprocessing
),

coordinates_projected as (
    select
        {%- for dimension in dimensions %}
            0
            {%- for feature in features %}
                + coalesce(
                    projection.weight_{{ dimension }}_{{ feature }}
                    * values_standardized.z_{{ feature }},
                    0
                )
            {%- endfor %} as coordinate_{{ dimension }},
        {%- endfor %}
        values_standardized.customer_id
    from values_standardized
    cross join projection
)

select * from coordinates_projected
