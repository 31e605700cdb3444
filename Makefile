# Two commands do everything (see README.md):
#   make run   - install (once) and build the warehouse on the demo data
#   make test  - install (once) and run the whole test suite
# Installation is skipped when the requirement files have not changed.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DBT := $(BIN)/dbt
# pytest-xdist workers: most test time is single-threaded dbt start-up and
# parsing, so two workers on two cores halve the suite (one test file per worker).
TEST_WORKERS ?= 2
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: run test install lint unit-tests clean demo-data

run: $(STAMP)
	$(BIN)/python -m segwarehouse.publish --build

test: $(STAMP) lint chromium
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt python/pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ needed, found " + sys.version' 
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-r requirements-dev.txt -e python
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check python tests
	$(BIN)/ruff format --check python tests
	$(BIN)/sqlfluff lint models macros $(wildcard tests/dbt)

demo-data: $(STAMP)
	$(BIN)/python -m segwarehouse.demo --out data/demo --truth-out data/demo_truth

clean:
	rm -rf target logs $(VENV) warehouse.duckdb

# Benchmark (BENCHMARKS.md): make benchmark SCALE=1M|10M|50M. The generated
# Parquet data is kept in benchmarks/out/data/<scale> and reused by later runs.
# REFRESHES=K also runs the incremental scenario: K refreshes of about 1% of
# the order lines each after an initial build, then a full rebuild.
SCALE ?= 1M
.PHONY: benchmark
benchmark: $(STAMP)
	$(BIN)/python -m segwarehouse.benchmark --scale $(SCALE) --keep-data benchmarks/out/data/$(SCALE) \
		$(if $(REFERENCES),--references $(REFERENCES)) $(if $(REFRESHES),--refreshes $(REFRESHES))

# Report (docs/bi-tools.md, "The HTML report"): the HTML report of the current publication.
# Headless Chromium opens it in the test suite; `make test` installs the
# Debian package only when /usr/bin/chromium is missing (sudo unless root).
PUBLISH_DIR ?= $(or $(SEGMENTS_PUBLISH_DIR),publish)
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
.PHONY: report chromium
report: $(STAMP)
	$(BIN)/python -m segwarehouse.report --db $(PUBLISH_DIR)/warehouse.duckdb \
		--out $(PUBLISH_DIR)/report.html

chromium: $(CHROMIUM)

$(CHROMIUM):
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends chromium

# Apache Spark (docs/spark.md): make run-spark builds the demo (or
# RAW_PATH=<dir>, VARS='{...}') on a local Spark session into SPARK_DIR
# (Parquet tables, Derby catalog). Needs Java 17; installs
# requirements-spark.txt into the venv once.
SPARK_STAMP := $(VENV)/.installed-spark
SPARK_DIR ?= $(or $(SEGMENTS_SPARK_DIR),spark)
VARS ?= {}
.PHONY: install-spark run-spark test-spark
install-spark: $(SPARK_STAMP)

$(SPARK_STAMP): $(STAMP) requirements-spark.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-spark.txt
	touch $(SPARK_STAMP)

run-spark: $(SPARK_STAMP)
	$(BIN)/python -m segwarehouse.spark_build --spark-dir $(SPARK_DIR) --vars '$(VARS)' \
		$(if $(RAW_PATH),--raw-path $(RAW_PATH))

# The Spark parity test (tests/e2e/test_spark_parity.py) is skipped by
# `make test` unless pyspark is installed; this installs it and runs it, with
# the parity test on batch folders, offsets and typed Parquet
# (tests/e2e/test_spark_edge_inputs.py), the Spark median test
# (tests/e2e/test_spark_median.py) and the refit test of the Spark steps
# (tests/e2e/test_spark_refit.py).
test-spark: $(SPARK_STAMP)
	$(BIN)/python -m pytest -q tests/e2e/test_spark_parity.py tests/e2e/test_spark_edge_inputs.py \
		tests/e2e/test_spark_median.py tests/e2e/test_spark_refit.py \
		tests/python/test_engine_sql.py
