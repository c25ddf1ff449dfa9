"""Feuille de route (A2) : le plan, ses vérifications et ses exports.

Référence Python (unitaires, propriétés avec hypothesis), vecteurs partagés, et le
même calcul dans Chromium (module chargé dans une page vide, sans construire le livre)."""

from __future__ import annotations

import copy
import csv
import io
import json
import random
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import icalendar
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from atelier import feuille_de_route as fdr
from atelier.feuille_de_route import Action, Alerte, FeuilleDeRoute, Phase
from vecteurs.generer import action_d_essai, plan_d_essai

RACINE = Path(__file__).resolve().parent.parent
VECTEURS = json.loads((Path(__file__).parent / "vecteurs" / "feuille_de_route.json").read_text(encoding="utf-8"))
NB = "\u00a0"
MOMENT = datetime(2026, 12, 2, 10, 0, 0, tzinfo=timezone.utc)
INJECTION = "<script>alert('x')</script><img src=x onerror=alert(1)>"


# Les mêmes plans d'essai que les vecteurs partagés.
action, base = action_d_essai, plan_d_essai


def codes(plan: dict) -> list[str]:
    return [a.code for a in FeuilleDeRoute.depuis_dict(plan).verifier()]


# --- Vecteurs partagés (référence Python) --------------------------------------


@pytest.mark.parametrize("cas", VECTEURS["verifications"], ids=lambda c: c["nom"])
def test_vecteurs_verifications(cas):
    plan = FeuilleDeRoute.depuis_dict(cas["plan"])
    assert [a.comme_dict() for a in plan.verifier()] == cas["alertes"]
    assert plan.synthese() == cas["synthese"]


@pytest.mark.parametrize("cas", VECTEURS["exports"], ids=lambda c: c["nom"])
def test_vecteurs_exports(cas):
    plan = FeuilleDeRoute.depuis_dict(cas["plan"])
    assert plan.vers_csv() == cas["csv"]
    assert plan.vers_markdown() == cas["markdown"]
    assert plan.vers_html() == cas["html"]
    assert plan.vers_ics(MOMENT) == cas["ics"]
    assert plan.vers_json() == cas["json"]


@pytest.mark.parametrize("cas", VECTEURS["validations"], ids=lambda c: c["nom"])
def test_vecteurs_validations(cas):
    if "message" in cas:
        with pytest.raises(ValueError) as erreur:
            fdr.valider_plan(copy.deepcopy(cas["objet"]))
        assert str(erreur.value) == cas["message"]
    else:
        assert fdr.valider_plan(copy.deepcopy(cas["objet"])) == cas["plan"]


@pytest.mark.parametrize("cas", VECTEURS["imports"], ids=lambda c: c["nom"])
def test_vecteurs_imports(cas):
    if "message" in cas:
        with pytest.raises(ValueError) as erreur:
            FeuilleDeRoute.depuis_json(cas["texte"])
        assert str(erreur.value) == cas["message"]
    else:
        assert FeuilleDeRoute.depuis_json(cas["texte"]).comme_dict() == cas["plan"]
        assert FeuilleDeRoute.depuis_json(cas["texte"].encode("utf-8")).comme_dict() == cas["plan"]


def test_les_vecteurs_couvrent_chaque_code_present_et_absent():
    presents = {a["code"] for c in VECTEURS["verifications"] for a in c["alertes"]}
    assert presents == set(fdr.CODES)
    for code in fdr.CODES:
        assert any(code not in {a["code"] for a in c["alertes"]} for c in VECTEURS["verifications"]), code
    assert len(VECTEURS["verifications"]) >= 20 and len(VECTEURS["exports"]) >= 5
    assert VECTEURS["contexte"] == json.loads(json.dumps(fdr.contexte_navigateur()))


# --- Chaque vérification apparaît, puis disparaît quand on corrige le plan -------


def _modifier(plan, chemin, valeur):
    cible = plan
    for cle in chemin[:-1]:
        cible = cible[cle]
    cible[chemin[-1]] = valeur


