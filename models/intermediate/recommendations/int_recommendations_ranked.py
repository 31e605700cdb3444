"""Item-CF recommendations per as-of date and customer (dbt Python model).

Thin on purpose: load, call the package, return. The cosine neighbours and
the scoring (a sparse matrix product over blocks of customers, exact integer
sums, top N per customer with the product_id tie-break) live in
``segwarehouse.item_similarity`` and ``segwarehouse.recommendations`` and are
unit-tested there; docs block ``recommendation_score`` defines the figure.
"""

from segwarehouse.item_similarity import item_cf_recommendations
from segwarehouse.recommendations import per_customer_from_config, similarity_params_from_config


def model(dbt, session):
    config = dbt.config.meta_get("recommendations")
    per_customer = per_customer_from_config(config)
    neighbours, shrinkage = similarity_params_from_config(config)
    # Arrow, not pandas: no Python object for each of the millions of ids.
    customer_products = dbt.ref("int_customer_products_dated").to_arrow_table()
    # As many blocks of customers at once as DuckDB has threads (it waits
    # for this model meanwhile); the result is the same for any number.
    n_threads = int(session.execute("select current_setting('threads')").fetchone()[0])
    return item_cf_recommendations(
        customer_products, per_customer, neighbours, shrinkage, n_threads=n_threads
    )
