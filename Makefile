# Each target creates .venv and installs the pinned packages on first use;
# later calls reinstall nothing unless requirements.lock or pyproject.toml changed.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
KERNEL := rnnlm-ch5
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab test data lint train demo bench notebooks clean

lab: $(STAMP)
	$(VENV)/bin/jupyter lab $(ROOT_FLAG) --notebook-dir=notebooks

# Unit tests, gradient checks, the notebooks under nbval, ruff and the import contracts (tests/test_architecture.py).
test: $(STAMP) data
	$(PY) -m pytest

# The PTB text files, downloaded once and checked against their SHA-256 (the tests themselves never download).
data: $(STAMP)
	$(PY) -m lib.datasets.ptb

# Lint and the import contracts alone (make test runs them too): seconds instead of minutes.
lint: $(STAMP)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .

train: $(STAMP)
	$(PY) -m lib.cli.train $(ARGS)

notebooks: $(STAMP)
	$(PY) notebooks/execute.py

# The classroom dashboard: `make demo` (English) or `make demo EDITION=ko` (the Korean edition's 대시보드).
EDITION := en
DASHBOARD_en := notebooks/dashboard.ipynb
DASHBOARD_ko := notebooks/ko/대시보드.ipynb
demo: $(STAMP)
	@test -n "$(DASHBOARD_$(EDITION))" || { echo "EDITION must be en or ko, got '$(EDITION)'"; exit 2; }
	@echo "Classroom dashboard (Voila, no code): open http://127.0.0.1:8866/ in a browser; Ctrl-C stops it."
	$(VENV)/bin/voila --no-browser --port 8866 --Voila.ip=127.0.0.1 --Voila.port_retries=0 "$(DASHBOARD_$(EDITION))"

bench: $(STAMP)
	$(PY) benchmarks/bench_train.py

$(STAMP): requirements.lock pyproject.toml Makefile
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	# One BLAS thread in the notebooks' kernel: their matrices are small, where a second
	# thread costs more than it gives and stalls badly on a busy machine.
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python 3 ($(KERNEL))" \
		--env OPENBLAS_NUM_THREADS 1
	touch $@

clean:
	rm -rf $(VENV) results
