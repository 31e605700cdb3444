-- One row per segment of the last fit: its size, the mean and the median of
-- every clustering feature over all its customers (in the feature's own unit;
-- the medians are what the words of segment names are checked on), its share of
-- customers and revenue, mean RFM scores, its RFM segment mix
-- (int_segment_rfm_mixes_described) and the category most of its customers
-- buy most. Segments come from segment_model,
-- so a segment that no customer is nearest to still has a row (count 0).
{%- set features = segment_features() %}
{#- customer_features columns read besides the clustering features -#}
{%- set extra_columns = ['total_revenue', 'r_score', 'f_score', 'm_score',
    'top_category'] %}

with

segment_model as (
    select
        artifact,
        segment_id,
        segment_name
    from {{ ref('segment_model') }}
),

customer_segments as (
    select
        customer_id,
        segment_id
    from {{ ref('customer_segments') }}
),

int_segment_rfm_mixes_described as (
    select
        segment_id,
        top_rfm_segment,
        top_rfm_segment_share,
        rfm_segment_mix
    from {{ ref('int_segment_rfm_mixes_described') }}
),

customer_features as (
    select
        {%- for feature in features if feature not in extra_columns %}
            {{ feature }},
        {%- endfor %}
        {%- for column in extra_columns %}
            {{ column }},
        {%- endfor %}
        customer_id
    from {{ ref('customer_features') }}
),

segments as (
    select
        segment_id,
        segment_name
    from segment_model
    where artifact = 'segment'
),

members as (
    select
        customer_features.*,
        customer_segments.segment_id
    from customer_segments
    inner join customer_features
        on customer_segments.customer_id = customer_features.customer_id
),

base_summarised as (
    select
        count(*) as base_customer_count,
        sum(total_revenue) as base_revenue
    from members
),

members_summarised as (
    select
        segment_id,
        count(*) as customer_count,
        {%- for feature in features %}
            {{ deterministic_aggregate(
                'avg', 'cast(' ~ feature ~ ' as double)'
            ) }} as mean_{{ feature }},
            {{ median(feature) }} as median_{{ feature }},
        {%- endfor %}
        sum(total_revenue) as segment_revenue,
        avg(cast(r_score as double)) as mean_r_score,
        avg(cast(f_score as double)) as mean_f_score,
        avg(cast(m_score as double)) as mean_m_score
    from members
    group by segment_id
),

top_categories_counted as (
    select
        segment_id,
        top_category,
        count(*) as customer_count
    from members
    where top_category is not null
    group by segment_id, top_category
),

top_categories_ranked as (
    select
        segment_id,
        top_category,
        row_number() over (
            partition by segment_id
            order by customer_count desc, top_category asc
        ) as category_rank
    from top_categories_counted
),

profiles_assembled as (
    select
        segments.segment_id,
        segments.segment_name,
        coalesce(members_summarised.customer_count, 0) as customer_count,
        {%- for feature in features %}
            members_summarised.mean_{{ feature }},
        {%- endfor %}
        {%- for feature in features %}
            members_summarised.median_{{ feature }},
        {%- endfor %}
        {{ safe_ratio(
            'coalesce(members_summarised.customer_count, 0) * 1e0',
            'base_summarised.base_customer_count'
        ) }} as customer_share,
        {{ safe_ratio(
            'cast(members_summarised.segment_revenue as double)',
            'base_summarised.base_revenue'
        ) }} as revenue_share,
        members_summarised.mean_r_score,
        members_summarised.mean_f_score,
        members_summarised.mean_m_score,
        int_segment_rfm_mixes_described.top_rfm_segment,
        int_segment_rfm_mixes_described.top_rfm_segment_share,
        int_segment_rfm_mixes_described.rfm_segment_mix,
        top_categories_ranked.top_category
    from segments
    cross join base_summarised
    left join members_summarised
        on segments.segment_id = members_summarised.segment_id
    left join int_segment_rfm_mixes_described
        on segments.segment_id = int_segment_rfm_mixes_described.segment_id
    left join top_categories_ranked
        on
            segments.segment_id = top_categories_ranked.segment_id
            and top_categories_ranked.category_rank = 1
)

select * from profiles_assembled
