"""La grille comparative sur le site statique : même classement qu'en Python
(vecteurs), filtres et poids au clavier et à la souris, comparaison, état vide
expliqué, réglages gardés au rechargement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from atelier import dispositifs as disp
from conftest import importer_module, ouvrir_widgets

PAGE = "chapters/j2/j2-3-tour-d-horizon-des-dispositifs.html"
VECTEURS = json.loads((Path(__file__).parent / "vecteurs" / "dispositifs.json").read_text(encoding="utf-8"))


@pytest.fixture
def grille(page, url_site):
    ouvrir_widgets(page, url_site + PAGE)
    return page.locator(".grille-dispositifs")


def classement_affiche(grille) -> list[str]:
    return grille.locator("ol.classement > li").evaluate_all("els => els.map(e => e.dataset.id)")


def test_le_javascript_classe_comme_python(grille, page):
    importer_module(page, "export function classer")
    obtenus = page.evaluate("(cas) => cas.map(c => window.__module.classer(window.__etat.catalogue, c.poids, c.filtres))", VECTEURS["classements"])
    for cas, obtenu in zip(VECTEURS["classements"], obtenus):
        assert obtenu == cas["attendu"], cas["nom"]


def test_poids_filtres_comparaison_et_rechargement(grille, page):
    from atelier.widgets import POIDS_PAR_DEFAUT

    assert classement_affiche(grille) == [r["id"] for r in disp.classer(POIDS_PAR_DEFAUT).resultats]
    # Clavier : le curseur « Profondeur » monté au maximum avec la touche Fin.
    curseur = grille.get_by_role("slider", name="Profondeur de la participation")
    curseur.focus()
    page.keyboard.press("End")
    attendu = disp.classer({**POIDS_PAR_DEFAUT, "profondeur": 5})
    assert classement_affiche(grille) == [r["id"] for r in attendu.resultats]
    # Souris : filtre « Tirage au sort ».
    grille.locator("fieldset.filtre", has_text="Recrutement").get_by_label("Tirage au sort").check()
    filtre = disp.classer({**POIDS_PAR_DEFAUT, "profondeur": 5}, {"recrutement": ["tirage-au-sort"]})
    assert classement_affiche(grille) == [r["id"] for r in filtre.resultats]
    assert filtre.message in grille.locator(".message").inner_text()
    # Le score s'explique critère par critère.
    premier = grille.locator("ol.classement > li").first
    premier.locator("summary").click()
    assert "Profondeur de la participation" in premier.locator("table").inner_text()
    # Comparer deux dispositifs côte à côte.
    for ident in classement_affiche(grille)[:2]:
        grille.locator(f"li[data-id='{ident}'] .comparer input").check()
    tableau = grille.locator(".comparaison table").inner_text()
    assert "Niveau IAP2" in tableau and "Base légale" in tableau
    # Le nuage de points a son tableau de valeurs.
    assert grille.locator("svg.nuage circle").count() == len(filtre.resultats)
    assert grille.locator("details table tbody tr").last.count() == 1
    # Rechargement : tout est gardé.
    avant = (classement_affiche(grille), grille.locator(".comparaison").inner_text())
    ouvrir_widgets(page, page.url)
    grille = page.locator(".grille-dispositifs")
    assert (classement_affiche(grille), grille.locator(".comparaison").inner_text()) == avant
    assert grille.get_by_role("slider", name="Profondeur de la participation").input_value() == "5"


def test_etat_vide_explique(grille):
    for libelle, valeur in [("Coût", "Élevé"), ("Durée", "Courte (moins d'un jour)"), ("Niveau de participation (IAP2)", "Informer")]:
        grille.locator("fieldset.filtre", has_text=libelle).get_by_label(valeur).check()
    assert classement_affiche(grille) == []
    assert "Aucun dispositif ne satisfait tous les filtres" in grille.locator(".message").inner_text()
    grille.get_by_role("button", name="Réinitialiser les poids et les filtres").click()
    assert len(classement_affiche(grille)) == len(disp.dispositifs())
