{#
    The var `non_product_item_ids`: a list of product ids (exact, compared
    after product_id_folded) that are not products, added to the seed
    non_product_items without editing it. Returns the list; anything but a
    list of non-empty texts stops compilation with a message.
#}
{% macro non_product_item_ids() -%}
    {%- set ids = var('non_product_item_ids', []) -%}
    {%- if ids is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set is_list = ids is iterable and ids is not string
        and ids is not mapping -%}
    {%- if not is_list
        or (ids | reject('string') | list | length) > 0
        or (ids | map('trim') | reject | list | length) > 0 -%}
        {{ exceptions.raise_compiler_error(
            "var non_product_item_ids must be a list of product ids, e.g. "
            ~ "--vars '{non_product_item_ids: [POST, GIFTWRAP]}', got '"
            ~ ids ~ "'"
        ) }}
    {%- endif -%}
    {{ return(ids | map('trim') | list) }}
{%- endmacro %}