CAS_CORRIGES = [
    # (code, réglages qui cassent le plan, réglages qui le corrigent)
    ("dates-incoherentes", [(["actions", 0, "fin"], "2027-05-20")], [(["actions", 0, "fin"], "2027-05-23")]),
    ("phases-ordre", [(["phases", 1, "debut"], "2027-05-01"), (["phases", 1, "fin"], "2027-05-05")], [(["phases", 1, "debut"], "2027-06-01"), (["phases", 1, "fin"], "2027-06-30")]),
    ("phases-chevauchement", [(["phases", 0, "fin"], "2027-06-03")], [(["phases", 0, "fin"], "2027-05-31")]),
    ("phase-inconnue", [(["actions", 0, "phase"], "p7")], [(["actions", 0, "phase"], "p1")]),
    ("action-hors-phase", [(["actions", 0, "debut"], "2027-05-05"), (["actions", 0, "fin"], "2027-05-05")], [(["phases", 0, "debut"], "2027-05-03")]),
    ("dispositif-inconnu", [(["actions", 0, "dispositif"], "seance-de-spiritisme")], [(["actions", 0, "dispositif"], "balade-urbaine")]),
    ("public-inconnu", [(["actions", 0, "publics"], ["habitants", "extraterrestres"])], [(["actions", 0, "publics"], ["habitants", "jeunes", "personnes-agees", "quartiers-prioritaires"])]),
    ("type-projet-inconnu", [(["projet", "type"], "fusee")], [(["projet", "type"], "autre")]),
    ("retour-manquant", [(["actions", 2, "retour_participants"], False)], [(["actions", 2, "retour_participants"], True)]),
    ("jour-ferie", [(["actions", 0, "debut"], "2027-05-17"), (["actions", 0, "fin"], "2027-05-17")], [(["actions", 0, "temps_public"], False)]),
    ("vacances-scolaires", [(["phases", 1, "fin"], "2027-07-10"), (["actions", 1, "debut"], "2027-07-06"), (["actions", 1, "fin"], "2027-07-06")],
     [(["actions", 1, "debut"], "2027-06-29"), (["actions", 1, "fin"], "2027-06-29")]),
    ("periode-preelectorale", [(["phases", 1, "fin"], "2027-09-30"), (["actions", 1, "debut"], "2027-09-18"), (["actions", 1, "fin"], "2027-09-18"), (["actions", 2, "debut"], "2027-09-25"), (["actions", 2, "fin"], "2027-09-25")],
     [(["actions", 1, "debut"], "2027-08-28"), (["actions", 1, "fin"], "2027-08-28"), (["actions", 2, "debut"], "2027-08-30"), (["actions", 2, "fin"], "2027-08-30")]),
    ("calendrier-non-verifie", [(["phases", 1, "fin"], "2031-06-30"), (["actions", 2, "debut"], "2031-06-12"), (["actions", 2, "fin"], "2031-06-12")], [(["actions", 2, "debut"], "2027-06-26"), (["actions", 2, "fin"], "2027-06-26")]),
    ("publics-oublies", [(["actions", 1, "publics"], ["habitants"])], [(["actions", 1, "publics"], ["eloignes-numerique", "handicap", "familles-monoparentales", "etrangers-non-electeurs"])]),
    ("plan-vide", [(["actions"], [])], [(["actions"], [action("a1", "p1", "Balade", "balade-urbaine", "2027-05-22", retour=True, publics=[p["id"] for p in fdr.referentiel()["publics"]])])]),
]


@pytest.mark.parametrize("code, casser, corriger", CAS_CORRIGES, ids=[c[0] for c in CAS_CORRIGES])
def test_chaque_verification_apparait_puis_disparait(code, casser, corriger):
    assert code not in codes(base())
    plan = base()
    for chemin, valeur in casser:
        _modifier(plan, chemin, valeur)
    assert code in codes(plan)
    for chemin, valeur in corriger:
        _modifier(plan, chemin, valeur)
    assert code not in codes(plan)


def test_duree_legale_apparait_puis_disparait():
    plan = base()
    plan["projet"]["type"] = "projet-evaluation-environnementale"
    plan["actions"].insert(2, action("a4", "p2", "Enquête publique", "enquete-publique", "2027-06-01", "2027-06-20", temps_public=False))
    alertes = FeuilleDeRoute.depuis_dict(plan).verifier()
    duree = [a for a in alertes if a.code == "duree-legale"]
    assert len(duree) == 1 and duree[0].cible == "a4" and "Allongez-la à au moins 30 jours" in duree[0].message
    plan["projet"]["type"] = "amenagement-espace-public"  # hors évaluation environnementale : 15 jours suffisent
    assert "duree-legale" not in codes(plan)


def test_base_et_ordre_des_alertes():
    assert codes(base()) == ["niveaux-iap2", "budget-total"]
    plan = FeuilleDeRoute.exemple()
    rangs = [fdr.CODES.index(a.code) for a in plan.verifier()]
    assert rangs == sorted(rangs)


