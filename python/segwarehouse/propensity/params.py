"""Parameters of the purchase-propensity model, validated from dbt vars.

Every knob is a dbt var (``dbt_project.yml``, the marketing block). The dbt
Python model ``propensity_model`` receives them through
``config.meta.propensity`` and hands the mapping to
:meth:`PropensityParams.from_mapping`, which converts strings (vars given on the
command line arrive as text), checks ranges and says what to pass instead.
"""

from __future__ import annotations

import ast
import json
from dataclasses import asdict, dataclass, fields
from typing import Any

from ..refit import SCHEDULE_KEYS

ALGORITHMS = ("logistic_regression", "random_forest", "gradient_boosting")
#: Default features: RFM and lifetimes figures, browsing behaviour and purchase
#: patterns, all numeric columns of ``customer_features``. Selectable besides:
#: the purchase-rhythm columns of int_propensity_customers_featured and BG/NBD's
#: expected_purchases and probability_alive. Added, they raised logistic
#: regression's held-out AUC on Online Retail (0.693 -> 0.703) and lowered it on
#: the demo (0.827 -> 0.808); the default was chosen on both (docs/propensity.md).
DEFAULT_FEATURES = (
    "recency_days",
    "order_count",
    "total_revenue",
    "avg_order_value",
    "frequency",
    "recency",
    "t",
    "monetary_value",
    "session_count",
    "product_view_count",
    "search_count",
    "add_to_cart_count",
    "checkout_count",
    "cart_abandonment_rate",
    "view_to_purchase_rate",
    "days_since_last_visit",
    "mean_days_between_orders",
    "sd_days_between_orders",
    "avg_basket_items",
    "return_rate",
    "distinct_categories",
    "days_since_signup",
)
#: ``threshold`` rule: the ``top_share`` customers with the highest scores are
#: likely buyers (otherwise ``threshold`` is a calibrated probability cut).
THRESHOLD_RULE_TOP_SHARE = "top_share"


@dataclass(frozen=True)
class PropensityParams:
    """Validated parameters of one propensity fit.

    Attributes
    ----------
    algorithm : str
        One of :data:`ALGORITHMS`.
    features : tuple of str
        Columns of ``customer_features`` the model may use; columns missing
        from the data or NULL for every customer are left out.
    horizon_days : int
        Days after the as-of date the probability refers to (and the length of
        the label window after the training cut-off).
    test_share : float
        Share of the labelled customers held out for the metrics, in (0, 1).
    threshold : str or float
        ``"top_share"``: the ``top_share`` of customers with the highest
        scores are likely buyers; or a calibrated probability in (0, 1) at or
        above which a customer is one.
    top_share : float
        Share of customers flagged under the ``top_share`` rule, in (0, 1).
    bgnbd_penalizer : float
        L2 penalizer of the BG/NBD fit (lifetimes' ``penalizer_coef``), >= 0.
    min_customers : int
        Below this many labelled customers no model is fitted.
    random_state : int
        Seed of the split, the folds and the estimator.
    n_threads : int
        Threads numpy / OpenMP may use while fitting and scoring (dbt runs
        models in parallel).
    """

    algorithm: str = "logistic_regression"
    features: tuple[str, ...] = DEFAULT_FEATURES
    horizon_days: int = 30
    test_share: float = 0.25
    threshold: str | float = THRESHOLD_RULE_TOP_SHARE
    top_share: float = 0.2
    bgnbd_penalizer: float = 0.001
    min_customers: int = 40
    random_state: int = 42
    n_threads: int = 1

    def __post_init__(self) -> None:
        _check(self.algorithm in ALGORITHMS, f"algorithm must be one of {ALGORITHMS}")
        _check(
            len(self.features) > 0 and len(set(self.features)) == len(self.features),
            "features must be a non-empty list of distinct column names",
        )
        _check(self.horizon_days >= 1, "horizon_days must be a whole number of days >= 1")
        _check(0 < self.test_share < 1, "test_share must be in (0, 1), e.g. 0.25")
        if isinstance(self.threshold, str):
            _check(
                self.threshold == THRESHOLD_RULE_TOP_SHARE,
                "threshold must be 'top_share' or a probability in (0, 1), e.g. 0.3",
            )
        else:
            _check(
                0 < self.threshold < 1,
                "threshold must be 'top_share' or a probability in (0, 1)",
            )
        _check(0 < self.top_share < 1, "top_share must be in (0, 1), e.g. 0.2")
        _check(self.bgnbd_penalizer >= 0, "bgnbd_penalizer must be >= 0, e.g. 0.001")
        _check(self.min_customers >= 10, "min_customers must be at least 10")
        _check(self.n_threads >= 1, "n_threads must be at least 1")

    @property
    def threshold_rule(self) -> str:
        """``"top_share"`` or ``"fixed"``."""
        return THRESHOLD_RULE_TOP_SHARE if isinstance(self.threshold, str) else "fixed"

    @classmethod
    def from_mapping(cls, mapping: dict[str, Any] | None) -> PropensityParams:
        """Build from a mapping such as dbt's ``config.meta`` (keys = field names).

        None values mean "default"; unknown keys are rejected. The refit
        schedule's keys (``refit``, ``refit_after_days``, read by
        :class:`segwarehouse.refit.RefitSchedule`) share the mapping and are
        skipped here.
        """
        known = {item.name for item in fields(cls)}
        mapping = {
            name: value for name, value in (mapping or {}).items() if name not in SCHEDULE_KEYS
        }
        unknown = sorted(set(mapping) - known)
        _check(not unknown, f"unknown propensity parameters {unknown}")
        values = {name: _coerce(name, raw) for name, raw in mapping.items() if raw is not None}
        return cls(**values)

    def to_json(self) -> str:
        """The parameters as canonical JSON (sorted keys), for the run record."""
        return json.dumps(asdict(self), sort_keys=True, default=list)


def _coerce(name: str, raw: Any) -> Any:
    if name == "features":
        return tuple(_as_list(raw))
    if name in ("horizon_days", "min_customers", "random_state", "n_threads"):
        return _number(name, raw, int)
    if name in ("test_share", "top_share", "bgnbd_penalizer"):
        return _number(name, raw, float)
    if name == "threshold":
        text = str(raw).strip()
        if text == THRESHOLD_RULE_TOP_SHARE:
            return THRESHOLD_RULE_TOP_SHARE
        try:
            return _number(name, raw, float)
        except ValueError:
            raise ValueError(
                f"threshold must be 'top_share' or a probability in (0, 1), got {raw!r}"
            ) from None
    return str(raw).strip()


def _number(name: str, raw: Any, kind: type) -> Any:
    if isinstance(raw, bool):
        raise ValueError(f"{name} must be a number, got {raw!r}")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {raw!r}") from None
    if kind is int:
        _check(value.is_integer(), f"{name} must be a whole number, got {raw!r}")
        return int(value)
    return value


def _as_list(raw: Any) -> list[str]:
    """A list of names from a list, a JSON / Python list literal or ``a, b`` text."""
    if isinstance(raw, str):
        text = raw.strip()
        if text.startswith("["):
            raw = ast.literal_eval(text)
        else:
            raw = [part.strip() for part in text.split(",") if part.strip()]
    _check(isinstance(raw, list | tuple), "features must be a list of column names")
    return [str(item).strip() for item in raw]


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)
