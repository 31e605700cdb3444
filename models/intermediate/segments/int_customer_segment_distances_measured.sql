-- One row per customer and segment of the last fit: the Euclidean distance
-- from the customer's coordinates (int_customers_projected) to the segment's
-- centroid in the scoring space. Computed row-wise in a fixed order, so two
-- runs give bit-identical distances.
{%- set dimensions = range(1, (segment_features() | length) + 1) | list %}

with

int_customers_projected as (
    select
        {%- for dimension in dimensions %}
            coordinate_{{ dimension }},
        {%- endfor %}
        customer_id
    from {{ ref('int_customers_projected') }}
),

segment_model as (
    select
        artifact,
        segment_id,
        dimension_position,
        coordinate
    from {{ ref('segment_model') }}
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

distances_measured as (
    select
        int_customers_projected.customer_id,
        centroids.segment_id,
        sqrt(
            0
            {%- for dimension in dimensions %}
                + (
                    int_customers_projected.coordinate_{{ dimension }}
                    - centroids.coordinate_{{ dimension }}
                ) * (
                    int_customers_projected.coordinate_{{ dimension }}
                    - centroids.coordinate_{{ dimension }}
                )
            {%- endfor %}
        ) as distance
    from int_customers_projected
    cross join centroids
)

select * from distances_measured
