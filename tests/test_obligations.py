"""Obligations et possibilités légales de participation (référence Python du constructeur
de feuille de route) : seuils aux bornes, sources vérifiées, schéma, messages d'erreur en
français, durées légales, et mêmes résultats en JavaScript (Chromium) qu'en Python."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from atelier import obligations as obl
from atelier.donnees import chemin
from atelier.typographie import problemes

VECTEURS = json.loads((Path(__file__).parent / "vecteurs" / "obligations.json").read_text(encoding="utf-8"))
from conftest import FAITS
NB = "\u00a0"


def ids(collectivite, type_projet="autre"):
    return [o.id for o in obl.obligations_applicables(collectivite, type_projet)]


def test_fichier_conforme_a_son_schema():
    donnees = yaml.safe_load(chemin("obligations_participation.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(donnees, json.loads(chemin("obligations_participation.schema.json").read_text(encoding="utf-8")))


def test_le_schema_refuse_une_regle_sans_source_ou_de_nature_inconnue():
    schema = json.loads(chemin("obligations_participation.schema.json").read_text(encoding="utf-8"))
    donnees = obl.donnees()
    donnees["regles"][0]["sources"] = []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(donnees, schema)
    donnees = obl.donnees()
    donnees["regles"][0]["nature"] = "recommandation"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(donnees, schema)


def test_types_de_projet():
    assert "autre" in obl.TYPES_PROJET
    assert "amenagement-espace-public" in obl.TYPES_PROJET  # type du plan d'exemple de la spécification
    assert list(obl.TYPES_COLLECTIVITE) == ["commune", "epci", "departement", "region"]
    # Chaque type de projet autre que « autre » sert au moins à une règle (sinon il n'a rien de sourcé à dire)…
    utilises = {t for r in obl.donnees()["regles"] for t in (r["conditions"].get("types_projet") or [])}
    assert set(obl.TYPES_PROJET) - {"autre", "amenagement-espace-public"} <= utilises
    # … et chaque type cité par une règle existe.
    assert utilises <= set(obl.TYPES_PROJET)


@pytest.mark.parametrize(
    ("population", "attendu", "absent"),
    [
        (19999, set(), {"conseils-de-quartier-possibles", "conseils-de-quartier-obligatoires"}),
        (20000, {"conseils-de-quartier-possibles"}, {"conseils-de-quartier-obligatoires"}),
        (79999, {"conseils-de-quartier-possibles"}, {"conseils-de-quartier-obligatoires"}),
        (80000, {"conseils-de-quartier-obligatoires"}, {"conseils-de-quartier-possibles"}),
        (10000, set(), {"ccspl-commune"}),
        (10001, {"ccspl-commune"}, set()),
    ],
)
def test_seuils_des_communes(population, attendu, absent):
    obtenus = set(ids({"type": "commune", "population": population}, "service-public-local"))
    assert attendu <= obtenus
    assert not absent & obtenus
    assert {"comites-consultatifs", "droit-de-petition-commune", "referendum-local", "consultation-locale"} <= obtenus


@pytest.mark.parametrize(
    ("population", "attendu", "absent"),
    [
        (19999, {"conseil-de-developpement-possible"}, {"ccspl-epci", "ccspl-epci-possible", "conseil-de-developpement-obligatoire"}),
        (20000, {"ccspl-epci-possible", "conseil-de-developpement-possible"}, {"ccspl-epci"}),
        (50000, {"ccspl-epci-possible", "conseil-de-developpement-possible"}, {"ccspl-epci", "conseil-de-developpement-obligatoire"}),
        (50001, {"ccspl-epci", "conseil-de-developpement-obligatoire"}, {"ccspl-epci-possible", "conseil-de-developpement-possible"}),
    ],
)
def test_seuils_des_epci(population, attendu, absent):
    obtenus = set(ids({"type": "epci", "population": population}, "service-public-local"))
    assert attendu <= obtenus
    assert not absent & obtenus
    # Pas de droits propres aux collectivités territoriales pour un EPCI, mais la consultation intercommunale.
    assert "consultation-intercommunale" in obtenus
    assert not {"referendum-local", "droit-de-petition-commune", "droit-de-petition-departement-region"} & obtenus


def test_departement_region_et_projets():
    for type_ in ("departement", "region"):
        obtenus = ids({"type": type_, "population": 1_000_000}, "service-public-local")
        assert {"ccspl-departement-region", "droit-de-petition-departement-region", "referendum-local"} <= set(obtenus)
        assert not any("quartier" in i for i in obtenus)
    assert {"concertation-prealable", "enquete-publique", "debat-public-cndp"} <= set(ids({"type": "commune", "population": 5000}, "projet-evaluation-environnementale"))
    assert not any(i.startswith("ccspl") for i in ids({"type": "commune", "population": 90000}, "amenagement-espace-public"))
    assert "budget-participatif-volontaire" in ids({"type": "region", "population": 5_000_000}, "budget-participatif")
    assert "budget-participatif-volontaire" not in ids({"type": "region", "population": 5_000_000}, "autre")
    assert "conseil-de-developpement-projet-de-territoire" in ids({"type": "epci", "population": 30000}, "projet-de-territoire")
    assert "conseil-de-developpement-projet-de-territoire" not in ids({"type": "commune", "population": 30000}, "projet-de-territoire")


def test_ordre_et_forme_des_obligations():
    resultat = obl.obligations_applicables({"type": "commune", "population": 80000}, "projet-evaluation-environnementale")
    ordre = [r["id"] for r in obl.donnees()["regles"]]
    assert [o.id for o in resultat] == sorted((o.id for o in resultat), key=ordre.index)
    for o in resultat:
        assert o.nature in obl.NATURES
        assert o.faits and o.sources and all(s["url"].startswith("http") for s in o.sources)
        assert set(o.comme_dict()) == {"id", "nature", "titre", "explication", "faits", "sources", "reserve"}


@pytest.mark.skipif(FAITS is None, reason="fichier de faits partagé absent")
def test_chaque_regle_cite_des_faits_verifies_et_leurs_sources():
    d = obl.donnees()
    for r in d["regles"] + d["durees_legales"]:
        nom = r.get("id") or r["dispositif"]
        urls = {s["url"] for s in r["sources"]}
        for fait in r["faits"]:
            assert fait in FAITS, f"{nom} : fait inconnu {fait}"
            assert FAITS[fait]["confidence"] in ("confirmed", "partly"), f"{nom} : fait non confirmé {fait}"
            assert FAITS[fait]["source_url"] in urls, f"{nom} : la source du fait {fait} manque"
            if FAITS[fait]["confidence"] == "partly":
                assert r["reserve"], f"{nom} : le fait {fait} est incertain (partly), la règle doit porter sa réserve"


@pytest.mark.skipif(FAITS is None, reason="fichier de faits partagé absent")
def test_les_faits_demandes_sont_couverts():
    cites = {f for r in obl.donnees()["regles"] for f in r["faits"]}
    assert {
        "cq-seuil-obligatoire", "cq-seuil-facultatif", "ccspl-seuils", "cdd-seuil-2019", "comites-consultatifs-L2143-2",
        "petition-3ds", "ref-local-base", "ref-local-validite", "consult-locale-L1112-15", "consult-epci-L5211-49",
        "concertation-prealable-base", "enquete-publique-duree", "cndp-seuils", "debat-public-duree", "bp-pas-obligation",
    } <= cites
    # La durée de la concertation préalable est un fait non confirmé : elle n'est pas reprise.
    assert FAITS["concertation-prealable-duree"]["confidence"] == "UNCONFIRMED"
    assert "concertation-prealable-duree" not in cites and "concertation-prealable" not in obl.durees_legales()


def test_seuils_conformes_aux_faits():
    """Les bornes écrites dans les règles disent la même chose que les faits vérifiés."""
    regles = {r["id"]: r["conditions"] for r in obl.donnees()["regles"]}
    assert regles["conseils-de-quartier-obligatoires"]["population_min"] == 80000
    assert (regles["conseils-de-quartier-possibles"]["population_min"], regles["conseils-de-quartier-possibles"]["population_max"]) == (20000, 79999)
    assert regles["ccspl-commune"]["population_min"] == 10001  # « plus de 10 000 habitants »
    assert regles["ccspl-epci"]["population_min"] == 50001  # « plus de 50 000 habitants »
    assert (regles["ccspl-epci-possible"]["population_min"], regles["ccspl-epci-possible"]["population_max"]) == (20000, 50000)
    assert regles["conseil-de-developpement-obligatoire"]["population_min"] == 50001


def test_durees_legales():
    d = obl.durees_legales()
    assert d["enquete-publique"]["min_jours"] == 30
    assert obl.durees_legales("autre")["enquete-publique"]["min_jours"] == 15
    assert obl.durees_legales("projet-evaluation-environnementale")["enquete-publique"]["min_jours"] == 30
    assert (d["debat-public"]["max_mois"], d["debat-public"]["prolongation_mois"]) == (4, 2)
    catalogue = {x["id"] for x in yaml.safe_load(chemin("dispositifs.yaml").read_text(encoding="utf-8"))["dispositifs"]}
    assert set(d) <= catalogue
    for entree in d.values():
        assert {"min_jours", "max_jours", "texte", "faits"} <= set(entree)


def test_ecart_duree_legale_aux_bornes():
    assert obl.ecart_duree_legale("enquete-publique", "2027-01-01", "2027-01-30") is None  # 30 jours, dates incluses
    assert obl.ecart_duree_legale("enquete-publique", "2027-01-01", "2027-01-29")["ecart"] == "trop-court"
    assert obl.ecart_duree_legale("debat-public", "2027-01-31", "2027-05-30") is None
    assert obl.ecart_duree_legale("debat-public", "2027-01-31", "2027-05-31")["ecart"] == "prolongation"
    assert obl.ecart_duree_legale("debat-public", "2027-01-31", "2027-07-31")["ecart"] == "trop-long"
    assert obl.ecart_duree_legale("balade-urbaine", "2027-01-01", "2029-01-01") is None
    assert obl.ajouter_mois(obl.lire_date("2027-01-31"), 1).isoformat() == "2027-02-28"
    assert obl.ajouter_mois(obl.lire_date("2027-10-31"), 4).isoformat() == "2028-02-29"


@given(jours=st.integers(min_value=1, max_value=60), debut=st.dates(min_value=obl.lire_date("2026-01-01"), max_value=obl.lire_date("2029-12-31")))
@settings(max_examples=60, deadline=None)
def test_enquete_publique_trop_courte_si_et_seulement_si_moins_de_30_jours(jours, debut):
    from datetime import timedelta

    ecart = obl.ecart_duree_legale("enquete-publique", debut, debut + timedelta(days=jours - 1), "projet-evaluation-environnementale")
    assert (ecart is not None) == (jours < 30)
    if ecart:
        assert ecart["jours"] == jours


@pytest.mark.parametrize("cas", VECTEURS["erreurs"], ids=lambda c: c["nom"])
def test_messages_d_erreur_en_francais(cas):
    with pytest.raises(ValueError) as erreur:
        obl.obligations_applicables(cas["collectivite"], cas["type_projet"])
    message = str(erreur.value)
    assert message == cas["message"]
    assert problemes(message) == []
    assert "Traceback" not in message and "Error" not in message


@given(st.integers(min_value=-10**9, max_value=10**9))
@settings(max_examples=80, deadline=None)
def test_toute_population_entiere_est_acceptee_ou_refusee_en_francais(population):
    if population > 0:
        assert obl.valider_collectivite({"type": "commune", "population": population})["population"] == population
    else:
        with pytest.raises(ValueError, match="supérieure à zéro"):
            obl.valider_collectivite({"type": "commune", "population": population})


def test_la_saisie_n_est_pas_modifiee():
    saisie = {"type": "commune", "population": "12\u00a0400", "nom": "<script>alert(1)</script>", "zone_scolaire": "B", "alsace_moselle": False}
    copie = dict(saisie)
    propre = obl.valider_collectivite(saisie)
    assert saisie == copie
    assert propre == {**copie, "population": 12400}


def test_vecteurs_a_jour():
    """Les vecteurs partagés correspondent à la référence Python (sinon : relancer generer.py)."""
    for cas in VECTEURS["obligations"]:
        assert [o.comme_dict() for o in obl.obligations_applicables(cas["collectivite"], cas["type_projet"])] == cas["attendu"], cas["nom"]
    for cas in VECTEURS["durees_legales"]:
        assert obl.durees_legales(cas["type_projet"]) == cas["attendu"]
    for cas in VECTEURS["durees"]:
        assert obl.ecart_duree_legale(cas["dispositif"], cas["debut"], cas["fin"], cas["type_projet"]) == cas["attendu"], cas["nom"]


def test_regles_pour_navigateur_en_json():
    regles = obl.regles_pour_navigateur()
    assert json.loads(json.dumps(regles)) == regles
    assert [t["id"] for t in regles["types_projet"]] == list(obl.TYPES_PROJET)
    assert regles["zones"] == ["A", "B", "C"]


def module_dans_une_page_vide(page) -> None:
    """Charge le module du widget (commun.js + obligations.js) dans une page vide, sans
    construire le livre, sous ``window.__module``."""
    from atelier.widgets import module_js

    page.goto("about:blank")
    page.evaluate(
        """async (code) => { window.__module = await import(URL.createObjectURL(new Blob([code], {type: 'text/javascript'}))); }""",
        module_js("obligations"),
    )


def test_le_javascript_donne_les_memes_obligations_que_python(page):
    module_dans_une_page_vide(page)
    obtenus = page.evaluate(
        """([v, regles]) => {
            const m = window.__module;
            const erreur = (f) => { try { f(); return null; } catch (e) { return e.message; } };
            return {
                obligations: v.obligations.map(c => m.obligationsApplicables(regles, c.collectivite, c.type_projet)),
                erreurs: v.erreurs.map(c => erreur(() => m.obligationsApplicables(regles, c.collectivite, c.type_projet))),
                durees_legales: v.durees_legales.map(c => m.dureesLegales(regles, c.type_projet)),
                durees: v.durees.map(c => m.ecartDureeLegale(regles, c.dispositif, c.debut, c.fin, c.type_projet)),
                dates: v.erreurs_calendrier.filter(c => c.fonction === 'ecartDureeLegale').map(c => erreur(() => m.ecartDureeLegale(regles, ...c.args))),
            };
        }""",
        [VECTEURS, obl.regles_pour_navigateur()],
    )
    for cas, obtenu in zip(VECTEURS["obligations"], obtenus["obligations"]):
        assert obtenu == cas["attendu"], cas["nom"]
    assert obtenus["erreurs"] == [c["message"] for c in VECTEURS["erreurs"]]
    assert obtenus["durees_legales"] == [c["attendu"] for c in VECTEURS["durees_legales"]]
    assert obtenus["durees"] == [c["attendu"] for c in VECTEURS["durees"]]
    assert obtenus["dates"] == [c["message"] for c in VECTEURS["erreurs_calendrier"] if c["fonction"] == "ecartDureeLegale"]
