"""Rule filters for dbt-score (``pyproject.toml``, ``[tool.dbt-score]``).

dbt-score loads this module as a rule namespace. The filters narrow two of its
built-in rules to the nodes the rule is about:

- a dispatched macro is documented once, on its public wrapper in
  ``macros/_macros.yml``; its adapter implementations (``default__x``,
  ``duckdb__x``, ...) are found through ``adapter.dispatch`` and carry no
  description of their own;
- an example query belongs in the description of a published (public) model,
  the tables analysts and BI tools read; staging and intermediate models are
  read by other models only.

Annotations stay real types (no ``from __future__ import annotations``):
dbt-score reads a filter's resource type from its signature.
"""

import re

from dbt_score import Macro, Model, rule_filter

#: Prefixes of adapter implementations of a dispatched macro.
DISPATCH_PREFIX = re.compile(
    r"^(default|duckdb|spark|databricks|postgres|snowflake|bigquery|redshift|trino)__"
)


@rule_filter
def is_not_dispatch_implementation(macro: Macro) -> bool:
    """Macros that are not an adapter implementation of a dispatched macro."""
    return DISPATCH_PREFIX.match(macro.name) is None


@rule_filter
def is_public(model: Model) -> bool:
    """Models with public access (the published tables)."""
    return model.access == "public"
