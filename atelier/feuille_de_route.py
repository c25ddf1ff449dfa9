"""La feuille de route d'une démarche participative (J3 « Stratégie et feuille de route ») :
le plan, ses vérifications et ses exports. Référence du calcul.

``widgets/js/feuille_verifications.js`` en est le miroir (mêmes messages, même ordre,
exports texte identiques octet pour octet, sauf l'horodatage ``DTSTAMP`` de l'iCalendar),
vérifié par les vecteurs partagés ``tests/vecteurs/feuille_de_route.json``.

Exemple ::

    plan = FeuilleDeRoute.exemple()          # commune fictive, 5 phases, 12 actions
    plan.verifier()                          # alertes en français, dans un ordre stable
    plan.vers_html()                         # feuille de route imprimable (une page)
    FeuilleDeRoute.depuis_json(plan.vers_json()) == plan   # True : aucune perte

Le plan (format JSON ``atelier-feuille-de-route``, version 1) est décrit dans
``spec_feuille_de_route.md`` : une collectivité, un projet, des phases et des actions.
Les règles de droit et les dates (jours fériés, vacances scolaires, périodes
préélectorales, durées légales, types de projet) viennent de ``atelier.obligations`` et
``atelier.calendrier`` ; ce module ne fait que les appliquer au plan.

Conventions communes à Python et au navigateur :

- dates ISO ``AAAA-MM-JJ``, inclusives ; une action ou une phase peut ne pas encore
  être datée (``""``) ; si une seule de ses deux dates est donnée, elle dure un jour ;
- saisie invalide (budget négatif, date mal formée, fichier tronqué, format ou version
  inconnus…) : ``ValueError`` en français, qui dit quoi corriger ; ce qui peut se
  corriger dans le plan (fin avant début, dispositif, public ou type de projet
  inconnus) donne une alerte, pour ne rien perdre ;
- vérifications dans l'ordre de ``CODES`` ; à l'intérieur d'un code, dans l'ordre
  du plan.
"""

from __future__ import annotations

import copy
import html
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Callable

import pandas as pd

from .donnees import chemin, lire_yaml
from .lecture import decoder

NB = "\u00a0"
FORMAT = "atelier-feuille-de-route"
VERSION = 1
FICHIER_REFERENTIEL = "feuille_de_route.yaml"
FICHIER_EXEMPLE = "feuille_de_route_exemple.json"
NIVEAUX = ("informer", "consulter", "impliquer", "collaborer", "habiliter")
TYPES_COLLECTIVITE = ("commune", "epci", "departement", "region")
ZONES = ("A", "B", "C")
POPULATION_MAX = 100_000_000
BUDGET_MAX = 1_000_000_000_000
NIVEAUX_ALERTE = ("erreur", "attention", "info")

CODES = (
    "plan-vide",
    "type-projet-inconnu",
    "dates-incoherentes",
    "phases-ordre",
    "phases-chevauchement",
    "phase-inconnue",
    "action-hors-phase",
    "dispositif-inconnu",
    "public-inconnu",
    "duree-legale",
    "retour-manquant",
    "jour-ferie",
    "vacances-scolaires",
    "periode-preelectorale",
    "calendrier-non-verifie",
    "publics-oublies",
    "niveaux-iap2",
    "budget-total",
)
"""Les codes d'alerte, dans l'ordre où ``verifier()`` les rend."""

MIGRATIONS: dict[int, Callable[[dict], dict]] = {}
"""Migrations des anciens formats : ``MIGRATIONS[n]`` transforme un plan de version
``n`` en plan de version ``n + 1``. Aucune pour l'instant (la version 1 est la
première) ; le mécanisme est testé en simulant une version 2."""

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")
NATURES = {"obligation": "obligation", "possibilite": "possibilité", "procedure": "procédure selon le projet"}
NIVEAUX_LIBELLES = {"erreur": "Erreur", "attention": "Attention", "info": "Information"}


class ErreurFeuilleDeRoute(ValueError):
    """Un plan ou un fichier de feuille de route invalide, expliqué en français."""


# --- Référentiel et contexte ---------------------------------------------------


@lru_cache(maxsize=1)
def _referentiel() -> dict:
    return lire_yaml(FICHIER_REFERENTIEL)


def referentiel() -> dict:
    """Le référentiel du plan (``data/feuille_de_route.yaml``) : types de collectivité,
    zones, publics (dont les publics éloignés de la participation, ``eloigne``),
    phases types et niveaux IAP2 dans l'ordre. Une copie, en JSON."""
    return copy.deepcopy(_referentiel())


def catalogue_navigateur() -> dict:
    """Le catalogue des dispositifs réduit à ce dont le plan a besoin :
    ``{id: {"nom", "niveau_iap2", "format", "duree_classe", "temps_public"}}`` ;
    ``temps_public`` (proposé par défaut dans l'interface) est vrai si le dispositif
    n'existe qu'en présentiel."""
    from .dispositifs import catalogue

    return {
        d["id"]: {
            "nom": d["nom"],
            "niveau_iap2": d["niveau_iap2"],
            "format": list(d["format"]),
            "duree_classe": d["duree_classe"],
            "temps_public": list(d["format"]) == ["presentiel"],
        }
        for d in catalogue()["dispositifs"]
    }


def contexte_navigateur(annee_debut: int | None = None, annee_fin: int | None = None) -> dict:
    """Le contexte JSON que les fonctions du navigateur reçoivent (attribut ``contexte``
    du widget) : catalogue, règles et calendrier de ``atelier.obligations`` et
    ``atelier.calendrier``, référentiel. Les années par défaut sont celles que le
    calendrier du cours couvre."""
    from . import calendrier, obligations

    return {
        "catalogue": catalogue_navigateur(),
        "regles": obligations.regles_pour_navigateur(),
        "calendrier": calendrier.calendrier_pour_navigateur(annee_debut or calendrier.ANNEE_DEBUT, annee_fin or calendrier.ANNEE_FIN),
        "referentiel": referentiel(),
        "exemple": FeuilleDeRoute.exemple().comme_dict(),
    }


@lru_cache(maxsize=1)
def _plage_calendrier() -> dict:
    """Ce que le calendrier du cours couvre (les mêmes bornes que celui du navigateur)."""
    from . import calendrier

    c = calendrier.calendrier_pour_navigateur()
    return {"debut": c["debut"], "fin": c["fin"], "vacances_jusqu_au": c["vacances"]["connues_jusqu_au"]}


# --- Petits outils de texte (miroirs exacts en JavaScript) ---------------------


def _g(texte: str) -> str:
    """Entre guillemets français."""
    return f"«{NB}{texte}{NB}»"


