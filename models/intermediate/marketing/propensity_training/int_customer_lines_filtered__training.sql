-- The training twin of int_customer_lines_filtered: its order lines dated on
-- or before the training cut-off. Every condition of that model is on the
-- line itself (its date among them), so these are exactly the lines it keeps
-- as of the cut-off; reading them from it instead of filtering the cleaned
-- lines again saves writing a second copy (BENCHMARKS.md, "Optimisations"
-- 16). The other twins are symlinks to their originals; a test compares this
-- one with int_customer_lines_filtered built at the cut-off.
{{ propensity_twin_rows_until_cutoff('ordered_date') }}