def test_message_de_vacances_concret_et_actionnable():
    plan = base()
    plan["phases"][1]["fin"] = "2027-07-10"
    plan["actions"][1].update(debut="2027-07-06", fin="2027-07-06")
    alerte = next(a for a in FeuilleDeRoute.depuis_dict(plan).verifier() if a.code == "vacances-scolaires")
    assert alerte == Alerte(
        "vacances-scolaires", "attention",
        f"L'action «{NB}Atelier de co-construction{NB}» (6 juillet 2027) tombe pendant les vacances scolaires de la zone B (vacances d'été). "
        f"Les familles seront moins disponibles{NB}: déplacez-la, ou prévoyez un format qui leur convient (horaires, accueil des enfants).",
        "a2",
    )


def test_jours_feries_propres_a_l_alsace_moselle():
    plan = base()
    plan["phases"][1]["fin"] = "2027-12-31"
    plan["actions"][2].update(debut="2027-12-26", fin="2027-12-26")
    assert "jour-ferie" not in codes(plan)
    plan["collectivite"]["alsace_moselle"] = True
    assert "jour-ferie" in codes(plan)


def test_fin_avant_debut_est_gardee_et_signalee():
    phase = Phase("p1", "Diagnostic", "2027-05-31", "2027-05-01")
    assert phase.debut == date(2027, 5, 31) and phase.fin == date(2027, 5, 1)
    plan = FeuilleDeRoute(base()["collectivite"], base()["projet"], [phase], [Action("a1", "p1", "Balade", "balade-urbaine", date(2027, 5, 10), date(2027, 5, 9))])
    alertes = [a for a in plan.verifier() if a.code == "dates-incoherentes"]
    assert [(a.niveau, a.cible) for a in alertes] == [("erreur", "p1"), ("erreur", "a1")]
    assert FeuilleDeRoute.depuis_json(plan.vers_json()) == plan


# --- Saisies refusées : messages français qui disent quoi corriger ---------------


def test_json_tronque_message_francais():
    texte = FeuilleDeRoute.exemple().vers_json()
    with pytest.raises(ValueError, match=r"JSON illisible ou tronqué\)\u00a0: il est peut-être incomplet\. Exportez de nouveau"):
        FeuilleDeRoute.depuis_json(texte[:-40])


def test_version_future_ou_inconnue_message_francais():
    d = base()
    d["version"] = 3
    with pytest.raises(ValueError, match="version plus récente du cours .*format 3.*Ouvrez-le avec la version à jour"):
        FeuilleDeRoute.depuis_json(json.dumps(d))
    d["version"] = "v1"
    with pytest.raises(ValueError, match=f"Version de feuille de route inconnue \\(«{NB}v1{NB}»\\)"):
        FeuilleDeRoute.depuis_json(json.dumps(d))


def test_budget_negatif_message_francais_au_constructeur_et_a_l_import():
    with pytest.raises(ValueError) as erreur:
        Action("a1", "p1", "Balade", budget=-150)
    assert str(erreur.value) == f"Le budget de l'action «{NB}Balade{NB}» est négatif (-150{NB}€){NB}: indiquez un montant en euros positif, ou 0 si l'action ne coûte rien."
    d = base()
    d["actions"][1]["budget"] = -2500
    with pytest.raises(ValueError, match=f"Le budget de l'action «{NB}Atelier de co-construction{NB}» est négatif \\(-2{NB}500{NB}€\\)"):
        FeuilleDeRoute.depuis_json(json.dumps(d))


@pytest.mark.parametrize("valeur", ["2027-13-01", "2027-02-29", "1er mars 2027", "2027/03/01", "20270301", 2027])
def test_date_mal_formee(valeur):
    with pytest.raises(ValueError, match="mal formée ou n'existe pas .*AAAA-MM-JJ, par exemple 2027-03-15"):
        Phase("p1", "Diagnostic", valeur)


def test_constructeur_accepte_dicts_et_objets_et_refuse_les_doublons():
    d = base()
    plan = FeuilleDeRoute(d["collectivite"], d["projet"], [Phase(**{**p, "debut": p["debut"], "fin": p["fin"]}) for p in d["phases"]], d["actions"])
    assert plan == FeuilleDeRoute.depuis_dict(d)
    assert isinstance(plan.actions[0], Action) and plan.actions[0].debut == date(2027, 5, 22)
    with pytest.raises(ValueError, match=f"L'identifiant «{NB}p1{NB}» est utilisé deux fois"):
        FeuilleDeRoute(d["collectivite"], d["projet"], d["phases"] + [{"id": "p1", "nom": "Bis"}], [])