def _liste(elements: list[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    if len(elements) <= 1:
        return "".join(elements)
    return ", ".join(elements[:-1]) + " et " + elements[-1]


def _nombre(n: int) -> str:
    """12400 → « 12 400 » (espace insécable)."""
    signe, chiffres = ("-", str(-n)) if n < 0 else ("", str(n))
    groupes = []
    while len(chiffres) > 3:
        groupes.insert(0, chiffres[-3:])
        chiffres = chiffres[:-3]
    groupes.insert(0, chiffres)
    return signe + NB.join(groupes)


def _euros(n: int) -> str:
    return f"{_nombre(n)}{NB}€"


def _date_fr(iso: str) -> str:
    """« 2027-03-01 » → « 1er mars 2027 »."""
    a, m, j = int(iso[0:4]), int(iso[5:7]), int(iso[8:10])
    return f"{'1er' if j == 1 else j} {MOIS[m - 1]} {a}"


def _quand(debut: str, fin: str) -> str:
    """« 15 mars 2027 » ou « du 1er mars 2027 au 15 mars 2027 »."""
    return _date_fr(debut) if debut == fin else f"du {_date_fr(debut)} au {_date_fr(fin)}"


def _le(debut: str, fin: str) -> str:
    return f"le {_date_fr(debut)}" if debut == fin else _quand(debut, fin)


def _montrer(valeur: object) -> str:
    """Une valeur reçue, pour un message d'erreur (sans jargon JSON)."""
    if valeur is None or valeur == "":
        return "rien"
    if isinstance(valeur, bool):
        return "vrai" if valeur else "faux"
    if isinstance(valeur, int):
        return str(valeur) if abs(valeur) < 1e15 else "un nombre trop grand"
    if isinstance(valeur, float):
        if math.isinf(valeur):
            return "un nombre trop grand"
        if not valeur.is_integer():
            return "un nombre à virgule"
        return str(int(valeur)) if abs(valeur) < 1e15 else "un nombre trop grand"
    if isinstance(valeur, str):
        return _g(valeur if len(valeur) <= 60 else valeur[:60] + "…")
    if isinstance(valeur, list):
        return "une liste"
    return "un objet"


def _entier(valeur: object) -> int | None:
    """Un entier JSON (2 ou 2.0) de moins de 15 chiffres, sinon None."""
    if isinstance(valeur, bool):
        return None
    if isinstance(valeur, int):
        return valeur if abs(valeur) < 1e15 else None
    if isinstance(valeur, float) and valeur.is_integer() and abs(valeur) < 1e15:
        return int(valeur)
    return None


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _date_iso(valeur: object) -> str | None:
    """La date ISO si ``valeur`` est une date valide ``AAAA-MM-JJ`` ; ``""`` si vide ; None si invalide."""
    if valeur is None or valeur == "":
        return ""
    if isinstance(valeur, datetime):
        valeur = valeur.date()
    if isinstance(valeur, date):
        return valeur.isoformat()
    if not isinstance(valeur, str) or not (m := _DATE.match(valeur)):
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def _jour(iso: str) -> date:
    return date.fromisoformat(iso)


def _iso_plus(iso: str, jours: int) -> str:
    return (_jour(iso) + timedelta(days=jours)).isoformat()


def _ecart(debut: str, fin: str) -> int:
    return (_jour(fin) - _jour(debut)).days


_BLANC = re.compile(r"[ \t\n\r\u00a0\u202f]*")


def _vide(texte: str) -> bool:
    """Vide ou fait seulement d'espaces (même définition en JavaScript)."""
    return _BLANC.fullmatch(texte) is not None


def _slug(texte: str, longueur: int = 40) -> str:
    ascii_ = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:longueur].strip("-")


# --- Validation (messages identiques en JavaScript) ---------------------------


def _erreur(message: str) -> ErreurFeuilleDeRoute:
    return ErreurFeuilleDeRoute(message)


def _nom_element(genre: str, obj: object, cle: str, position: int | None) -> str:
    """« la phase « Diagnostic » » ou « la phase n° 2 » (pour les messages)."""
    texte = obj.get(cle) if isinstance(obj, dict) else None
    if isinstance(texte, str) and not _vide(texte):
        return f"{genre} {_g(texte)}"
    return f"{genre} n°{NB}{position}" if position is not None else f"{genre} sans nom"


def _texte(obj: dict, cle: str, libelle: str, de_quoi: str) -> str:
    valeur = obj.get(cle, "")
    if valeur is None:
        return ""
    if not isinstance(valeur, str):
        raise _erreur(f"{libelle} {de_quoi} doit être du texte (reçu{NB}: {_montrer(valeur)}).")
    return valeur


def _valider_entete(donnees: object) -> dict:
    """Format et version ; les versions plus anciennes sont migrées."""
    if not isinstance(donnees, dict) or donnees.get("format") != FORMAT:
        raise _erreur(
            f"Ce fichier n'est pas un export de la feuille de route (format inconnu){NB}: "
            "choisissez un fichier JSON enregistré par le constructeur de feuille de route du cours."
        )
    version = _entier(donnees.get("version"))
    if version is not None and version > VERSION:
        raise _erreur(
            f"Ce fichier vient d'une version plus récente du cours (feuille de route au format {version}){NB}; "
            f"cette version du cours lit les fichiers jusqu'au format {VERSION}. Ouvrez-le avec la version à jour du cours."
        )
    if version is None or version < 1:
        raise _erreur(
            f"Version de feuille de route inconnue ({_montrer(donnees.get('version'))}){NB}: le champ {_g('version')} "
            f"doit être un nombre entier ({VERSION} pour les fichiers de cette version du cours). Le fichier a peut-être été modifié à la main."
        )
    while version < VERSION:
        donnees = MIGRATIONS[version](copy.deepcopy(donnees))
        version += 1
        donnees["version"] = version
    return donnees


def _valider_collectivite(obj: object) -> dict:
    if not isinstance(obj, dict):
        raise _erreur(f"La feuille de route ne décrit pas la collectivité (champ {_g('collectivite')} absent ou mal formé).")
    nom = _texte(obj, "nom", "Le nom", "de la collectivité")
    type_ = obj.get("type")
    if type_ not in TYPES_COLLECTIVITE:
        raise _erreur(f"Type de collectivité inconnu ({_montrer(type_)}){NB}: choisissez commune, epci, departement ou region.")
    brut = obj.get("population")
    population = _entier(brut)
    if population is None or population <= 0:
        raise _erreur(f"La population de la collectivité doit être un nombre entier d'habitants, supérieur à 0 (reçu{NB}: {_montrer(brut)}).")
    if population > POPULATION_MAX:
        raise _erreur(f"La population indiquée ({_nombre(population)} habitants) est trop grande{NB}: vérifiez le nombre d'habitants.")
    zone = obj.get("zone_scolaire")
    if zone not in ZONES:
        raise _erreur(f"Zone de vacances scolaires inconnue ({_montrer(zone)}){NB}: indiquez A, B ou C.")
    alsace = obj.get("alsace_moselle", False)
    if not isinstance(alsace, bool):
        raise _erreur(f"L'indication Alsace-Moselle doit être vrai ou faux (reçu{NB}: {_montrer(alsace)}).")
    return {"nom": nom, "type": type_, "population": population, "zone_scolaire": zone, "alsace_moselle": alsace}


def _valider_projet(obj: object) -> dict:
    if not isinstance(obj, dict):
        raise _erreur(f"La feuille de route ne décrit pas le projet (champ {_g('projet')} absent ou mal formé).")
    intitule = _texte(obj, "intitule", "L'intitulé", "du projet")
    type_ = obj.get("type")
    if not isinstance(type_, str) or not type_:
        raise _erreur(f"Choisissez le type de projet (reçu{NB}: {_montrer(type_)}){NB}: il détermine les obligations légales qui s'appliquent.")
    return {
        "intitule": intitule,
        "type": type_,
        "objectif": _texte(obj, "objectif", "L'objectif", "du projet"),
        "non_negociable": _texte(obj, "non_negociable", f"Le champ {_g('non négociable')}", "du projet"),
    }


def _valider_id(obj: dict, quoi: str) -> str:
    ident = obj.get("id")
    if not isinstance(ident, str) or _vide(ident):
        raise _erreur(f"{quoi[0].upper()}{quoi[1:]} n'a pas d'identifiant (champ {_g('id')}){NB}: chaque phase et chaque action en a un, unique.")
    return ident


def _valider_dates(obj: dict, quoi: str) -> tuple[str, str]:
    dates = []
    for cle, mot in (("debut", "de début"), ("fin", "de fin")):
        iso = _date_iso(obj.get(cle, ""))
        if iso is None:
            raise _erreur(
                f"La date {mot} de {quoi} est mal formée ou n'existe pas ({_montrer(obj.get(cle))}){NB}: "
                "écrivez-la sous la forme AAAA-MM-JJ, par exemple 2027-03-15."
            )
        dates.append(iso)
    return dates[0], dates[1]


def _valider_phase(obj: object, position: int | None) -> dict:
    if not isinstance(obj, dict):
        raise _erreur(f"La phase n°{NB}{position} est mal formée (ce n'est pas un objet avec un identifiant, un nom et des dates).")
    quoi = _nom_element("la phase", obj, "nom", position)
    ident = _valider_id(obj, quoi)
    nom = _texte(obj, "nom", "Le nom", f"de {quoi}")
    debut, fin = _valider_dates(obj, quoi)
    return {"id": ident, "nom": nom, "debut": debut, "fin": fin}


def _booleen(obj: dict, cle: str, libelle: str, quoi: str) -> bool:
    valeur = obj.get(cle, False)
    if not isinstance(valeur, bool):
        raise _erreur(f"La case {_g(libelle)} de {quoi} doit valoir vrai ou faux (reçu{NB}: {_montrer(valeur)}).")
    return valeur


def _valider_action(obj: object, position: int | None) -> dict:
    if not isinstance(obj, dict):
        raise _erreur(f"L'action n°{NB}{position} est mal formée (ce n'est pas un objet avec un identifiant, une phase et un intitulé).")
    quoi = _nom_element("l'action", obj, "intitule", position)
    ident = _valider_id(obj, quoi)
    phase = _texte(obj, "phase", "La phase", f"de {quoi}")
    intitule = _texte(obj, "intitule", "L'intitulé", f"de {quoi}")
    dispositif = _texte(obj, "dispositif", "Le dispositif", f"de {quoi}")
    debut, fin = _valider_dates(obj, quoi)
    responsable = _texte(obj, "responsable", "Le responsable", f"de {quoi}")
    brut = obj.get("budget", 0)
    budget = _entier(brut if brut is not None else 0)
    if budget is None:
        raise _erreur(f"Le budget de {quoi} doit être un nombre entier d'euros, sans virgule ni symbole, par exemple 800 (reçu{NB}: {_montrer(brut)}).")
    if budget < 0:
        raise _erreur(f"Le budget de {quoi} est négatif ({_euros(budget)}){NB}: indiquez un montant en euros positif, ou 0 si l'action ne coûte rien.")
    if budget > BUDGET_MAX:
        raise _erreur(f"Le budget de {quoi} est trop grand ({_euros(budget)}){NB}: vérifiez le montant.")
    publics = obj.get("publics", [])
    if publics is None:
        publics = []
    if not isinstance(publics, list) or not all(isinstance(p, str) for p in publics):
        raise _erreur(f"Les publics de {quoi} doivent être une liste d'identifiants de publics (reçu{NB}: {_montrer(publics)}).")
    niveau = obj.get("niveau_iap2", "")
    if niveau is None:
        niveau = ""
    if niveau != "" and niveau not in NIVEAUX:
        raise _erreur(
            f"Niveau de participation inconnu pour {quoi} ({_montrer(niveau)}){NB}: choisissez informer, consulter, impliquer, "
            "collaborer ou habiliter, ou laissez vide pour une étape interne."
        )
    return {
        "id": ident,
        "phase": phase,
        "intitule": intitule,
        "dispositif": dispositif,
        "debut": debut,
        "fin": fin,
        "responsable": responsable,
        "budget": budget,
        "publics": list(dict.fromkeys(publics)),
        "niveau_iap2": niveau,
        "indicateur": _texte(obj, "indicateur", "L'indicateur", f"de {quoi}"),
        "temps_public": _booleen(obj, "temps_public", "temps public", quoi),
        "retour_participants": _booleen(obj, "retour_participants", "retour aux participants", quoi),
    }


def valider_plan(donnees: object) -> dict:
    """Le plan vérifié et mis sous sa forme canonique (dict JSON de la version courante).

    Lève ``ErreurFeuilleDeRoute`` (une ``ValueError``) au message français."""
    donnees = _valider_entete(donnees)
    collectivite = _valider_collectivite(donnees.get("collectivite"))
    projet = _valider_projet(donnees.get("projet"))
    vus: set[str] = set()
    listes = {}
    for cle, valider, mot in (("phases", _valider_phase, "phases"), ("actions", _valider_action, "actions")):
        brut = donnees.get(cle, [])
        if brut is None:
            brut = []
        if not isinstance(brut, list):
            raise _erreur(f"La liste des {mot} est mal formée (champ {_g(cle)}){NB}: ce doit être une liste.")
        propres = []
        for n, obj in enumerate(brut, 1):
            propre = valider(obj, n)
            if propre["id"] in vus:
                raise _erreur(f"L'identifiant {_g(propre['id'])} est utilisé deux fois{NB}: chaque phase et chaque action doit avoir le sien.")
            vus.add(propre["id"])
            propres.append(propre)
        listes[cle] = propres
    return {"format": FORMAT, "version": VERSION, "collectivite": collectivite, "projet": projet, "phases": listes["phases"], "actions": listes["actions"]}


def lire_plan(contenu: str | bytes) -> dict:
    """Le plan canonique lu dans un fichier JSON (texte ou octets)."""
    texte = decoder(contenu) if isinstance(contenu, (bytes, bytearray)) else contenu
    if not isinstance(texte, str):
        raise _erreur("Le contenu d'une feuille de route doit être du texte JSON.")
    if texte.startswith("\ufeff"):
        texte = texte[1:]

    def refuser(constante):
        raise ValueError(constante)

    try:
        donnees = json.loads(texte, parse_constant=refuser)
    except ValueError:
        raise _erreur(
            f"Ce fichier n'est pas un export lisible de la feuille de route (JSON illisible ou tronqué){NB}: "
            "il est peut-être incomplet. Exportez de nouveau la feuille de route, ou ouvrez une copie complète du fichier."
        ) from None
    return valider_plan(donnees)


# --- Le plan -------------------------------------------------------------------


@dataclass(frozen=True)
class Alerte:
    """Une remarque sur le plan : ``code`` stable (voir ``CODES``), ``niveau``
    (``erreur``, ``attention`` ou ``info``), ``message`` en français et ``cible``
    (identifiant de l'action ou de la phase concernée, ou None)."""

    code: str
    niveau: str
    message: str
    cible: str | None = None

    def comme_dict(self) -> dict:
        return {"code": self.code, "niveau": self.niveau, "message": self.message, "cible": self.cible}


def _date_ou_none(iso: str) -> date | None:
    return _jour(iso) if iso else None


def _iso(valeur: date | None) -> str:
    return valeur.isoformat() if valeur else ""


@dataclass
class Phase:
    """Une phase de la démarche (par exemple « Diagnostic partagé »), datée ou non."""

    id: str
    nom: str = ""
    debut: date | None = None
    fin: date | None = None

    def __post_init__(self):
        propre = _valider_phase({"id": self.id, "nom": self.nom, "debut": self.debut, "fin": self.fin}, None)
        self.debut, self.fin = _date_ou_none(propre["debut"]), _date_ou_none(propre["fin"])

    def comme_dict(self) -> dict:
        return {"id": self.id, "nom": self.nom, "debut": _iso(self.debut), "fin": _iso(self.fin)}


@dataclass
class Action:
    """Une action du plan : un dispositif du catalogue (ou ``""`` pour une étape
    interne), des dates, un ou une responsable, un budget en euros, des publics,
    un niveau IAP2 et un indicateur."""

    id: str
    phase: str
    intitule: str
    dispositif: str = ""
    debut: date | None = None
    fin: date | None = None
    responsable: str = ""
    budget: int = 0
    publics: list[str] = field(default_factory=list)
    niveau_iap2: str = ""
    indicateur: str = ""
    temps_public: bool = False
    retour_participants: bool = False

    def __post_init__(self):
        brut = {k: getattr(self, k) for k in _CHAMPS_ACTION}
        if isinstance(brut["publics"], tuple):
            brut["publics"] = list(brut["publics"])
        propre = _valider_action(brut, None)
        for cle, valeur in propre.items():
            setattr(self, cle, valeur)
        self.debut, self.fin = _date_ou_none(propre["debut"]), _date_ou_none(propre["fin"])

    def comme_dict(self) -> dict:
        d = {k: getattr(self, k) for k in _CHAMPS_ACTION}
        d["debut"], d["fin"], d["publics"] = _iso(self.debut), _iso(self.fin), list(self.publics)
        return d


def _elements_bruts(valeur: object, classe: type) -> object:
    """Des phases ou des actions (objets ou dicts) en dicts JSON, pour la validation."""
    if valeur is None:
        return []
    if isinstance(valeur, (list, tuple)):
        return [v.comme_dict() if isinstance(v, classe) else v for v in valeur]
    return valeur  # mal formé : valider_plan l'explique


_CHAMPS_ACTION = ("id", "phase", "intitule", "dispositif", "debut", "fin", "responsable", "budget", "publics", "niveau_iap2", "indicateur", "temps_public", "retour_participants")


@dataclass
class FeuilleDeRoute:
    """Le plan d'une démarche participative : ``collectivite`` (dict : nom, type,
    population, zone_scolaire, alsace_moselle), ``projet`` (dict : intitule, type,
    objectif, non_negociable), ``phases`` et ``actions`` (listes de ``Phase`` et
    ``Action``, ou de dicts au format JSON).

    >>> plan.verifier()            # alertes en français
    >>> plan.vers_html()           # feuille de route imprimable
    """

    collectivite: dict
    projet: dict
    phases: list[Phase] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    def __post_init__(self):
        brut = {
            "format": FORMAT,
            "version": VERSION,
            "collectivite": self.collectivite,
            "projet": self.projet,
            "phases": _elements_bruts(self.phases, Phase),
            "actions": _elements_bruts(self.actions, Action),
        }
        propre = valider_plan(brut)
        self.collectivite = propre["collectivite"]
        self.projet = propre["projet"]
        self.phases = [Phase(**p) for p in propre["phases"]]
        self.actions = [Action(**a) for a in propre["actions"]]

    # Lecture et écriture JSON

    @classmethod
    def depuis_dict(cls, donnees: object) -> FeuilleDeRoute:
        """Un plan depuis un dict au format JSON (version plus ancienne migrée)."""
        propre = valider_plan(donnees)
        return cls(propre["collectivite"], propre["projet"], propre["phases"], propre["actions"])

    @classmethod
    def depuis_json(cls, contenu: str | bytes) -> FeuilleDeRoute:
        """Un plan depuis un fichier JSON exporté (texte ou octets). Fichier tronqué,
        format ou version inconnus, saisie invalide : ``ValueError`` en français."""
        return cls.depuis_dict(lire_plan(contenu))

    @classmethod
    def exemple(cls) -> FeuilleDeRoute:
        """Le plan d'exemple du cours (commune fictive), ``data/feuille_de_route_exemple.json``."""
        return cls.depuis_json(chemin(FICHIER_EXEMPLE).read_bytes())

    def comme_dict(self) -> dict:
        return {
            "format": FORMAT,
            "version": VERSION,
            "collectivite": dict(self.collectivite),
            "projet": dict(self.projet),
            "phases": [p.comme_dict() for p in self.phases],
            "actions": [a.comme_dict() for a in self.actions],
        }

    def vers_json(self) -> str:
        """Le plan en JSON (sans perte : ``depuis_json(p.vers_json()) == p``)."""
        return vers_json(self.comme_dict())

    # Analyse

    def verifier(self) -> list[Alerte]:
        """Les alertes du plan, dans l'ordre de ``CODES`` puis du plan."""
        return [Alerte(**a) for a in verifier(self.comme_dict())]

    def synthese(self) -> dict:
        """Budget total, niveaux IAP2 couverts, publics touchés et publics éloignés
        oubliés, dates de début et de fin (dict JSON)."""
        return synthese(self.comme_dict())

    def obligations(self) -> list:
        """Les obligations, possibilités et procédures légales qui s'appliquent
        (``atelier.obligations.obligations_applicables``)."""
        return _obligations(self.comme_dict(), _contexte_python())

    def tableau(self) -> pd.DataFrame:
        """Les actions, dans l'ordre des phases puis des dates."""
        plan, ctx = self.comme_dict(), _contexte_python()
        lignes = []
        for a in _actions_ordonnees(plan):
            lignes.append(
                {
                    "Phase": _nom_phase(plan, a["phase"]),
                    "Action": a["intitule"],
                    "Dispositif": _nom_dispositif(ctx, a["dispositif"]),
                    "Niveau IAP2": a["niveau_iap2"],
                    "Début": _date_ou_none(a["debut"]),
                    "Fin": _date_ou_none(a["fin"]),
                    "Responsable": a["responsable"],
                    "Budget (€)": a["budget"],
                    "Publics": ", ".join(_nom_public(ctx, p) for p in a["publics"]),
                    "Indicateur": a["indicateur"],
                    "Temps public": a["temps_public"],
                    "Retour aux participants": a["retour_participants"],
                }
            )
        colonnes = ["Phase", "Action", "Dispositif", "Niveau IAP2", "Début", "Fin", "Responsable", "Budget (€)", "Publics", "Indicateur", "Temps public", "Retour aux participants"]
        return pd.DataFrame(lignes, columns=colonnes)

    # Tableaux pour les pages du cours (présentation seulement, mêmes textes que le constructeur)

    def tableau_alertes(self) -> pd.DataFrame:
        """Les points à vérifier, dans l'ordre de ``verifier()`` : colonnes « Niveau »
        (Erreur, Attention, Information) et « Point à vérifier » (le message du constructeur)."""
        return pd.DataFrame(
            [{"Niveau": NIVEAUX_LIBELLES[a.niveau], "Point à vérifier": a.message} for a in self.verifier()],
            columns=["Niveau", "Point à vérifier"],
        )

    def tableau_synthese(self) -> pd.DataFrame:
        """La synthèse en clair, avec les libellés du constructeur : colonnes « Élément » et « Valeur »."""
        return pd.DataFrame(lignes_synthese(self.comme_dict()), columns=["Élément", "Valeur"])

    def tableau_obligations(self) -> pd.DataFrame:
        """Ce que prévoit la loi pour cette collectivité et ce type de projet : colonnes
        « Nature », « Règle », « Ce qu'elle implique » et « À vérifier » (réserve, ou vide)."""
        return pd.DataFrame(
            [
                {"Nature": _majuscule(NATURES.get(o["nature"], o["nature"])), "Règle": o["titre"], "Ce qu'elle implique": o["explication"], "À vérifier": o["reserve"] or ""}
                for o in self.obligations()
            ],
            columns=["Nature", "Règle", "Ce qu'elle implique", "À vérifier"],
        )

    # Exports

    def vers_csv(self) -> str:
        """Les actions en CSV pour un tableur (séparateur « ; », BOM UTF-8)."""
        return vers_csv(self.comme_dict())

    def vers_markdown(self) -> str:
        return vers_markdown(self.comme_dict())

    def vers_html(self) -> str:
        """La feuille de route imprimable : page HTML autonome, sans script."""
        return vers_html(self.comme_dict())

    def vers_ics(self, horodatage: datetime | str | None = None) -> str:
        """Les actions datées en iCalendar (un événement d'une ou plusieurs journées
        par action). ``horodatage`` fixe ``DTSTAMP`` (par défaut : maintenant)."""
        return vers_ics(self.comme_dict(), horodatage=horodatage)


# --- Contexte Python (mêmes données que le navigateur) ------------------------


@dataclass
class _Contexte:
    catalogue: dict
    referentiel: dict
    types_projet: dict
    plage: dict
    verifie: Callable[[str], dict]
    ferie: Callable[[str, bool], str | None]
    vacances: Callable[[str, str], str | None]
    preelectorale: Callable[[str, str], dict | None]
    ecart_duree: Callable[[str, str, str, str], dict | None]
    obligations: Callable[[dict, str], list[dict]]


def _contexte_python() -> _Contexte:
    from . import calendrier, obligations

    def preelectorale(iso: str, type_collectivite: str):
        p = calendrier.periode_preelectorale(_jour(iso), type_collectivite)
        return None if p is None else {k: (v.isoformat() if isinstance(v, date) else v) for k, v in p.items()}

    return _Contexte(
        catalogue=catalogue_navigateur(),
        referentiel=_referentiel(),
        types_projet=dict(obligations.TYPES_PROJET),
        plage=_plage_calendrier(),
        verifie=lambda iso: calendrier.calendrier_verifie(_jour(iso)),
        ferie=lambda iso, am: calendrier.jour_ferie(_jour(iso), am),
        vacances=lambda iso, zone: calendrier.vacances_scolaires(_jour(iso), zone),
        preelectorale=preelectorale,
        ecart_duree=lambda dispositif, debut, fin, type_projet: obligations.ecart_duree_legale(dispositif, debut, fin, type_projet),
        obligations=lambda collectivite, type_projet: [o.comme_dict() for o in obligations.obligations_applicables(collectivite, type_projet)],
    )


def _obligations(plan: dict, ctx: _Contexte) -> list[dict]:
    """Les obligations applicables, ou [] si le type de projet est inconnu (l'alerte
    ``type-projet-inconnu`` le dit)."""
    if plan["projet"]["type"] not in ctx.types_projet:
        return []
    return ctx.obligations(plan["collectivite"], plan["projet"]["type"])


def _nom_phase(plan: dict, ident: str) -> str:
    return next((p["nom"] for p in plan["phases"] if p["id"] == ident), "")


def _nom_dispositif(ctx: _Contexte, ident: str) -> str:
    return ctx.catalogue[ident]["nom"] if ident in ctx.catalogue else ident


def _nom_public(ctx: _Contexte, ident: str) -> str:
    return next((p["libelle"] for p in ctx.referentiel["publics"] if p["id"] == ident), ident)


def _bornes(x: dict) -> tuple[str, str] | None:
    """Début et fin effectifs (une seule date donnée : un jour), ou None si non daté."""
    debut, fin = x["debut"] or x["fin"], x["fin"] or x["debut"]
    return (debut, fin) if debut else None


def _coherent(x: dict) -> tuple[str, str] | None:
    """Les bornes si elles sont dans l'ordre, sinon None."""
    b = _bornes(x)
    return b if b and b[0] <= b[1] else None


def _jours(debut: str, fin: str) -> list[str]:
    return [_iso_plus(debut, k) for k in range(_ecart(debut, fin) + 1)]


def _nom(x: dict, cle: str, position: int) -> str:
    """Le nom d'une phase ou d'une action dans un message : « Balade » ou n° 3."""
    return f"n°{NB}{position}" if _vide(x[cle]) else _g(x[cle])


# --- Vérifications -------------------------------------------------------------


def verifier(plan: dict, ctx: _Contexte | None = None) -> list[dict]:
    """Les alertes d'un plan canonique (dicts ``{code, niveau, message, cible}``)."""
    ctx = ctx or _contexte_python()
    alertes: list[dict] = []

    def alerte(code: str, niveau: str, message: str, cible: str | None = None):
        alertes.append({"code": code, "niveau": niveau, "message": message, "cible": cible})

    phases, actions = plan["phases"], plan["actions"]
    collectivite, projet = plan["collectivite"], plan["projet"]
    nom_p = {p["id"]: _nom(p, "nom", n) for n, p in enumerate(phases, 1)}
    nom_a = {a["id"]: _nom(a, "intitule", n) for n, a in enumerate(actions, 1)}
    phase_par_id = {p["id"]: p for p in phases}
    niveaux = {n["id"]: n for n in ctx.referentiel["niveaux_iap2"]}

    # plan-vide
    if not actions:
        alerte(
            "plan-vide", "info",
            f"Le plan ne contient encore aucune action{NB}: ajoutez les phases de la démarche puis, dans chaque phase, "
            "les actions prévues (dispositif, dates, publics, responsable).",
        )

    # type-projet-inconnu
    if projet["type"] not in ctx.types_projet:
        alerte(
            "type-projet-inconnu", "erreur",
            f"Le type de projet {_g(projet['type'])} est inconnu{NB}: choisissez-en un dans la liste. "
            "Sans lui, les obligations légales et les durées légales ne peuvent pas être vérifiées.",
        )

    # dates-incoherentes
    for groupe, noms, genre, mot in ((phases, nom_p, "La phase", "cette phase"), (actions, nom_a, "L'action", "cette action")):
        for x in groupe:
            b = _bornes(x)
            if b and b[0] > b[1]:
                alerte(
                    "dates-incoherentes", "erreur",
                    f"{genre} {noms[x['id']]} se termine le {_date_fr(b[1])}, avant de commencer le {_date_fr(b[0])}{NB}: "
                    f"corrigez l'une des deux dates. Les autres vérifications de dates ignorent {mot} en attendant.",
                    x["id"],
                )

    # phases-ordre : une phase qui commence avant la phase datée qui la précède dans le plan
    precedente = None
    for p in phases:
        b = _coherent(p)
        if not b:
            continue
        if precedente and b[0] < precedente[1][0]:
            alerte(
                "phases-ordre", "attention",
                f"La phase {nom_p[p['id']]} commence le {_date_fr(b[0])}, avant la phase {nom_p[precedente[0]['id']]} "
                f"(qui commence le {_date_fr(precedente[1][0])}) alors qu'elle la suit dans le plan{NB}: "
                "remettez les phases dans l'ordre chronologique ou corrigez leurs dates.",
                p["id"],
            )
        precedente = (p, b)

    # phases-chevauchement
    datees = [(p, _coherent(p)) for p in phases if _coherent(p)]
    for i, (p, bp) in enumerate(datees):
        for q, bq in datees[i + 1:]:
            debut, fin = max(bp[0], bq[0]), min(bp[1], bq[1])
            if debut <= fin:
                alerte(
                    "phases-chevauchement", "attention",
                    f"Les phases {nom_p[p['id']]} et {nom_p[q['id']]} se chevauchent {_le(debut, fin)}. "
                    f"Si c'est voulu (par exemple une évaluation qui commence pendant la mise en œuvre), vous pouvez l'ignorer{NB}; "
                    "sinon, décalez l'une des deux.",
                    q["id"],
                )

    # phase-inconnue
    for a in actions:
        if a["phase"] not in phase_par_id:
            if not _vide(a["phase"]):
                message = f"L'action {nom_a[a['id']]} est rattachée à une phase qui n'existe pas ({_g(a['phase'])}){NB}: choisissez l'une des phases du plan."
            else:
                message = f"L'action {nom_a[a['id']]} n'est rattachée à aucune phase{NB}: choisissez l'une des phases du plan."
            alerte("phase-inconnue", "erreur", message, a["id"])

    # action-hors-phase
    for a in actions:
        p = phase_par_id.get(a["phase"])
        ba, bp = _coherent(a), _coherent(p) if p else None
        if ba and bp and (ba[0] < bp[0] or ba[1] > bp[1]):
            alerte(
                "action-hors-phase", "attention",
                f"L'action {nom_a[a['id']]} ({_quand(*ba)}) déborde de sa phase {nom_p[p['id']]} ({_quand(*bp)}){NB}: "
                "ajustez les dates de l'action ou celles de la phase.",
                a["id"],
            )

    # dispositif-inconnu
    for a in actions:
        if a["dispositif"] and a["dispositif"] not in ctx.catalogue:
            alerte(
                "dispositif-inconnu", "erreur",
                f"L'action {nom_a[a['id']]} utilise un dispositif inconnu du catalogue du cours ({_g(a['dispositif'])}){NB}: "
                "choisissez un dispositif de la liste, ou aucun s'il s'agit d'une étape interne (délibération, étude…).",
                a["id"],
            )

    # public-inconnu
    connus = {p["id"] for p in ctx.referentiel["publics"]}
    for a in actions:
        inconnus = [p for p in a["publics"] if p not in connus]
        if inconnus:
            s = "s" if len(inconnus) > 1 else ""
            alerte(
                "public-inconnu", "erreur",
                f"L'action {nom_a[a['id']]} cible {'des' if s else 'un'} public{s} inconnu{s} du référentiel du cours "
                f"({_liste([_g(p) for p in inconnus])}){NB}: choisissez les publics dans la liste proposée.",
                a["id"],
            )

    # duree-legale
    if projet["type"] in ctx.types_projet:
        for a in actions:
            b = _coherent(a)
            if not b or not a["dispositif"]:
                continue
            ecart = ctx.ecart_duree(a["dispositif"], b[0], b[1], projet["type"])
            if ecart is None:
                continue
            nom_disp = _nom_dispositif(ctx, a["dispositif"])
            jours = f"{_nombre(ecart['jours'])} jour{'s' if ecart['jours'] > 1 else ''}"
            debut = f"L'action {nom_a[a['id']]} ({nom_disp}) dure {jours} ({_quand(*b)}). {ecart['texte']}"
            if ecart["ecart"] == "trop-court":
                conseil = f"Allongez-la à au moins {_nombre(ecart['limite'])} jours."
            elif ecart["ecart"] == "prolongation":
                conseil = f"Au-delà du {_date_fr(ecart['limite'])}, il faut la prolongation prévue par la loi{NB}: raccourcissez-la ou vérifiez qu'elle sera décidée."
            else:
                limite = ecart["limite"]
                conseil = (
                    f"Raccourcissez-la pour qu'elle se termine au plus tard le {_date_fr(limite)}."
                    if isinstance(limite, str)
                    else f"Raccourcissez-la à {_nombre(limite)} jours au plus."
                )
            alerte("duree-legale", "attention", f"{debut} {conseil}", a["id"])

    # retour-manquant
    retours = [a for a in actions if a["retour_participants"]]
    for a in actions:
        if a["retour_participants"] or a["niveau_iap2"] not in NIVEAUX[1:]:
            continue
        b = _bornes(a)
        couvert = any(r is not a and (b is None or _bornes(r) is None or _bornes(r)[0] >= b[1]) for r in retours)
        if couvert:
            continue
        niveau = niveaux[a["niveau_iap2"]]["libelle"].lower()
        quand = f"qui se termine le {_date_fr(b[1])}" if b else "qui n'est pas encore datée"
        apres = f"à partir du {_date_fr(b[1])}" if b else "après elle"
        alerte(
            "retour-manquant", "attention",
            f"Aucune action ne rend compte aux participants de l'action {nom_a[a['id']]} (niveau {_g(niveau)}), {quand}{NB}: "
            f"ajoutez un retour {apres} (réunion de restitution, compte rendu publié, courrier…) et cochez {_g('retour aux participants')}. "
            "Sans retour, les personnes ne savent pas ce que leur avis est devenu.",
            a["id"],
        )

    # Calendrier : jours fériés, vacances scolaires, période préélectorale, là où le
    # calendrier du cours couvre les dates (sinon : calendrier-non-verifie)
    couverture = {}
    for a in actions:
        b = _coherent(a)
        if b:
            couverture[a["id"]] = [(j, ctx.verifie(j)) for j in _jours(*b)]
    for a in actions:
        b = _coherent(a)
        if not b or not a["temps_public"]:
            continue
        feries = [(j, n) for j, v in couverture[a["id"]] if v["feries"] and (n := ctx.ferie(j, collectivite["alsace_moselle"]))]
        if feries:
            un = len(feries) == 1
            alerte(
                "jour-ferie", "attention",
                f"L'action {nom_a[a['id']]} ({_quand(*b)}) tombe {'un jour férié' if un else 'sur des jours fériés'}{NB}: "
                f"{_liste([f'{_date_fr(j)} ({n})' for j, n in feries])}. Une partie du public sera absente ou indisponible{NB}: "
                "choisissez une autre date.",
                a["id"],
            )
    for a in actions:
        b = _coherent(a)
        if not b or not a["temps_public"]:
            continue
        jours = couverture[a["id"]]
        noms = [n for j, v in jours if v["vacances"] and (n := ctx.vacances(j, collectivite["zone_scolaire"]))]
        if noms:
            partie = "pendant" if len(noms) == len(jours) else "en partie pendant"
            alerte(
                "vacances-scolaires", "attention",
                f"L'action {nom_a[a['id']]} ({_quand(*b)}) tombe {partie} les vacances scolaires de la zone {collectivite['zone_scolaire']} "
                f"({_liste([_initiale_minuscule(n) for n in dict.fromkeys(noms)])}). Les familles seront moins disponibles{NB}: déplacez-la, ou prévoyez "
                "un format qui leur convient (horaires, accueil des enfants).",
                a["id"],
            )
    periodes: dict[str, tuple[dict, list[dict]]] = {}  # une alerte par période, qui nomme les actions concernées
    for a in actions:
        b = _coherent(a)
        if not b or not a["niveau_iap2"]:
            continue
        for j, v in couverture[a["id"]]:
            if v["feries"] and (p := ctx.preelectorale(j, collectivite["type"])):
                periode, concernees = periodes.setdefault(p["election"], (p, []))
                if a not in concernees:
                    concernees.append(a)
    for p, concernees in periodes.values():
        reserve = f" À noter{NB}: {p['reserve']}" if p.get("reserve") else ""
        if len(concernees) == 1:
            a = concernees[0]
            debut = f"L'action {nom_a[a['id']]} ({_quand(*_coherent(a))}) se tient pendant une période préélectorale."
            fin = "Faites relire les supports de communication de cette action, ou déplacez-la."
        else:
            debut = f"Les actions {_liste([nom_a[a['id']] for a in concernees])} se tiennent pendant une période préélectorale."
            fin = "Faites relire les supports de communication de ces actions, ou déplacez-les."
        alerte("periode-preelectorale", "attention", f"{debut} {p['texte']}{reserve} {fin}", concernees[0]["id"] if len(concernees) == 1 else None)

    # calendrier-non-verifie
    hors = [a for a in actions if a["id"] in couverture and any(not v["feries"] or (a["temps_public"] and not v["vacances"]) for _, v in couverture[a["id"]])]
    if hors:
        plage = ctx.plage
        quoi = "de l'action" if len(hors) == 1 else "des actions"
        vacances = (
            f"les vacances scolaires jusqu'au {_date_fr(plage['vacances_jusqu_au'])} (derniers calendriers publiés)"
            if plage["vacances_jusqu_au"]
            else "les vacances scolaires ne sont pas connues"
        )
        alerte(
            "calendrier-non-verifie", "info",
            f"Le calendrier du cours ne couvre pas toutes les dates {quoi} {_liste([nom_a[a['id']] for a in hors])}{NB}: "
            f"il vérifie les jours fériés et les périodes préélectorales du {_date_fr(plage['debut'])} au {_date_fr(plage['fin'])}, et {vacances}. "
            "Vérifiez vous-même les autres dates.",
        )

    if actions:
        # publics-oublies
        touches = {p for a in actions for p in a["publics"]}
        eloignes = [p for p in ctx.referentiel["publics"] if p["eloigne"]]
        oublies = [p for p in eloignes if p["id"] not in touches]
        if oublies and len(oublies) == len(eloignes):
            alerte(
                "publics-oublies", "attention",
                f"Aucune action ne cible un public éloigné de la participation{NB}: les habitués risquent d'être les seuls à participer. "
                f"Allez vers au moins certains de ces publics{NB}: {_liste([_initiale_minuscule(p['libelle']) for p in oublies])}.",
            )
        elif oublies:
            alerte(
                "publics-oublies", "info",
                f"Publics éloignés de la participation que le plan ne cible pas encore{NB}: {_liste([_initiale_minuscule(p['libelle']) for p in oublies])}. "
                f"Sont-ils concernés par le projet{NB}? Si oui, prévoyez une façon d'aller vers eux.",
            )
        # niveaux-iap2
        couverts = [n for n in NIVEAUX if any(a["niveau_iap2"] == n for a in actions)]
        if couverts:
            manquants = [n for n in NIVEAUX if n not in couverts]
            message = f"Niveaux de participation couverts (spectre de l'IAP2){NB}: {_liste(couverts)}."
            if manquants:
                message += f" Non couverts{NB}: {_liste(manquants)}."
        else:
            message = f"Aucune action n'a de niveau de participation{NB}: le plan ne comporte que des étapes internes."
        alerte("niveaux-iap2", "info", message)
        # budget-total
        total = sum(a["budget"] for a in actions)
        sans = sum(1 for a in actions if a["budget"] == 0)
        n = len(actions)
        message = f"Budget total prévu{NB}: {_euros(total)} pour {n} action{'s' if n > 1 else ''}"
        message += f" (dont {sans} à 0{NB}€)." if sans else "."
        alerte("budget-total", "info", message)
    return alertes


def _initiale_minuscule(texte: str) -> str:
    return texte[:1].lower() + texte[1:]


# --- Synthèse ------------------------------------------------------------------


def synthese(plan: dict, ctx: _Contexte | None = None) -> dict:
    ctx = ctx or _contexte_python()
    actions = plan["actions"]
    dates = sorted(d for x in plan["phases"] + actions for d in (x["debut"], x["fin"]) if d)
    touches = {p for a in actions for p in a["publics"]}
    publics = [p["id"] for p in ctx.referentiel["publics"] if p["id"] in touches]
    return {
        "nb_phases": len(plan["phases"]),
        "nb_actions": len(actions),
        "nb_temps_publics": sum(1 for a in actions if a["temps_public"]),
        "nb_retours": sum(1 for a in actions if a["retour_participants"]),
        "budget_total": sum(a["budget"] for a in actions),
        "niveaux_iap2": [n for n in NIVEAUX if any(a["niveau_iap2"] == n for a in actions)],
        "niveaux_iap2_absents": [n for n in NIVEAUX if not any(a["niveau_iap2"] == n for a in actions)],
        "publics": publics,
        "publics_eloignes_oublies": [p["id"] for p in ctx.referentiel["publics"] if p["eloigne"] and p["id"] not in touches],
        "debut": dates[0] if dates else None,
        "fin": dates[-1] if dates else None,
    }


def _majuscule(texte: str) -> str:
    return texte[:1].upper() + texte[1:]


def lignes_synthese(plan: dict, ctx: _Contexte | None = None) -> list[tuple[str, str]]:
    """La synthèse en clair (libellé, valeur), avec les libellés de la section
    « Calendrier et synthèse » du constructeur (``ihmLignesSynthese`` dans ``feuille.js``)."""
    ctx = ctx or _contexte_python()
    s = synthese(plan, ctx)
    niveaux = {n["id"]: n["libelle"] for n in ctx.referentiel["niveaux_iap2"]}
    publics = {p["id"]: p["libelle"] for p in ctx.referentiel["publics"]}

    def pluriel(n: int, mot: str) -> str:
        return f"{n} {mot}{'s' if n > 1 else ''}"

    def liste(ids: list[str], noms: dict) -> str:
        return ", ".join(noms.get(i, i) for i in ids) or "aucun"

    return [
        ("Calendrier", _quand(s["debut"], s["fin"]) if s["debut"] else "à préciser"),
        (
            "Phases et actions",
            f"{pluriel(s['nb_phases'], 'phase')}, {pluriel(s['nb_actions'], 'action')}, dont "
            f"{pluriel(s['nb_temps_publics'], 'temps public')} et {pluriel(s['nb_retours'], 'retour')} aux participants",
        ),
        ("Budget total", _euros(s["budget_total"])),
        ("Niveaux de participation couverts", liste(s["niveaux_iap2"], niveaux)),
        ("Niveaux non couverts", liste(s["niveaux_iap2_absents"], niveaux)),
        ("Publics ciblés", liste(s["publics"], publics)),
        ("Publics éloignés de la participation pas encore ciblés", liste(s["publics_eloignes_oublies"], publics)),
    ]


# --- Exports -------------------------------------------------------------------


def vers_json(plan: dict) -> str:
    return json.dumps(plan, ensure_ascii=False, indent=2) + "\n"


def _actions_ordonnees(plan: dict) -> list[dict]:
    """Les actions dans l'ordre des phases, puis des dates (non datées à la fin de leur
    phase), puis du plan ; les actions sans phase connue à la fin."""
    rang = {p["id"]: n for n, p in enumerate(plan["phases"])}
    cles = []
    for n, a in enumerate(plan["actions"]):
        b = _bornes(a)
        cles.append(((rang.get(a["phase"], len(rang)), 0 if b else 1, b[0] if b else "", n), a))
    return [a for _, a in sorted(cles, key=lambda c: c[0])]


def _groupes(plan: dict) -> list[tuple[dict | None, list[dict]]]:
    """(phase, actions) dans l'ordre ; (None, actions sans phase connue) à la fin s'il y en a."""
    ordonnees = _actions_ordonnees(plan)
    groupes = [(p, [a for a in ordonnees if a["phase"] == p["id"]]) for p in plan["phases"]]
    ids = {p["id"] for p in plan["phases"]}
    orphelines = [a for a in ordonnees if a["phase"] not in ids]
    if orphelines:
        groupes.append((None, orphelines))
    return groupes


def _dates_texte(x: dict) -> str:
    b = _bornes(x)
    return _quand(*b) if b else "à dater"


def _libelle_type(plan: dict, ctx: _Contexte) -> str:
    return next((t["libelle"] for t in ctx.referentiel["types_collectivite"] if t["id"] == plan["collectivite"]["type"]), plan["collectivite"]["type"])


def _entete_collectivite(plan: dict, ctx: _Contexte) -> str:
    c = plan["collectivite"]
    morceaux = [_libelle_type(plan, ctx), f"{_nombre(c['population'])} habitants", f"zone de vacances scolaires {c['zone_scolaire']}"]
    if c["alsace_moselle"]:
        morceaux.append("Alsace-Moselle")
    return ", ".join(morceaux)


def _cellule_csv(valeur: object, texte_libre: bool = False) -> str:
    t = str(valeur)
    if texte_libre and t[:1] in ("=", "+", "-", "@", "\t", "\r"):
        t = "'" + t  # un tableur n'interprète pas la cellule comme une formule
    if any(c in t for c in ';"\r\n'):
        t = '"' + t.replace('"', '""') + '"'
    return t


def vers_csv(plan: dict, ctx: _Contexte | None = None) -> str:
    ctx = ctx or _contexte_python()
    entetes = ["Identifiant", "Phase", "Action", "Dispositif", "Niveau de participation", "Début", "Fin", "Responsable", "Budget (€)", "Publics", "Indicateur", "Temps public", "Retour aux participants"]
    lignes = [";".join(entetes)]
    for a in _actions_ordonnees(plan):
        cellules = [
            _cellule_csv(a["id"], True),
            _cellule_csv(_nom_phase(plan, a["phase"]), True),
            _cellule_csv(a["intitule"], True),
            _cellule_csv(_nom_dispositif(ctx, a["dispositif"]), True),
            _cellule_csv(a["niveau_iap2"]),
            _cellule_csv(a["debut"]),
            _cellule_csv(a["fin"]),
            _cellule_csv(a["responsable"], True),
            _cellule_csv(a["budget"]),
            _cellule_csv(f"{NB}; ".join(_nom_public(ctx, p) for p in a["publics"]), True),
            _cellule_csv(a["indicateur"], True),
            "oui" if a["temps_public"] else "non",
            "oui" if a["retour_participants"] else "non",
        ]
        lignes.append(";".join(cellules))
    return "\ufeff" + "\r\n".join(lignes) + "\r\n"


def _md(texte: str) -> str:
    """Texte libre sûr en Markdown : rien n'est interprété comme du HTML ni comme de la mise en forme."""
    t = re.sub(r"[\r\n]+", " ", texte)
    t = t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]|~#])", r"\\\1", t)


