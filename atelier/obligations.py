"""Obligations et possibilités légales de participation d'une collectivité pour un projet.

Référence du calcul ; ``widgets/js/obligations.js`` en est le miroir (fonctions
``validerCollectivite``, ``obligationsApplicables``, ``dureesLegales``,
``ecartDureeLegale``), vérifié par les vecteurs partagés
``tests/vecteurs/obligations.json``.

Les règles sont des données déclaratives (``data/obligations_participation.yaml``) :
chacune a des conditions (types de collectivité, population minimale et maximale,
bornes incluses, types de projet ; une condition absente ne filtre pas), une nature
(``obligation``, ``possibilite``, ``procedure``), un titre, une explication, les
faits vérifiés qui l'appuient, leurs sources et, si un fait est incertain, une réserve.
Les règles applicables sont rendues dans l'ordre du fichier.

>>> [o.id for o in obligations_applicables({"type": "commune", "population": 80000}, "autre")][:2]
['conseils-de-quartier-obligatoires', 'comites-consultatifs']
"""

from __future__ import annotations

import calendar
import copy
import json
import math
import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from .donnees import lire_yaml

NB = "\u00a0"
FICHIER = "obligations_participation.yaml"
NATURES = ("obligation", "possibilite", "procedure")
ZONES = ("A", "B", "C")


@lru_cache(maxsize=1)
def _donnees() -> dict:
    return lire_yaml(FICHIER)


def donnees() -> dict:
    """Une copie du fichier des règles (``data/obligations_participation.yaml``)."""
    return copy.deepcopy(_donnees())


TYPES_COLLECTIVITE: dict[str, str] = {t["id"]: t["nom"] for t in _donnees()["types_collectivite"]}
"""Types de collectivité : identifiant → nom en clair."""

TYPES_PROJET: dict[str, str] = {t["id"]: t["nom"] for t in _donnees()["types_projet"]}
"""Types de projet : identifiant → nom en clair (dont ``autre``), dans l'ordre du fichier."""


@dataclass
class Obligation:
    """Une règle applicable : ce que la loi impose, permet ou encadre."""

    id: str
    nature: str
    titre: str
    explication: str
    faits: list[str] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    reserve: str | None = None

    def comme_dict(self) -> dict:
        return asdict(self)


def _liste(valeurs) -> str:
    return ", ".join(f"«{NB}{v}{NB}»" for v in valeurs)


def valider_collectivite(collectivite: object) -> dict:
    """La collectivité vérifiée et normalisée (``type``, ``population`` entière, et,
    s'ils sont donnés, ``zone_scolaire``, ``alsace_moselle``, ``nom``).

    Lève ``ValueError`` avec un message en français : type inconnu, population
    absente, nulle, négative, décimale ou non numérique, zone scolaire inconnue."""
    if not isinstance(collectivite, dict):
        raise ValueError("La collectivité doit être décrite par son type et sa population.")
    propre = dict(collectivite)
    type_ = collectivite.get("type")
    if type_ in (None, ""):
        raise ValueError(f"Choisissez le type de collectivité{NB}: {_liste(TYPES_COLLECTIVITE)}.")
    if not isinstance(type_, str) or type_ not in TYPES_COLLECTIVITE:
        raise ValueError(f"Type de collectivité inconnu{NB}: «{NB}{_texte(type_)}{NB}». Types possibles{NB}: {_liste(TYPES_COLLECTIVITE)}.")
    population = collectivite.get("population")
    recu = f" (reçu{NB}: «{NB}{population}{NB}»)" if isinstance(population, str) else ""
    if isinstance(population, str):
        texte = re.sub(r"[ \t\n\r\u00a0\u202f]", "", population)
        if texte == "":
            population = None
        elif re.fullmatch(r"[+-]?[0-9]+([.,][0-9]+)?", texte):
            population = float(texte.replace(",", "."))
        else:
            raise ValueError(f"La population doit être un nombre d'habitants{recu}.")
    if population is None:
        raise ValueError("Indiquez la population de la collectivité (nombre d'habitants).")
    if isinstance(population, bool) or not isinstance(population, (int, float)) or not math.isfinite(population):
        raise ValueError(f"La population doit être un nombre d'habitants (reçu{NB}: {_repr(population)}).")
    if population <= 0:
        raise ValueError(f"La population doit être supérieure à zéro (reçu{NB}: {_nombre(population)}).")
    if population != int(population):
        raise ValueError(f"La population doit être un nombre entier d'habitants (reçu{NB}: {_nombre(population)}).")
    propre["type"] = type_
    propre["population"] = int(population)
    if "zone_scolaire" in collectivite:
        zone = collectivite["zone_scolaire"]
        if zone in (None, ""):
            raise ValueError("Choisissez la zone de vacances scolaires de la collectivité (A, B ou C).")
        if not isinstance(zone, str) or zone not in ZONES:
            raise ValueError(f"Zone de vacances scolaires inconnue{NB}: «{NB}{_texte(zone)}{NB}». Zones possibles{NB}: A, B ou C.")
    if "alsace_moselle" in collectivite and not isinstance(collectivite["alsace_moselle"], bool):
        raise ValueError("L'indication Alsace-Moselle doit être oui ou non (vrai ou faux).")
    return propre


