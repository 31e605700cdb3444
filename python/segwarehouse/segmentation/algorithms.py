"""Clustering algorithms behind one interface: fit labels, derive centroids.

Whatever the algorithm, a segment is finally described by its centroid (the
mean of its members in the scoring space) and customers are assigned to the
nearest centroid, because that is what SQL can score for any number of
customers. The algorithm only decides *which* groups are found:

- ``kmeans``: k-means++ seeding, ``n_init`` restarts, best inertia kept.
- ``minibatch_kmeans``: the same on mini-batches (faster on large samples).
- ``gaussian_mixture``: full-covariance mixture; hard labels = most likely component.
- ``agglomerative``: Ward linkage on at most ``pairwise_sample_size`` points
  (its memory is quadratic); the rest of the sample follows the nearest centroid.
- ``dbscan``: density clusters; k is not chosen but found. Noise points (label
  -1) do not shape any centroid; in scoring they join the nearest centroid and
  are flagged as outliers when far from it.
"""

from __future__ import annotations

import numpy as np
from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans, MiniBatchKMeans
from sklearn.mixture import GaussianMixture

from .params import ALGORITHMS

NOISE = -1


def fit_labels(
    points: np.ndarray,
    algorithm: str,
    n_clusters: int,
    *,
    random_state: int,
    n_init: int = 10,
    pairwise_sample_size: int = 4000,
    dbscan_eps: float = 0.5,
    dbscan_min_samples: int = 10,
) -> np.ndarray:
    """Cluster labels 0..k-1 (and -1 for DBSCAN noise) of ``points``.

    Parameters
    ----------
    points : ndarray of shape (n_samples, n_dimensions)
        Prepared (standardised / projected) data.
    algorithm : str
        One of :data:`~segwarehouse.segmentation.params.ALGORITHMS`.
    n_clusters : int
        Number of clusters (ignored by DBSCAN).
    random_state : int
        Seed; the result is a deterministic function of the inputs.

    Returns
    -------
    ndarray of int, shape (n_samples,)
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"algorithm must be one of {ALGORITHMS}, got {algorithm!r}")
    if algorithm == "kmeans":
        return KMeans(n_clusters, n_init=n_init, random_state=random_state).fit_predict(points)
    if algorithm == "minibatch_kmeans":
        estimator = MiniBatchKMeans(
            n_clusters, n_init=n_init, random_state=random_state, batch_size=2048
        )
        return estimator.fit_predict(points)
    if algorithm == "gaussian_mixture":
        mixture = GaussianMixture(
            n_clusters, n_init=n_init, random_state=random_state, reg_covar=1e-4
        )
        # A component may win no point: renumber so that labels stay 0..found-1.
        return _dense_labels(mixture.fit(points).predict(points))
    if algorithm == "agglomerative":
        return _agglomerative_labels(points, n_clusters, pairwise_sample_size, random_state)
    labels = DBSCAN(eps=dbscan_eps, min_samples=dbscan_min_samples).fit_predict(points)
    return _dense_labels(labels)


def cluster_means(points: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Mean of each cluster 0..max(label) (noise excluded), shape (k, n_dimensions)."""
    n_clusters = int(labels.max()) + 1 if (labels >= 0).any() else 0
    if n_clusters == 0:
        raise ValueError("no cluster found (every point is noise): adjust the DBSCAN parameters")
    return np.vstack([points[labels == label].mean(axis=0) for label in range(n_clusters)])


def nearest_centroid(
    points: np.ndarray, centroids: np.ndarray, chunk_size: int = 8192
) -> tuple[np.ndarray, np.ndarray]:
    """Index of the nearest centroid of each point and the Euclidean distance to it.

    Computed from coordinate differences, as the SQL scoring does (not with
    the faster but less exact ``|x|^2 - 2 x.c + |c|^2`` expansion), in chunks
    of ``chunk_size`` points to bound memory. Ties go to the lower index, as
    in SQL (``order by distance, segment_id`` with ids in centroid order).
    """
    points = np.asarray(points, dtype=float)
    centroids = np.asarray(centroids, dtype=float)
    index = np.empty(len(points), dtype=int)
    distance = np.empty(len(points))
    for start in range(0, len(points), chunk_size):
        chunk = points[start : start + chunk_size]
        squared = ((chunk[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        nearest = squared.argmin(axis=1)
        index[start : start + len(chunk)] = nearest
        distance[start : start + len(chunk)] = np.sqrt(squared[np.arange(len(chunk)), nearest])
    return index, distance


def _agglomerative_labels(
    points: np.ndarray, n_clusters: int, pairwise_sample_size: int, random_state: int
) -> np.ndarray:
    n_samples = len(points)
    if n_samples <= pairwise_sample_size:
        return AgglomerativeClustering(n_clusters, linkage="ward").fit_predict(points)
    rng = np.random.default_rng(random_state)
    subset = np.sort(rng.choice(n_samples, size=pairwise_sample_size, replace=False))
    subset_labels = AgglomerativeClustering(n_clusters, linkage="ward").fit_predict(points[subset])
    labels, _ = nearest_centroid(points, cluster_means(points[subset], subset_labels))
    return labels


def _dense_labels(labels: np.ndarray) -> np.ndarray:
    """Relabel clusters 0..k-1 in order of first appearance, keeping -1 for noise."""
    dense = np.full_like(labels, NOISE)
    for new, old in enumerate(dict.fromkeys(label for label in labels if label != NOISE)):
        dense[labels == old] = new
    return dense
