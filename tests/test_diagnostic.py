"""Diagnostic de confiance : données, calcul, vecteurs partagés, lecture de groupe."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from atelier import diagnostic
from atelier.donnees import chemin

VECTEURS = json.loads((Path(__file__).parent / "vecteurs" / "diagnostic.json").read_text(encoding="utf-8"))
Q = diagnostic.questionnaire()
NB = "\u00a0"


# --- Données ------------------------------------------------------------------


def test_questionnaire_conforme_a_son_schema():
    donnees = yaml.safe_load(chemin("diagnostic_confiance.yaml").read_text(encoding="utf-8"))
    schema = json.loads(chemin("diagnostic_confiance.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(donnees, schema)


def test_le_schema_refuse_une_dimension_inconnue():
    donnees = yaml.safe_load(chemin("diagnostic_confiance.yaml").read_text(encoding="utf-8"))
    schema = json.loads(chemin("diagnostic_confiance.schema.json").read_text(encoding="utf-8"))
    donnees["affirmations"][0]["dimension"] = "bonheur"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(donnees, schema)


def test_questionnaire_complet_et_equilibre():
    assert len(Q.affirmations) >= 20
    assert len(Q.dimensions) >= 5
    for dim in Q.dimensions:
        items = [a for a in Q.affirmations if a.dimension == dim.id]
        assert len(items) >= 4, dim.id
        assert dim.actions, dim.id
        assert dim.bandes[0].min == 0 and dim.bandes[-1].max == 100
        assert all(a.max == b.min for a, b in zip(dim.bandes, dim.bandes[1:])), "bandes contiguës"
    inverses = sum(a.inverse for a in Q.affirmations)
    assert 0 < inverses < len(Q.affirmations) / 2
    assert len(set(Q.ids)) == len(Q.ids)
    assert Q.cadre["url"].startswith("https://") and Q.contexte["source"]


# --- Calcul (valeurs vérifiées à la main) --------------------------------------


def test_score_et_affirmation_inversee():
    r = diagnostic.scorer({"rea-1": 5, "rea-2": 4})
    assert r.scores()["reactivite"] == 87.5  # (5 + 4 − 2) × 100 / 8
    assert diagnostic.scorer({"rea-5": 1}).scores()["reactivite"] == 100  # inversée : 1 compte 5
    assert diagnostic.scorer({"rea-5": 5}).scores()["reactivite"] == 0


def test_bandes_aux_bornes():
    dim = Q.dimension("fiabilite")
    assert dim.bande(39.99).niveau == "fragile"
    assert dim.bande(40).niveau == "à consolider"
    assert dim.bande(70).niveau == "solide"
    assert dim.bande(100).niveau == "solide"


def test_reponses_partielles_comptees():
    r = diagnostic.scorer({"rea-1": 4, "fia-2": "", "ouv-1": None})
    assert (r.repondues, r.non_repondues, r.complet) == (1, len(Q.affirmations) - 1, False)
    assert r.scores()["fiabilite"] is None
    assert r.priorites == () and r.forces == ("reactivite",)


def test_priorites_et_actions():
    r = diagnostic.scorer({"rea-1": 2, "fia-1": 2, "ouv-1": 2, "int-1": 5, "equ-1": 5})
    assert r.priorites == ("reactivite", "fiabilite")  # égalité : ordre du questionnaire
    assert r.forces == ("integrite", "equite")
    assert {a["dimension"] for a in r.actions} == {"reactivite", "fiabilite"}
    assert len(r.actions) == len(Q.dimension("reactivite").actions) + len(Q.dimension("fiabilite").actions)


@pytest.mark.parametrize(
    "reponses, message",
    [
        ({"xyz": 3}, f"Affirmation inconnue{NB}: «{NB}xyz{NB}»."),
        ({"rea-1": 6}, f"Réponse hors échelle pour «{NB}rea-1{NB}»{NB}: 6"),
        ({"rea-1": "beaucoup"}, f"Réponse illisible pour «{NB}rea-1{NB}»"),
        ([1, 2], "Les réponses doivent être un dictionnaire"),
    ],
)
def test_erreurs_en_francais(reponses, message):
    with pytest.raises(diagnostic.ErreurDiagnostic) as erreur:
        diagnostic.scorer(reponses)
    assert message in str(erreur.value)


def test_libelles_de_l_echelle_compris():
    assert diagnostic.lire_valeur("  PLUTÔT d’accord ", "rea-1") == 4
    assert diagnostic.lire_valeur("Pas du tout d'accord", "rea-1") == 1
    assert diagnostic.lire_valeur("3,0", "rea-1") == 3


# --- Vecteurs partagés avec le JavaScript -----------------------------------------


@pytest.mark.parametrize("cas", VECTEURS["scores"], ids=lambda c: c["nom"])
def test_vecteurs_scores(cas):
    assert diagnostic.scorer(cas["reponses"]).comme_dict() == cas["attendu"]


@pytest.mark.parametrize("cas", VECTEURS["erreurs"], ids=lambda c: c["nom"])
def test_vecteurs_erreurs(cas):
    with pytest.raises(diagnostic.ErreurDiagnostic, match=None) as erreur:
        diagnostic.scorer(cas["reponses"])
    assert str(erreur.value) == cas["message"]


@pytest.mark.parametrize("cas", VECTEURS["imports"], ids=lambda c: c["nom"])
def test_vecteurs_imports(cas):
    if "message" in cas:
        with pytest.raises(diagnostic.ErreurDiagnostic) as erreur:
            diagnostic.importer(cas["contenu"])
        assert str(erreur.value) == cas["message"]
    else:
        assert diagnostic.importer(cas["contenu"]) == cas["reponses"]


def test_export_puis_import_redonne_les_memes_reponses():
    reponses = {"rea-1": 4, "ouv-5": 1, "equ-6": 5}
    assert diagnostic.importer(diagnostic.exporter(reponses)) == reponses


# --- Propriétés --------------------------------------------------------------------

reponses_st = st.dictionaries(st.sampled_from(Q.ids), st.integers(1, 5))


@settings(max_examples=150, deadline=None)
@given(reponses_st)
def test_scores_entre_0_et_100_et_repondues_comptees(reponses):
    r = diagnostic.scorer(reponses)
    assert r.repondues == len(reponses)
    for dim in r.dimensions:
        assert (dim.score is None) == (dim.repondues == 0)
        if dim.score is not None:
            assert 0 <= dim.score <= 100
    assert set(r.forces).isdisjoint(r.priorites)


@settings(max_examples=150, deadline=None)
@given(reponses_st)
def test_inverser_toutes_les_reponses_donne_le_score_complementaire(reponses):
    direct = diagnostic.scorer(reponses).scores()
    miroir = diagnostic.scorer({k: 6 - v for k, v in reponses.items()}).scores()
    for dim, score in direct.items():
        if score is not None:
            assert miroir[dim] == pytest.approx(100 - score)


@settings(max_examples=60, deadline=None)
@given(st.lists(reponses_st.filter(bool), min_size=1, max_size=6))
def test_agreger_donne_le_score_de_chaque_personne(groupe):
    scores = diagnostic.agreger(groupe)
    assert len(scores) == len(groupe)
    for (_, ligne), reponses in zip(scores.iterrows(), groupe):
        attendu = diagnostic.scorer(reponses).scores()
        for dim, valeur in attendu.items():
            assert (pd.isna(ligne[dim]) and valeur is None) or ligne[dim] == pytest.approx(valeur)
    synthese = diagnostic.synthese_groupe(scores)
    assert (synthese["Minimum"].fillna(0) <= synthese["Moyenne"].fillna(0) + 0.05).all()
    assert (synthese["Moyenne"].fillna(0) <= synthese["Maximum"].fillna(0) + 0.05).all()


# --- Lecture des réponses d'un groupe ------------------------------------------------


def test_exemple_de_groupe_lu_sans_perte():
    scores = diagnostic.agreger(chemin("exemple_groupe_diagnostic.csv"))
    assert len(scores) == 8
    assert scores["repondues"].tolist().count(len(Q.affirmations) - 1) == 1  # une réponse manquante
    assert scores.attrs["problemes"] == []


def test_fichiers_difficiles(tmp_path):
    """CSV Latin-1 à « ; », en-têtes en texte, doublon, colonne inconnue, valeur hors
    échelle, export JSON abîmé : tout ce qui est valide est gardé, le reste signalé."""
    (tmp_path / "formulaire.csv").write_bytes(
        (
            "Nom;rea-1 - Les habitants obtiennent une réponse;Remarque libre;"
            + Q.affirmation("fia-2").texte
            + "\nMme Dupont;Plutôt d'accord;très bien;5\nMme Dupont;9;;Pas du tout d'accord\n"
        ).encode("latin-1")
    )
    (tmp_path / "abime.json").write_text('{"format": "atelier.diagnostic-confiance", "vers', encoding="utf-8")
    (tmp_path / "bon.json").write_text(diagnostic.exporter({"ouv-1": 2}), encoding="utf-8-sig")
    scores = diagnostic.agreger(tmp_path)
    assert list(scores.index) == ["bon", "Mme Dupont", "Mme Dupont (2)"]
    assert scores.loc["Mme Dupont", "repondues"] == 2
    assert scores.loc["Mme Dupont (2)", "repondues"] == 1  # la valeur 9 est écartée, la suivante gardée
    problemes = " ".join(scores.attrs["problemes"])
    assert "abime.json" in problemes and "JSON illisible ou tronqué" in problemes
    assert "Remarque libre" in problemes
    assert f"hors échelle pour «{NB}rea-1{NB}»{NB}: 9" in problemes
    assert "apparaît plusieurs fois" in problemes


def test_csv_utf8_avec_bom_et_virgules(tmp_path):
    fichier = tmp_path / "groupe.csv"
    fichier.write_text("participant,rea-1,rea-2\nA,4,5\nB,,2\n", encoding="utf-8-sig")
    scores = diagnostic.agreger(fichier)
    assert scores.loc["A", "reactivite"] == 87.5
    assert scores.loc["B", "repondues"] == 1


def test_fichier_sans_affirmation_signale(tmp_path):
    fichier = tmp_path / "autre.csv"
    fichier.write_text("a;b\n1;2\n", encoding="utf-8")
    scores = diagnostic.agreger(fichier)
    assert scores.empty
    assert any("aucune colonne ne correspond" in p for p in scores.attrs["problemes"])