def _en_bref(plan: dict, ctx: _Contexte) -> list[tuple[str, str]]:
    """Les lignes « En bref » (libellé, valeur en texte brut)."""
    s = synthese(plan, ctx)
    periode = _quand(s["debut"], s["fin"]) if s["debut"] else "pas encore datée"
    n = s["nb_actions"]
    actions = f"{n}, dont {s['nb_temps_publics']} temps public{'s' if s['nb_temps_publics'] > 1 else ''} et {s['nb_retours']} retour{'s' if s['nb_retours'] > 1 else ''} aux participants"
    publics = {p["id"]: p["libelle"] for p in ctx.referentiel["publics"]}
    return [
        ("Période", periode),
        ("Budget total", _euros(s["budget_total"])),
        ("Actions", actions),
        ("Niveaux de participation couverts", _liste(s["niveaux_iap2"]) or "aucun"),
        ("Publics éloignés de la participation non ciblés", _liste([publics[p] for p in s["publics_eloignes_oublies"]]) or "aucun"),
    ]


def _projet_lignes(plan: dict, ctx: _Contexte) -> list[tuple[str, str]]:
    p = plan["projet"]
    lignes = [("Type de projet", ctx.types_projet.get(p["type"], p["type"]))]
    if not _vide(p["objectif"]):
        lignes.append(("Objectif", p["objectif"]))
    if not _vide(p["non_negociable"]):
        lignes.append(("Ce qui n'est pas négociable", p["non_negociable"]))
    return lignes


