"""Exercices sur le site statique, dans Chromium : correction identique à Python
(vecteurs partagés), réponses au clavier et à la souris, retours en français,
progression gardée au rechargement, « Mon parcours » exporté puis réimporté."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from atelier import exercices
from conftest import importer_module, ouvrir_widgets

VECTEURS = json.loads((Path(__file__).parent / "vecteurs" / "exercices.json").read_text(encoding="utf-8"))
VECTEURS_PARCOURS = json.loads((Path(__file__).parent / "vecteurs" / "parcours.json").read_text(encoding="utf-8"))
PAGES = exercices.pages_des_exercices()
NB = "\u00a0"


def widget(page, ident):
    return page.locator(f".exercice[data-exercice='{ident}']")


def test_le_javascript_corrige_comme_python(page, url_site):
    ouvrir_widgets(page, url_site + PAGES["j2-confiance-maire"] + ".html")
    importer_module(page, "export function corriger")
    definitions = {e["id"]: e for e in exercices.exercices()}
    obtenus = page.evaluate(
        """([cas, defs, nombres]) => ({
            corrections: cas.map(c => window.__module.corriger(defs[c.exercice], c.reponse)),
            nombres: nombres.map(n => window.__module.lireNombre(n.texte)),
        })""",
        [VECTEURS["corrections"], definitions, VECTEURS["nombres"]],
    )
    for cas, obtenu in zip(VECTEURS["corrections"], obtenus["corrections"]):
        assert obtenu == cas["attendu"], (cas["exercice"], cas["reponse"])
    for cas, obtenu in zip(VECTEURS["nombres"], obtenus["nombres"]):
        assert obtenu == cas["attendu"], cas["texte"]


def test_mon_parcours_calcule_comme_python(page, url_site):
    ouvrir_widgets(page, url_site + "chapters/mon-parcours.html")
    importer_module(page, "export function synthese")
    obtenus = page.evaluate(
        """(v) => ({
            syntheses: v.syntheses.map(c => window.__module.synthese(v.exercices, c.entrees)),
            imports: v.imports.map(c => { try { return {attendu: window.__module.lireImport(v.exercices, c.contenu)}; } catch (e) { return {message: e.message}; } }),
        })""",
        VECTEURS_PARCOURS,
    )
    assert obtenus["syntheses"] == [c["attendu"] for c in VECTEURS_PARCOURS["syntheses"]]
    assert obtenus["imports"] == [{k: c[k] for k in ("attendu", "message") if k in c} for c in VECTEURS_PARCOURS["imports"]]


def test_choix_unique_a_la_souris_retour_et_lien(page, url_site):
    ex = exercices.exercice("j2-confiance-maire")
    ouvrir_widgets(page, url_site + PAGES[ex["id"]] + ".html")
    w = widget(page, ex["id"])
    fausse = next(o for o in ex["options"] if o["id"] not in ex["solution"])
    w.get_by_label(fausse["texte"], exact=True).click()
    w.get_by_role("button", name="Vérifier").click()
    retour = w.locator(".retour").inner_text()
    assert "Ce n'est pas la bonne réponse." in retour and fausse["retour"] in retour
    lien = w.locator(".retour a")
    assert ex["relire"]["page"] in lien.get_attribute("href")
    # Le lien mène bien à une section existante de la page à relire.
    lien.click()
    page.wait_for_load_state()
    if ex["relire"].get("ancre"):
        assert page.locator(f"#{ex['relire']['ancre']}").count() == 1
    page.go_back()
    page.wait_for_selector("html[data-widgets-prets]")
    w = widget(page, ex["id"])
    bonne = next(o for o in ex["options"] if o["id"] in ex["solution"])
    w.get_by_label(bonne["texte"], exact=True).click()
    w.get_by_role("button", name="Vérifier").click()
    assert w.locator(".retour").inner_text().startswith("Bonne réponse.")


def test_numerique_au_clavier_avec_espace_et_virgule(page, url_site):
    ex = next(e for e in exercices.exercices() if e["type"] == "numerique" and e.get("unite"))
    ouvrir_widgets(page, url_site + PAGES[ex["id"]] + ".html")
    w = widget(page, ex["id"])
    champ = w.get_by_label("Votre réponse")
    champ.fill("n'importe quoi")
    champ.press("Enter")
    assert "n'est pas un nombre" in w.locator(".retour").inner_text()
    saisie = exercices._format_nombre(ex["solution"]).replace(NB, " ") + " " + ex["unite"]
    champ.fill(f"  {saisie.upper()}  ")
    champ.press("Enter")
    assert w.locator(".retour").inner_text().startswith("Bonne réponse."), saisie


def test_ordre_au_clavier(page, url_site):
    ex = next(e for e in exercices.exercices() if e["type"] == "ordre")
    ouvrir_widgets(page, url_site + PAGES[ex["id"]] + ".html")
    w = widget(page, ex["id"])
    attendu = [e["texte"] for e in ex["elements"]]
    # Tri par le clavier seulement : Tab jusqu'au bouton, Entrée pour déplacer.
    for position, texte in enumerate(attendu):
        while True:
            textes = w.locator("ol.ordre li span").all_inner_texts()
            i = textes.index(texte)
            if i == position:
                break
            w.get_by_role("button", name=f"Monter «{NB}{texte}{NB}»").focus()
            page.keyboard.press("Enter")
    assert w.locator("ol.ordre li span").all_inner_texts() == attendu
    w.get_by_role("button", name="Vérifier").focus()
    page.keyboard.press("Enter")
    assert w.locator(".retour").inner_text().startswith("Bonne réponse.")


def test_association_et_solution_masquee(page, url_site):
    ex = next(e for e in exercices.exercices() if e["type"] == "association")
    ouvrir_widgets(page, url_site + PAGES[ex["id"]] + ".html")
    w = widget(page, ex["id"])
    assert w.locator(".solution").is_hidden()
    w.get_by_role("button", name="Vérifier").click()
    assert "Associez chaque élément" in w.locator(".retour").inner_text()
    faux = ex["elements"][0]
    autre = next(c for c in ex["categories"] if c["id"] != faux["solution"])
    for e in ex["elements"]:
        cible = autre if e is faux else next(c for c in ex["categories"] if c["id"] == e["solution"])
        w.get_by_label(e["texte"], exact=True).select_option(cible["id"])
    w.get_by_role("button", name="Vérifier").click()
    retour = w.locator(".retour").inner_text()
    assert "Pas encore" in retour and faux["retour"] in retour
    w.get_by_role("button", name="Voir la solution").click()
    assert w.locator(".solution").is_visible()
    assert faux["texte"] in w.locator(".solution").inner_text()


def test_progression_gardee_et_parcours_exporte_puis_reimporte(page, url_site, tmp_path):
    ex = exercices.exercice("j2-confiance-maire")
    reflexion = next(e for e in exercices.exercices() if e["type"] == "reflexion")
    ouvrir_widgets(page, url_site + PAGES[ex["id"]] + ".html")
    w = widget(page, ex["id"])
    bonne = next(o for o in ex["options"] if o["id"] in ex["solution"])
    w.get_by_label(bonne["texte"], exact=True).click()
    w.get_by_role("button", name="Vérifier").click()
    ouvrir_widgets(page, page.url)
    w = widget(page, ex["id"])
    assert w.locator("input:checked").get_attribute("value") == bonne["id"]
    assert w.locator(".retour").inner_text().startswith("Bonne réponse.")

    ouvrir_widgets(page, url_site + PAGES[reflexion["id"]] + ".html")
    zone = widget(page, reflexion["id"]).locator("textarea")
    zone.fill("Organiser une balade urbaine avec le conseil de quartier.")
    page.wait_for_function("document.querySelector('.exercice-reflexion .retour').textContent.includes('journal')")
    with page.expect_download() as journal:
        widget(page, reflexion["id"]).get_by_role("button", name="Exporter mon journal").click()
    assert "balade urbaine" in Path(journal.value.path()).read_text(encoding="utf-8")

    ouvrir_widgets(page, url_site + "chapters/mon-parcours.html")
    synthese = page.locator(".parcours table.synthese").inner_text()
    assert f"J2\t1 sur" in synthese
    with page.expect_download() as export_json:
        page.get_by_role("button", name="Exporter ma progression (JSON)").click()
    fichier = tmp_path / "parcours.json"
    export_json.value.save_as(fichier)
    with page.expect_download() as export_csv:
        page.get_by_role("button", name="Exporter ma progression (CSV)").click()
    csv = Path(export_csv.value.path()).read_text(encoding="utf-8")
    assert csv.startswith("id,titre,jour,type,reussi,score,tentatives,date") and ex["id"] in csv

    page.get_by_role("button", name="Effacer ma progression").click()
    page.get_by_role("button", name="Confirmer l'effacement de ma progression").click()
    assert "J2\t0 sur" in page.locator(".parcours table.synthese").inner_text()
    abime = tmp_path / "abime.json"
    abime.write_text('{"format": "atelier.parc', encoding="utf-8")
    page.locator(".parcours input[type=file]").set_input_files(str(abime))
    page.wait_for_function("document.querySelector('.parcours .alerte').textContent.length > 0")
    assert "JSON illisible ou tronqué" in page.locator(".parcours .alerte").inner_text()
    page.locator(".parcours input[type=file]").set_input_files(str(fichier))
    page.wait_for_function("document.querySelector('.parcours .statut').textContent.includes('importés')")
    assert page.locator(".parcours table.synthese").inner_text() == synthese
    ouvrir_widgets(page, url_site + PAGES[reflexion["id"]] + ".html")
    assert "balade urbaine" in widget(page, reflexion["id"]).locator("textarea").input_value()
