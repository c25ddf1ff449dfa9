# Le cours en deux commandes : « make serve » et « make test ».
# Chaque cible installe ce qu'il lui faut (idempotent, rapide quand tout est là).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jb
PORT ?= 8000
HOTE ?= 127.0.0.1
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SITE := _build/html

.PHONY: help setup build build-propre serve test lab bench carnets diapos clean

help:
	@echo "make serve  : installe, construit et sert le site sur http://$(HOTE):$(PORT)"
	@echo "make test   : installe et lance tous les tests (unitaires, nbval, construction stricte, navigateur)"
	@echo "make build  : construit le site (exécution des carnets, avertissements = erreurs)"
	@echo "make lab    : ouvre JupyterLab sur les carnets (pour le formateur ou la formatrice)"
	@echo "make bench  : mesure temps de construction, poids des pages et durée des tests"
	@echo "make carnets: réexécute les carnets d'exercices et enregistre leurs sorties"
	@echo "make diapos : génère les diaporamas (reveal.js) et les PowerPoint des trois journées dans _build/diapos"
	@echo "make clean  : supprime les constructions"

# --- Installation -----------------------------------------------------------

setup: $(VENV)/.installe node_modules/.installe $(CHROMIUM)

$(VENV)/.installe: requirements.txt constraints.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

node_modules/.installe: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Chromium de Debian pour les tests navigateur (Playwright ne peut pas télécharger le sien ici).
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core

# --- Construction ------------------------------------------------------------

build: $(VENV)/.installe node_modules/.installe
	$(JB) build . --warningiserror --nitpick --keep-going

build-propre: $(VENV)/.installe node_modules/.installe
	rm -rf _build
	$(JB) build . --warningiserror --nitpick --keep-going

serve: build
	@echo "Site servi sur http://$(HOTE):$(PORT)/ (Ctrl+C pour arrêter)"
	$(PY) -m http.server $(PORT) --bind $(HOTE) --directory $(SITE)

# --- Tests -------------------------------------------------------------------

test: setup
	$(PY) -m pytest

# --- Formateur ---------------------------------------------------------------

lab: $(VENV)/.installe
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp atelier/static/jupyterlab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	$(VENV)/bin/jupyter lab --ip=$(HOTE) --notebook-dir=. chapters/accueil.md

carnets: $(VENV)/.installe
	$(PY) -m atelier.carnets

# Supports de présentation, générés depuis les pages du sommaire (aussi publiés dans le site, _static/diapos/).
diapos: $(VENV)/.installe node_modules/.installe
	$(PY) -m atelier.diapos _build/diapos

# --- Mesures -----------------------------------------------------------------

bench: setup
	$(PY) -m atelier.mesures

clean:
	rm -rf _build .pytest_cache .hypothesis
