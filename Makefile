# Social CRM for Odoo: every target finds Odoo 18.0 (importable `odoo`, or ODOO_PATH=<odoo source tree>),
# installs the project's missing tools and starts PostgreSQL when it is down. It never installs Odoo.
PYTHON ?= python3
HARNESS = $(PYTHON) tools/harness.py
BENCH_ARGS ?=

.PHONY: demo test compat lint bench check help
help:
	@echo "make demo    - demo database with the three addons, served on http://localhost:8069"
	@echo "make test    - every test of the project (Odoo tests, tours, pytest); prints 'N passed, N failed'"
	@echo "make compat  - Odoo's own crm, website_forum and portal tests with and without our addons"
	@echo "make lint    - ruff and pylint-odoo"
	@echo "make bench   - benchmarks (BENCH_ARGS=\"--scale 0.05\" for a quick run)"

demo:
	$(HARNESS) demo

test:
	$(HARNESS) test

compat:
	$(HARNESS) compat

lint:
	$(HARNESS) lint

check:
	$(HARNESS) check --browser

bench:
	$(HARNESS) check
	$(PYTHON) tests/bench/run.py $(BENCH_ARGS)
