# woonzorganalyse — twee commando's doen alles:
#   make run    maakt .venv, installeert, draait de hele analyse voor de voorbeeldregio (HTML in outputs/)
#   make test   zelfde .venv, draait de tests
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
REGIO  ?= voorbeeldregio
STAMP  := $(VENV)/.geinstalleerd

.PHONY: run test lab venv kernel browser clean

run: $(STAMP)
	$(BIN)/wz run --regio $(REGIO)
	$(BIN)/wz publish --regio $(REGIO)

# Twee workers; --maxschedchunk 1 deelt de tests één voor één uit (trage notebooktests eerst, zie
# tests/conftest.py), zodat beide workers tegelijk klaar zijn.
test: $(STAMP)
	-@$(MAKE) --no-print-directory browser
	$(BIN)/python -m pytest -n 2 --maxschedchunk 1 $(PYTEST_ARGS); rc=$$?; if [ $$rc -eq 5 ]; then echo "geen tests gevonden"; exit 0; fi; exit $$rc

# Als root (gebruikelijk in containers) weigert Jupyter te starten zonder --allow-root.
lab: $(STAMP)
	$(BIN)/jupyter lab $$( [ "$$(id -u)" = "0" ] && echo --allow-root ) notebooks/

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/wz kernel
	touch $(STAMP)

kernel: $(STAMP)
	$(BIN)/wz kernel

# Headless Chromium voor de browsertest (Debian-pakket) en axe-core (npm, in .cache/npm). Lukt het niet,
# dan slaat die test over.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "chromium kon niet worden geïnstalleerd; de browsertest wordt overgeslagen"; \
	  else echo "chromium ontbreekt (geen root/apt-get); de browsertest wordt overgeslagen"; fi; }
	@test -f .cache/npm/node_modules/axe-core/axe.min.js || { command -v npm >/dev/null 2>&1 \
	  && npm install --prefix .cache/npm --no-audit --no-fund --silent axe-core@4 >/dev/null 2>&1 \
	  || echo "axe-core kon niet worden geïnstalleerd (npm); de toegankelijkheidstest wordt overgeslagen"; }

clean:
	rm -rf $(VENV) outputs/*/ data/cache
