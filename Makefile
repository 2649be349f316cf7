# The README's commands. `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo serve test test-browser install lint format bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[nlp,dev,serve,spark]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -rf demo-output
	$(BIN)/newstrace run examples/html examples/records examples/feeds --outlets examples/outlets.yaml \
		--factchecks examples/factchecks/claimreview.json --factchecks examples/factchecks/factchecks.csv \
		--out demo-output
	$(BIN)/newstrace trace --db demo-output/newstrace.db https://veille-geopolitique.example/2017/09/09/pourquoi-les-usa-ont-evacue-les-chefs-de-daech-de-deir-ez-zor/
	@echo
	@echo "Done. Open demo-output/index.html (one report per story: demo-output/story-ID.html)."
	@echo "Data: demo-output/newstrace.db, demo-output/export.json. Try: $(BIN)/newstrace report 1 --db demo-output/newstrace.db"

# The desk on the demo database, on loopback only (no login needed there).
serve: $(STAMP)
	test -f demo-output/newstrace.db || $(MAKE) demo
	$(BIN)/newstrace serve --db demo-output/newstrace.db --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(BIN)/python -m pytest

# The report in a real Chromium (Debian's package; installing it needs root). `make test` runs
# these too when chromium is present and skips them otherwise.
test-browser: $(STAMP)
	@command -v chromium >/dev/null || apt-get install -y chromium
	$(BIN)/python -m pytest -m browser tests/report
	@echo "Screenshots: $${TMPDIR:-/tmp}/newstrace-report/"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python benchmarks/ingest.py --pages 10000

clean:
	rm -rf $(VENV) demo-output .pytest_cache build src/*.egg-info
