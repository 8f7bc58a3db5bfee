# Two entry points: `make demo` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck bench fuzz fuzz-long goldens clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	@echo "== trackmd status examples/"
	@$(BIN)/trackmd status examples/
	@echo "== trackmd list examples/SPRINT_BOARD.md --state todo"
	@$(BIN)/trackmd list examples/SPRINT_BOARD.md --state todo
	@echo "== trackmd check examples/ (exit 0: every derived value is right)"
	@$(BIN)/trackmd check examples/
	@echo "== trackmd done WEB-103 --dry-run (on a copy: what a tick rewrites)"
	@tmp=$$(mktemp -d) && cp examples/*.md "$$tmp"/ && \
	  $(BIN)/trackmd done WEB-103 -f "$$tmp/SPRINT_BOARD.md" --dry-run --date 2026-11-22; \
	  rm -rf "$$tmp"

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz --seconds $${FUZZ_SECONDS:-600}
	$(BIN)/python -m tests.fuzz_merge --seconds $${FUZZ_MERGE_SECONDS:-60}
	TRACKMD_FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-5000} $(BIN)/pytest -q -p no:cacheprovider tests/test_invariants.py

goldens: $(STAMP)
	$(BIN)/python -m tests.goldens $(CASES)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
