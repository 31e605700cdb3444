"""The segmentation estimator: prepare, choose k, cluster, name, keep ids stable.

:class:`Segmenter` fits on a bounded sample of customers and describes the
result as small tables (:meth:`Segmenter.artifact_table`); SQL then assigns
every customer to the nearest centroid with the stored parameters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd
import pyarrow as pa
from sklearn.base import BaseEstimator
from sklearn.metrics import adjusted_rand_score
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from .algorithms import cluster_means, fit_labels, nearest_centroid
from .matching import match_segment_ids, segment_number
from .naming import name_segments
from .params import DEFAULT_FEATURES, SegmentationParams
from .preparation import FeaturePreparer, unusable_features
from .profiles import median_sides, relative_profile, segment_medians
from .selection import SCORE_COLUMNS, choose_k, partition_scores, silhouette_subset

ID_COLUMN = "customer_id"

#: Columns of the artifact table (one table, one row kind per ``artifact``).
ARTIFACT_SCHEMA = pa.schema(
    [
        ("artifact", pa.string()),
        ("segment_id", pa.string()),
        ("segment_name", pa.string()),
        ("segment_size", pa.int64()),
        ("rms_radius", pa.float64()),
        ("feature", pa.string()),
        ("feature_position", pa.int64()),
        ("impute_value", pa.float64()),
        ("is_log1p", pa.bool_()),
        ("center", pa.float64()),
        ("scale", pa.float64()),
        ("dimension", pa.string()),
        ("dimension_position", pa.int64()),
        ("weight", pa.float64()),
        ("coordinate", pa.float64()),
        ("standardized_value", pa.float64()),
        ("original_value", pa.float64()),
        ("k", pa.int64()),
        ("is_chosen", pa.bool_()),
        ("n_segments", pa.int64()),
        ("silhouette", pa.float64()),
        ("davies_bouldin", pa.float64()),
        ("calinski_harabasz", pa.float64()),
        ("mean_squared_distance", pa.float64()),
        ("min_segment_share", pa.float64()),
        ("k_rule", pa.string()),
        ("algorithm", pa.string()),
        ("parameters", pa.string()),
        ("sample_size", pa.int64()),
        ("explained_variance", pa.float64()),
        ("previous_adjusted_rand_index", pa.float64()),
        ("matched_segments", pa.int64()),
        ("new_segments", pa.int64()),
        ("retired_segments", pa.int64()),
        ("run_number", pa.int64()),
        ("as_of_date", pa.date32()),
        ("is_in_range", pa.bool_()),
        ("k_min", pa.int64()),
        ("k_max", pa.int64()),
        ("unbounded_k", pa.int64()),
        ("reason", pa.string()),
        ("run_kind", pa.string()),
        ("fit_run_number", pa.int64()),
        ("fitted_as_of_date", pa.date32()),
        ("refit_reason", pa.string()),
    ]
)
#: What :meth:`PreviousRun.from_artifacts` reads: only these columns are required,
#: so an artifact table without later columns (e.g. ``is_in_range``) still gives stable ids.
PREVIOUS_RUN_COLUMNS = (
    "artifact",
    "segment_id",
    "feature",
    "feature_position",
    "impute_value",
    "is_log1p",
    "center",
    "scale",
    "dimension",
    "dimension_position",
    "weight",
    "coordinate",
    "original_value",
)
ARTIFACT_KINDS = (
    "run",
    "k_score",
    "preprocessing",
    "projection",
    "segment",
    "centroid",
    "scoring_centroid",
    "dropped_feature",
)


@dataclass(frozen=True)
class PreviousRun:
    """What a new fit needs from the previous run's artifacts."""

    segment_ids: list[str]
    original_centroids: pd.DataFrame  # rows = segment ids, columns = features
    preparer: FeaturePreparer
    scoring_centroids: np.ndarray  # rows in segment_ids order

    @classmethod
    def from_artifacts(cls, artifacts) -> PreviousRun | None:
        """Parse a previous artifact table; None when it is absent or unusable."""
        if artifacts is None:
            return None
        frame = artifacts.to_pandas() if isinstance(artifacts, pa.Table) else artifacts
        if frame.empty or not set(PREVIOUS_RUN_COLUMNS) <= set(frame.columns):
            return None
        kind = frame["artifact"]
        segments = frame[kind == "segment"]
        segments = segments.iloc[np.argsort(segments["segment_id"].map(segment_number))]
        if segments.empty:
            return None
        ids = segments["segment_id"].astype(str).tolist()
        centroids = frame[kind == "centroid"].pivot_table(
            index="segment_id", columns="feature", values="original_value"
        )
        scoring = frame[kind == "scoring_centroid"].pivot_table(
            index="segment_id", columns="dimension_position", values="coordinate"
        )
        preparer = FeaturePreparer.from_tables(
            frame[kind == "preprocessing"], frame[kind == "projection"]
        )
        return cls(
            segment_ids=ids,
            original_centroids=centroids.reindex(ids),
            preparer=preparer,
            scoring_centroids=scoring.reindex(ids).sort_index(axis=1).to_numpy(float),
        )

    def assign(self, data: pd.DataFrame) -> np.ndarray | None:
        """The previous model's segment index for each row (None if features are missing)."""
        if not set(self.preparer.features_) <= set(data.columns):
            return None
        labels, _ = nearest_centroid(self.preparer.transform(data), self.scoring_centroids)
        return labels