def _cellules_action(a: dict, ctx: _Contexte) -> list[str]:
    """Action, dates, dispositif, niveau, publics, responsable, budget, indicateur (texte brut)."""
    return [
        a["intitule"],
        _dates_texte(a),
        _nom_dispositif(ctx, a["dispositif"]) or "étape interne",
        a["niveau_iap2"] or "–",
        ", ".join(_nom_public(ctx, p) for p in a["publics"]) or "–",
        a["responsable"] or "–",
        _euros(a["budget"]),
        a["indicateur"] or "–",
    ]


COLONNES = ["Action", "Dates", "Dispositif", "Niveau", "Publics", "Responsable", "Budget", "Indicateur"]
MENTION = (
    "Feuille de route établie avec le constructeur du cours «\u00a0L'innovation territoriale et la démocratie participative\u00a0». "
    "Vérifiez les dates et les obligations légales avant de la diffuser."
)


def _titre(plan: dict) -> str:
    intitule = plan["projet"]["intitule"]
    return "Feuille de route" if _vide(intitule) else f"Feuille de route{NB}: {intitule}"


def _marques(a: dict) -> list[str]:
    return (["temps public"] if a["temps_public"] else []) + (["retour aux participants"] if a["retour_participants"] else [])


def vers_markdown(plan: dict, ctx: _Contexte | None = None) -> str:
    ctx = ctx or _contexte_python()
    c = plan["collectivite"]
    l = [f"# {_md(_titre(plan))}", ""]
    l.append((f"**{_md(c['nom'])}** — " if not _vide(c["nom"]) else "") + _md(_entete_collectivite(plan, ctx)))
    l += ["", "## Le projet", ""]
    l += [f"- **{_md(k)}{NB}:** {_md(v)}" for k, v in _projet_lignes(plan, ctx)]
    l += ["", "## En bref", ""]
    l += [f"- **{_md(k)}{NB}:** {_md(v)}" for k, v in _en_bref(plan, ctx)]
    l += ["", "## Phases et actions", ""]
    if not plan["actions"] and not plan["phases"]:
        l += ["Aucune phase ni action pour l'instant.", ""]
    for n, (p, actions) in enumerate(_groupes(plan), 1):
        titre = f"{n}. {p['nom'] or 'Phase sans nom'} ({_dates_texte(p)})" if p else "Actions sans phase"
        l += [f"### {_md(titre)}", ""]
        if not actions:
            l += ["Aucune action dans cette phase.", ""]
            continue
        l.append("| " + " | ".join(COLONNES) + " |")
        l.append("|" + "|".join("---:" if k == "Budget" else "---" for k in COLONNES) + "|")
        for a in actions:
            cellules = [_md(x) for x in _cellules_action(a, ctx)]
            if _marques(a):
                cellules[0] += f" *({_md(', '.join(_marques(a)))})*"
            l.append("| " + " | ".join(cellules) + " |")
        l.append("")
    obligations = _obligations(plan, ctx)
    l += ["## Obligations et possibilités légales", ""]
    if obligations:
        l += [f"- {_md(o['titre'])} ({NATURES[o['nature']]}){' — à vérifier' if o.get('reserve') else ''}" for o in obligations]
    else:
        l.append("Aucune obligation déterminée (choisissez un type de projet connu).")
    l += ["", f"Détail, sources et réserves{NB}: voir la page «{NB}Stratégie et feuille de route{NB}» du cours.", ""]
    alertes = verifier(plan, ctx)
    l += ["## Points de vigilance", ""]
    l += [f"- **{NIVEAUX_LIBELLES[a['niveau']]}{NB}:** {_md(a['message'])}" for a in alertes] or ["Aucune remarque."]
    l += ["", f"*{_md(MENTION)}*", ""]
    return "\n".join(l)


