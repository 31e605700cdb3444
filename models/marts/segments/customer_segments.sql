-- One row per customer of customer_features: the segment whose centroid is
-- nearest, scored in SQL with the parameters segment_model stored, so every
-- customer is assigned however many there are (the fit only saw a sample).
-- Per feature f: z_f = (g(coalesce(x_f, impute_f)) - center_f) / scale_f, with
-- g(v) = ln(1 + max(v, 0)) for log1p features, else v; coordinates
-- y_d = sum_f weight_{d,f} * z_f (the identity without PCA); distance =
-- Euclidean distance from y to the centroid; ties go to the lower
-- segment_id. The same formulas as FeaturePreparer.transform in Python.
-- A feature the fit left out (no value or constant in the sample, see
-- segment_runs.dropped_features) has no stored parameters: its z is NULL and
-- it adds nothing to any coordinate.
-- Everything is computed row-wise in a fixed order (parameters pivoted into
-- columns, no floating-point sum() aggregation), so that two runs give
-- bit-identical distances whatever the thread scheduling.
{%- set features = segment_features() %}
{#- at most one scoring dimension per feature (PCA keeps fewer) #}
{%- set dimensions = range(1, (features | length) + 1) | list %}
{%- set outlier_cut = var('segment_outlier_cut') %}
{%- if outlier_cut is not number or outlier_cut <= 0 %}
    {{ exceptions.raise_compiler_error(
        "var segment_outlier_cut must be a number > 0, got '" ~ outlier_cut
        ~ "' (e.g. --vars '{segment_outlier_cut: 2.5}')"
    ) }}
{%- endif %}

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
        segment_id,
        segment_name,
        rms_radius,
        feature,
        impute_value,
        is_log1p,
        center,
        scale,
        dimension_position,
        weight,
        coordinate
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

centroids as (
    select
        {%- for dimension in dimensions %}
            coalesce(max(
                case when dimension_position = {{ dimension }} then coordinate end
            ), 0) as coordinate_{{ dimension }},
        {%- endfor %}
        segment_id
    from segment_model
    where artifact = 'scoring_centroid'
    group by segment_id
),

segments as (
    select
        segment_id,
        segment_name,
        rms_radius
    from segment_model
    where artifact = 'segment'
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
),

distances_measured as (
    select
        coordinates_projected.customer_id,
        centroids.segment_id,
        sqrt(
            0
            {%- for dimension in dimensions %}
                + (
                    coordinates_projected.coordinate_{{ dimension }}
                    - centroids.coordinate_{{ dimension }}
                ) * (
                    coordinates_projected.coordinate_{{ dimension }}
                    - centroids.coordinate_{{ dimension }}
                )
            {%- endfor %}
        ) as distance
    from coordinates_projected
    cross join centroids
),

distances_ranked as (
    select
        customer_id,
        segment_id,
        distance,
        row_number() over (
            partition by customer_id
            order by distance, segment_id
        ) as distance_rank
    from distances_measured
),

nearest_assigned as (
    select
        distances_ranked.customer_id,
        distances_ranked.segment_id,
        segments.segment_name,
        distances_ranked.distance,
        case
            when segments.rms_radius > 0
                then distances_ranked.distance / segments.rms_radius
        end as normalized_distance
    from distances_ranked
    inner join segments
        on distances_ranked.segment_id = segments.segment_id
    where distances_ranked.distance_rank = 1
),

outliers_flagged as (
    select
        customer_id,
        segment_id,
        segment_name,
        distance,
        normalized_distance,
        coalesce(normalized_distance > {{ outlier_cut }}, false) as is_outlier
    from nearest_assigned
)

select * from outliers_flagged
