"""Customer segmentation: fit on a bounded sample, score every customer in SQL.

Modules
-------
params
    :class:`SegmentationParams`, validated from dbt vars.
preparation
    :class:`FeaturePreparer`: impute, log1p, standardise, optional PCA.
algorithms
    k-means, mini-batch k-means, Gaussian mixture, agglomerative, DBSCAN.
selection
    Validity indices per k and the rule that picks k.
naming
    Readable, unique segment names from profiles.
matching
    Stable segment ids across retrains (Hungarian assignment).
model
    :class:`Segmenter`, the estimator tying these together, and its artifact table.
dbt_model
    The functions the dbt Python model calls.
"""

from .dbt_model import fit_segment_artifacts, read_previous_artifacts
from .model import ARTIFACT_KINDS, ARTIFACT_SCHEMA, PreviousRun, Segmenter
from .params import SegmentationParams
from .preparation import FeaturePreparer

__all__ = [
    "ARTIFACT_KINDS",
    "ARTIFACT_SCHEMA",
    "FeaturePreparer",
    "PreviousRun",
    "SegmentationParams",
    "Segmenter",
    "fit_segment_artifacts",
    "read_previous_artifacts",
]