CSS = """\
@page { size: A4 landscape; margin: 8mm; }
* { box-sizing: border-box; }
body { font-family: "Marianne", "Segoe UI", Arial, sans-serif; color: #1e1e1e; background: #fff; font-size: 10.5pt; line-height: 1.35; max-width: 1120px; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.55rem; margin: 0 0 .2rem; color: #000091; }
h2 { font-size: 1.1rem; margin: 1rem 0 .35rem; border-bottom: 2px solid #000091; padding-bottom: .1rem; }
p { margin: .25rem 0; }
.collectivite { font-size: 1rem; color: #3a3a3a; }
dl.faits { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; margin: 0; }
dl.faits dt { font-weight: bold; }
dl.faits dd { margin: 0; }
.colonnes { display: grid; grid-template-columns: 1.2fr 1fr 1fr; gap: 0 1.5rem; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
caption { text-align: left; font-weight: bold; padding: .2rem 0; }
th, td { border: 1px solid #8a8a8a; padding: .2rem .35rem; text-align: left; vertical-align: top; }
thead th { background: #e3e3fd; }
tbody th[scope=rowgroup] { background: #f0f0f0; font-size: 9.5pt; }
td.budget { text-align: right; white-space: nowrap; }
td.dates { white-space: nowrap; }
.marque { display: inline-block; font-size: 8pt; border: 1px solid #555; border-radius: 3px; padding: 0 .25rem; margin-left: .25rem; }
ul.obligations { padding-left: 1.1rem; margin: .2rem 0; }
ul.alertes { padding-left: 1.1rem; margin: .2rem 0; }
ul.alertes li { margin: .1rem 0; }
.niveau-erreur { color: #b00020; }
.niveau-attention { color: #8a4b00; }
.niveau-info { color: #1f4e79; }
footer { margin-top: 1rem; font-size: 8.5pt; color: #3a3a3a; border-top: 1px solid #8a8a8a; padding-top: .3rem; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 7.5pt; line-height: 1.2; }
  h1 { font-size: 13pt; }
  .collectivite { font-size: 9pt; }
  h2 { font-size: 10pt; margin: .3rem 0 .15rem; break-after: avoid; }
  table { font-size: 7pt; table-layout: fixed; }
  th, td { padding: .05rem .2rem; }
  thead th:nth-child(1) { width: 18%; }
  thead th:nth-child(2) { width: 10%; }
  thead th:nth-child(3) { width: 10%; }
  thead th:nth-child(4) { width: 6%; }
  thead th:nth-child(5) { width: 24%; }
  thead th:nth-child(6) { width: 10%; }
  thead th:nth-child(7) { width: 6%; }
  thead th:nth-child(8) { width: 16%; }
  td.dates { white-space: normal; }
  tbody th[scope=rowgroup] { font-size: 7.5pt; }
  .marque { font-size: 6.5pt; }
  tr { break-inside: avoid; }
  .annexe { break-before: page; }
}
"""


