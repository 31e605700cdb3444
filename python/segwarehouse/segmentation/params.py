"""Parameters of a segmentation run, validated from dbt vars.

Every knob of the segmentation is a dbt var (``dbt_project.yml``, block
``# --- segments ---``). The dbt Python model receives them through
``config.meta`` and hands the mapping to :meth:`SegmentationParams.from_mapping`,
which validates types and ranges and says what to pass instead.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

ALGORITHMS = ("kmeans", "minibatch_kmeans", "gaussian_mixture", "agglomerative", "dbscan")
SCALERS = ("standard", "robust")
K_RULES = ("silhouette", "davies_bouldin", "calinski_harabasz", "mean_rank")
IMPUTE_STRATEGIES = ("median", "mean", "zero", "min", "max")
#: Default clustering features (the dbt var ``segment_features`` repeats them):
#: RFM plus basket size and browsing behaviour, all columns of ``customer_features``.
DEFAULT_FEATURES = (
    "recency_days",
    "order_count",
    "avg_order_value",
    "total_revenue",
    "session_count",
    "view_to_purchase_rate",
)
#: Largest number of segments any k var may ask for.
K_LIMIT = 50
#: The reference range every automatic search also scores, so that a run can
#: say which k the indices alone would pick outside the business range
#: (``k_min..k_max``). Cheap: the same 9 fits the search made by default before
#: the business range existed.
REFERENCE_K_RANGE = (2, 10)


@dataclass(frozen=True)
class SegmentationParams:
    """Validated parameters of one segmentation fit.

    Attributes
    ----------
    features : tuple of str
        Columns of ``customer_features`` used for clustering.
    impute : dict
        Feature -> strategy (``median``, ``mean``, ``zero``, ``min``, ``max``)
        or a number. Features not listed use ``impute_default``.
    impute_default : str
        Strategy for features not in ``impute``.
    log1p : str or tuple of str
        ``"auto"`` (features whose skewness exceeds ``skew_threshold``;
        values below 0 are taken as 0), ``"none"``, or an explicit tuple of
        features.
    skew_threshold : float
        Skewness above which ``log1p="auto"`` transforms a feature.
    scaler : str
        ``standard`` (mean / standard deviation) or ``robust`` (median / IQR).
    pca_components : int
        0 = no PCA; otherwise the number of principal components.
    algorithm : str
        One of :data:`ALGORITHMS`.
    k : int
        Number of segments; 0 = choose automatically over ``k_min..k_max``.
    k_min, k_max : int
        The business range: when ``k == 0`` the chosen k lies in it. The
        search also scores :data:`REFERENCE_K_RANGE`, only to record which k
        the rule would pick without the range.
    k_rule : str
        How the automatic k is chosen (see :mod:`.selection`).
    min_segment_share : float
        A k is eligible only if its smallest segment holds at least this
        share of the sample.
    n_init : int
        Initialisations of k-means / Gaussian mixture.
    random_state : int
        Seed of every random step.
    pairwise_sample_size : int
        At most this many customers enter steps with pairwise cost
        (silhouette, agglomerative fit).
    dbscan_eps : float
        DBSCAN neighbourhood radius in the scoring space.
    dbscan_min_samples : int
        DBSCAN core-point threshold.
    n_threads : int
        Threads given to numpy/OpenMP during the fit.
    """

    features: tuple[str, ...] = DEFAULT_FEATURES
    impute: dict[str, Any] = field(default_factory=dict)
    impute_default: str = "median"
    log1p: str | tuple[str, ...] = "auto"
    skew_threshold: float = 1.0
    scaler: str = "standard"
    pca_components: int = 0
    algorithm: str = "kmeans"
    k: int = 0
    k_min: int = 4
    k_max: int = 8
    k_rule: str = "mean_rank"
    min_segment_share: float = 0.03
    n_init: int = 10
    random_state: int = 42
    pairwise_sample_size: int = 4000
    dbscan_eps: float = 0.5
    dbscan_min_samples: int = 10
    n_threads: int = 1

    def __post_init__(self) -> None:
        _check(
            len(self.features) > 0 and len(set(self.features)) == len(self.features),
            "features must be a non-empty list of distinct column names",
        )
        for feature, strategy in self.impute.items():
            _check(feature in self.features, f"impute names {feature!r}, not a feature")
            _check(
                strategy in IMPUTE_STRATEGIES or _is_number(strategy),
                f"impute[{feature!r}] must be one of {IMPUTE_STRATEGIES} or a number",
            )
        _check(
            self.impute_default in IMPUTE_STRATEGIES,
            f"impute_default must be one of {IMPUTE_STRATEGIES}",
        )
        if isinstance(self.log1p, tuple):
            unknown = sorted(set(self.log1p) - set(self.features))
            _check(not unknown, f"log1p names non-features {unknown}")
        else:
            _check(self.log1p in ("auto", "none"), "log1p must be 'auto', 'none' or a list")
        _check(self.scaler in SCALERS, f"scaler must be one of {SCALERS}, got {self.scaler!r}")
        _check(
            0 <= self.pca_components <= len(self.features),
            "pca_components must be 0 (off) or at most the number of features",
        )
        _check(
            self.algorithm in ALGORITHMS,
            f"algorithm must be one of {ALGORITHMS}, got {self.algorithm!r}",
        )
        _check(
            self.k == 0 or 2 <= self.k <= K_LIMIT,
            f"k must be 0 (automatic) or between 2 and {K_LIMIT}, got {self.k}",
        )
        _check(
            2 <= self.k_min <= self.k_max <= K_LIMIT,
            f"need 2 <= k_min <= k_max <= {K_LIMIT}, got {self.k_min} and {self.k_max}",
        )
        _check(self.k_rule in K_RULES, f"k_rule must be one of {K_RULES}")
        _check(0 <= self.min_segment_share < 0.5, "min_segment_share must be in [0, 0.5)")
        _check(self.n_init >= 1, "n_init must be at least 1")
        _check(self.pairwise_sample_size >= 100, "pairwise_sample_size must be >= 100")
        _check(self.dbscan_eps > 0, "dbscan_eps must be positive")
        _check(self.dbscan_min_samples >= 1, "dbscan_min_samples must be >= 1")
        _check(self.n_threads >= 1, "n_threads must be >= 1")

    @property
    def k_values(self) -> tuple[int, ...]:
        """The k values to fit: ``(k,)`` when fixed, else ``k_min..k_max``
        widened to cover :data:`REFERENCE_K_RANGE`."""
        if self.k:
            return (self.k,)
        low = min(self.k_min, REFERENCE_K_RANGE[0])
        high = max(self.k_max, REFERENCE_K_RANGE[1])
        return tuple(range(low, high + 1))

    def is_in_range(self, k: int) -> bool:
        """Whether ``k`` may be chosen: the forced k, or within ``k_min..k_max``."""
        if self.k:
            return k == self.k
        return self.k_min <= k <= self.k_max

    @classmethod
    def from_mapping(cls, mapping: dict[str, Any]) -> SegmentationParams:
        """Build from a mapping such as dbt's ``config.meta`` (keys = field names).

        Unknown keys are rejected; strings holding numbers (as dbt vars given on
        the command line may) are converted.
        """
        known = {item.name: item for item in fields(cls)}
        unknown = sorted(set(mapping) - set(known))
        _check(not unknown, f"unknown segmentation parameters {unknown}")
        values: dict[str, Any] = {}
        for name, raw in mapping.items():
            if raw is None:
                continue
            values[name] = _coerce(name, raw, cls)
        return cls(**values)

    def to_json(self) -> str:
        """The parameters as canonical JSON (sorted keys), for run records."""
        return json.dumps(asdict(self), sort_keys=True, default=list)


_INT_FIELDS = {
    "pca_components",
    "k",
    "k_min",
    "k_max",
    "n_init",
    "random_state",
    "pairwise_sample_size",
    "dbscan_min_samples",
    "n_threads",
}
_FLOAT_FIELDS = {"skew_threshold", "min_segment_share", "dbscan_eps"}


def _coerce(name: str, raw: Any, cls: type) -> Any:
    if name == "features":
        return tuple(_as_list(raw, name))
    if name == "log1p":
        if isinstance(raw, str) and raw in ("auto", "none"):
            return raw
        return tuple(_as_list(raw, name))
    if name == "impute":
        _check(isinstance(raw, dict), "impute must be a mapping feature -> strategy")
        return dict(raw)
    if name in _INT_FIELDS:
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be an integer, got {raw!r}") from None
    if name in _FLOAT_FIELDS:
        try:
            return float(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a number, got {raw!r}") from None
    return str(raw)


def _as_list(raw: Any, name: str) -> list[str]:
    if isinstance(raw, str):
        raw = [part.strip() for part in raw.split(",") if part.strip()]
    _check(isinstance(raw, list | tuple), f"{name} must be a list of column names")
    return [str(item) for item in raw]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)
