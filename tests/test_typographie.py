"""Typographie française de tous les textes du cours : pages, carnets d'exercices,
données (exercices, questionnaire, catalogue)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml

from atelier.typographie import corriger, corriger_markdown, problemes, prose_markdown

RACINE = Path(__file__).resolve().parent.parent
PAGES = sorted((RACINE / "chapters").rglob("*.md"))
CARNETS = sorted((RACINE / "exercises").glob("*.ipynb"))
DONNEES = [RACINE / "data" / "diagnostic_confiance.yaml", RACINE / "data" / "dispositifs.yaml", RACINE / "data" / "objectifs.yaml", RACINE / "data" / "atelier_j2_commune.yaml", RACINE / "data" / "atelier_j1_commune.yaml", RACINE / "data" / "atelier_j3_commune.yaml", RACINE / "data" / "obligations_participation.yaml", RACINE / "data" / "elections.yaml", RACINE / "data" / "feuille_de_route.yaml"] + sorted((RACINE / "data" / "exercices").glob("*.yaml"))
# Restitution des ateliers : gabarits et fiches d'exemple (sauf la fiche enregistrée exprès en Latin-1).
DONNEES += [RACINE / "data" / "deroule_supports.yaml"] + sorted((RACINE / "data" / "restitution").glob("*.yaml")) + [p for p in sorted((RACINE / "data" / "exemples" / "restitution").rglob("*.yaml")) if p.name != "groupe-d-fiche.yaml"]
DONNEES += [RACINE / "data" / "questionnaires" / "positionnement.yaml", RACINE / "data" / "questionnaires" / "evaluation.yaml", RACINE / "data" / "programme_adapte.yaml"]
CLES_NON_PROSE = {"id", "url", "source", "source_url", "path", "page", "ancre", "dispositif", "fait", "faits", "type", "jour", "niveau_iap2", "cout", "duree_classe", "recrutement", "format", "solution", "verificateur", "objectifs"}


def textes_yaml(noeud, cle=None):
    if isinstance(noeud, dict):
        for k, v in noeud.items():
            yield from textes_yaml(v, k)
    elif isinstance(noeud, list):
        for v in noeud:
            yield from textes_yaml(v, cle)
    elif isinstance(noeud, str) and cle not in CLES_NON_PROSE and "://" not in noeud:
        yield noeud


def test_le_verificateur_repere_et_corrige_les_fautes():
    faute = "Le seuil : 80 000 habitants ; « conseil» ! Vraiment?"
    assert len(problemes(faute)) == 6
    assert problemes(corriger(faute)) == []
    assert problemes("Horaires 09:00 et 12:30, voir https://exemple.fr/a:b") == []


def test_le_code_n_est_pas_corrige():
    source = "Texte : ici.\n\n```{code-cell} ipython3\nx = {'a': 1}\n```\n\n`d['a'] : code`\n"
    corrige = corriger_markdown(source)
    assert "x = {'a': 1}" in corrige and "`d['a'] : code`" in corrige and "Texte\u00a0: ici." in corrige


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(RACINE).as_posix())
def test_pages(page):
    assert problemes(prose_markdown(page.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("carnet", CARNETS, ids=lambda p: p.name)
def test_carnets_d_exercices(carnet):
    nb = nbformat.read(carnet, as_version=4)
    fautes = [f for c in nb.cells if c.cell_type == "markdown" for f in problemes(prose_markdown(c.source))]
    assert fautes == []


@pytest.mark.parametrize("fichier", [d for d in DONNEES if d.exists()], ids=lambda p: p.relative_to(RACINE).as_posix())
def test_donnees(fichier):
    fautes = [f for t in textes_yaml(yaml.safe_load(fichier.read_text(encoding="utf-8"))) for f in problemes(t)]
    assert fautes == []


def test_la_prose_apres_une_directive_est_verifiee():
    source = "```{admonition} À retenir\n:class: tip\n\n- point : un\n```\n\nAprès la boîte : texte.\n\n```{code-cell} ipython3\nd = {'a' : 1}\n```\n"
    assert len(problemes(prose_markdown(source))) == 2
    assert "Après la boîte\u00a0: texte." in corriger_markdown(source) and "{'a' : 1}" in corriger_markdown(source)
