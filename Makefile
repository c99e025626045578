# Social CRM for Odoo. Every target sets up what it needs first (tools/bootstrap.py): Odoo 18.0
# (ODOO_PATH, an importable `odoo`, or fetched from ODOO_REPO at ODOO_REF into a per-user cache),
# its virtualenv, Debian build packages, PostgreSQL and Chromium. A second run reuses all of it.
# Variables given on the command line (make demo RESET=1 ODOO_REF=…) reach the harness.
PYTHON ?= python3
HARNESS = $(PYTHON) tools/harness.py
BENCH_ARGS ?=

.PHONY: demo test compat lint bench check i18n help
help:
	@echo "make demo    - demo database with the three addons, served on http://localhost:8069 (RESET=1 rebuilds it)"
	@echo "make test    - every test of the project (Odoo tests, tours, pytest); prints 'N passed, N failed'"
	@echo "make compat  - Odoo's own crm, website_forum and portal tests with and without our addons"
	@echo "make lint    - ruff, ruff format --check and pylint-odoo"
	@echo "make bench   - benchmarks (BENCH_ARGS=\"--scale 0.05\" for a quick run)"
	@echo "make check   - only the set-up, and one line saying what it uses"
	@echo "make i18n    - refresh each addon's .pot and merge it into it.po (then translate what msgfmt reports untranslated)"

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
	$(HARNESS) bench $(BENCH_ARGS)

i18n:
	$(HARNESS) i18n
