{#
    What each checked var accepts: [kind, minimum, maximum, null allowed]
    and, where a kind needs them, a dict of options. The defaults live in
    dbt_project.yml (vars); checked_var reads a var and validates it against
    this table. Keep the entries in alphabetical order. Kinds:
    - integer, number: within minimum..maximum (none: unbounded); options
      exclusive_minimum (true: > minimum), also ([value, meaning]: one more
      accepted value outside the range);
    - boolean: true or false;
    - date: text YYYY-MM-DD;
    - text: options pattern (a regular expression the text must match) and
      wanted (what to pass, in words, for the message);
    - one_of: options values (the accepted texts);
    - list: a list of non-empty texts (or one comma-separated text), at
      least minimum of them; options pattern (each item), distinct, lower
      (items lower-cased), wanted.
    Null allowed: an empty or null value comes back as none.
#}
{% macro var_specs() -%}
    {{ return({
        'as_of': ['date', none, none, true],
        'campaign_window_days': ['integer', 1, none, false],
        'currency': ['text', none, none, true, {
            'pattern': '^[A-Z]{3}$',
            'wanted': 'an ISO 4217 code of three capital letters (e.g. GBP)',
        }],
        'event_types': ['list', 1, none, false, {
            'lower': true,
            'wanted': 'a non-empty list of event types',
        }],
        'fold_product_id_case': ['boolean', none, none, false],
        'future_timestamp_warn_share': ['number', 0, 1, false],
        'future_tolerance_days': ['integer', 0, none, false],
        'load_date': ['date', none, none, true],
        'max_basket_size': ['integer', 2, none, true],
        'migration_from_date': ['date', none, none, true],
        'migration_to_date': ['date', none, none, true],
        'min_pair_item_share': ['number', 0, 1, false],
        'min_pair_orders': ['integer', 1, none, false],
        'min_support': ['number', 0, 1, false],
        'non_product_item_ids': ['list', 0, none, true, {
            'wanted': 'a list of product ids (e.g. [POST, GIFTWRAP])',
        }],
        'pair_pruning': ['boolean', none, none, false],
        'propensity_horizon_days': ['integer', 1, none, false],
        'propensity_sample_size': ['integer', 1, none, false],
        'recommendation_eval_k': ['integer', 1, 100, false],
        'recommendation_horizon_days': ['integer', 1, none, false],
        'recommendation_neighbours': ['integer', 1, none, true],
        'recommendation_shrinkage': ['number', 0, none, false],
        'recommendations_per_customer': ['integer', 1, none, false],
        'refit': ['one_of', none, none, false, {'values': [
            'auto', 'always', 'never',
        ]}],
        'refit_after_days': ['integer', 1, none, false],
        'rules_per_product': ['integer', 1, none, false],
        'segment_algorithm': ['one_of', none, none, false, {'values': [
            'kmeans', 'minibatch_kmeans', 'gaussian_mixture', 'agglomerative',
            'dbscan',
        ]}],
        'segment_features': ['list', 1, none, false, {
            'pattern': '^[a-z_][a-z0-9_]*$',
            'distinct': true,
            'lower': true,
            'wanted': 'a non-empty list of distinct column names of'
                ~ ' customer_features',
        }],
        'segment_k': ['integer', 2, 50, false, {
            'also': [0, 'choose automatically'],
        }],
        'segment_k_max': ['integer', 2, 50, false],
        'segment_k_min': ['integer', 2, 50, false],
        'segment_outlier_cut': ['number', 0, none, false, {
            'exclusive_minimum': true,
        }],
        'segment_sample_size': ['integer', 1, none, false],
        'segment_scaler': ['one_of', none, none, false, {'values': [
            'standard', 'robust',
        ]}],
        'session_inactivity_minutes': ['number', 0, none, false, {
            'exclusive_minimum': true,
        }],
        'similar_products_min_support': ['number', 0, 1, false],
        'similar_products_per_product': ['integer', 1, none, false],
        'uplift_ci_z': ['number', 0, none, false, {
            'exclusive_minimum': true,
        }],
        'warehouse_time_zone': ['text', none, none, false, {
            'pattern': '^[A-Za-z][A-Za-z0-9_+/-]*$',
            'wanted': 'a time zone name such as UTC or Europe/Berlin',
        }],
    }) }}
{%- endmacro %}
