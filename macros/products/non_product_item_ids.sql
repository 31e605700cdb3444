{#
    The var `non_product_item_ids`: a list of product ids (exact, compared
    after product_id_folded) that are not products, added to the seed
    non_product_items without editing it. Returns the list (checked_var: a list of
    non-empty texts, trimmed).
#}
{% macro non_product_item_ids() -%}
    {{ return(checked_var('non_product_item_ids') or []) }}
{%- endmacro %}