def _h(texte: str) -> str:
    return html.escape(texte, quote=True)


def _liste_html(classe: str, elements: list[str], si_vide: str) -> list[str]:
    """Une liste à puces d'éléments déjà échappés, ou la phrase ``si_vide`` s'il n'y en a aucun."""
    if not elements:
        return [f"<p>{si_vide}</p>"]
    return [f'<ul class="{classe}">', *(f"<li>{e}</li>" for e in elements), "</ul>"]


def vers_html(plan: dict, ctx: _Contexte | None = None) -> str:
    ctx = ctx or _contexte_python()
    c = plan["collectivite"]
    titre = _titre(plan)
    l = [
        "<!DOCTYPE html>",
        '<html lang="fr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(titre)}</title>",
        "<style>",
        CSS.rstrip("\n"),
        "</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_h(titre)}</h1>",
        f'<p class="collectivite">' + (f"<strong>{_h(c['nom'])}</strong> — " if not _vide(c["nom"]) else "") + f"{_h(_entete_collectivite(plan, ctx))}</p>",
        "</header>",
        "<main>",
        '<div class="colonnes">',
        '<section aria-labelledby="titre-projet">',
        '<h2 id="titre-projet">Le projet</h2>',
        '<dl class="faits">',
    ]
    l += [f"<dt>{_h(k)}</dt><dd>{_h(v)}</dd>" for k, v in _projet_lignes(plan, ctx)]
    l += ["</dl>", "</section>", '<section aria-labelledby="titre-bref">', '<h2 id="titre-bref">En bref</h2>', '<dl class="faits">']
    l += [f"<dt>{_h(k)}</dt><dd>{_h(v)}</dd>" for k, v in _en_bref(plan, ctx)]
    l += ["</dl>", "</section>", '<section aria-labelledby="titre-obligations">', '<h2 id="titre-obligations">Obligations et possibilités légales</h2>']
    l += _liste_html(
        "obligations",
        [f"{_h(o['titre'])} ({_h(NATURES[o['nature']])}){' — à vérifier' if o.get('reserve') else ''}" for o in _obligations(plan, ctx)],
        "Aucune obligation déterminée (choisissez un type de projet connu).",
    )
    l += [
        f"<p>Détail, sources et réserves{NB}: voir la page «{NB}Stratégie et feuille de route{NB}» du cours.</p>",
        "</section>",
        "</div>",
        '<section aria-labelledby="titre-actions">',
        '<h2 id="titre-actions">Phases et actions</h2>',
    ]
    groupes = _groupes(plan)
    if not groupes:
        l.append("<p>Aucune phase ni action pour l'instant.</p>")
    else:
        l += ["<table>", "<caption>Actions de la feuille de route, par phase</caption>", "<thead>", "<tr>" + "".join(f'<th scope="col">{_h(k)}</th>' for k in COLONNES) + "</tr>", "</thead>"]
        for n, (p, actions) in enumerate(groupes, 1):
            titre_phase = f"{n}. {p['nom'] or 'Phase sans nom'} ({_dates_texte(p)})" if p else "Actions sans phase"
            l += ["<tbody>", f'<tr><th scope="rowgroup" colspan="{len(COLONNES)}">{_h(titre_phase)}</th></tr>']
            if not actions:
                l.append(f'<tr><td colspan="{len(COLONNES)}">Aucune action dans cette phase.</td></tr>')
            for a in actions:
                cel = [_h(x) for x in _cellules_action(a, ctx)]
                cel[0] += "".join(f' <span class="marque">{_h(m)}</span>' for m in _marques(a))
                classes = ["", ' class="dates"', "", "", "", "", ' class="budget"', ""]
                l.append("<tr>" + "".join(f"<td{k}>{x}</td>" for k, x in zip(classes, cel)) + "</tr>")
            l.append("</tbody>")
        l.append("</table>")
    l += [
        "</section>",
        '<section class="annexe" aria-labelledby="titre-vigilance">',
        '<h2 id="titre-vigilance">Points de vigilance</h2>',
    ]
    l += _liste_html(
        "alertes",
        [f'<strong class="niveau-{a["niveau"]}">{_h(NIVEAUX_LIBELLES[a["niveau"]])}{NB}:</strong> {_h(a["message"])}' for a in verifier(plan, ctx)],
        "Aucune remarque.",
    )
    l += ["</section>", "</main>", f"<footer><p>{_h(MENTION)}</p></footer>", "</body>", "</html>", ""]
    return "\n".join(l)


