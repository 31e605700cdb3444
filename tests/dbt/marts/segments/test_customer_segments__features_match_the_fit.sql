-- customer_segments scores the features segment_model was fitted on: the
-- preprocessing rows and the features the fit left out (dropped_feature rows,
-- no value or constant in the sample) name exactly the features of var
-- segment_features, each once (a model rebuilt alone with other vars would
-- silently drop a dimension).
{%- set features = segment_features() %}

with

segment_model as (
    select feature from {{ ref('segment_model') }}
    where artifact in ('preprocessing', 'dropped_feature')
),

configured as (
    {%- for feature in features %}
        select '{{ feature }}' as feature
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

differences as (
    select
        coalesce(configured.feature, segment_model.feature) as feature,
        configured.feature is null as is_only_in_the_fit
    from configured
    full outer join segment_model
        on configured.feature = segment_model.feature
    where configured.feature is null or segment_model.feature is null
)

select differences.*
from differences
where exists (select 1 from segment_model)
