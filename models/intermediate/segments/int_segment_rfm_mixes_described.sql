-- One row per segment with customers in customer_segments: how its customers
-- split over the RFM segments of customer_rfm. The most frequent RFM segment
-- and its share, and the mix as text: the three most frequent RFM segments
-- with their shares in whole percent, most frequent first (ties by name),
-- e.g. "Champions 67% · Lost 33%".
with

customer_segments as (
    select
        customer_id,
        segment_id
    from {{ ref('customer_segments') }}
),

customer_features as (
    select
        customer_id,
        rfm_segment
    from {{ ref('customer_features') }}
),

rfm_segments_counted as (
    select
        customer_segments.segment_id,
        customer_features.rfm_segment,
        count(*) as customer_count
    from customer_segments
    inner join customer_features
        on customer_segments.customer_id = customer_features.customer_id
    group by customer_segments.segment_id, customer_features.rfm_segment
),

rfm_segments_ranked as (
    select
        segment_id,
        rfm_segment,
        customer_count,
        customer_count * 1e0
        / sum(customer_count) over (partition by segment_id) as customer_share,
        row_number() over (
            partition by segment_id
            order by customer_count desc, rfm_segment asc
        ) as mix_rank
    from rfm_segments_counted
),

rfm_mix_items as (
    select
        segment_id,
        rfm_segment,
        customer_share,
        mix_rank,
        {{ dbt.concat([
            "rfm_segment",
            "' '",
            dbt.cast(
                dbt.cast("round(100 * customer_share)", dbt.type_int()),
                dbt.type_string()
            ),
            "'%'",
        ]) }} as mix_item
    from rfm_segments_ranked
),

rfm_mix_described as (
    select
        segment_id,
        max(case when mix_rank = 1 then rfm_segment end) as top_rfm_segment,
        max(case when mix_rank = 1 then customer_share end)
            as top_rfm_segment_share,
        {{ ordered_listagg("mix_item", "' · '", "mix_rank", 3) }}
            as rfm_segment_mix
    from rfm_mix_items
    group by segment_id
)

select * from rfm_mix_described
