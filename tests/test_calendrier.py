"""Calendrier du constructeur de feuille de route : jours fériés (dont Alsace-Moselle),
vacances scolaires des zones A, B et C, période préélectorale de l'art. L52-1 du Code
électoral ; données des scrutins sourcées ; mêmes réponses en JavaScript (Chromium)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml

from atelier import calendrier as cal
from atelier.donnees import chemin
from atelier.typographie import problemes

VECTEURS = json.loads((Path(__file__).parent / "vecteurs" / "obligations.json").read_text(encoding="utf-8"))


def test_elections_conformes_a_leur_schema():
    donnees = yaml.safe_load(chemin("elections.yaml").read_text(encoding="utf-8"))
    schema = json.loads(chemin("elections.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(donnees, schema)
    # Le schéma mord : une date « fixée » sans tours, ou un scrutin sans source, est refusé.
    fixee = cal.donnees_elections()
    fixee["elections"][0]["statut"] = "fixee"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(fixee, schema)
    sans_source = cal.donnees_elections()
    sans_source["elections"][0]["sources"] = []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(sans_source, schema)


def test_chaque_scrutin_a_sa_source_et_dit_si_sa_date_est_previsionnelle():
    d = cal.donnees_elections()
    assert any("legifrance.gouv.fr" in s["url"] for s in d["regle_l52_1"]["sources"])
    assert "sixième mois précédant" in d["regle_l52_1"]["citation"]
    ids = [e["id"] for e in d["elections"]]
    assert {"presidentielle-2027", "departementales-regionales-2028", "legislatives-2029", "municipales-2032"} <= set(ids)
    for e in d["elections"]:
        assert e["sources"], e["id"]
        assert e["mois_scrutin"] > "2026-12", "seuls les scrutins après décembre 2026"
        assert date.fromisoformat(e["fin_periode"]) >= date.fromisoformat(e["mois_scrutin"] + "-01")
        if e["statut"] == "previsionnelle":
            assert not e["tours"]
            assert "fix" in e["date_texte"] or "au plus tard" in e["date_texte"], e["id"]


@pytest.mark.parametrize(
    ("election", "debut", "fin"),
    [
        ("presidentielle-2027", "2026-10-01", "2027-05-02"),
        ("departementales-regionales-2028", "2027-09-01", "2028-03-31"),
        ("legislatives-2029", "2028-10-01", "2029-06-17"),
        ("municipales-2032", "2031-09-01", "2032-03-31"),
    ],
)
def test_debut_de_la_periode_le_premier_jour_du_sixieme_mois_precedent(election, debut, fin):
    periode = next(p for p in cal.periodes_preelectorales() if p["election"] == election)
    assert (periode["debut"], periode["fin"]) == (debut, fin)


def test_periode_preelectorale_aux_bornes():
    assert cal.periode_preelectorale("2026-09-30", "commune") is None
    premier = cal.periode_preelectorale("2026-10-01", "commune")
    assert premier["election"] == "presidentielle-2027" and premier["condition"] is None
    assert "1er octobre 2026" in premier["texte"] and "date prévisionnelle" in premier["texte"]
    assert premier["source"]["url"].startswith("https://www.legifrance.gouv.fr/")
    assert cal.periode_preelectorale("2027-05-03", "commune") is None
    # Départementales et régionales : directement pour le département, sous condition pour la commune.
    assert cal.periode_preelectorale("2027-09-01", "departement")["condition"] is None
    commune = cal.periode_preelectorale("2027-09-01", "commune")
    assert commune["condition"] and "candidate" in commune["texte"]
    assert cal.periode_preelectorale("2031-09-01", "departement") is None
    assert cal.periode_preelectorale("2031-09-01", "epci")["election"] == "municipales-2032"
    for p in cal.periodes_preelectorales():
        assert problemes(p["texte"]) == [] and problemes(p["texte_si_candidat"]) == []


def test_jours_feries_en_francais_et_alsace_moselle():
    assert cal.jour_ferie("2027-05-08") == "Fête de la Victoire"
    assert cal.jour_ferie("2027-05-07") is None
    assert cal.jour_ferie(date(2027, 12, 25)) == "Noël"
    assert cal.jour_ferie("2027-12-26") is None
    assert cal.jour_ferie("2027-12-26", alsace_moselle=True) == "Saint-Étienne"
    assert cal.jour_ferie("2027-03-26") is None
    assert cal.jour_ferie("2027-03-26", alsace_moselle=True) == "Vendredi saint"
    assert cal.jour_ferie("2027-07-14") == "Fête nationale"
    # La bibliothèque connaît toutes les années ; les noms sont en français.
    noms = {cal.jour_ferie(f"{a}-{md}") for a in range(2026, 2030) for md in ("01-01", "11-11", "12-25")}
    assert noms == {"Jour de l'an", "Armistice", "Noël"}


def test_vacances_scolaires_par_zone():
    assert cal.vacances_scolaires("2027-02-08", "C") == "Vacances d'hiver"
    assert cal.vacances_scolaires("2027-02-08", "A") is None
    assert cal.vacances_scolaires("2027-02-13", "A") == "Vacances d'hiver"
    assert cal.vacances_scolaires("2027-03-08", "B") is None
    # Au-delà du dernier calendrier scolaire connu : « non vérifié », pas une exception.
    assert cal.vacances_scolaires(cal.vacances_connues_jusqu_au(), "A") is not None
    lendemain = date.fromordinal(cal.vacances_connues_jusqu_au().toordinal() + 1)
    assert cal.vacances_scolaires(lendemain, "A") == cal.NON_VERIFIE
    assert cal.vacances_scolaires("2035-02-15", "B") == cal.NON_VERIFIE
    assert cal.calendrier_verifie(lendemain) == {"feries": True, "vacances": False}


@pytest.mark.parametrize("cas", [c for c in VECTEURS["erreurs_calendrier"] if c["fonction"] != "ecartDureeLegale"], ids=lambda c: c["nom"])
def test_erreurs_de_saisie_en_francais(cas):
    appels = {
        "jourFerie": lambda a: cal.jour_ferie(*a),
        "vacancesScolaires": lambda a: cal.vacances_scolaires(*a),
        "periodePreelectorale": lambda a: cal.periode_preelectorale(*a),
    }
    with pytest.raises(ValueError) as erreur:
        appels[cas["fonction"]](cas["args"])
    assert str(erreur.value) == cas["message"]
    assert problemes(cas["message"]) == []


def test_vecteurs_a_jour():
    for cas in VECTEURS["feries"]:
        assert cal.calendrier_verifie(cas["date"])["feries"] == cas["dans_plage"]
        attendu = cal.jour_ferie(cas["date"], cas["alsace_moselle"]) if cas["dans_plage"] else cal.NON_VERIFIE
        assert attendu == cas["attendu"], cas["nom"]
    for cas in VECTEURS["vacances"]:
        if cal.calendrier_verifie(cas["date"])["feries"]:
            assert cal.vacances_scolaires(cas["date"], cas["zone"]) == cas["attendu"], cas["nom"]
    for cas in VECTEURS["periodes"]:
        assert cal.periode_preelectorale(cas["date"], cas["type"]) == cas["attendu"], cas["nom"]
    for cas in VECTEURS["verifie"]:
        assert cal.calendrier_verifie(cas["date"]) == cas["attendu"]
    # Les cas limites demandés sont bien dans les vecteurs.
    noms = " ".join(c["nom"] for c in VECTEURS["feries"] + VECTEURS["vacances"] + VECTEURS["periodes"])
    for mot in ("veille du 8 mai", "Alsace-Moselle", "zone A", "zone B", "zone C", "premier jour de la période"):
        assert mot in noms


def test_calendrier_pour_navigateur_compact_et_complet():
    c = cal.calendrier_pour_navigateur()
    assert (c["debut"], c["fin"]) == ("2026-01-01", "2029-12-31")
    assert json.loads(json.dumps(c)) == c
    assert len(json.dumps(c, ensure_ascii=False)) < 30_000
    assert c["feries"]["2027-05-08"] == "Fête de la Victoire" and "2027-12-26" not in c["feries"]
    assert c["feries_alsace_moselle"]["2027-12-26"] == "Saint-Étienne"
    assert set(c["vacances"]["zones"]) == {"A", "B", "C"}
    assert c["vacances"]["connues_jusqu_au"] == cal.vacances_connues_jusqu_au().isoformat()
    assert c["non_verifie"] == cal.NON_VERIFIE
    assert [p["election"] for p in c["elections"]] == [p["election"] for p in cal.periodes_preelectorales()]
    # Une plage entièrement hors du calendrier scolaire connu le dit.
    futur = cal.calendrier_pour_navigateur(2031, 2031)
    assert futur["vacances"]["connues_jusqu_au"] is None and futur["vacances"]["zones"] == {"A": [], "B": [], "C": []}
    with pytest.raises(ValueError, match="Années invalides"):
        cal.calendrier_pour_navigateur(2029, 2026)


def test_le_javascript_donne_le_meme_calendrier_que_python(page):
    from test_obligations import module_dans_une_page_vide

    module_dans_une_page_vide(page)
    obtenus = page.evaluate(
        """([v, c]) => {
            const m = window.__module;
            const erreur = (f) => { try { f(); return null; } catch (e) { return e.message; } };
            const appels = {jourFerie: (a) => m.jourFerie(c, ...a), vacancesScolaires: (a) => m.vacancesScolaires(c, ...a),
                            periodePreelectorale: (a) => m.periodePreelectorale(c, ...a)};
            return {
                feries: v.feries.map(x => m.jourFerie(c, x.date, x.alsace_moselle)),
                vacances: v.vacances.map(x => m.vacancesScolaires(c, x.date, x.zone)),
                periodes: v.periodes.map(x => m.periodePreelectorale(c, x.date, x.type)),
                verifie: v.verifie.map(x => m.calendrierVerifie(c, x.date)),
                erreurs: v.erreurs_calendrier.filter(x => x.fonction in appels).map(x => erreur(() => appels[x.fonction](x.args))),
            };
        }""",
        [VECTEURS, cal.calendrier_pour_navigateur()],
    )
    for cas, obtenu in zip(VECTEURS["feries"], obtenus["feries"]):
        assert obtenu == cas["attendu"], cas["nom"]
    for cas, obtenu in zip(VECTEURS["vacances"], obtenus["vacances"]):
        assert obtenu == cas["attendu"], cas["nom"]
    for cas, obtenu in zip(VECTEURS["periodes"], obtenus["periodes"]):
        assert obtenu == cas["attendu"], cas["nom"]
    assert obtenus["verifie"] == [c["attendu"] for c in VECTEURS["verifie"]]
    assert obtenus["erreurs"] == [c["message"] for c in VECTEURS["erreurs_calendrier"] if c["fonction"] != "ecartDureeLegale"]
