"""Le widget Questionnaire sur le site statique, dans Chromium : mêmes validations,
états et exports qu'en Python (vecteurs partagés), réponses au clavier, refus sans
perte, rechargement, export JSON et CSV vérifiés, effacement et réimport."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from atelier import questionnaires as qs
from conftest import importer_module, ouvrir_widgets

PAGE = "chapters/questionnaires/positionnement.html"
PAGE_EVALUATION = "chapters/questionnaires/evaluation.html"
VECTEURS = json.loads((Path(__file__).parent / "vecteurs" / "questionnaires.json").read_text(encoding="utf-8"))


@pytest.fixture
def questionnaire(page, url_site):
    ouvrir_widgets(page, url_site + PAGE)
    return page.locator(".questionnaire")


def test_le_javascript_valide_et_exporte_comme_python(questionnaire, page):
    importer_module(page, "export function versCsv")
    obtenus = page.evaluate(
        """(v) => {
            const m = window.__module, Q = v.questionnaires;
            const essai = (f) => { try { return {ok: f()}; } catch (e) { return {message: e.message}; } };
            return {
                validations: v.validations.map(c => m.valider(Q[c.questionnaire], c.reponses)),
                erreurs: v.erreurs.map(c => essai(() => m.valider(Q[c.questionnaire], c.reponses)).message ?? null),
                etats: v.etats.map(c => m.etat(Q[c.questionnaire], c.reponses)),
                exports: v.exports.map(c => JSON.parse(m.exporter(Q[c.questionnaire], c.reponses, c.exporte_le))),
                imports: v.imports.map(c => { const r = essai(() => m.importer(Q[c.questionnaire], c.contenu)); return r.message !== undefined ? {message: r.message} : {reponses: r.ok}; }),
                csv: v.csv.map(c => m.versCsv(Q[c.questionnaire], c.reponses)),
            };
        }""",
        VECTEURS,
    )
    for cas, obtenu in zip(VECTEURS["validations"], obtenus["validations"]):
        assert obtenu == cas["attendu"], cas["nom"]
    assert obtenus["erreurs"] == [c["message"] for c in VECTEURS["erreurs"]]
    assert obtenus["etats"] == [c["attendu"] for c in VECTEURS["etats"]]
    assert obtenus["exports"] == [c["attendu"] for c in VECTEURS["exports"]]
    for cas, obtenu in zip(VECTEURS["imports"], obtenus["imports"]):
        assert obtenu == ({"message": cas["message"]} if "message" in cas else {"reponses": cas["reponses"]}), cas["nom"]
    assert obtenus["csv"] == [c["attendu"] for c in VECTEURS["csv"]]


def reponses_affichees(q):
    return q.evaluate(
        """(racine) => {
            const r = {};
            for (const i of racine.querySelectorAll('input[type=text], textarea')) if (i.value) r[i.dataset.champ] = i.value;
            for (const f of racine.querySelectorAll('fieldset[data-champ]')) {
                const coches = [...f.querySelectorAll('input:checked')].map(i => i.value);
                if (coches.length) r[f.dataset.champ] = f.querySelector('input').type === 'checkbox' ? coches : coches[0];
            }
            return r;
        }"""
    )


def test_remplir_au_clavier_recharger_exporter_reimporter(questionnaire, page, tmp_path):
    q = questionnaire
    assert "Aucune réponse pour l'instant." in q.locator(".progression").inner_text()
    # Texte libre, avec des balises : affiché et gardé comme du texte.
    q.get_by_label("Votre prénom ou un pseudonyme").focus()
    page.keyboard.type("Camille <img src=x onerror=alert(1)>")
    # Mandat : Tab jusqu'au groupe, Espace sur le premier choix, flèche vers le second.
    q.locator("fieldset[data-champ='mandat'] input").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    # Attentes : trois cases cochées au clavier, la quatrième refusée sans perte.
    cases = q.locator("fieldset[data-champ='attentes'] input[type=checkbox]")
    for rang in (4, 5, 6):
        cases.nth(rang).focus()
        page.keyboard.press("Space")
    cases.nth(7).focus()
    page.keyboard.press("Space")
    assert "Trop de réponses pour" in q.locator(".alerte").inner_text()
    assert "Vos autres réponses sont conservées." in q.locator(".alerte").inner_text()
    # Grille : niveau 3 pour « Maîtriser le débat public » (Espace puis deux flèches).
    q.locator("fieldset[data-champ='niveau.j2-debat-public'] input").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    attendu = {
        "pseudo": "Camille <img src=x onerror=alert(1)>",
        "mandat": "adjoint",
        "attentes": ["regles", "conduire", "instances"],
        "niveau.j2-debat-public": "3",
    }
    assert reponses_affichees(q) == attendu
    assert q.locator("img").count() == 0
    assert "4 réponses données sur 22" in q.locator(".progression").inner_text()
    manquantes = q.locator(".manquantes li").all_text_contents()
    assert "Nombre d'habitants" in manquantes and "Mandat" not in manquantes
    # Le focus reste visible.
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"

    # Rechargement : tout est gardé dans le navigateur.
    ouvrir_widgets(page, page.url)
    q = page.locator(".questionnaire")
    assert reponses_affichees(q) == attendu

    # Export JSON : le fichier contient les réponses validées.
    with page.expect_download() as telechargement:
        q.get_by_role("button", name="Exporter mes réponses (JSON)").click()
    fichier = tmp_path / telechargement.value.suggested_filename
    telechargement.value.save_as(fichier)
    assert fichier.name == "questionnaire-positionnement.json"
    donnees = json.loads(fichier.read_text(encoding="utf-8"))
    assert (donnees["format"], donnees["version"], donnees["questionnaire"]) == ("atelier.questionnaire", 1, "positionnement")
    assert donnees["reponses"] == {**attendu, "niveau.j2-debat-public": 3}
    assert qs.importer("positionnement", fichier.read_bytes()) == donnees["reponses"]
    assert "réponses obligatoires manquent" in q.locator(".statut").inner_text()

    # Export CSV : en-tête = noms de colonnes documentés, relu par la lecture de groupe.
    with page.expect_download() as telechargement:
        q.get_by_role("button", name="Exporter mes réponses (CSV)").click()
    csv = tmp_path / "reponses.csv"
    telechargement.value.save_as(csv)
    contenu = csv.read_text(encoding="utf-8")
    assert contenu == qs.vers_csv("positionnement", donnees["reponses"])
    relu = qs.lire_reponses("positionnement", csv)
    assert relu.reponses("Camille <img src=x onerror=alert(1)>") == donnees["reponses"]

    # Tout effacer (avec confirmation), puis réimporter le fichier JSON.
    q.get_by_role("button", name="Effacer toutes mes réponses").click()
    q.get_by_role("button", name="Confirmer l'effacement de mes réponses").click()
    assert reponses_affichees(q) == {}
    q.locator("input[type=file]").set_input_files(str(fichier))
    page.wait_for_function("document.querySelector('.questionnaire .statut').textContent.includes('importées')")
    assert reponses_affichees(q) == attendu

    # Un fichier abîmé est refusé et ne touche pas aux réponses.
    abime = tmp_path / "abime.json"
    abime.write_text('{"format": "atelier.questionnaire", "vers', encoding="utf-8")
    q.locator("input[type=file]").set_input_files(str(abime))
    page.wait_for_function("document.querySelector('.questionnaire .alerte').textContent.includes('Import impossible')")
    assert "JSON illisible ou tronqué" in q.locator(".alerte").inner_text()
    assert reponses_affichees(q) == attendu


def test_les_deux_questionnaires_ne_se_melangent_pas(page, url_site, tmp_path):
    ouvrir_widgets(page, url_site + PAGE)
    page.locator(".questionnaire").get_by_label("Votre prénom ou un pseudonyme").fill("Lou")
    ouvrir_widgets(page, url_site + PAGE_EVALUATION)
    q = page.locator(".questionnaire")
    assert q.locator("h3").inner_text() == "Évaluation de la formation"
    assert reponses_affichees(q) == {}
    # Un export du positionnement importé ici est refusé, expliqué.
    fichier = tmp_path / "positionnement.json"
    fichier.write_text(qs.exporter("positionnement", {"mandat": "maire"}), encoding="utf-8")
    q.locator("input[type=file]").set_input_files(str(fichier))
    page.wait_for_function("document.querySelector('.questionnaire .alerte').textContent.includes('Import impossible')")
    assert "autre questionnaire" in q.locator(".alerte").inner_text()
    # Les deux grilles (avant, après) ont une ligne par objectif.
    assert q.locator("fieldset[data-champ^='niveau_avant.']").count() == q.locator("fieldset[data-champ^='niveau_apres.']").count() == 11


@pytest.mark.parametrize(
    "page_formateur, lien, titre",
    [
        ("chapters/formateur/positionnement.html", "Télécharger le programme adapté (page imprimable)", "Programme adapté au groupe"),
        ("chapters/formateur/evaluation.html", "Télécharger le rapport d'évaluation (page imprimable)", "Rapport d'évaluation de la formation"),
    ],
    ids=["programme-adapte", "rapport-evaluation"],
)
def test_pages_imprimables_telechargees_et_imprimees(page, url_site, tmp_path, page_formateur, lien, titre):
    """Le lien des carnets du formateur télécharge une page HTML autonome, qui s'ouvre
    sans aucune requête et s'imprime en PDF."""
    from html import escape as echapper

    from pypdf import PdfReader

    page.goto(url_site + page_formateur)
    with page.expect_download() as telechargement:
        page.get_by_role("link", name=lien).click()
    fichier = tmp_path / telechargement.value.suggested_filename
    telechargement.value.save_as(fichier)
    html = fichier.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and f"<title>{echapper(titre)}</title>" in html
    requetes = []
    page.on("request", lambda r: requetes.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.goto(fichier.as_uri())
    assert page.locator("h1").inner_text() == titre
    assert page.locator("img").evaluate_all("imgs => imgs.every(i => i.complete && i.naturalWidth > 0 && i.alt.length > 40)")
    assert requetes == []
    pdf = tmp_path / "sortie.pdf"
    page.pdf(path=str(pdf), format="A4")
    lecteur = PdfReader(str(pdf))
    assert len(lecteur.pages) >= 2
    assert titre in lecteur.pages[0].extract_text()