PRODID = "-//Atelier innovation territoriale et démocratie participative//Feuille de route//FR"
_CONTROLES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _texte_ics(texte: str) -> str:
    return _CONTROLES.sub(" ", texte)


def _uid(plan: dict, action: dict) -> str:
    racine = "-".join(s for s in (_slug(plan["collectivite"]["nom"]), _slug(plan["projet"]["intitule"])) if s) or "feuille-de-route"
    return f"{action['id']}.{racine}@feuille-de-route.atelier"


def _description_ics(plan: dict, a: dict, ctx: _Contexte) -> str:
    lignes = [
        ("Phase", _nom_phase(plan, a["phase"]) or "sans phase"),
        ("Dispositif", _nom_dispositif(ctx, a["dispositif"]) or "étape interne"),
        ("Niveau de participation", a["niveau_iap2"] or "étape interne"),
        ("Publics", ", ".join(_nom_public(ctx, p) for p in a["publics"]) or "non précisés"),
        ("Responsable", a["responsable"] or "à désigner"),
        ("Budget", _euros(a["budget"])),
        ("Indicateur", a["indicateur"] or "à définir"),
        ("Temps public", "oui" if a["temps_public"] else "non"),
        ("Retour aux participants", "oui" if a["retour_participants"] else "non"),
        ("Projet", " — ".join(x for x in (plan["projet"]["intitule"], plan["collectivite"]["nom"]) if not _vide(x)) or "sans titre"),
    ]
    return "\n".join(f"{k}{NB}: {v}" for k, v in lignes)


def vers_ics(plan: dict, ctx: _Contexte | None = None, horodatage: datetime | str | None = None) -> str:
    """iCalendar (RFC 5545) produit par la bibliothèque ``icalendar`` : un VEVENT par
    action datée (cohérente), sur des journées entières, ``UID`` stable."""
    import icalendar

    ctx = ctx or _contexte_python()
    if isinstance(horodatage, str):  # « 2026-12-02T10:00:00Z », comme en JavaScript
        horodatage = datetime.fromisoformat(horodatage.replace("Z", "+00:00"))
    horodatage = (horodatage or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    for a in _actions_ordonnees(plan):
        b = _coherent(a)
        if not b:
            continue
        e = icalendar.Event()
        e.add("summary", _texte_ics("Action sans intitulé" if _vide(a["intitule"]) else a["intitule"]))
        e.add("dtstart", _jour(b[0]))
        e.add("dtend", _jour(b[1]) + timedelta(days=1))
        e.add("dtstamp", horodatage)
        e.add("uid", _texte_ics(_uid(plan, a)))
        e.add("description", _texte_ics(_description_ics(plan, a, ctx)))
        cal.add_component(e)
    return cal.to_ical().decode("utf-8")
