-- One row per product id (after product_id_folded) found in the products
-- table or on a clean order line: its catalogue columns (NULL when it is not
-- listed or there is no products table) and whether it is a non-product item
-- (postage, fees, discounts, vouchers: seed non_product_items, matched as a
-- LIKE pattern, plus the ids of var non_product_item_ids). When folding
-- makes two listed ids one, the smallest original id's row is kept.
{%- set extra_ids = non_product_item_ids() %}

with

stg_shop__products as (
    select
        product_id,
        product_name,
        category,
        brand,
        list_price
    from {{ ref('stg_shop__products') }}
),

stg_shop__order_lines as (
    select product_id from {{ ref('stg_shop__order_lines') }}
    where product_id is not null
),

non_product_items as (
    select
        product_id_pattern,
        reason
    from {{ ref('non_product_items') }}
),

listed_products_ranked as (
    select
        {{ product_id_folded('product_id') }} as product_id,
        product_name,
        category,
        brand,
        list_price,
        row_number() over (
            partition by {{ product_id_folded('product_id') }}
            order by product_id
        ) as id_rank
    from stg_shop__products
),

product_ids as (
    select product_id from listed_products_ranked
    union
    select {{ product_id_folded('product_id') }} as product_id
    from stg_shop__order_lines
),

extra_non_product_ids as (
    {%- if extra_ids %}
        {%- for product_id in extra_ids %}
            select
                {{ product_id_folded(sql_string(product_id)) }} as product_id
            {%- if not loop.last %}
                union
            {%- endif %}
        {%- endfor %}
    {%- else %}
        select cast(null as {{ dbt.type_string() }}) as product_id
        where false
    {%- endif %}
),

reasons_matched as (
    select
        product_ids.product_id,
        min(non_product_items.reason) as non_product_reason
    from product_ids
    inner join non_product_items
        on
            product_ids.product_id
            like {{ product_id_folded('non_product_items.product_id_pattern') }}
    group by product_ids.product_id
),

products_identified as (
    select
        product_ids.product_id,
        listed_products_ranked.product_name,
        listed_products_ranked.category,
        listed_products_ranked.brand,
        listed_products_ranked.list_price,
        listed_products_ranked.product_id is not null as is_listed,
        reasons_matched.product_id is not null
        or extra_non_product_ids.product_id is not null
            as is_non_product_item,
        coalesce(
            reasons_matched.non_product_reason,
            case
                when extra_non_product_ids.product_id is not null
                    then 'var non_product_item_ids'
            end
        ) as non_product_reason
    from product_ids
    left join listed_products_ranked
        on
            product_ids.product_id = listed_products_ranked.product_id
            and listed_products_ranked.id_rank = 1
    left join reasons_matched
        on product_ids.product_id = reasons_matched.product_id
    left join extra_non_product_ids
        on product_ids.product_id = extra_non_product_ids.product_id
)

select * from products_identified
