"""FeaturePreparer: imputation, log1p, scaling, PCA and their SQL-ready tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from segwarehouse.segmentation import FeaturePreparer


@pytest.fixture
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 500
    return pd.DataFrame(
        {
            "revenue": rng.lognormal(3, 1.2, n),  # skewed, non-negative
            "orders": rng.poisson(3, n).astype(float),
            "balance": rng.normal(0, 5, n),  # symmetric, has negatives
        }
    )


def test_fit_returns_self_and_learned_attributes_end_in_underscore(frame):
    preparer = FeaturePreparer()
    assert preparer.fit(frame) is preparer
    assert preparer.features_ == ["revenue", "orders", "balance"]
    assert preparer.n_features_in_ == 3


def test_init_only_stores_parameters_so_clone_works():
    preparer = FeaturePreparer(features=["a"], scaler="robust", pca_components=2)
    assert clone(preparer).get_params() == preparer.get_params()


def test_transform_before_fit_raises(frame):
    with pytest.raises(NotFittedError):
        FeaturePreparer().transform(frame)


def test_auto_log1p_picks_skewed_features_only(frame):
    preparer = FeaturePreparer(log1p="auto", skew_threshold=1.0).fit(frame)
    assert preparer.log1p_.tolist() == [True, False, False]


def test_auto_log1p_takes_skewed_money_with_a_few_negative_values(frame):
    # Net revenue after returns: a long right tail, a few customers below zero.
    net = frame.assign(revenue=frame["revenue"] - 5.0)
    assert (net["revenue"] < 0).any()
    preparer = FeaturePreparer(log1p="auto", skew_threshold=1.0).fit(net)
    assert preparer.log1p_.tolist() == [True, False, False]


@pytest.mark.parametrize(
    ("log1p", "expected"),
    [
        pytest.param("none", [False, False, False], id="none"),
        pytest.param(["orders"], [False, True, False], id="explicit"),
    ],
)
def test_log1p_choice(frame, log1p, expected):
    assert FeaturePreparer(log1p=log1p).fit(frame).log1p_.tolist() == expected


def test_standard_scaling_gives_zero_mean_unit_variance(frame):
    z = FeaturePreparer(log1p="none").fit(frame).standardize(frame)
    np.testing.assert_allclose(z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(z.std(axis=0), 1, atol=1e-12)


def test_robust_scaling_centers_on_median_and_scales_by_iqr(frame):
    preparer = FeaturePreparer(log1p="none", scaler="robust").fit(frame)
    q25, median, q75 = np.percentile(frame["balance"], [25, 50, 75])
    assert preparer.center_[2] == pytest.approx(median)
    assert preparer.scale_[2] == pytest.approx(q75 - q25)


def test_robust_scale_falls_back_when_iqr_is_zero():
    data = pd.DataFrame({"orders": [1.0] * 90 + [2.0, 3.0, 5.0, 8.0, 9.0] * 2})
    preparer = FeaturePreparer(log1p="none", scaler="robust").fit(data)
    assert preparer.scale_[0] == pytest.approx(data["orders"].std(ddof=0))


@pytest.mark.parametrize(
    ("strategy", "expected"),
    [
        pytest.param("median", 2.0, id="median"),
        pytest.param("mean", 7 / 3, id="mean"),
        pytest.param("zero", 0.0, id="zero"),
        pytest.param("max", 4.0, id="max"),
        pytest.param("min", 1.0, id="min"),
        pytest.param(99, 99.0, id="number"),
    ],
)
def test_impute_strategies(strategy, expected):
    data = pd.DataFrame({"x": [1.0, np.nan, 2.0, 4.0]})
    preparer = FeaturePreparer(impute={"x": strategy}, log1p="none").fit(data)
    assert preparer.impute_values_[0] == pytest.approx(expected)


def test_missing_values_are_imputed_before_scaling():
    data = pd.DataFrame({"x": [1.0, np.nan, 3.0]})
    preparer = FeaturePreparer(log1p="none").fit(data)
    z = preparer.standardize(data)
    assert z[1, 0] == pytest.approx(0.0)  # median 2 == mean of (1, 2, 3)


def test_all_missing_feature_becomes_constant_zero():
    data = pd.DataFrame({"x": [1.0, 2.0, 3.0], "absent": [np.nan] * 3})
    preparer = FeaturePreparer().fit(data)
    assert preparer.impute_values_[1] == 0.0
    assert preparer.scale_[1] == 1.0
    np.testing.assert_array_equal(preparer.standardize(data)[:, 1], 0.0)


def test_log1p_clips_negative_values_at_zero():
    data = pd.DataFrame({"x": [0.0, 1.0, 2.0, 3.0]})
    preparer = FeaturePreparer(log1p=["x"]).fit(data)
    low = preparer.standardize(pd.DataFrame({"x": [-5.0]}))
    zero = preparer.standardize(pd.DataFrame({"x": [0.0]}))
    assert low[0, 0] == zero[0, 0]


def test_original_units_invert_the_standardisation(frame):
    preparer = FeaturePreparer().fit(frame)
    back = preparer.to_original_units(preparer.standardize(frame))
    np.testing.assert_allclose(back, frame.to_numpy(), rtol=1e-9, atol=1e-9)


def test_missing_column_is_reported(frame):
    with pytest.raises(ValueError, match="missing"):
        FeaturePreparer(features=["revenue", "nope"]).fit(frame)


def test_without_pca_the_projection_is_the_identity(frame):
    preparer = FeaturePreparer().fit(frame)
    np.testing.assert_array_equal(preparer.components_, np.eye(3))
    assert preparer.dimensions_ == preparer.features_
    np.testing.assert_array_equal(preparer.transform(frame), preparer.standardize(frame))


def test_pca_axes_are_orthonormal_and_oriented(frame):
    preparer = FeaturePreparer(pca_components=2, random_state=0).fit(frame)
    components = preparer.components_
    np.testing.assert_allclose(components @ components.T, np.eye(2), atol=1e-12)
    largest = components[np.arange(2), np.abs(components).argmax(axis=1)]
    assert (largest > 0).all()
    assert preparer.dimensions_ == ["pc1", "pc2"]
    assert preparer.transform(frame).shape == (len(frame), 2)


def _sql_formula(preprocessing: pd.DataFrame, projection: pd.DataFrame, data: pd.DataFrame):
    """The scoring coordinates computed row by row as customer_segments does in SQL."""
    z = {}
    for row in preprocessing.itertuples():
        value = data[row.feature].fillna(row.impute_value)
        if row.is_log1p:
            value = np.log(1 + value.clip(lower=0))
        z[row.feature] = (value - row.center) / row.scale
    coordinates = {}
    for (_, dimension), rows in projection.groupby(["dimension_position", "dimension"]):
        coordinates[dimension] = sum(
            w * z[f] for f, w in zip(rows.feature, rows.weight, strict=True)
        )
    return pd.DataFrame(coordinates).to_numpy()


@pytest.mark.parametrize(
    "pca_components", [pytest.param(0, id="no-pca"), pytest.param(2, id="pca")]
)
def test_tables_reproduce_transform_with_the_sql_formula(frame, pca_components):
    data = frame.copy()
    data.loc[::7, "orders"] = np.nan
    preparer = FeaturePreparer(pca_components=pca_components, random_state=0).fit(data)
    expected = preparer.transform(data)
    actual = _sql_formula(preparer.preprocessing_table(), preparer.projection_table(), data)
    np.testing.assert_allclose(actual, expected, atol=1e-10)


def test_from_tables_rebuilds_an_equivalent_preparer(frame):
    preparer = FeaturePreparer(pca_components=2, random_state=0).fit(frame)
    rebuilt = FeaturePreparer.from_tables(
        preparer.preprocessing_table(), preparer.projection_table()
    )
    np.testing.assert_allclose(rebuilt.transform(frame), preparer.transform(frame))
