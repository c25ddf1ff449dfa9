"""Le calendrier d'une démarche de participation : jours fériés, vacances scolaires,
périodes préélectorales (article L52-1 du Code électoral).

Référence ; ``widgets/js/obligations.js`` en est le miroir (``jourFerie``,
``vacancesScolaires``, ``periodePreelectorale``, ``calendrierVerifie``), qui lit le
dictionnaire compact rendu par ``calendrier_pour_navigateur`` ; les vecteurs partagés
``tests/vecteurs/obligations.json`` vérifient que les deux donnent les mêmes réponses.

- jours fériés : bibliothèque ``holidays`` (noms en français), avec, pour
  l'Alsace-Moselle, les jours fériés propres (Vendredi saint, 26 décembre) de la
  subdivision « 57 » (Moselle ; identique à « 6AE », Alsace) ;
- vacances scolaires : bibliothèque ``vacances-scolaires-france`` (zones A, B, C) ;
  elle ne connaît que les calendriers déjà publiés : au-delà de sa dernière période
  connue (``vacances_connues_jusqu_au()``), la réponse est ``NON_VERIFIE`` ;
- périodes préélectorales : ``data/elections.yaml`` ; la période commence le
  premier jour du sixième mois précédant le mois du scrutin (art. L52-1, al. 2) et
  s'achève le dernier jour possible du dernier tour.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from functools import lru_cache

import holidays
from vacances_scolaires_france import SchoolHolidayDates

from .donnees import lire_yaml
from .obligations import TYPES_COLLECTIVITE, ZONES, _texte, lire_date

NB = "\u00a0"
NON_VERIFIE = "non vérifié"
"""Réponse de ``vacances_scolaires`` (et, côté navigateur, de toutes les fonctions)
pour une date que le calendrier ne couvre pas : ce n'est ni un « oui » ni un « non »."""

ANNEE_DEBUT, ANNEE_FIN = 2026, 2029
"""Années couvertes par défaut par ``calendrier_pour_navigateur``."""

SUBDIVISION_ALSACE_MOSELLE = "57"
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]


def _jour(valeur) -> date:
    return lire_date(valeur)


def date_en_clair(jour) -> str:
    """« 1er octobre 2026 », « 2 mai 2027 »."""
    jour = _jour(jour)
    return f"{'1er' if jour.day == 1 else jour.day} {MOIS[jour.month - 1]} {jour.year}"


@lru_cache(maxsize=64)
def _feries(annee: int, alsace_moselle: bool) -> dict[date, str]:
    options = {"subdiv": SUBDIVISION_ALSACE_MOSELLE} if alsace_moselle else {}
    return dict(holidays.France(years=annee, language="fr", **options))


def jour_ferie(jour, alsace_moselle: bool = False) -> str | None:
    """Le nom français du jour férié à cette date, ou ``None``. En Alsace-Moselle,
    le Vendredi saint et le 26 décembre (Saint-Étienne) sont aussi fériés."""
    jour = _jour(jour)
    return _feries(jour.year, bool(alsace_moselle)).get(jour)


@lru_cache(maxsize=1)
def _vacances() -> SchoolHolidayDates:
    return SchoolHolidayDates()


@lru_cache(maxsize=1)
def vacances_connues_jusqu_au() -> date:
    """Dernier jour de la dernière période de vacances connue de la bibliothèque : au-delà,
    le calendrier scolaire n'est pas encore publié (ou pas encore dans la bibliothèque)."""
    return max(_vacances().data)


@lru_cache(maxsize=1)
def vacances_connues_depuis() -> date:
    return date(_vacances().min_year, 1, 1)


def _valider_zone(zone) -> str:
    if not isinstance(zone, str) or zone not in ZONES:
        raise ValueError(f"Zone de vacances scolaires inconnue{NB}: «{NB}{_texte(zone)}{NB}». Zones possibles{NB}: A, B ou C.")
    return zone


def vacances_scolaires(jour, zone: str) -> str | None:
    """Le nom des vacances scolaires de cette zone (A, B ou C) à cette date, ``None`` s'il
    n'y en a pas, ou ``NON_VERIFIE`` si le calendrier scolaire de cette date n'est pas
    connu. Une zone inconnue lève ``ValueError`` en français."""
    jour, zone = _jour(jour), _valider_zone(zone)
    if not vacances_connues_depuis() <= jour <= vacances_connues_jusqu_au():
        return NON_VERIFIE
    ligne = _vacances().data.get(jour)
    if ligne and ligne[_vacances().zone_key(zone)]:
        return ligne["nom_vacances"]
    return None