def _repr(valeur: object) -> str:
    """Une valeur reçue, écrite comme en JSON (identique en JavaScript)."""
    if isinstance(valeur, float) and not math.isfinite(valeur):
        return "null"
    return json.dumps(valeur, ensure_ascii=False, separators=(",", ":"))


def _texte(valeur: object) -> str:
    return valeur if isinstance(valeur, str) else _repr(valeur)


def _nombre(x: float) -> str:
    """Écrit un nombre comme le fait le miroir JavaScript : 2,5 ; -3 ; 0."""
    if float(x).is_integer():
        return str(int(x))
    return repr(float(x)).replace(".", ",")


def valider_type_projet(type_projet: object) -> str:
    if type_projet in (None, ""):
        return "autre"
    if not isinstance(type_projet, str) or type_projet not in TYPES_PROJET:
        raise ValueError(f"Type de projet inconnu{NB}: «{NB}{_texte(type_projet)}{NB}». Types possibles{NB}: {_liste(TYPES_PROJET)}.")
    return type_projet


def _s_applique(conditions: dict, collectivite: dict, type_projet: str) -> bool:
    types = conditions.get("types_collectivite")
    if types is not None and collectivite["type"] not in types:
        return False
    if conditions.get("population_min") is not None and collectivite["population"] < conditions["population_min"]:
        return False
    if conditions.get("population_max") is not None and collectivite["population"] > conditions["population_max"]:
        return False
    projets = conditions.get("types_projet")
    return projets is None or type_projet in projets


def obligations_applicables(collectivite: dict, type_projet: str = "autre") -> list[Obligation]:
    """Les obligations, possibilités et procédures qui s'appliquent à cette collectivité
    pour ce type de projet (ordre du fichier de règles). Un type de projet vide vaut
    ``autre`` ; une saisie invalide lève ``ValueError`` en français."""
    propre = valider_collectivite(collectivite)
    type_projet = valider_type_projet(type_projet)
    return [
        Obligation(
            id=r["id"], nature=r["nature"], titre=r["titre"], explication=r["explication"],
            faits=list(r["faits"]), sources=[dict(s) for s in r["sources"]], reserve=r.get("reserve"),
        )
        for r in _donnees()["regles"]
        if _s_applique(r.get("conditions") or {}, propre, type_projet)
    ]


def durees_legales(type_projet: str | None = None) -> dict[str, dict]:
    """Durées fixées par la loi, par identifiant de dispositif (``data/dispositifs.yaml``) :
    ``{"min_jours", "max_jours", "max_mois", "prolongation_mois", "texte", "faits",
    "sources", "reserve"}`` (``None`` quand la loi ne fixe rien). Pour l'enquête publique,
    ``min_jours`` vaut 30 jours, sauf si ``type_projet`` est donné et n'est pas
    ``projet-evaluation-environnementale`` : le minimum légal est alors de 15 jours.

    Seules figurent les durées appuyées par un fait vérifié : la durée de la
    concertation préalable (fait non confirmé) n'y est pas."""
    resultat = {}
    for d in _donnees()["durees_legales"]:
        entree = {k: copy.deepcopy(v) for k, v in d.items() if k not in ("dispositif", "min_jours_sans_evaluation_environnementale")}
        sans_ee = d.get("min_jours_sans_evaluation_environnementale")
        if sans_ee is not None and type_projet not in (None, "", "projet-evaluation-environnementale"):
            entree["min_jours"] = sans_ee
        resultat[d["dispositif"]] = entree
    return resultat


