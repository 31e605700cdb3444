-- Every raw product row, parsed, with the list of reasons it cannot be used
-- (`reasons`, empty when clean). A product_id found on several usable rows
-- with different values keeps its first row in file order; the later ones
-- are duplicate_product_id, so that joining order lines to products never
-- multiplies a line.
-- Steps as in every base_shop__ model (_shop__docs.md, "staging_flow"):
-- parsed, copies_numbered, row_checked, checked, typed.
{{ config(materialized='table') }}
-- A table, not a view: the clean and quarantine models, data_quality_report
-- and everything downstream read it; as a view each of them would redo the
-- parsing and the duplicate search over the whole raw file.

{%- set raw_columns = [
    'product_id', 'product_name', 'category', 'brand', 'list_price',
] %}

with

source_products as (
    {{ raw_batch_sql(source('shop', 'products'), 'products', raw_columns) }}
),

parsed as (
    select
        source_file,
        source_row_number,
        source_file_row_number,
        source_line_number,
        source_record_error,
        product_id as raw_product_id,
        product_name as raw_product_name,
        category as raw_category,
        brand as raw_brand,
        list_price as raw_list_price,
        {{ clean_text('product_id') }} as product_id,
        {{ clean_text('product_name') }} as product_name,
        {{ clean_text('category') }} as category,
        {{ clean_text('brand') }} as brand,
        {{ parse_number('list_price') }} as list_price
    from source_products
),

copies_numbered as (
    {{ copy_numbers_sql('parsed', 'source_products', raw_columns) }}
),

row_checked as (
    select
        *,
        {{ reason_codes([
            ['source_record_error is not null', 'malformed_record'],
            ['product_id is null', 'missing_product_id'],
            ["list_price is null and trim(raw_list_price) <> ''", 'bad_number'],
            ['list_price < 0', 'negative_price'],
            ['copy_number > 1', 'duplicate_row'],
        ], source_table='products') }} as row_reasons
    from copies_numbered
),

checked as (
    {{ checked_rows_sql('row_checked', 'products', 'product_id') }}
),

typed as (
    select
        source_file,
        source_row_number,
        source_file_row_number,
        source_line_number,
        raw_product_id,
        raw_product_name,
        raw_category,
        raw_brand,
        raw_list_price,
        product_id,
        product_name,
        category,
        brand,
        list_price,
        reasons
    from checked
)

select * from typed
