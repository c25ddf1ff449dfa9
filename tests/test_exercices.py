"""Exercices notés : définitions, correction de référence, couverture, code, versions apprenant."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import nbformat
import pandas as pd
import pytest
import yaml
from nbclient import NotebookClient

from atelier import apprenant, exercices, parcours, verification
from atelier.diagnostic import agreger
from atelier.donnees import RACINE, chemin

VECTEURS = json.loads((Path(__file__).parent / "vecteurs" / "exercices.json").read_text(encoding="utf-8"))
VECTEURS_PARCOURS = json.loads((Path(__file__).parent / "vecteurs" / "parcours.json").read_text(encoding="utf-8"))
TOUS = exercices.exercices()
NB = "\u00a0"


# --- Définitions -----------------------------------------------------------------


@pytest.mark.parametrize("fichier", sorted((RACINE / "data" / "exercices").glob("*.yaml")), ids=lambda p: p.name)
def test_definitions_conformes_au_schema(fichier):
    schema = json.loads(chemin("exercices.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(fichier.read_text(encoding="utf-8")), schema)


def test_chaque_type_a_au_moins_deux_exercices():
    compte = pd.Series([e["type"] for e in TOUS]).value_counts()
    for t in exercices.TYPES:
        assert compte.get(t, 0) >= 2, t


@pytest.mark.parametrize("ex", TOUS, ids=lambda e: e["id"])
def test_definition_coherente(ex):
    objectifs = {o["id"] for o in exercices.objectifs()}
    assert set(ex["objectifs"]) <= objectifs
    assert ex["id"].startswith(ex["jour"].lower() + "-")
    if ex["type"] in ("choix-unique", "choix-multiple"):
        assert set(ex["solution"]) <= {o["id"] for o in ex["options"]}
    if ex["type"] == "association":
        assert {e["solution"] for e in ex["elements"]} <= {c["id"] for c in ex["categories"]}
    if ex["type"] == "numerique":
        tolerance = ex.get("tolerance", 0)
        assert all(abs(p["valeur"] - ex["solution"]) > tolerance for p in ex.get("pieges", [])), "un piège est juste"
    if ex["type"] == "code":
        assert ex["verificateur"] in verification.verificateurs()
    if "relire" in ex:
        assert (RACINE / f"{ex['relire']['page']}.md").is_file() or (RACINE / f"{ex['relire']['page']}.ipynb").is_file()


def test_chaque_exercice_est_dans_un_carnet_d_exercices():
    pages = exercices.pages_des_exercices()
    absents = [e["id"] for e in TOUS if e["id"] not in pages]
    assert absents == []


# --- Correction : la solution passe, chaque mauvaise réponse type reçoit son retour ---


@pytest.mark.parametrize("ex", [e for e in TOUS if e["type"] not in ("code", "reflexion")], ids=lambda e: e["id"])
def test_solution_juste_et_mauvaises_reponses_expliquees(ex):
    correction = exercices.corriger(ex, exercices.solution(ex))
    assert correction.reussi is True and correction.score == 1
    assert correction.message.startswith("Bonne réponse.")
    for reponse, retour in exercices.mauvaises_reponses(ex):
        faux = exercices.corriger(ex, reponse)
        assert faux.reussi is False, reponse
        assert retour in faux.message + " ".join(faux.details), (reponse, retour)
        if ex.get("relire"):
            assert f"À relire{NB}: «{NB}{ex['relire']['texte']}{NB}»" in faux.message


@pytest.mark.parametrize("cas", VECTEURS["corrections"], ids=lambda c: f"{c['exercice']}-{c['nature']}")
def test_vecteurs_corrections(cas):
    assert exercices.corriger(cas["exercice"], cas["reponse"]).comme_dict() == cas["attendu"]


@pytest.mark.parametrize("cas", VECTEURS["nombres"], ids=lambda c: repr(c["texte"]))
def test_vecteurs_lecture_des_nombres(cas):
    lu = exercices.lire_nombre(cas["texte"])
    assert (list(lu) if lu else None) == cas["attendu"]


@pytest.mark.parametrize(
    "saisie, attendu",
    [("80 000", 80000), ("80\u00a0000 habitants", 80000), ("80.000", 80000), ("12,5 %", 12.5), (" 12.5% ", 12.5), ("1\u202f200,75 €", 1200.75)],
)
def test_nombres_a_la_francaise(saisie, attendu):
    assert exercices.lire_nombre(saisie)[0] == attendu


def test_numerique_unite_et_saisie_invalide():
    ex = {"id": "x", "type": "numerique", "solution": 80000, "unite": "habitants", "retour_defaut": "Non.", "explication": "Oui."}
    assert exercices.corriger(ex, "80 000 hab.").reussi
    assert exercices.corriger(ex, "80 000").reussi
    assert exercices.corriger(ex, "80 000 km").message == f"Unité attendue{NB}: «{NB}habitants{NB}» (vous avez écrit «{NB}km{NB}»)."
    assert "n'est pas un nombre" in exercices.corriger(ex, "quatre-vingt mille").message
    assert exercices.corriger(ex, "   ").message == "Saisissez un nombre."


def test_choix_insensibles_a_la_forme():
    ex = next(e for e in TOUS if e["type"] == "choix-unique")
    assert exercices.corriger(ex, [exercices.solution(ex)]).reussi
    assert exercices.corriger(ex, "").message == "Choisissez une réponse."


def test_reflexion_non_notee():
    ex = next(e for e in TOUS if e["type"] == "reflexion")
    c = exercices.corriger(ex, "Une balade urbaine au printemps.")
    assert c.reussi is None and "journal" in c.message


# --- Couverture -------------------------------------------------------------------------


def test_matrice_de_couverture():
    matrice = matrice_couverture = exercices.matrice_couverture()
    assert len(matrice) == len(exercices.objectifs())
    assert (matrice_couverture["Exercices notés"] >= 2).all(), matrice[matrice["Exercices notés"] < 2]
    assert (matrice["Alerte"] == "").all()


def test_la_matrice_signale_un_objectif_sous_evalue(monkeypatch):
    objectifs = exercices.objectifs() + [{"id": "objectif-orphelin", "jour": "J1", "type": "objectif", "libelle": "Un objectif sans exercice"}]
    monkeypatch.setattr(exercices, "objectifs", lambda: objectifs)
    matrice = exercices.matrice_couverture()
    assert matrice.iloc[-1]["Alerte"] == "⚠ moins de deux exercices notés"


# --- Parcours -----------------------------------------------------------------------------


@pytest.mark.parametrize("cas", VECTEURS_PARCOURS["syntheses"], ids=lambda c: c["nom"])
def test_vecteurs_synthese_parcours(cas):
    assert parcours.synthese(VECTEURS_PARCOURS["exercices"], cas["entrees"]) == cas["attendu"]


@pytest.mark.parametrize("cas", VECTEURS_PARCOURS["imports"], ids=lambda c: c["nom"])
def test_vecteurs_import_parcours(cas):
    if "message" in cas:
        with pytest.raises(parcours.ErreurParcours) as erreur:
            parcours.lire_import(VECTEURS_PARCOURS["exercices"], cas["contenu"])
        assert str(erreur.value) == cas["message"]
    else:
        assert parcours.lire_import(VECTEURS_PARCOURS["exercices"], cas["contenu"]) == cas["attendu"]


# --- Exercices de code ------------------------------------------------------------------


def _scores():
    return agreger(chemin("exemple_groupe_diagnostic.csv"))


def test_code_moyennes_solution_et_erreurs_types():
    dims = ["reactivite", "fiabilite", "ouverture", "integrite", "equite"]
    s = _scores()
    assert verification.verifier("j2-code-moyennes-groupe", s[dims].mean()).reussi
    cas = [
        (s.mean(), "Retirez la colonne"),
        (s[dims].median(), "Ce sont les médianes"),
        (s[dims].mean(axis=1), "moyenne par personne"),
        (s[dims].mean() + 2, "on attend 64,1"),
        ("abc", "série pandas"),
        (None, "ne renvoie rien"),
    ]
    for reponse, fragment in cas:
        retour = verification.verifier("j2-code-moyennes-groupe", reponse)
        assert not retour.reussi and fragment in retour.message, (fragment, retour.message)


def test_code_conseils_quartier_solution_et_erreurs_types():
    import numpy as np

    df = pd.DataFrame(verification.COMMUNES_EXEMPLE)
    juste = df.assign(conseils_quartier=np.select([df.population >= 80000, df.population >= 20000], ["obligatoire", "possible"], "aucun"))
    assert verification.verifier("j3-code-conseils-quartier", juste).reussi
    bornes = df.assign(conseils_quartier=np.select([df.population > 80000, df.population > 20000], ["obligatoire", "possible"], "aucun"))
    assert "le seuil est inclus" in verification.verifier("j3-code-conseils-quartier", bornes).message
    assert "Ajoutez au tableau une colonne" in verification.verifier("j3-code-conseils-quartier", df).message
    faute = juste.assign(conseils_quartier="oui")
    assert "Valeurs attendues" in verification.verifier("j3-code-conseils-quartier", faute).message


def test_une_reponse_qui_plante_recoit_une_explication(monkeypatch):
    """Un vérificateur qui tombe sur une réponse inattendue ne montre jamais de trace."""
    monkeypatch.setitem(verification._VERIFICATEURS, "essai-plante", lambda reponse: reponse["Equite"])
    retour = verification.verifier("essai-plante", pd.DataFrame({"equite": [1]}))
    assert not retour.reussi
    assert "n'a pas pu être vérifiée" in retour.message and f"«{NB}Equite{NB}» n'existe pas" in retour.message
    assert "Traceback" not in retour.message


@pytest.mark.parametrize(
    "erreur, fragment",
    [(NameError("name 'scores' is not defined", name="scores"), f"Le nom «{NB}scores{NB}» n'est pas défini"),
     (KeyError("Equite"), f"«{NB}Equite{NB}» n'existe pas"), (ZeroDivisionError(), "Division par zéro"),
     (TypeError("unsupported operand"), "Opération impossible")],
)
def test_erreurs_python_expliquees(erreur, fragment):
    assert fragment in verification.expliquer_exception(erreur)


def test_verificateur_inconnu():
    assert "Exercice inconnu" in verification.verifier("n-existe-pas", 1).message


# --- Versions apprenant (une seule source) ---------------------------------------------------


CARNETS = sorted((RACINE / "exercises").glob("*.ipynb"))


@pytest.mark.parametrize("carnet", CARNETS, ids=lambda p: p.name)
def test_version_apprenant_sans_solution(carnet):
    source = nbformat.read(carnet, as_version=4)
    eleve = apprenant.version_apprenant(source)
    solutions = [c.source for c in source.cells if "solution" in c.metadata.get("tags", [])]
    texte = "\n".join(c.source for c in eleve.cells)
    for s in solutions:
        assert s not in texte
    assert all(not c.get("outputs") for c in eleve.cells if c.cell_type == "code")
    assert "widgets" not in eleve.metadata
    assert len(eleve.cells) == len(source.cells)


def test_la_version_apprenant_s_execute_et_dit_pas_encore(tmp_path):
    """La version à compléter s'exécute sans erreur, et la vérification répond en français."""
    carnet = RACINE / "exercises" / "j3_exercices_concertation-et-feuille-de-route.ipynb"
    eleve = apprenant.version_apprenant(nbformat.read(carnet, as_version=4))
    NotebookClient(eleve, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(RACINE / "exercises")}}).execute()
    sorties = " ".join(str(o.get("data", {}).get("text/plain", o.get("text", ""))) for c in eleve.cells if c.cell_type == "code" for o in c.outputs)
    assert "Pas encore" in sorties and "Ajoutez au tableau une colonne" in sorties