def test_mecanisme_de_migration(monkeypatch):
    """Une version plus ancienne est migrée pas à pas ; le mécanisme est éprouvé en
    simulant un format 2 dont la migration 1 → 2 renomme un champ."""
    ancien = base()
    ancien["actions"][0]["cout"] = ancien["actions"][0].pop("budget")  # champ d'un format imaginaire

    def de_1_a_2(d):
        for a in d["actions"]:
            if "cout" in a:
                a["budget"] = a.pop("cout")
        return d

    monkeypatch.setattr(fdr, "VERSION", 2)
    monkeypatch.setattr(fdr, "MIGRATIONS", {1: de_1_a_2})
    plan = fdr.lire_plan(json.dumps(ancien))
    assert plan["version"] == 2 and plan["actions"][0]["budget"] == 500
    ancien["version"] = 3
    with pytest.raises(ValueError, match="jusqu'au format 2"):
        fdr.lire_plan(json.dumps(ancien))


# --- Exports ---------------------------------------------------------------------


def plan_piege() -> FeuilleDeRoute:
    d = base()
    d["collectivite"]["nom"] = INJECTION
    d["projet"].update(intitule=INJECTION, objectif=f"{INJECTION}\n# Titre *gras* [lien](javascript:alert(1)) | a | b", non_negociable="=HYPERLINK(\"x\")")
    d["phases"][0]["nom"] = INJECTION
    d["actions"][0].update(intitule=INJECTION, responsable="<b>Mme</b> & co", indicateur="<svg onload=alert(1)>")
    return FeuilleDeRoute.depuis_dict(d)


def test_vers_html_echappe_tout_le_texte_saisi():
    page = plan_piege().vers_html()
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"fr\">") and "<style>" in page
    assert "<script" not in page and "<img" not in page and "<svg" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert not re.search(r"<(link|iframe|object|embed)\b|src=\"http|href=\"http", page)  # page autonome


def test_vers_markdown_n_interprete_rien_comme_du_html():
    texte = plan_piege().vers_markdown()
    assert "<script" not in texte and "<img" not in texte and "<svg" not in texte
    rendu = MarkdownIt("commonmark").enable("table").render(texte)
    assert not re.search(r"<(script|img|svg|b)\b", rendu)
    assert "&lt;script&gt;" in rendu and 'href="javascript' not in rendu
    assert "<h1>Titre" not in rendu and "<em>gras" not in rendu  # pas de mise en forme venue du texte saisi
    # Chaque ligne d'action reste une ligne de tableau de 8 colonnes malgré les « | » saisis.
    assert all(l.count(" | ") == 7 for l in texte.splitlines() if l.startswith("| ") and "Action" not in l)


