# Two commands on a fresh clone: `make run` and `make test`. Each creates .venv when it is
# missing or older than pyproject.toml / requirements.lock, installs, and goes.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help run demo serve test test-postgres check lint format types schema schema-check audit lock bench bench-import clean

help:
	@echo "make run      迁移内置 SQLite、载入演示数据并启动服务 (http://127.0.0.1:8000/graphql)"
	@echo "make test     运行全部测试（HUB_TEST_DATABASE_URL 指向 PostgreSQL 时在 PostgreSQL 上运行）"
	@echo "make check    ruff、mypy strict、schema.graphql 是否最新"
	@echo "make schema   重新生成 schema.graphql"
	@echo "make audit    pip-audit 检查依赖漏洞"
	@echo "make lock     由 pyproject.toml 重新生成 requirements.lock"

$(INSTALLED): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

# The stand-in partner systems (national credit, credit publicity, complaint feed, national
# receiver: honest local stand-ins on :8701-8704, see stand_ins/) run beside the hub so
# connector fields work, and `hub push` delivers the outbox to them.
run: $(INSTALLED)
	$(BIN)/hub demo
	$(BIN)/python -m stand_ins serve & stand_ins=$$!; \
	$(BIN)/hub push & pusher=$$!; \
	trap 'kill $$stand_ins $$pusher 2>/dev/null' EXIT INT TERM; \
	HUB_COMPLAINT_FEED_PULL_SECONDS=$${HUB_COMPLAINT_FEED_PULL_SECONDS:-300} $(BIN)/hub serve

demo: $(INSTALLED)
	$(BIN)/hub demo

serve: $(INSTALLED)
	$(BIN)/hub serve

test: $(INSTALLED)
	$(BIN)/pytest

test-postgres: $(INSTALLED)
	HUB_TEST_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test $(BIN)/pytest

check: lint types schema-check

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

types: $(INSTALLED)
	$(BIN)/mypy

schema: $(INSTALLED)
	$(BIN)/hub schema

schema-check: $(INSTALLED)
	$(BIN)/hub schema --check

audit: $(INSTALLED)
	scripts/audit

# Figures and ratios, no pass/fail on time (bench/README.md). PostgreSQL at 127.0.0.1:5432,
# database hub_bench (HUB_BENCH_DATABASE_URL); options: make bench BENCH_ARGS="--seconds 5"
bench: $(INSTALLED)
	$(BIN)/python -m bench.graphql_load $(BENCH_ARGS)

# The access log's read-path overhead (logging on vs off); database hub_bench_access.
.PHONY: bench-access
bench-access: $(INSTALLED)
	$(BIN)/python -m bench.access_log $(BENCH_ARGS)

# hub import of a generated file of 1,000,000 records into PostgreSQL (database
# hub_bench_import, recreated and dropped), then one partner batch of 1,000 records
# (hub_bench_partner). Options: make bench-import BENCH_IMPORT_ARGS="--records 200000"
bench-import: $(INSTALLED)
	$(BIN)/python -m bench.import_run $(BENCH_IMPORT_ARGS)
	$(BIN)/python -m bench.partner_batch $(BENCH_PARTNER_ARGS)

lock: $(INSTALLED)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --quiet -o requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
