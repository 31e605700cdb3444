-- One row per product id the warehouse knows (listed in the products table
-- or seen on a clean order line; folded to upper case when var
-- fold_product_id_case is true): name, category, brand, list price and
-- whether it is a non-product item (postage, fees, ...), which the product
-- pairs and recommendations leave out. Names are NULL when there is no
-- products file.
with

int_products_identified as (
    select * from {{ ref('int_products_identified') }}
)

select * from int_products_identified
