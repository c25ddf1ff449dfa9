"""La matrice de priorisation sur le site statique : mêmes résultats qu'en Python
(vecteurs), idées ajoutées, modifiées et supprimées au clavier, saisie vide
refusée sans perte, rechargement, export puis import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import importer_module, ouvrir_widgets

PAGE = "chapters/j1/j1-4-ideer-prototyper-tester.html"
VECTEURS = json.loads((Path(__file__).parent / "vecteurs" / "priorisation.json").read_text(encoding="utf-8"))


@pytest.fixture
def matrice(page, url_site):
    ouvrir_widgets(page, url_site + PAGE)
    return page.locator(".matrice-priorisation")


def test_le_javascript_classe_comme_python(matrice, page):
    importer_module(page, "export function prioriser")
    obtenus = page.evaluate(
        """(v) => ({
            classements: v.classements.map(c => window.__module.prioriser(c.idees)),
            erreurs: v.erreurs.map(c => { try { window.__module.prioriser(c.idees); return null; } catch (e) { return e.message; } }),
            imports: v.imports.map(c => { try { return {idees: window.__module.importer(c.contenu)}; } catch (e) { return {message: e.message}; } }),
        })""",
        VECTEURS,
    )
    assert obtenus["classements"] == [c["attendu"] for c in VECTEURS["classements"]]
    assert obtenus["erreurs"] == [c["message"] for c in VECTEURS["erreurs"]]
    assert obtenus["imports"] == [{k: c[k] for k in ("idees", "message") if k in c} for c in VECTEURS["imports"]]


def lignes(matrice):
    return matrice.locator("table.idees tbody tr").evaluate_all(
        "trs => trs.map(tr => [tr.querySelector('input').value, tr.cells[4].textContent])"
    )


def test_ajouter_modifier_supprimer_au_clavier(matrice, page, tmp_path):
    depart = lignes(matrice)
    assert len(depart) == 6  # l'exemple du cours
    # Saisie vide : refusée, expliquée.
    champ = matrice.get_by_label("Nouvelle idée")
    champ.focus()
    page.keyboard.press("Enter")
    assert "Écrivez l'idée avant de l'ajouter" in matrice.locator(".alerte").inner_text()
    # Ajout au clavier : texte, Tab, impact 5, Tab, faisabilité 5, Entrée sur le bouton.
    champ.fill("Guichet familles en mairie annexe")
    page.keyboard.press("Tab")
    page.keyboard.press("End")
    page.keyboard.press("Tab")
    page.keyboard.press("End")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    apres = lignes(matrice)
    assert apres[0] == ["Guichet familles en mairie annexe", "À lancer en premier"]
    assert matrice.locator("svg.matrice .idee").count() == 7
    # Doublon refusé sans perte.
    champ.fill("guichet familles en MAIRIE annexe")
    champ.press("Enter")
    assert "figure deux fois" in matrice.locator(".alerte").inner_text()
    assert len(lignes(matrice)) == 7
    # Modifier la faisabilité de la nouvelle idée : elle change de quadrant.
    matrice.get_by_label("Faisabilité de l'idée 1", exact=True).select_option("1")
    assert ["Guichet familles en mairie annexe", "Projet structurant à préparer"] in lignes(matrice)
    # Rechargement : tout est gardé.
    avant = lignes(matrice)
    ouvrir_widgets(page, page.url)
    matrice = page.locator(".matrice-priorisation")
    assert lignes(matrice) == avant
    # Export, tout effacer, import.
    with page.expect_download() as export:
        matrice.get_by_role("button", name="Exporter (JSON)").click()
    fichier = tmp_path / "idees.json"
    export.value.save_as(fichier)
    matrice.get_by_role("button", name="Tout effacer").click()
    matrice.get_by_role("button", name="Confirmer l'effacement des idées").click()
    assert lignes(matrice) == []
    assert "Aucune idée pour l'instant" in matrice.locator(".message").inner_text()
    matrice.locator("input[type=file]").set_input_files(str(fichier))
    page.wait_for_function("document.querySelector('.matrice-priorisation .statut').textContent.includes('importées')")
    assert lignes(matrice) == avant
    # Supprimer au clavier.
    matrice.get_by_role("button", name="Supprimer l'idée 1", exact=False).first.focus()
    page.keyboard.press("Enter")
    assert len(lignes(matrice)) == len(avant) - 1
