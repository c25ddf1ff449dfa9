"""Le widget du diagnostic de confiance côté Python et dans un vrai noyau."""

from __future__ import annotations

import nbformat
import pytest
import traitlets
from nbclient import NotebookClient

from atelier.widgets import DiagnosticConfiance


def test_repondre_change_les_resultats():
    w = DiagnosticConfiance()
    assert w.resultats()["répondues"].sum() == 0
    w.repondre("rea-1", 5)
    w.repondre("rea-2", "Plutôt d'accord")
    assert w.reponses == {"rea-1": 5, "rea-2": 4}
    assert w.resultats().loc["reactivite", "score"] == 87.5
    w.repondre("rea-1", None)
    assert w.resultats().loc["reactivite", "score"] == 75


def test_reponse_invalide_refusee_sans_perdre_les_autres():
    w = DiagnosticConfiance(reponses={"ouv-1": 3})
    with pytest.raises(traitlets.TraitError, match="hors échelle"):
        w.repondre("ouv-2", 8)
    with pytest.raises(traitlets.TraitError, match="Affirmation inconnue"):
        w.reponses = {"n-importe": 3}
    assert w.reponses == {"ouv-1": 3}


def test_sauvegarder_puis_charger(tmp_path):
    w = DiagnosticConfiance(reponses={"int-1": 5, "equ-5": 2})
    fichier = w.sauvegarder(tmp_path / "moi.json")
    autre = DiagnosticConfiance()
    autre.charger(fichier)
    assert autre.reponses == w.reponses


def test_charger_un_fichier_abime_garde_les_reponses(tmp_path):
    w = DiagnosticConfiance(reponses={"int-1": 5})
    abime = tmp_path / "abime.json"
    abime.write_text('{"format": "atelier.diag', encoding="utf-8")
    with pytest.raises(ValueError, match="JSON illisible ou tronqué"):
        w.charger(abime)
    assert w.reponses == {"int-1": 5}


def test_etat_synchronise_contient_le_module_et_le_questionnaire():
    w = DiagnosticConfiance()
    etat = w.get_state()
    assert "export default" in etat["_esm"] and "function creer" in etat["_esm"]
    assert len(etat["questionnaire"]["affirmations"]) == 30
    assert etat["cle_stockage"] == "diagnostic-confiance"


def test_dans_un_noyau_les_reponses_fixees_en_python_donnent_les_resultats():
    """Un vrai noyau Jupyter (nbclient) : on fixe les réponses depuis Python, on lit
    les résultats, et l'état du widget enregistré dans le carnet (celui que le site
    statique affiche) contient ces réponses."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from atelier.widgets import DiagnosticConfiance\nw = DiagnosticConfiance()\nw"),
        nbformat.v4.new_code_cell('w.reponses = {"rea-1": 5, "rea-2": 4, "equ-5": 5}\nprint(w.resultats().loc["reactivite", "score"], w.resultats().loc["equite", "niveau"])'),
    ]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    assert nb.cells[1].outputs[0]["text"].strip() == "87.5 fragile"
    etat = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    modeles = [m["state"] for m in etat.values() if m["model_module"] == "anywidget"]
    assert modeles and modeles[0]["reponses"] == {"rea-1": 5, "rea-2": 4, "equ-5": 5}


def test_grille_en_python_suit_ses_attributs():
    from atelier.widgets import GrilleDispositifs

    w = GrilleDispositifs(poids={"profondeur": 5, "inclusion": 0, "portee": 0, "sobriete": 0, "rapidite": 0, "cadrage_juridique": 0})
    premier = w.resultats().iloc[0]["dispositif"]
    w.filtres = {"format": ["numerique"]}
    from atelier.dispositifs import catalogue

    numeriques = {d["nom"] for d in catalogue()["dispositifs"] if "numerique" in d["format"]}
    assert set(w.resultats()["dispositif"]) == numeriques
    assert premier not in numeriques
    w.poids = {c: 0 for c in w.poids}
    assert w.resultats().empty