def _ajouter_mois(annee: int, mois: int, n: int) -> tuple[int, int]:
    total = annee * 12 + mois - 1 + n
    return total // 12, total % 12 + 1


@lru_cache(maxsize=1)
def _elections_brutes() -> dict:
    return lire_yaml("elections.yaml")


def donnees_elections() -> dict:
    """Une copie de ``data/elections.yaml``."""
    return copy.deepcopy(_elections_brutes())


@lru_cache(maxsize=1)
def _periodes() -> tuple[dict, ...]:
    """Les périodes de l'art. L52-1, calculées une fois, triées par date de début."""
    d = _elections_brutes()
    regle = d["regle_l52_1"]
    source = dict(regle["sources"][0])
    periodes = []
    for e in d["elections"]:
        annee, mois = (int(x) for x in e["mois_scrutin"].split("-"))
        a0, m0 = _ajouter_mois(annee, mois, -6)
        debut, fin = date(a0, m0, 1), _jour(e["fin_periode"])
        quand = "date prévisionnelle" if e["statut"] == "previsionnelle" else "date fixée"
        base = (
            f"{e['nom']}, {quand}{NB}: {e['date_texte']}. Du {date_en_clair(debut)} au {date_en_clair(fin)}, "
            f"aucune campagne de promotion publicitaire des réalisations ou de la gestion d'une collectivité "
            f"ne peut être organisée sur le territoire des collectivités intéressées par le scrutin (art. L52-1 du Code électoral)."
        )
        periodes.append({
            "election": e["id"],
            "nom": e["nom"],
            "statut": e["statut"],
            "date_scrutin": e["date_texte"],
            "debut": debut.isoformat(),
            "fin": fin.isoformat(),
            "collectivites": list(e["collectivites"]),
            "collectivites_si_candidat": list(e["collectivites_si_candidat"]),
            "texte": base,
            "texte_si_candidat": base + " Votre collectivité est concernée si un ou une élue de sa majorité est candidate.",
            "reserve": e.get("reserve"),
            "source": source,
            "sources_date": [dict(s) for s in e["sources"]],
        })
    return tuple(sorted(periodes, key=lambda p: (p["debut"], p["election"])))


def periodes_preelectorales() -> list[dict]:
    """Toutes les périodes de l'art. L52-1 connues (copie), triées par date de début."""
    return copy.deepcopy(list(_periodes()))


def periode_preelectorale(jour, type_collectivite: str) -> dict | None:
    """La période préélectorale (art. L52-1, al. 2, du Code électoral) qui couvre cette
    date pour ce type de collectivité, ou ``None``. Si plusieurs périodes se recouvrent,
    celle qui commence le plus tôt.

    Résultat : ``{"election", "nom", "statut", "date_scrutin", "debut", "fin", "texte",
    "condition", "reserve", "source", "sources_date"}`` ; ``condition`` vaut ``None``
    quand la collectivité est directement concernée, sinon le texte de la condition
    (élu ou élue de la majorité candidate)."""
    jour = _jour(jour).isoformat()
    if not isinstance(type_collectivite, str) or type_collectivite not in TYPES_COLLECTIVITE:
        raise ValueError(f"Type de collectivité inconnu{NB}: «{NB}{_texte(type_collectivite)}{NB}».")
    for p in _periodes():
        if not p["debut"] <= jour <= p["fin"]:
            continue
        if type_collectivite in p["collectivites"]:
            condition, texte = None, p["texte"]
        elif type_collectivite in p["collectivites_si_candidat"]:
            condition, texte = "si un ou une élue de la majorité est candidate", p["texte_si_candidat"]
        else:
            continue
        return {
            "election": p["election"], "nom": p["nom"], "statut": p["statut"], "date_scrutin": p["date_scrutin"],
            "debut": p["debut"], "fin": p["fin"], "texte": texte, "condition": condition, "reserve": p["reserve"],
            "source": dict(p["source"]), "sources_date": [dict(s) for s in p["sources_date"]],
        }
    return None


