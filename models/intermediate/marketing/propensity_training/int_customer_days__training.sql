-- The training twin of int_customer_days: its customer-days on or before the
-- training cut-off. A day's figures come from that day's lines and from
-- earlier days only (row_number and lag over the days before it), so they
-- are the same as of the cut-off; reading them from int_customer_days instead
-- of aggregating the lines again saves a second pass (BENCHMARKS.md,
-- "Optimisations" 16). A test compares this twin with int_customer_days built
-- at the cut-off, so a figure that looks at later days fails it.
{{ propensity_twin_rows_until_cutoff('purchase_date') }}