def test_nbval_trois_fois_de_suite_meme_resultat():
    """La validation nbval des carnets d'exercices est stable (sorties déterministes)."""
    resultats = []
    for _ in range(3):
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "--nbval-current-env", "exercises"],
            cwd=RACINE, capture_output=True, text=True, timeout=600,
        )
        resultats.append((proc.returncode, proc.stdout.strip().splitlines()[-1].split(" in ")[0]))
    assert resultats[0][0] == 0, resultats
    assert len(set(resultats)) == 1, resultats


@pytest.mark.parametrize("carnet", CARNETS, ids=lambda p: p.name)
def test_carnets_enregistres_avec_le_module_actuel_des_widgets(carnet):
    """L'état des widgets enregistré dans le carnet porte le JavaScript actuel du
    paquet (sinon : « make carnets »)."""
    from atelier.widgets import module_js

    nb = nbformat.read(carnet, as_version=4)
    etat = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    modules = {m["state"]["_esm"] for m in etat.values() if m["model_module"] == "anywidget"}
    assert modules and modules <= {module_js(n) for n in ("exercice", "diagnostic", "parcours")}, "lancez « make carnets »"


def test_dans_un_noyau_une_erreur_de_cellule_est_expliquee_en_francais():
    """Après activer_explications(), une erreur dans une cellule d'exercice affiche
    une explication en français au lieu de la trace Python."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from atelier.verification import activer_explications\nactiver_explications()"),
        nbformat.v4.new_code_cell('import pandas as pd\npd.DataFrame({"equite": [1]})["Equite"]'),
        nbformat.v4.new_code_cell("resultat_inconnu + 1"),
    ]
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
    for cellule, fragment in [(nb.cells[1], f"«{NB}Equite{NB}» n'existe pas"), (nb.cells[2], f"Le nom «{NB}resultat_inconnu{NB}» n'est pas défini")]:
        texte = " ".join(o.get("text", "") for o in cellule.outputs if o.output_type == "stream")
        assert fragment in texte, cellule.outputs
        assert not any(o.output_type == "error" for o in cellule.outputs)
