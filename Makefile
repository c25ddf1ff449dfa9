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
LIVRE := _build/cours-innovation-participation
PUBLICATION := _build/publication

.PHONY: help setup build build-propre serve test lab bench carnets diapos pdf archive publish liens clean

help:
	@echo "make serve  : installe, construit et sert le site sur http://$(HOTE):$(PORT)"
	@echo "make test   : installe et lance tous les tests (unitaires, nbval, construction stricte, navigateur)"
	@echo "make build  : construit le site (exécution des carnets, avertissements = erreurs)"
	@echo "make lab    : ouvre JupyterLab sur les carnets (pour le formateur ou la formatrice)"
	@echo "make bench  : mesure temps de construction, poids des pages et durée des tests"
	@echo "make carnets: réexécute les carnets d'exercices et enregistre leurs sorties"
	@echo "make diapos : génère les diaporamas (reveal.js) et les PowerPoint des trois journées dans _build/diapos"
	@echo "make pdf    : construit le livre entier en PDF ($(LIVRE).pdf)"
	@echo "make archive: construit l'archive hors ligne du site ($(LIVRE).zip)"
	@echo "make publish: construit le dossier publié sur GitHub Pages ($(PUBLICATION) : site, PDF, archive)"
	@echo "make liens  : affiche les liens Binder et JupyterHub d'une page (PAGE=chapters/j2/index)"
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

# --- Publication (atelier/publication.py) -------------------------------------

pdf: build $(CHROMIUM)
	CHROMIUM=$(CHROMIUM) $(PY) -m atelier.publication pdf $(SITE) $(LIVRE).pdf

archive: build
	$(PY) -m atelier.publication archive $(SITE) $(LIVRE).zip

publish: build $(CHROMIUM)
	CHROMIUM=$(CHROMIUM) $(PY) -m atelier.publication publier $(SITE) $(PUBLICATION)

liens: $(VENV)/.installe
	$(PY) -m atelier.publication liens $(PAGE)

clean:
	rm -rf _build .pytest_cache .hypothesis
