"""Le diagnostic de confiance sur le site statique, dans Chromium : le JavaScript
rend les mêmes résultats que Python (vecteurs partagés), se manie au clavier et à
la souris, garde les réponses au rechargement, exporte et réimporte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import importer_module, ouvrir_widgets

PAGE = "chapters/j2/j2-2-retablir-la-confiance.html"
VECTEURS = json.loads((Path(__file__).parent / "vecteurs" / "diagnostic.json").read_text(encoding="utf-8"))


@pytest.fixture
def diag(page, url_site):
    ouvrir_widgets(page, url_site + PAGE)
    return page.locator(".diagnostic-confiance")


def test_le_javascript_rend_les_memes_resultats_que_python(diag, page):
    importer_module(page, "export function scorer")
    resultats = page.evaluate(
        """(v) => ({
            scores: v.scores.map(c => { const r = window.__module.scorer(window.__etat.questionnaire, c.reponses); delete r.dimensions; return r; }),
            erreurs: v.erreurs.map(c => { try { window.__module.scorer(window.__etat.questionnaire, c.reponses); return null; } catch (e) { return e.message; } }),
            imports: v.imports.map(c => { try { return {reponses: window.__module.importer(window.__etat.questionnaire, c.contenu)}; } catch (e) { return {message: e.message}; } }),
        })""",
        VECTEURS,
    )
    for cas, obtenu in zip(VECTEURS["scores"], resultats["scores"]):
        assert obtenu == cas["attendu"], cas["nom"]
    assert resultats["erreurs"] == [c["message"] for c in VECTEURS["erreurs"]]
    for cas, obtenu in zip(VECTEURS["imports"], resultats["imports"]):
        attendu = {"message": cas["message"]} if "message" in cas else {"reponses": cas["reponses"]}
        assert obtenu == attendu, cas["nom"]


def etat_affiche(diag):
    return {
        "radar": diag.locator("svg.radar polygon.scores").get_attribute("points"),
        "progression": diag.locator(".progression").inner_text(),
        "tableau": diag.locator("table.valeurs tbody").inner_text(),
        "priorites": diag.locator(".priorites").inner_text(),
        "coches": diag.locator("input[type=radio]:checked").evaluate_all("els => els.map(e => e.dataset.affirmation + '=' + e.value)"),
    }


def test_repondre_a_la_souris_et_au_clavier(diag, page):
    avant = etat_affiche(diag)
    assert "0 affirmations répondues sur 30" in avant["progression"]
    # Souris : un clic sur le libellé « Plutôt pas d'accord » de la 1re affirmation de Fiabilité.
    fiabilite = diag.locator("fieldset.affirmation[data-id='fia-1']")
    fiabilite.get_by_text("Plutôt pas d'accord").click()
    apres_souris = etat_affiche(diag)
    assert apres_souris["radar"] != avant["radar"]
    assert "1 affirmations répondues sur 30" in apres_souris["progression"]
    assert "Fiabilité (25)" in apres_souris["priorites"]
    # Clavier : Tab jusqu'au groupe de rea-1, puis flèches (le groupe radio natif).
    premier = diag.locator("fieldset.affirmation[data-id='rea-1'] input").first
    premier.focus()
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    apres_clavier = etat_affiche(diag)
    assert "rea-1=5" in apres_clavier["coches"]
    assert apres_clavier["radar"] != apres_souris["radar"]
    assert "Réactivité" in diag.locator("ul.forces").inner_text()
    # Le focus reste visible : un contour est dessiné autour du bouton radio actif.
    contour = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert contour != "none"


def test_les_reponses_survivent_au_rechargement(diag, page):
    diag.locator("fieldset.affirmation[data-id='ouv-2']").get_by_text("Plutôt d'accord", exact=True).click()
    diag.locator("fieldset.affirmation[data-id='equ-5']").get_by_text("Tout à fait d'accord").click()
    avant = etat_affiche(diag)
    ouvrir_widgets(page, page.url)
    apres = etat_affiche(page.locator(".diagnostic-confiance"))
    assert apres == avant
    assert sorted(apres["coches"]) == ["equ-5=5", "ouv-2=4"]


def test_exporter_puis_importer(diag, page, tmp_path):
    for ident, libelle in [("rea-3", "Plutôt pas d'accord"), ("int-2", "Tout à fait d'accord"), ("fia-4", "Pas du tout d'accord")]:
        diag.locator(f"fieldset.affirmation[data-id='{ident}']").get_by_text(libelle, exact=True).click()
    avant = etat_affiche(diag)
    with page.expect_download() as telechargement:
        diag.get_by_role("button", name="Exporter mes réponses (fichier)").click()
    fichier = tmp_path / "export.json"
    telechargement.value.save_as(fichier)
    assert json.loads(fichier.read_text(encoding="utf-8"))["reponses"] == {"rea-3": 2, "fia-4": 1, "int-2": 5}

    diag.get_by_role("button", name="Effacer toutes mes réponses").click()
    diag.get_by_role("button", name="Confirmer l'effacement").click()
    assert "0 affirmations répondues" in diag.locator(".progression").inner_text()

    diag.locator("input[type=file]").set_input_files(str(fichier))
    page.wait_for_function("document.querySelector('.diagnostic-confiance .statut').textContent.includes('importées')")
    assert etat_affiche(diag) == avant

    abime = tmp_path / "abime.json"
    abime.write_text('{"format": "atelier.diagnostic-confiance", "vers', encoding="utf-8")
    diag.locator("input[type=file]").set_input_files(str(abime))
    page.wait_for_function("document.querySelector('.diagnostic-confiance .alerte').textContent.length > 0")
    alerte = diag.locator(".alerte").inner_text()
    assert "JSON illisible ou tronqué" in alerte and "Vos réponses actuelles sont conservées" in alerte
    assert etat_affiche(diag) == avant