class Segmenter(BaseEstimator):
    """Customer segmentation fitted on a sample, scored by nearest centroid.

    Parameters are those of :class:`~segwarehouse.segmentation.params.SegmentationParams`
    (same names and defaults), plus ``max_match_distance`` for id matching.

    Attributes
    ----------
    params_ : SegmentationParams
    preparer_ : FeaturePreparer
    k_scores_ : DataFrame
        One row per k tried, see :mod:`.selection`; ``is_in_range`` says
        whether it could be chosen (within ``k_min..k_max``, or the forced k).
    k_ : int
        Number of segments delivered.
    unbounded_k_ : int or None
        The k the rule picks among every k tried, ignoring ``k_min..k_max``
        (None when k is forced or the algorithm finds its own k).
    dropped_features_ : dict
        Features left out of the fit -> reason (``"no value"``, ``"constant"``),
        see :func:`~.preparation.unusable_features`.
    segment_ids_, segment_names_ : list of str
        Per segment, sorted by id.
    centroids_ : ndarray (k, n_dimensions)
        Centroids in the scoring space (what SQL compares against).
    standardized_centroids_, original_centroids_ : DataFrame (k, n_features)
        Centroids per feature: standardised, and in original units.
    segment_sizes_ : ndarray
        Sample members per segment (nearest-centroid assignment).
    rms_radius_ : ndarray
        Root mean squared distance of members to their centroid.
    labels_ : ndarray of str
        Segment id of each fitted row (in the order of ``customer_ids_``).
    customer_ids_ : ndarray
        Ids of the fitted rows, sorted.
    previous_adjusted_rand_index_ : float
        ARI between this model and the previous one on this sample (NaN without one).
    matched_segments_, new_segments_, retired_segments_ : int
        Outcome of the id matching.
    """

    def __init__(
        self,
        features=DEFAULT_FEATURES,
        impute=None,
        impute_default="median",
        log1p="auto",
        skew_threshold=1.0,
        scaler="standard",
        pca_components=0,
        algorithm="kmeans",
        k=0,
        k_min=4,
        k_max=8,
        k_rule="mean_rank",
        min_segment_share=0.03,
        n_init=10,
        random_state=42,
        pairwise_sample_size=4000,
        dbscan_eps=0.5,
        dbscan_min_samples=10,
        n_threads=1,
        max_match_distance=None,
    ):
        self.features = features
        self.impute = impute
        self.impute_default = impute_default
        self.log1p = log1p
        self.skew_threshold = skew_threshold
        self.scaler = scaler
        self.pca_components = pca_components
        self.algorithm = algorithm
        self.k = k
        self.k_min = k_min
        self.k_max = k_max
        self.k_rule = k_rule
        self.min_segment_share = min_segment_share
        self.n_init = n_init
        self.random_state = random_state
        self.pairwise_sample_size = pairwise_sample_size
        self.dbscan_eps = dbscan_eps
        self.dbscan_min_samples = dbscan_min_samples
        self.n_threads = n_threads
        self.max_match_distance = max_match_distance

    @classmethod
    def from_params(cls, params: SegmentationParams, **extra) -> Segmenter:
        """A Segmenter with the values of ``params``."""
        values = {item.name: getattr(params, item.name) for item in fields(params)}
        return cls(**values, **extra)

    def fit(self, X: pd.DataFrame, y=None, previous: PreviousRun | None = None):
        """Fit on ``X`` (one row per customer: ``customer_id`` and the features).

        Parameters
        ----------
        X : DataFrame
            The fit sample. Rows are sorted by ``customer_id`` first, so the
            result does not depend on the order they arrive in.
        previous : PreviousRun, optional
            The previous run, for stable ids and the adjusted Rand index.
        """
        self.params_ = self._validated_params()
        data = _sorted_sample(X, self.params_.features)
        self.customer_ids_ = data[ID_COLUMN].to_numpy() if ID_COLUMN in data else None
        with threadpool_limits(limits=self.params_.n_threads):
            self._fit(data, previous)
        return self

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """Segment id of the nearest centroid for each row (what SQL computes)."""
        check_is_fitted(self, "centroids_")
        index, _ = nearest_centroid(self.preparer_.transform(X), self.centroids_)
        return np.asarray(self.segment_ids_, dtype=object)[index]

    def _validated_params(self) -> SegmentationParams:
        values = self.get_params()
        values.pop("max_match_distance")
        values["features"] = tuple(values["features"])
        values["impute"] = dict(values["impute"] or {})
        if not isinstance(values["log1p"], str):
            values["log1p"] = tuple(values["log1p"])
        return SegmentationParams(**values)

    def _fit(self, data: pd.DataFrame, previous: PreviousRun | None) -> None:
        params = self.params_
        self.sample_size_ = len(data)
        if self.sample_size_ == 0:
            raise ValueError("the fit sample is empty: no customer to segment")
        self.dropped_features_ = unusable_features(data, list(params.features))
        self.preparer_ = FeaturePreparer(
            features=[name for name in params.features if name not in self.dropped_features_],
            impute=params.impute,
            impute_default=params.impute_default,
            log1p=params.log1p if isinstance(params.log1p, str) else list(params.log1p),
            skew_threshold=params.skew_threshold,
            scaler=params.scaler,
            pca_components=min(params.pca_components, self.sample_size_),
            random_state=params.random_state,
        ).fit(data)
        points = self.preparer_.transform(data)
        fit_index = self._select_and_fit(points)
        self._finalise_segments(data, points, fit_index, previous)
        self._compare_with_previous(data, previous)

    def _select_and_fit(self, points: np.ndarray) -> np.ndarray:
        """Score every candidate k, keep the chosen one's cluster labels."""
        params = self.params_
        subset = silhouette_subset(len(points), params.pairwise_sample_size, params.random_state)
        candidates = [k for k in params.k_values if k < len(points)]
        if params.algorithm == "dbscan":
            candidates = [0]
        rows, labels_by_k = [], {}
        for requested in candidates:
            labels = self._cluster(points, requested)
            centroids = cluster_means(points, labels)
            assigned, _ = nearest_centroid(points, centroids)
            # DBSCAN finds its k; the other algorithms are asked for one (a
            # Gaussian mixture may leave components empty: n_segments < k).
            k = requested or len(centroids)
            labels_by_k[k] = labels
            rows.append({"k": k, **partition_scores(points, assigned, centroids, subset)})
        scores = pd.DataFrame(rows, columns=SCORE_COLUMNS)
        in_range = scores["k"].map(params.is_in_range).astype(bool)
        if params.algorithm == "dbscan":
            in_range[:] = True
        self.unbounded_k_ = None
        if scores.empty:  # fewer customers than the smallest k: one segment
            self.k_ = 1
            self.k_scores_ = scores.assign(
                is_chosen=pd.Series(dtype=bool), is_in_range=pd.Series(dtype=bool)
            )
            return np.zeros(len(points), dtype=int)
        # A sample too small for the range: the rule picks among the k it allows.
        choosable = scores[in_range] if in_range.any() else scores
        self.k_ = choose_k(choosable, params.k_rule, params.min_segment_share)
        if not params.k and params.algorithm != "dbscan":
            self.unbounded_k_ = choose_k(scores, params.k_rule, params.min_segment_share)
        self.k_scores_ = scores.assign(
            is_chosen=scores["k"] == self.k_, is_in_range=in_range
        ).reset_index(drop=True)
        return labels_by_k[self.k_]

    def _cluster(self, points: np.ndarray, k: int) -> np.ndarray:
        params = self.params_
        return fit_labels(
            points,
            params.algorithm,
            k,
            random_state=params.random_state,
            n_init=params.n_init,
            pairwise_sample_size=params.pairwise_sample_size,
            dbscan_eps=params.dbscan_eps,
            dbscan_min_samples=params.dbscan_min_samples,
        )

    def _finalise_segments(
        self,
        data: pd.DataFrame,
        points: np.ndarray,
        cluster_labels: np.ndarray,
        previous: PreviousRun | None,
    ) -> None:
        """Centroids, nearest-centroid members, ids, names and radii."""
        standardized = self.preparer_.standardize(data)
        centroids = cluster_means(points, cluster_labels)
        feature_centroids = cluster_means(standardized, cluster_labels)
        assigned, distances = nearest_centroid(points, centroids)
        # A segment may win no point under nearest-centroid assignment (possible
        # for non-k-means algorithms): it is dropped.
        kept = np.flatnonzero(np.bincount(assigned, minlength=len(centroids)) > 0)
        centroids, feature_centroids = centroids[kept], feature_centroids[kept]
        assigned, distances = nearest_centroid(points, centroids)
        sizes = np.bincount(assigned, minlength=len(centroids))
        ids = self._segment_ids(feature_centroids, sizes, previous)
        order = np.argsort([segment_number(value) for value in ids], kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        assigned = rank[assigned]
        centroids, feature_centroids, sizes = (
            centroids[order],
            feature_centroids[order],
            sizes[order],
        )
        features = list(self.preparer_.features_)
        self.k_ = len(centroids)
        self.segment_ids_ = [ids[i] for i in order]
        self.centroids_ = centroids
        self.standardized_centroids_ = pd.DataFrame(
            feature_centroids, index=self.segment_ids_, columns=features
        )
        self.original_centroids_ = pd.DataFrame(
            self.preparer_.to_original_units(feature_centroids),
            index=self.segment_ids_,
            columns=features,
        )
        self.segment_sizes_ = sizes
        squared = np.bincount(assigned, weights=distances**2, minlength=len(centroids))
        self.rms_radius_ = np.sqrt(squared / np.maximum(sizes, 1))
        self.labels_ = np.asarray(self.segment_ids_, dtype=object)[assigned]
        values = data[features].astype(float)
        self.segment_names_ = name_segments(
            relative_profile(standardized, assigned, len(centroids), features),
            segment_medians(values, assigned, len(centroids)),
            sides=median_sides(values, assigned, len(centroids)),
        )

    def _segment_ids(
        self, feature_centroids: np.ndarray, sizes: np.ndarray, previous: PreviousRun | None
    ) -> list[str]:
        self.matched_segments_, self.new_segments_, self.retired_segments_ = 0, 0, 0
        common = []
        if previous is not None:
            common = [
                j
                for j, name in enumerate(self.preparer_.features_)
                if name in previous.original_centroids.columns
            ]
        if not common:
            ids = match_segment_ids(feature_centroids, sizes)
            self.new_segments_ = len(ids)
            return ids
        previous_units = previous.original_centroids.reindex(columns=self.preparer_.features_)
        previous_standardized = self.preparer_.standardize(previous_units)
        ids = match_segment_ids(
            feature_centroids[:, common],
            sizes,
            previous_standardized[:, common],
            previous.segment_ids,
            max_distance=self.max_match_distance,
        )
        self.matched_segments_ = len(set(ids) & set(previous.segment_ids))
        self.new_segments_ = len(ids) - self.matched_segments_
        self.retired_segments_ = len(set(previous.segment_ids) - set(ids))
        return ids

    def _compare_with_previous(self, data: pd.DataFrame, previous: PreviousRun | None) -> None:
        self.previous_adjusted_rand_index_ = math.nan
        if previous is None:
            return
        previous_labels = previous.assign(data)
        if previous_labels is not None:
            self.previous_adjusted_rand_index_ = float(
                adjusted_rand_score(previous_labels, self.labels_)
            )

    def artifact_table(self, run_number: int = 1, as_of_date=None) -> pa.Table:
        """Everything SQL and the next run need, as one typed Arrow table.

        ``run_number`` and ``as_of_date`` only label the ``run`` row (the run
        counter and the data's as-of date: no wall-clock time anywhere).

        One row kind per ``artifact`` value: ``run`` (1 row), ``k_score``
        (per k), ``preprocessing`` (per feature), ``projection`` (per
        dimension and feature), ``segment`` (per segment), ``centroid`` (per
        segment and feature), ``scoring_centroid`` (per segment and dimension),
        ``dropped_feature`` (per feature left out of the fit, with its ``reason``).
        Columns that do not apply to a kind are NULL.
        """
        check_is_fitted(self, "centroids_")
        run = {**self._run_row(), "run_number": run_number, "as_of_date": as_of_date}
        rows = [run, *self._k_rows(), *self._preparation_rows(), *self._dropped_rows()]
        rows += self._segment_rows()
        table = pa.Table.from_pylist([_clean(row) for row in rows], schema=ARTIFACT_SCHEMA)
        return table

    def _run_row(self) -> dict:
        variance = self.preparer_.explained_variance_ratio_
        return {
            "artifact": "run",
            "k": self.k_,
            "k_rule": self.params_.k_rule,
            "algorithm": self.params_.algorithm,
            "parameters": self.params_.to_json(),
            "sample_size": self.sample_size_,
            "explained_variance": None if variance is None else float(variance.sum()),
            "previous_adjusted_rand_index": self.previous_adjusted_rand_index_,
            "matched_segments": self.matched_segments_,
            "new_segments": self.new_segments_,
            "retired_segments": self.retired_segments_,
            "k_min": None if self.params_.k else self.params_.k_min,
            "k_max": None if self.params_.k else self.params_.k_max,
            "unbounded_k": self.unbounded_k_,
        }

    def _k_rows(self) -> list[dict]:
        return [
            {"artifact": "k_score", "k_rule": self.params_.k_rule, **row}
            for row in self.k_scores_.to_dict("records")
        ]

    def _preparation_rows(self) -> list[dict]:
        preprocessing = self.preparer_.preprocessing_table().assign(artifact="preprocessing")
        projection = self.preparer_.projection_table().assign(artifact="projection")
        return preprocessing.to_dict("records") + projection.to_dict("records")

    def _dropped_rows(self) -> list[dict]:
        positions = {name: i + 1 for i, name in enumerate(self.params_.features)}
        return [
            {
                "artifact": "dropped_feature",
                "feature": name,
                "feature_position": positions[name],
                "reason": reason,
            }
            for name, reason in self.dropped_features_.items()
        ]

    def _segment_rows(self) -> list[dict]:
        rows = []
        features = list(self.preparer_.features_)
        standardized = self.standardized_centroids_.to_numpy()
        original = self.original_centroids_.to_numpy()
        for i, segment_id in enumerate(self.segment_ids_):
            name = self.segment_names_[i]
            rows.append(
                {
                    "artifact": "segment",
                    "segment_id": segment_id,
                    "segment_name": name,
                    "segment_size": self.segment_sizes_[i],
                    "rms_radius": self.rms_radius_[i],
                }
            )
            for j, feature in enumerate(features):
                rows.append(
                    {
                        "artifact": "centroid",
                        "segment_id": segment_id,
                        "segment_name": name,
                        "feature": feature,
                        "feature_position": j + 1,
                        "standardized_value": standardized[i, j],
                        "original_value": original[i, j],
                    }
                )
            for d, dimension in enumerate(self.preparer_.dimensions_):
                rows.append(
                    {
                        "artifact": "scoring_centroid",
                        "segment_id": segment_id,
                        "segment_name": name,
                        "dimension": dimension,
                        "dimension_position": d + 1,
                        "coordinate": self.centroids_[i, d],
                    }
                )
        return rows


def empty_artifact_table(
    params: SegmentationParams, run_number: int = 1, as_of_date=None
) -> pa.Table:
    """The artifact table of a run without customers: only the ``run`` row, k = 0."""
    row = {
        "run_number": run_number,
        "as_of_date": as_of_date,
        "artifact": "run",
        "k": 0,
        "k_rule": params.k_rule,
        "algorithm": params.algorithm,
        "parameters": params.to_json(),
        "sample_size": 0,
        "matched_segments": 0,
        "new_segments": 0,
        "retired_segments": 0,
    }
    return pa.Table.from_pylist([_clean(row)], schema=ARTIFACT_SCHEMA)


def _sorted_sample(X: pd.DataFrame, features) -> pd.DataFrame:
    if not isinstance(X, pd.DataFrame):
        raise TypeError("X must be a pandas DataFrame with one column per feature")
    missing = [name for name in features if name not in X.columns]
    if missing:
        raise ValueError(f"the sample lacks the feature columns {missing}")
    if ID_COLUMN in X.columns:
        if X[ID_COLUMN].duplicated().any():
            raise ValueError("customer_id is not unique in the sample")
        X = X.sort_values(ID_COLUMN, kind="stable")
    return X.reset_index(drop=True)


def _clean(row: dict) -> dict:
    """Python scalars for Arrow; NaN and missing keys become NULL."""
    cleaned = {}
    for name in ARTIFACT_SCHEMA.names:
        value = row.get(name)
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, float) and not math.isfinite(value):
            value = None
        cleaned[name] = value
    return cleaned
