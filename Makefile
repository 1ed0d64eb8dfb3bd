# make run   — install what the app needs and start it on http://127.0.0.1:5000
# make test  — install what the tests need (Chromium included) and run them all
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
APT_UPDATED := /tmp/.selfcheck-apt-updated

.PHONY: run install install-dev system-deps browser-deps server-deps test lint format check load fault bench clean translations

run: install
	SELFCHECK_ENV=development $(VENV)/bin/flask --app wsgi run --host 127.0.0.1 --port 5000

$(PY):
	python3 -m venv $(VENV)

install: system-deps $(PY)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt -e .

install-dev: install browser-deps server-deps
	$(PIP) install --quiet -r requirements-dev.txt

# WeasyPrint needs Pango and a font; Debian's packages, installed only when missing.
system-deps:
	@ldconfig -p | grep -q 'libpango-1.0.so' && fc-list | grep -qi dejavu || { \
	  [ -f $(APT_UPDATED) ] || { $(SUDO) apt-get update -qq && touch $(APT_UPDATED); }; \
	  $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig; }

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot work here).
browser-deps:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null || { \
	  [ -f $(APT_UPDATED) ] || { $(SUDO) apt-get update -qq && touch $(APT_UPDATED); }; \
	  $(SUDO) apt-get install -y -qq chromium poppler-utils; }

# The load, fault and scale-out tests start their own nginx and Redis servers on loopback;
# the benchmark drives gunicorn with wrk.
server-deps:
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] && command -v redis-server >/dev/null && command -v wrk >/dev/null || { \
	  [ -f $(APT_UPDATED) ] || { $(SUDO) apt-get update -qq && touch $(APT_UPDATED); }; \
	  $(SUDO) apt-get install -y -qq nginx redis-server wrk; }

# one process: the load and fault tests must not share the cores with other tests
test: install-dev lint
	$(PY) -m pytest -n 0

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check:
	$(VENV)/bin/flask --app wsgi selfcheck check

# 16 simulated patients for 30 s against gunicorn on loopback; then the same with a worker killed
load: install-dev
	$(PY) -m bench.load

fault: install-dev
	$(PY) -m bench.load --kill-worker-at 12

# the five figures of the benchmark, each beside its baseline (about 5 minutes; not a test)
bench: install-dev
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

# Interface words: extract them from the code, merge into each catalogue, compile.
# Then write the new Spanish in translations/es/LC_MESSAGES/messages.po and run it again.
translations:
	$(VENV)/bin/pybabel extract -F babel.cfg -k lazy_gettext -k _ -k N_ -o translations/messages.pot --no-location --omit-header .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching
	$(VENV)/bin/pybabel compile -d translations