def test_vers_csv_pour_un_tableur_francais():
    texte = plan_piege().vers_csv()
    assert texte.startswith("\ufeffIdentifiant;Phase;Action;") and texte.endswith("\r\n")
    lignes = list(csv.reader(io.StringIO(texte.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert len(lignes) == 1 + 3 and all(len(l) == 13 for l in lignes)
    assert lignes[1][2] == INJECTION and lignes[1][7] == "<b>Mme</b> & co"
    plan = FeuilleDeRoute.depuis_dict({**base(), "actions": [action("a1", "p1", "=SOMME(A1:A9)", "", "2027-05-20", budget=0)]})
    assert list(csv.reader(io.StringIO(plan.vers_csv().lstrip("\ufeff")), delimiter=";"))[1][2] == "'=SOMME(A1:A9)"


def test_vers_ics_relu_par_icalendar():
    plan = FeuilleDeRoute.exemple()
    texte = plan.vers_ics(MOMENT)
    cal = icalendar.Calendar.from_ical(texte)
    evenements = cal.walk("VEVENT")
    assert len(evenements) == len(plan.actions) == 12
    balade = next(e for e in evenements if str(e["SUMMARY"]) == "Balade urbaine sur la place et ses abords")
    assert balade.decoded("DTSTART") == date(2027, 5, 22) and balade.decoded("DTEND") == date(2027, 5, 23)
    assert str(balade["UID"]) == "a1.montbrizac-commune-fictive-reamenagement-de-la-place-du-marche@feuille-de-route.atelier"
    assert balade.decoded("DTSTAMP") == MOMENT
    assert f"Phase{NB}: Diagnostic partagé" in str(balade["DESCRIPTION"])
    assert all(len(l.encode()) <= 75 for l in texte.split("\r\n"))
    assert plan.vers_ics(MOMENT) == texte == plan.vers_ics(VECTEURS["horodatage"])  # UID et contenu stables


def test_tableau_synthese_obligations_exemple():
    plan = FeuilleDeRoute.exemple()
    assert plan.collectivite["nom"].endswith("(commune fictive)")
    df = plan.tableau()
    assert len(df) == 12 and list(df.columns)[:3] == ["Phase", "Action", "Dispositif"]
    assert df["Budget (€)"].sum() == plan.synthese()["budget_total"] == 12200
    niveaux = {a.niveau for a in plan.verifier()}
    assert "erreur" not in niveaux and "attention" in niveaux
    assert 8 <= len(plan.actions) <= 12 and len(plan.phases) == 5
    assert any(a.retour_participants for a in plan.actions)
    assert len({a.dispositif for a in plan.actions if a.dispositif}) >= 8
    assert [o["id"] for o in plan.obligations()] == [o.id for o in __import__("atelier.obligations", fromlist=["x"]).obligations_applicables(plan.collectivite, plan.projet["type"])]
    schema = json.loads((RACINE / "data" / "feuille_de_route_plan.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(plan.vers_json()), schema)


def test_tableaux_des_pages_en_clair():
    """Les tableaux que les pages affichent : mêmes libellés que le constructeur, rien de codé."""
    plan = FeuilleDeRoute.exemple()
    synthese = dict(plan.tableau_synthese().itertuples(index=False))
    assert list(synthese) == ["Calendrier", "Phases et actions", "Budget total", "Niveaux de participation couverts", "Niveaux non couverts", "Publics ciblés", "Publics éloignés de la participation pas encore ciblés"]
    assert synthese["Calendrier"] == "du 10 mai 2027 au 15 décembre 2028"
    assert synthese["Phases et actions"] == "5 phases, 12 actions, dont 7 temps publics et 3 retours aux participants"
    assert synthese["Budget total"] == f"12{NB}200{NB}€"
    assert synthese["Niveaux non couverts"] == "Habiliter"
    assert synthese["Publics éloignés de la participation pas encore ciblés"] == "Personnes étrangères non électrices"
    assert "Familles monoparentales" in synthese["Publics ciblés"] and "familles-monoparentales" not in synthese["Publics ciblés"]
    alertes = plan.tableau_alertes()
    assert list(alertes.columns) == ["Niveau", "Point à vérifier"]
    assert alertes["Point à vérifier"].tolist() == [a.message for a in plan.verifier()]
    assert set(alertes["Niveau"]) == {"Attention", "Information"}
    obligations = plan.tableau_obligations()
    assert obligations["Règle"].tolist() == [o["titre"] for o in plan.obligations()]
    assert set(obligations["Nature"]) <= {"Obligation", "Possibilité", "Procédure selon le projet"}
    # Un plan vide : des valeurs lisibles, pas de case vide ni de « None ».
    vide = FeuilleDeRoute({"nom": "", "type": "commune", "population": 500, "zone_scolaire": "C", "alsace_moselle": False}, {"intitule": "", "type": "inconnu", "objectif": "", "non_negociable": ""})
    lignes = dict(vide.tableau_synthese().itertuples(index=False))
    assert lignes["Calendrier"] == "à préciser" and lignes["Publics ciblés"] == "aucun" and lignes["Budget total"] == f"0{NB}€"
    assert lignes["Phases et actions"] == "0 phase, 0 action, dont 0 temps public et 0 retour aux participants"
    assert vide.tableau_obligations().empty and list(vide.tableau_obligations().columns) == ["Nature", "Règle", "Ce qu'elle implique", "À vérifier"]
    assert vide.tableau_alertes()["Niveau"].tolist()[:2] == ["Information", "Erreur"]  # plan-vide, type-projet-inconnu


def test_exemple_corrige_de_l_atelier_j3():
    """L'exemple de restitution de l'atelier J3 (chapters/j3/j3-5-atelier.md) décrit ces
    alertes-là : si le calendrier ou les règles changent, la page doit être relue."""
    plan = FeuilleDeRoute.depuis_json((RACINE / "data" / "atelier_j3_exemple_corrige.json").read_bytes())
    dossier = fdr.lire_yaml("atelier_j3_commune.yaml")
    assert plan.collectivite == dossier["collectivite"] and plan.projet == dossier["projet"]
    alertes = [(a.code, a.cible) for a in plan.verifier()]
    assert alertes == [("vacances-scolaires", "a4"), ("periode-preelectorale", None), ("periode-preelectorale", "a18"), ("niveaux-iap2", None), ("budget-total", None)]
    s = plan.synthese()
    assert (s["nb_phases"], s["nb_actions"], s["budget_total"], s["publics_eloignes_oublies"]) == (5, 18, 70000, [])
    # Les exigences chiffrées du dossier : 40 000 € pour la démarche, 30 000 € pour le test ; rien après la décision qui devait l'éclairer.
    test = next(a for a in plan.actions if a.intitule.startswith("Test grandeur nature"))
    assert test.budget == 30000 and s["budget_total"] - test.budget == 40000
    decision = date(2027, 6, 24)
    assert all(a.fin < decision for a in plan.actions if a.niveau_iap2 in ("consulter", "impliquer", "collaborer"))
    schema = json.loads((RACINE / "data" / "feuille_de_route_plan.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(plan.vers_json()), schema)


def test_referentiel():
    r = fdr.referentiel()
    assert [n["id"] for n in r["niveaux_iap2"]] == list(fdr.NIVEAUX)
    eloignes = {p["id"] for p in r["publics"] if p["eloigne"]}
    assert {"jeunes", "personnes-agees", "quartiers-prioritaires", "eloignes-numerique", "handicap", "familles-monoparentales", "etrangers-non-electeurs"} <= eloignes
    assert [p["nom"] for p in r["phases_types"]] == ["Diagnostic partagé", "Co-construction", "Décision", "Mise en œuvre", "Évaluation"]


# --- Propriétés (hypothesis) ------------------------------------------------------

REF = fdr.referentiel()
PUBLICS = [p["id"] for p in REF["publics"]]
DISPOSITIFS = list(fdr.catalogue_navigateur())
TYPES_PROJET = list(__import__("atelier.obligations", fromlist=["x"]).TYPES_PROJET)
texte_st = st.text(st.characters(blacklist_categories=("Cs",)), max_size=25)
date_st = st.one_of(st.just(""), st.dates(date(2025, 6, 1), date(2030, 6, 30)).map(date.isoformat))


@st.composite
def plans(draw):
    nb_phases = draw(st.integers(0, 4))
    nb_actions = draw(st.integers(0, 6))
    ids = draw(st.lists(st.text(min_size=1, max_size=6).filter(lambda t: not fdr._vide(t)), min_size=nb_phases + nb_actions, max_size=nb_phases + nb_actions, unique=True))

    def bornes():
        debut = draw(date_st)
        if not debut or draw(st.booleans()):
            return debut, draw(date_st) if not debut else debut
        return debut, (date.fromisoformat(debut) + timedelta(days=draw(st.integers(-3, 45)))).isoformat()

    phases = []
    for i in ids[:nb_phases]:
        debut, fin = bornes()
        phases.append({"id": i, "nom": draw(texte_st), "debut": debut, "fin": fin})
    actions = []
    for i in ids[nb_phases:]:
        debut, fin = bornes()
        actions.append({
            "id": i, "phase": draw(st.sampled_from([p["id"] for p in phases] + ["", "inconnue"])), "intitule": draw(texte_st),
            "dispositif": draw(st.sampled_from(DISPOSITIFS + ["", "inconnu"])), "debut": debut, "fin": fin, "responsable": draw(texte_st),
            "budget": draw(st.integers(0, 10**9)), "publics": draw(st.lists(st.sampled_from(PUBLICS + ["inconnu"]), max_size=4, unique=True)),
            "niveau_iap2": draw(st.sampled_from(("",) + fdr.NIVEAUX)), "indicateur": draw(texte_st),
            "temps_public": draw(st.booleans()), "retour_participants": draw(st.booleans()),
        })
    return {
        "format": fdr.FORMAT, "version": fdr.VERSION,
        "collectivite": {"nom": draw(texte_st), "type": draw(st.sampled_from(fdr.TYPES_COLLECTIVITE)), "population": draw(st.integers(1, 10**7)),
                         "zone_scolaire": draw(st.sampled_from(fdr.ZONES)), "alsace_moselle": draw(st.booleans())},
        "projet": {"intitule": draw(texte_st), "type": draw(st.sampled_from(TYPES_PROJET + ["inconnu"])), "objectif": draw(texte_st), "non_negociable": draw(texte_st)},
        "phases": phases, "actions": actions,
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_tout_plan_valide_fait_l_aller_retour_json(d):
    plan = FeuilleDeRoute.depuis_dict(d)
    assert plan.comme_dict() == d
    assert FeuilleDeRoute.depuis_json(plan.vers_json()) == plan
    alertes = plan.verifier()
    rangs = [fdr.CODES.index(a.code) for a in alertes]
    assert rangs == sorted(rangs) and all(a.niveau in fdr.NIVEAUX_ALERTE for a in alertes)
    cibles = {p.id for p in plan.phases} | {a.id for a in plan.actions} | {None}
    assert all(a.cible in cibles for a in alertes)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_l_ics_se_relit_avec_un_evenement_par_action_datee(d):
    plan = FeuilleDeRoute.depuis_dict(d)
    cal = icalendar.Calendar.from_ical(plan.vers_ics())
    datees = [a for a in d["actions"] if fdr._coherent(a)]
    evenements = cal.walk("VEVENT")
    assert len(evenements) == len(datees)
    assert len({str(e["UID"]) for e in evenements}) == len(datees)
    for e in evenements:
        assert e.decoded("DTEND") > e.decoded("DTSTART")
    html_ = plan.vers_html()
    assert "<script" not in html_.lower()
    plan.vers_markdown(), plan.vers_csv()


# --- Le même calcul dans le navigateur -------------------------------------------


def module_dans_une_page_vide(page, remplacer: dict | None = None) -> None:
    """Charge commun.js + obligations.js + feuille_verifications.js dans une page vide."""
    from atelier.widgets import module_js

    code = module_js("obligations", "feuille_verifications")
    for avant, apres in (remplacer or {}).items():
        assert avant in code
        code = code.replace(avant, apres)
    page.goto("about:blank")
    page.evaluate("async (code) => { window.__module = await import(URL.createObjectURL(new Blob([code], {type: 'text/javascript'}))); }", code)


EXECUTER_VECTEURS = """(v) => {
    const m = window.__module, ctx = v.contexte;
    const essai = (f) => { try { return {r: f()}; } catch (e) { return {message: e.message}; } };
    return {
        verifications: v.verifications.map(c => ({alertes: m.verifierFeuille(c.plan, ctx), synthese: m.syntheseFeuille(c.plan, ctx)})),
        exports: v.exports.map(c => ({csv: m.versCSV(c.plan, ctx), markdown: m.versMarkdown(c.plan, ctx), html: m.versHTML(c.plan, ctx),
                                      ics: m.versICS(c.plan, ctx, v.horodatage), json: m.versJSON(c.plan)})),
        validations: v.validations.map(c => essai(() => m.validerFeuille(c.objet))),
        imports: v.imports.map(c => essai(() => m.depuisJSON(c.texte))),
        codes: m.CODES_ALERTES,
    };
}"""


def test_le_javascript_donne_les_memes_resultats_que_python(page):
    module_dans_une_page_vide(page)
    obtenus = page.evaluate(EXECUTER_VECTEURS, VECTEURS)
    for cas, obtenu in zip(VECTEURS["verifications"], obtenus["verifications"]):
        assert obtenu == {"alertes": cas["alertes"], "synthese": cas["synthese"]}, cas["nom"]
    for cas, obtenu in zip(VECTEURS["exports"], obtenus["exports"]):
        for cle in ("csv", "markdown", "html", "ics", "json"):
            assert obtenu[cle] == cas[cle], f"{cas['nom']} : {cle}"
    for cas, obtenu in zip(VECTEURS["validations"] + VECTEURS["imports"], obtenus["validations"] + obtenus["imports"]):
        assert obtenu == ({"message": cas["message"]} if "message" in cas else {"r": cas["plan"]}), cas["nom"]
    assert obtenus["codes"] == list(fdr.CODES)


def plans_au_hasard(n: int, graine: int = 2027) -> list[dict]:
    """Des plans variés (dates, textes, publics, dispositifs au hasard), reproductibles."""
    hasard = random.Random(graine)
    caracteres = "aàbcçdeéèêfgh ijklmnoœpqrstuvwxyz;,\"'<>&*_|#\\\n€🌳=-"

    def texte():
        return "".join(hasard.choice(caracteres) for _ in range(hasard.randint(0, 90)))

    def jour():
        return "" if hasard.random() < 0.15 else (date(2025, 10, 1) + timedelta(days=hasard.randint(0, 2300))).isoformat()

    def bornes():
        debut = jour()
        if not debut:
            return debut, jour() if hasard.random() < 0.3 else ""
        return debut, (date.fromisoformat(debut) + timedelta(days=hasard.randint(-2, 70))).isoformat()

    resultat = []
    for k in range(n):
        phases = [dict(zip(("debut", "fin"), bornes()), id=f"p{i}", nom=texte()) for i in range(hasard.randint(0, 5))]
        actions = []
        for i in range(hasard.randint(0, 9)):
            debut, fin = bornes()
            actions.append({
                "id": f"a{i}", "phase": hasard.choice([p["id"] for p in phases] + ["", "p99"]), "intitule": texte(),
                "dispositif": hasard.choice(DISPOSITIFS + ["", "inconnu"]), "debut": debut, "fin": fin, "responsable": texte(),
                "budget": hasard.choice([0, 150, 12000, 999999999]), "publics": hasard.sample(PUBLICS + ["inconnu"], hasard.randint(0, 5)),
                "niveau_iap2": hasard.choice(("",) + fdr.NIVEAUX), "indicateur": texte(), "temps_public": hasard.random() < 0.6,
                "retour_participants": hasard.random() < 0.3,
            })
        resultat.append({
            "format": fdr.FORMAT, "version": fdr.VERSION,
            "collectivite": {"nom": texte(), "type": hasard.choice(fdr.TYPES_COLLECTIVITE), "population": hasard.randint(1, 3_000_000),
                             "zone_scolaire": hasard.choice(fdr.ZONES), "alsace_moselle": hasard.random() < 0.3},
            "projet": {"intitule": texte(), "type": hasard.choice(TYPES_PROJET + ["inconnu"]), "objectif": texte(), "non_negociable": texte()},
            "phases": phases, "actions": actions,
        })
    return resultat


def test_le_javascript_suit_python_sur_des_plans_au_hasard(page):
    """Au-delà des vecteurs : 40 plans tirés au hasard (graine fixe), mêmes sorties."""
    module_dans_une_page_vide(page)
    cas = []
    for d in plans_au_hasard(40):
        plan = FeuilleDeRoute.depuis_dict(d)
        cas.append({"plan": d, "alertes": [a.comme_dict() for a in plan.verifier()], "synthese": plan.synthese(), "csv": plan.vers_csv(),
                    "markdown": plan.vers_markdown(), "html": plan.vers_html(), "ics": plan.vers_ics(MOMENT), "json": plan.vers_json()})
    obtenus = page.evaluate(
        """([cas, ctx, moment]) => cas.map(c => {
            const m = window.__module;
            return {plan: c.plan, alertes: m.verifierFeuille(c.plan, ctx), synthese: m.syntheseFeuille(c.plan, ctx), csv: m.versCSV(c.plan, ctx),
                    markdown: m.versMarkdown(c.plan, ctx), html: m.versHTML(c.plan, ctx), ics: m.versICS(c.plan, ctx, moment), json: m.versJSON(c.plan)};
        })""",
        [cas, VECTEURS["contexte"], VECTEURS["horodatage"]],
    )
    for attendu, obtenu in zip(cas, obtenus):
        for cle in attendu:
            assert obtenu[cle] == attendu[cle], cle


def test_migration_dans_le_navigateur(page):
    """Le même mécanisme de migration en JavaScript (format 2 simulé)."""
    module_dans_une_page_vide(page, {
        "const FDR_VERSION = 1;": "const FDR_VERSION = 2;",
        "const FDR_MIGRATIONS = {};": "const FDR_MIGRATIONS = {1: (d) => { for (const a of d.actions) if ('cout' in a) { a.budget = a.cout; delete a.cout; } return d; }};",
    })
    ancien = base()
    ancien["actions"][0]["cout"] = ancien["actions"][0].pop("budget")
    plan = page.evaluate("(t) => window.__module.depuisJSON(t)", json.dumps(ancien))
    assert plan["version"] == 2 and plan["actions"][0]["budget"] == 500
    ancien["version"] = 3
    message = page.evaluate("(t) => { try { window.__module.depuisJSON(t); } catch (e) { return e.message; } }", json.dumps(ancien))
    assert "jusqu'au format 2" in message


def test_la_feuille_imprimable_tient_sur_une_page_et_reste_accessible(page, tmp_path):
    """L'exemple du cours (12 actions) : la feuille de route tient sur la première page
    A4 paysage ; les points de vigilance, en annexe de travail, commencent page 2. La
    page exportée, ouverte seule, ne charge rien et passe l'audit axe-core."""
    from pypdf import PdfReader

    requetes = []
    page.on("request", lambda r: requetes.append(r.url))
    fichier = tmp_path / "feuille.html"
    fichier.write_text(FeuilleDeRoute.exemple().vers_html(), encoding="utf-8")
    page.goto(fichier.as_uri())
    assert requetes == [fichier.as_uri()]
    page.add_script_tag(path=str(RACINE / "node_modules" / "axe-core" / "axe.min.js"))
    graves = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}))
            .violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id)"""
    )
    assert graves == []
    pdf = tmp_path / "feuille.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    pages = [p.extract_text() for p in PdfReader(str(pdf)).pages]
    assert len(pages) == 2
    assert "Obligations et possibilités légales" in pages[0] and "Taux de satisfaction" in pages[0]
    assert "Points de vigilance" in pages[1] and "Points de vigilance" not in pages[0]