def ajouter_mois(jour: date, mois: int) -> date:
    """La même date ``mois`` mois plus tard (ramenée au dernier jour du mois si besoin :
    31 janvier + 1 mois = 28 ou 29 février)."""
    total = jour.year * 12 + jour.month - 1 + mois
    annee, m = divmod(total, 12)
    return date(annee, m + 1, min(jour.day, calendar.monthrange(annee, m + 1)[1]))


def ecart_duree_legale(dispositif: str, debut: str | date, fin: str | date, type_projet: str | None = None) -> dict | None:
    """Écart entre la durée d'une action (dates incluses) et la durée fixée par la loi
    pour son dispositif, ou ``None`` si la durée est conforme ou si la loi ne fixe rien.

    Résultat : ``{"dispositif", "ecart", "jours", "limite", "texte"}`` où ``ecart`` vaut
    ``trop-court`` (moins de ``min_jours`` jours), ``prolongation`` (au-delà de
    ``max_mois`` mois mais dans la prolongation possible) ou ``trop-long`` ; ``limite``
    est le nombre de jours minimal ou la dernière date permise (ISO)."""
    regle = durees_legales(type_projet).get(dispositif)
    if regle is None:
        return None
    d0, d1 = _date(debut), _date(fin)
    jours = (d1 - d0).days + 1
    if regle["min_jours"] is not None and jours < regle["min_jours"]:
        return {"dispositif": dispositif, "ecart": "trop-court", "jours": jours, "limite": regle["min_jours"], "texte": regle["texte"]}
    if regle["max_mois"] is not None:
        dernier = ajouter_mois(d0, regle["max_mois"]) - timedelta(days=1)
        if d1 > dernier:
            prolonge = ajouter_mois(d0, regle["max_mois"] + (regle["prolongation_mois"] or 0)) - timedelta(days=1)
            if regle["prolongation_mois"] and d1 <= prolonge:
                return {"dispositif": dispositif, "ecart": "prolongation", "jours": jours, "limite": dernier.isoformat(), "texte": regle["texte"]}
            return {"dispositif": dispositif, "ecart": "trop-long", "jours": jours, "limite": prolonge.isoformat(), "texte": regle["texte"]}
    if regle["max_jours"] is not None and jours > regle["max_jours"]:
        return {"dispositif": dispositif, "ecart": "trop-long", "jours": jours, "limite": regle["max_jours"], "texte": regle["texte"]}
    return None


def lire_date(valeur: str | date) -> date:
    """Une date ISO stricte (``AAAA-MM-JJ``) ; sinon ``ValueError`` en français."""
    if isinstance(valeur, date):
        return valeur
    texte = valeur if isinstance(valeur, str) else _repr(valeur)
    if valeur is None or texte.strip() == "":
        raise ValueError(f"Date manquante (attendu{NB}: AAAA-MM-JJ).")
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", texte)
    try:
        if not m:
            raise ValueError
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError(f"Date invalide{NB}: «{NB}{texte}{NB}» (attendu{NB}: AAAA-MM-JJ).") from None


_date = lire_date


def regles_pour_navigateur() -> dict:
    """Les règles en JSON pour le navigateur (``contexte["regles"]``) : types de
    collectivité et de projet, zones, règles déclaratives et durées légales brutes."""
    d = _donnees()
    return {
        "version": d["version"],
        "types_collectivite": [dict(t) for t in d["types_collectivite"]],
        "types_projet": [dict(t) for t in d["types_projet"]],
        "zones": list(ZONES),
        "natures": list(NATURES),
        "regles": copy.deepcopy(d["regles"]),
        "durees_legales": copy.deepcopy(d["durees_legales"]),
    }
