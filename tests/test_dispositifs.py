"""Catalogue des dispositifs et classement pondéré (référence du widget)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from atelier import dispositifs as disp
from atelier.donnees import chemin
from conftest import FAITS

VECTEURS = json.loads((Path(__file__).parent / "vecteurs" / "dispositifs.json").read_text(encoding="utf-8"))
CRITERES = [c["id"] for c in disp.criteres()]
NB = "\u00a0"


def test_catalogue_conforme_a_son_schema():
    donnees = yaml.safe_load(chemin("dispositifs.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(donnees, json.loads(chemin("dispositifs.schema.json").read_text(encoding="utf-8")))


def test_catalogue_complet():
    df = disp.dispositifs()
    assert len(df) >= 25
    assert df.index.is_unique
    assert set(df["niveau_iap2"]) <= set(disp.VALEURS_FILTRES["niveau_iap2"])
    assert df["echelon_arnstein"].between(1, 8).all()
    for c in CRITERES:
        assert df[c].between(1, 5).all(), c
    for d in disp.catalogue()["dispositifs"]:
        assert d["forces"] and d["risques"] and d["description"], d["id"]
        assert d["sources"], d["id"]
        if d["base_legale"]["obligation"]:
            assert d["base_legale"]["faits"], f"{d['id']} : une obligation légale sans fait sourcé"


@pytest.mark.skipif(FAITS is None, reason="faits partagés absents")
def test_chaque_fait_cite_existe_et_n_est_pas_non_confirme():
    for d in disp.catalogue()["dispositifs"]:
        for f in d["base_legale"]["faits"] + [e["fait"] for e in d["exemples"]]:
            assert f in FAITS, (d["id"], f)
            assert FAITS[f]["confidence"] != "UNCONFIRMED", (d["id"], f)


def test_les_dispositifs_cites_par_le_diagnostic_existent():
    from atelier.diagnostic import questionnaire

    ids = set(disp.dispositifs().index)
    cites = {a.dispositif for dim in questionnaire().dimensions for a in dim.actions if a.dispositif}
    assert cites <= ids


@pytest.mark.parametrize("cas", VECTEURS["classements"], ids=lambda c: c["nom"])
def test_vecteurs_classement(cas):
    assert disp.classer(cas["poids"], cas["filtres"]).comme_dict() == cas["attendu"]


def test_score_explique_critere_par_critere():
    c = disp.classer({"profondeur": 5})
    premier = c.resultats[0]
    note = next(d for d in disp.catalogue()["dispositifs"] if d["id"] == premier["id"])["notes"]["profondeur"]
    assert premier["score"] == pytest.approx((note - 1) * 25)
    assert premier["points"]["profondeur"] == pytest.approx(premier["score"])
    assert all(v == 0 for k, v in premier["points"].items() if k != "profondeur")


def test_etats_vides_expliques_sans_erreur():
    assert disp.classer({c: 0 for c in CRITERES}).message.startswith("Tous les poids sont à zéro")
    vide = disp.classer({"profondeur": 1}, {"cout": ["eleve"], "duree_classe": ["courte"], "niveau_iap2": ["informer"]})
    assert vide.resultats == () and vide.message.startswith("Aucun dispositif ne satisfait tous les filtres")
    assert vide.tableau().empty
    assert disp.classer({"xyz": 3}).remarques == (f"Critères inconnus ignorés{NB}: xyz.",)


def test_comparer():
    df = disp.comparer(["reunion-publique", "jury-citoyen"])
    assert list(df.columns) == ["Réunion publique", "Jury citoyen"]
    with pytest.raises(ValueError, match="de deux à quatre"):
        disp.comparer(["reunion-publique"])
    with pytest.raises(ValueError, match="Dispositif inconnu"):
        disp.comparer(["reunion-publique", "n-existe-pas"])


poids_st = st.dictionaries(st.sampled_from(CRITERES), st.integers(0, 5))
filtres_st = st.dictionaries(st.sampled_from(list(disp.FILTRES)), st.lists(st.sampled_from(["faible", "moyen", "courte", "numerique", "consulter", "oui", "non", "ouvert"]), max_size=3))


@settings(max_examples=150, deadline=None)
@given(poids_st, filtres_st)
def test_proprietes_du_classement(poids, filtres):
    c = disp.classer(poids, filtres)
    scores = [r["score"] for r in c.resultats]
    assert scores == sorted(scores, reverse=True)
    assert all(-1e-9 <= s <= 100 + 1e-9 for s in scores)
    for r in c.resultats:
        assert sum(r["points"].values()) == pytest.approx(r["score"])
    # Restreindre un filtre (ici le coût à « faible ») ne peut que réduire la liste.
    if not filtres.get("cout") or "faible" in filtres["cout"]:
        plus = disp.classer(poids, {**filtres, "cout": ["faible"]})
        assert {r["id"] for r in plus.resultats} <= {r["id"] for r in c.resultats} or not c.resultats


@settings(max_examples=80, deadline=None)
@given(poids_st.filter(lambda p: sum(p.values()) > 0), st.integers(1, 5))
def test_multiplier_tous_les_poids_ne_change_pas_les_scores(poids, facteur):
    a = disp.classer(poids)
    b = disp.classer({k: min(5, v * facteur) for k, v in poids.items()}) if all(v * facteur <= 5 for v in poids.values()) else a
    scores_b = {r["id"]: r["score"] for r in b.resultats}
    for r in a.resultats:
        assert scores_b[r["id"]] == pytest.approx(r["score"])