def calendrier_verifie(jour, annee_debut: int = ANNEE_DEBUT, annee_fin: int = ANNEE_FIN) -> dict:
    """Ce que le calendrier livré au navigateur (années ``annee_debut`` à ``annee_fin``)
    couvre pour cette date : ``{"feries": bool, "vacances": bool}``. Hors de cette plage,
    le navigateur répond ``NON_VERIFIE`` ; les vacances ne sont connues que jusqu'au
    ``vacances_connues_jusqu_au()``. Même résultat que ``calendrierVerifie`` en JavaScript."""
    jour = _jour(jour)
    dans_plage = date(annee_debut, 1, 1) <= jour <= date(annee_fin, 12, 31)
    return {"feries": dans_plage, "vacances": dans_plage and vacances_connues_depuis() <= jour <= vacances_connues_jusqu_au()}


def _intervalles(jours: list[date], nom_de) -> list[list[str]]:
    """Regroupe des jours en intervalles [début, fin, nom] de jours consécutifs de même nom."""
    resultat = []
    for j in sorted(jours):
        nom = nom_de(j)
        if resultat and resultat[-1][2] == nom and date.fromisoformat(resultat[-1][1]) + timedelta(days=1) == j:
            resultat[-1][1] = j.isoformat()
        else:
            resultat.append([j.isoformat(), j.isoformat(), nom])
    return resultat


def calendrier_pour_navigateur(annee_debut: int = ANNEE_DEBUT, annee_fin: int = ANNEE_FIN) -> dict:
    """Le calendrier compact (JSON) pour le navigateur (``contexte["calendrier"]``) :

    - ``debut``, ``fin`` : la plage couverte (``AAAA-01-01`` à ``AAAA-12-31``) ;
    - ``feries`` : {date ISO: nom} nationaux ; ``feries_alsace_moselle`` : les jours
      fériés propres à l'Alsace-Moselle (en plus des nationaux) ;
    - ``vacances`` : ``{"connues_jusqu_au", "zones": {"A": [[début, fin, nom], …], …}}``
      (intervalles inclusifs, limités à la plage et aux dates connues) ;
    - ``elections`` : les périodes de l'art. L52-1 (voir ``periodes_preelectorales``) ;
    - ``regle_l52_1`` : l'article, sa citation, une explication en clair et ses sources ;
    - ``non_verifie`` : la valeur rendue pour une date hors de ce que le calendrier couvre.
    """
    if not isinstance(annee_debut, int) or not isinstance(annee_fin, int) or annee_debut > annee_fin:
        raise ValueError(f"Années invalides{NB}: de {annee_debut} à {annee_fin}.")
    debut, fin = date(annee_debut, 1, 1), date(annee_fin, 12, 31)
    feries, propres = {}, {}
    for annee in range(annee_debut, annee_fin + 1):
        nationaux = _feries(annee, False)
        feries.update({j.isoformat(): n for j, n in sorted(nationaux.items())})
        propres.update({j.isoformat(): n for j, n in sorted(_feries(annee, True).items()) if j not in nationaux})
    connues_jusqu_au = min(vacances_connues_jusqu_au(), fin)
    zones = {}
    for zone in ZONES:
        jours = [j for j, ligne in _vacances().data.items() if debut <= j <= connues_jusqu_au and ligne[_vacances().zone_key(zone)]]
        zones[zone] = _intervalles(jours, lambda j: _vacances().data[j]["nom_vacances"])
    return {
        "debut": debut.isoformat(),
        "fin": fin.isoformat(),
        "non_verifie": NON_VERIFIE,
        "feries": feries,
        "feries_alsace_moselle": propres,
        "vacances": {
            "connues_depuis": max(debut, vacances_connues_depuis()).isoformat(),
            "connues_jusqu_au": connues_jusqu_au.isoformat() if connues_jusqu_au >= debut else None,
            "zones": zones,
        },
        "elections": periodes_preelectorales(),
        "regle_l52_1": copy.deepcopy(_elections_brutes()["regle_l52_1"]),
        "sources": {
            "feries": f"Bibliothèque holidays {holidays.__version__} (France, noms en français{NB}; Alsace-Moselle{NB}: subdivision 57)",
            "vacances": "Bibliothèque vacances-scolaires-france (calendriers scolaires publiés, zones A, B et C)",
            "elections": "data/elections.yaml (dates et sources de chaque scrutin)",
        },
    }
