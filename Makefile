# kehoach — make help lists the targets.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
KH     := $(VENV)/bin/kehoach
STAMP  := $(VENV)/.installed
OUT    ?= out

.DEFAULT_GOAL := help
.PHONY: help install run test test-all eval eval-shared bench fuzz lint models schema-check clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install kehoach with its dev tools

run: $(STAMP) ## set up; extract, summarize, build and search the task database, diff the drafts; then serve it (SERVE=0 or CI skips)
	@mkdir -p $(OUT)
	$(KH) extract corpus/plans/*.txt corpus/diff/*.txt -o $(OUT)/
	$(PY) -m pipeline.summary $(OUT)/*.plan.json
	@rm -f $(OUT)/kehoach.db $(OUT)/kehoach.db-wal $(OUT)/kehoach.db-shm
	$(KH) ingest corpus/plans corpus/diff --db $(OUT)/kehoach.db
	$(KH) search "dan van" --db $(OUT)/kehoach.db --limit 3
	@# kehoach diff exits as diff(1) does: 0 same, 1 different (expected here), 2 trouble
	$(KH) diff corpus/plans/2023-duc-pho-bcd-qcdc.txt corpus/diff/2023-duc-pho-bcd-qcdc-final.txt --format html -o $(OUT)/diff.html || [ $$? -eq 1 ]
	$(KH) diff corpus/plans/2023-duc-pho-bcd-qcdc.txt corpus/diff/2023-duc-pho-bcd-qcdc-final.txt || [ $$? -eq 1 ]
	@if [ "$(SERVE)" = "0" ] || [ -n "$$CI" ] || [ ! -t 0 ]; then \
	  echo "kehoach serve: http://127.0.0.1:8000/  (not started here; run: $(KH) serve --db $(OUT)/kehoach.db)"; \
	else $(KH) serve --db $(OUT)/kehoach.db; fi

test: $(STAMP) ## run the test suite (the command CI runs)
	$(PY) -m pytest

test-all: $(STAMP) ## the test suite including slow tests
	$(PY) -m pytest -m "slow or not slow"

eval: $(STAMP) ## score the bundled corpus against its gold (and ../shared/corpus when present)
	$(KH) eval
	@if [ -d ../shared/corpus ]; then $(KH) eval --corpus ../shared/corpus; fi

N ?= 300
fuzz: $(STAMP) ## fuzz extraction: N mutated corpus files (make fuzz N=3000), 5 s / 500 MB each; outcomes in out/fuzz
	$(PY) bench/fuzz_extract.py -n $(N) --out $(OUT)/fuzz

BENCH ?= $(wildcard bench/bench_*.py)
bench: $(STAMP) ## benchmarks, printed as tables: about 20 minutes the first time (1M-task databases built), 10-14 later; one: make bench BENCH=bench/bench_extract.py
	@for b in $(BENCH); do echo "== $$b"; $(PY) $$b || exit 1; done

lint: $(STAMP) ## ruff, the schema self-check and the CLI smoke test
	$(VENV)/bin/ruff check pipeline tests bench
	$(PY) -c "import json, jsonschema; jsonschema.Draft202012Validator.check_schema(json.load(open('schemas/plan.schema.json')))"
	$(KH) --help >/dev/null

models: $(STAMP) ## rebuild models/kehoach-vi (the spaCy pipeline) from models/lexicons
	$(PY) -m pipeline.nlp.build models/kehoach-vi

schema-check: $(STAMP) ## validate the gold files and the schema cases
	$(PY) -m pytest tests/schema -q

clean: ## remove build and run outputs
	rm -rf $(OUT) .pytest_cache .ruff_cache build *.egg-info
