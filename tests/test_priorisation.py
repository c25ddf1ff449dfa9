"""Matrice de priorisation impact × faisabilité : référence Python, widget, vecteurs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import traitlets
from hypothesis import given, settings
from hypothesis import strategies as st

from atelier import priorisation as prio
from atelier.widgets import MatricePriorisation

VECTEURS = json.loads((Path(__file__).parent / "vecteurs" / "priorisation.json").read_text(encoding="utf-8"))
NB = "\u00a0"


@pytest.mark.parametrize("impact, faisabilite, attendu", [(3, 3, "lancer"), (5, 1, "structurer"), (2, 3, "bonus"), (2, 2, "ecarter"), (1, 5, "bonus"), (3, 2, "structurer")])
def test_quadrants_et_seuil(impact, faisabilite, attendu):
    assert prio.quadrant(impact, faisabilite) == attendu


@pytest.mark.parametrize("cas", VECTEURS["classements"], ids=lambda c: c["nom"])
def test_vecteurs_classements(cas):
    assert prio.prioriser(cas["idees"]) == cas["attendu"]


@pytest.mark.parametrize("cas", VECTEURS["erreurs"], ids=lambda c: c["nom"])
def test_vecteurs_erreurs(cas):
    with pytest.raises(prio.ErreurPriorisation) as erreur:
        prio.prioriser(cas["idees"])
    assert str(erreur.value) == cas["message"]


@pytest.mark.parametrize("cas", VECTEURS["imports"], ids=lambda c: c["nom"])
def test_vecteurs_imports(cas):
    if "message" in cas:
        with pytest.raises(prio.ErreurPriorisation) as erreur:
            prio.importer(cas["contenu"])
        assert str(erreur.value) == cas["message"]
    else:
        assert prio.importer(cas["contenu"]) == cas["idees"]


idees_st = st.lists(st.tuples(st.text(alphabet="abcdefghij ", min_size=1, max_size=12).filter(str.strip), st.integers(1, 5), st.integers(1, 5)), max_size=12, unique_by=lambda t: " ".join(t[0].split()))


@settings(max_examples=120, deadline=None)
@given(idees_st)
def test_proprietes(triplets):
    idees = [{"id": f"idee-{n}", "texte": t, "impact": i, "faisabilite": f} for n, (t, i, f) in enumerate(triplets, 1)]
    r = prio.prioriser(idees)
    assert [i["rang"] for i in r["idees"]] == list(range(1, len(idees) + 1))
    assert sum(len(v) for v in r["par_quadrant"].values()) == len(idees)
    ordres = [prio.ORDRE.index(i["quadrant"]) for i in r["idees"]]
    assert ordres == sorted(ordres)
    assert prio.importer(prio.exporter(idees)) == prio.valider_idees(idees)


def test_widget_ajouter_modifier_refuser_sans_perte(tmp_path):
    m = MatricePriorisation()
    m.ajouter("Permanence le samedi", impact=3, faisabilite=4)
    m.ajouter("Guichet unique", impact=5, faisabilite=2)
    assert list(m.resultats()["quadrant"]) == ["À lancer en premier", "Projet structurant à préparer"]
    with pytest.raises(traitlets.TraitError, match="hors échelle"):
        m.ajouter("Idée folle", impact=9, faisabilite=1)
    with pytest.raises(traitlets.TraitError, match="figure deux fois"):
        m.ajouter("permanence le SAMEDI", impact=1, faisabilite=1)
    assert len(m.idees) == 2
    fichier = tmp_path / "idees.json"
    m.sauvegarder(fichier)
    autre = MatricePriorisation()
    autre.charger(fichier)
    assert autre.idees == m.idees
    abime = tmp_path / "abime.json"
    abime.write_text('{"format": "atelier.priorisation", "id', encoding="utf-8")
    with pytest.raises(ValueError, match="JSON illisible"):
        autre.charger(abime)
    assert autre.idees == m.idees
    assert m.vers_csv().splitlines()[0] == "rang,idee,impact,faisabilite,quadrant"
