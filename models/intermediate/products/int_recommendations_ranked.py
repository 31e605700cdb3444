"""Top products per customer from the recommendation rules (dbt Python model).

Thin on purpose: load, call the package, return. The scoring (a sparse matrix
product over blocks of customers, exact integer sums, top N per customer with
the product_id tie-break) lives in ``segwarehouse.recommendations`` and is
unit-tested there; docs block ``recommendation_score`` defines the figure.
"""

from segwarehouse.recommendations import per_customer_from_config, rank_recommendations


def model(dbt, session):
    per_customer = per_customer_from_config(dbt.config.meta_get("recommendations"))
    # Arrow, not pandas: no Python object for each of the millions of ids.
    customer_products = dbt.ref("int_customer_products_deduplicated").to_arrow_table()
    rules = dbt.ref("int_recommendation_rules").to_arrow_table()
    # As many blocks of customers at once as DuckDB has threads (it waits
    # for this model meanwhile); the result is the same for any number.
    n_threads = int(session.execute("select current_setting('threads')").fetchone()[0])
    return rank_recommendations(customer_products, rules, per_customer, n_threads=n_threads)
