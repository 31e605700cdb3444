"""Fit the segmentation on the bounded sample; return the artifact table.

Thin on purpose: load, call the package, return. The logic (preparation,
k selection, clustering, names, stable ids) lives in
``segwarehouse.segmentation`` and is unit-tested there. The parameters are the
``segment_*`` vars, passed in through ``config.meta.segmentation``; the
clustering features are the columns of segment_training_sample. Whether the
run fits again or keeps the fit stored in this model's own table (SQL then
scores every customer with it): vars `refit`, `refit_after_days`
(docs/refits.md).
"""

from segwarehouse.segmentation import fit_segment_artifacts, read_previous_artifacts


def model(dbt, session):
    config = dbt.config.meta_get("segmentation")
    # Read before the build replaces it: the stored fit, for scoring and
    # stable ids.
    previous = read_previous_artifacts(session, dbt.this)
    sample = dbt.ref("segment_training_sample").to_arrow_table()
    as_of_date = dbt.ref("int_as_of_date").df()["as_of_date"].iloc[0]
    return fit_segment_artifacts(sample, config, previous, as_of_date, dbt.is_incremental)
