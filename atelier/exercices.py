"""Les exercices notés du cours : définitions, correction, couverture des objectifs.

Une seule source par exercice : sa définition dans ``data/exercices/*.yaml``
(énoncé, options, solution, retours). La correction ci-dessous est la référence ;
le module JavaScript du widget (``widgets/js/exercice.js``) en est le miroir, et
les vecteurs ``tests/vecteurs/exercices.json`` (générés à partir des définitions :
la solution, puis chaque mauvaise réponse type) sont vérifiés des deux côtés.

Types : ``choix-unique``, ``choix-multiple``, ``numerique``, ``ordre``,
``association`` (corrigés dans le navigateur, sans noyau), ``code`` (vérifié dans
un noyau par :func:`atelier.verification.verifier`) et ``reflexion`` (non noté,
gardé dans le journal de la personne).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from .donnees import dossier_donnees, lire_yaml
from .lecture import normaliser

TYPES_NOTES = ("choix-unique", "choix-multiple", "numerique", "ordre", "association", "code")
TYPES = TYPES_NOTES + ("reflexion",)
NB = "\u00a0"

# Unités reconnues sous plusieurs écritures.
SYNONYMES_UNITES = {
    "%": ["%", "pour cent", "pourcent", "pourcents", "pourcentage"],
    "habitants": ["habitants", "habitant", "hab", "hab."],
    "heures": ["heures", "heure", "h"],
    "minutes": ["minutes", "minute", "min", "mn"],
    "jours": ["jours", "jour", "j"],
    "euros": ["euros", "euro", "€", "eur"],
    "personnes": ["personnes", "personne", "pers", "pers."],
}


@dataclass(frozen=True)
class Correction:
    """Le résultat d'une correction. ``reussi`` vaut None pour une réflexion (non notée)."""

    reussi: bool | None
    score: float
    message: str
    details: tuple[str, ...] = field(default_factory=tuple)

    def comme_dict(self) -> dict:
        return {"reussi": self.reussi, "score": self.score, "message": self.message, "details": list(self.details)}


class ErreurExercice(ValueError):
    """Une définition d'exercice ou un identifiant invalide, expliqué en français."""


@lru_cache(maxsize=1)
def _tous() -> dict[str, dict]:
    exercices: dict[str, dict] = {}
    for fichier in sorted((dossier_donnees() / "exercices").glob("*.yaml")):
        for ex in lire_yaml(f"exercices/{fichier.name}") or []:
            if ex["id"] in exercices:
                raise ErreurExercice(f"Identifiant d'exercice en double{NB}: «{NB}{ex['id']}{NB}».")
            exercices[ex["id"]] = ex
    return exercices


def exercices() -> list[dict]:
    """Toutes les définitions d'exercices, dans l'ordre des fichiers."""
    return list(_tous().values())


def exercice(identifiant: str) -> dict:
    try:
        return _tous()[identifiant]
    except KeyError:
        raise ErreurExercice(f"Exercice inconnu{NB}: «{NB}{identifiant}{NB}».") from None


@lru_cache(maxsize=1)
def objectifs() -> list[dict]:
    """Les objectifs de la plaquette et ses acquis recherchés (``data/objectifs.yaml``)."""
    return lire_yaml("objectifs.yaml")["objectifs"]


# --- Lecture des réponses -------------------------------------------------------


_NOMBRE = re.compile(r"^\s*([-+]?[\d\s\u00a0\u202f.,]*\d)\s*(.*?)\s*$")


def lire_nombre(texte: object) -> tuple[float, str] | None:
    """« 80 000 habitants » → (80000.0, "habitants") ; « 12,5 % » → (12.5, "%").

    Espaces (y compris insécables) comme séparateurs de milliers, virgule ou point
    décimal, « 80.000 » lu comme quatre-vingt mille. None si ce n'est pas un nombre."""
    if isinstance(texte, bool):
        return None
    if isinstance(texte, (int, float)):
        return (float(texte), "") if math.isfinite(texte) else None
    correspondance = _NOMBRE.match(str(texte))
    if not correspondance:
        return None
    chiffres, unite = correspondance.groups()
    chiffres = re.sub(r"[\s\u00a0\u202f]", "", chiffres)
    if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", chiffres):
        chiffres = chiffres.replace(".", "")
    elif chiffres.count(",") == 1 and "." not in chiffres:
        chiffres = chiffres.replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)", chiffres):
        return None
    return float(chiffres), unite.strip()


def unite_acceptee(unite_saisie: str, unite_attendue: str | None) -> bool:
    if not unite_saisie or not unite_attendue:
        return not unite_saisie or not unite_attendue
    attendues = SYNONYMES_UNITES.get(unite_attendue, [unite_attendue])
    return normaliser(unite_saisie) in {normaliser(u) for u in attendues + [unite_attendue]}


# --- Correction -----------------------------------------------------------------


def _pluriel(n: int, singulier: str, pluriel: str) -> str:
    return f"{n} {singulier if n <= 1 else pluriel}"


def _relire(ex: dict) -> str:
    relire = ex.get("relire")
    return f" À relire{NB}: «{NB}{relire['texte']}{NB}»." if relire else ""


def _bravo(ex: dict) -> Correction:
    return Correction(True, 1.0, f"Bonne réponse. {ex.get('explication', '')}".strip())


def _comme_liste(reponse: object) -> list:
    if reponse is None or reponse == "":
        return []
    if isinstance(reponse, (list, tuple)):
        return list(reponse)
    return [reponse]


def _choix_unique(ex: dict, reponse: object) -> Correction:
    choix = _comme_liste(reponse)
    if not choix:
        return Correction(False, 0.0, "Choisissez une réponse.")
    options = {o["id"]: o for o in ex["options"]}
    if len(choix) != 1 or choix[0] not in options:
        return Correction(False, 0.0, "Choisissez une seule réponse parmi celles proposées.")
    if choix[0] in ex["solution"]:
        return _bravo(ex)
    return Correction(False, 0.0, f"Ce n'est pas la bonne réponse. {options[choix[0]]['retour']}{_relire(ex)}")


def _choix_multiple(ex: dict, reponse: object) -> Correction:
    choix = _comme_liste(reponse)
    if not choix:
        return Correction(False, 0.0, "Cochez au moins une réponse.")
    options = {o["id"]: o for o in ex["options"]}
    if any(c not in options for c in choix):
        return Correction(False, 0.0, "Cochez uniquement des réponses proposées.")
    solution = set(ex["solution"])
    coches = set(choix)
    if coches == solution:
        return _bravo(ex)
    bonnes = len(coches & solution)
    fausses = len(coches - solution)
    details = [f"«{NB}{o['texte']}{NB}»{NB}: {o['retour']}" for o in ex["options"] if o["id"] in coches - solution]
    details += [f"Il manquait «{NB}{o['texte']}{NB}»{NB}: {o['retour']}" for o in ex["options"] if o["id"] in solution - coches]
    score = max(0.0, (bonnes - fausses) / len(solution))
    message = f"Pas tout à fait{NB}: {_pluriel(bonnes, 'bonne réponse cochée', 'bonnes réponses cochées')} sur {len(solution)}"
    message += f", {_pluriel(fausses, 'réponse cochée à tort', 'réponses cochées à tort')}." if fausses else "."
    return Correction(False, score, message + _relire(ex), tuple(details))


def _format_nombre(x: float) -> str:
    """12.5 → « 12,5 » ; 80000 → « 80 000 »."""
    entier = float(x).is_integer()
    texte = f"{abs(x):,.0f}" if entier else f"{abs(x):,.10f}".rstrip("0")
    texte = texte.replace(",", NB).replace(".", ",")
    return ("-" if x < 0 else "") + texte


def _numerique(ex: dict, reponse: object) -> Correction:
    if reponse is None or (isinstance(reponse, str) and not reponse.strip()):
        return Correction(False, 0.0, "Saisissez un nombre.")
    lu = lire_nombre(reponse)
    if lu is None:
        return Correction(
            False, 0.0, f"«{NB}{str(reponse).strip()}{NB}» n'est pas un nombre. Écrivez par exemple «{NB}80 000{NB}» ou «{NB}12,5{NB}»."
        )
    valeur, unite = lu
    attendue = ex.get("unite")
    if not unite_acceptee(unite, attendue):
        return Correction(False, 0.0, f"Unité attendue{NB}: «{NB}{attendue}{NB}» (vous avez écrit «{NB}{unite}{NB}»).")
    tolerance = float(ex.get("tolerance", 0))
    if abs(valeur - float(ex["solution"])) <= tolerance + 1e-9:
        return _bravo(ex)
    for piege in ex.get("pieges", []):
        if abs(valeur - float(piege["valeur"])) <= tolerance + 1e-9:
            return Correction(False, 0.0, f"Ce n'est pas la bonne réponse. {piege['retour']}{_relire(ex)}")
    return Correction(False, 0.0, f"Ce n'est pas la bonne réponse. {ex['retour_defaut']}{_relire(ex)}")


def _ordre(ex: dict, reponse: object) -> Correction:
    attendu = [e["id"] for e in ex["elements"]]
    ordre = _comme_liste(reponse)
    if sorted(map(str, ordre)) != sorted(attendu):
        return Correction(False, 0.0, "Classez tous les éléments proposés, chacun une fois.")
    if ordre == attendu:
        return _bravo(ex)
    places = sum(a == b for a, b in zip(ordre, attendu))
    premier = next(e for e, a in zip(ordre, attendu) if e != a)
    element = next(e for e in ex["elements"] if e["id"] == premier)
    message = f"Pas encore{NB}: {_pluriel(places, 'élément', 'éléments')} sur {len(attendu)} à la bonne place. "
    message += f"«{NB}{element['texte']}{NB}» n'est pas à sa place. "
    message += (f"{element['retour']} " if element.get("retour") else "") + ex["retour_defaut"] + _relire(ex)
    return Correction(False, places / len(attendu), message)


def _association(ex: dict, reponse: object) -> Correction:
    associations = reponse if isinstance(reponse, dict) else {}
    categories = {c["id"] for c in ex["categories"]}
    faites = {k: v for k, v in associations.items() if v in categories}
    n = len(ex["elements"])
    manquants = [e for e in ex["elements"] if e["id"] not in faites]
    if manquants:
        return Correction(False, 0.0, f"Associez chaque élément à une catégorie ({len(faites)} sur {n} associés).")
    justes = [e for e in ex["elements"] if faites[e["id"]] == e["solution"]]
    if len(justes) == n:
        return _bravo(ex)
    details = tuple(f"«{NB}{e['texte']}{NB}»{NB}: {e['retour']}" for e in ex["elements"] if faites[e["id"]] != e["solution"])
    message = f"Pas encore{NB}: {_pluriel(len(justes), 'association correcte', 'associations correctes')} sur {n}.{_relire(ex)}"
    return Correction(False, len(justes) / n, message, details)


def _reflexion(ex: dict, reponse: object) -> Correction:
    texte = str(reponse or "").strip()
    if not texte:
        return Correction(None, 0.0, "Écrivez votre réflexion\u00a0: elle sera gardée dans votre journal.")
    return Correction(None, 0.0, f"Réflexion enregistrée dans votre journal ({_pluriel(len(texte.split()), 'mot', 'mots')}).")


CORRECTEURS = {
    "choix-unique": _choix_unique,
    "choix-multiple": _choix_multiple,
    "numerique": _numerique,
    "ordre": _ordre,
    "association": _association,
    "reflexion": _reflexion,
}


def corriger(ex: dict | str, reponse: object) -> Correction:
    """Corrige une réponse (référence du JavaScript). ``ex`` : définition ou identifiant."""
    ex = exercice(ex) if isinstance(ex, str) else ex
    if ex["type"] == "code":
        return Correction(False, 0.0, "Exercice de code\u00a0: exécutez la cellule de vérification du carnet.")
    return CORRECTEURS[ex["type"]](ex, reponse)


def solution(ex: dict | str) -> object:
    """La réponse attendue, dans la forme que ``corriger`` accepte."""
    ex = exercice(ex) if isinstance(ex, str) else ex
    if ex["type"] == "choix-unique":
        return ex["solution"][0]
    if ex["type"] == "choix-multiple":
        return list(ex["solution"])
    if ex["type"] == "numerique":
        return ex["solution"]
    if ex["type"] == "ordre":
        return [e["id"] for e in ex["elements"]]
    if ex["type"] == "association":
        return {e["id"]: e["solution"] for e in ex["elements"]}
    return None


def mauvaises_reponses(ex: dict) -> list[tuple[object, str]]:
    """Les mauvaises réponses types d'un exercice, avec le retour qu'elles doivent recevoir."""
    t = ex["type"]
    if t == "choix-unique":
        return [(o["id"], o["retour"]) for o in ex["options"] if o["id"] not in ex["solution"]]
    if t == "choix-multiple":
        fausses = [o for o in ex["options"] if o["id"] not in ex["solution"]]
        cas = [(list(ex["solution"]) + [o["id"]], o["retour"]) for o in fausses]
        manquee = next(o for o in ex["options"] if o["id"] in ex["solution"])
        cas.append(([s for s in ex["solution"] if s != manquee["id"]], manquee["retour"]))
        return cas
    if t == "numerique":
        cas = [(f"{_format_nombre(p['valeur'])} {ex.get('unite', '')}".strip(), p["retour"]) for p in ex.get("pieges", [])]
        loin = float(ex["solution"]) * 3 + 7
        if not any(abs(loin - p["valeur"]) <= float(ex.get("tolerance", 0)) for p in ex.get("pieges", [])):
            cas.append((_format_nombre(loin), ex["retour_defaut"]))
        return cas
    if t == "ordre":
        ids = [e["id"] for e in ex["elements"]]
        return [(list(reversed(ids)), ex["retour_defaut"]), (ids[1:2] + ids[:1] + ids[2:], ex["retour_defaut"])]
    if t == "association":
        cas = []
        for e in ex["elements"]:
            autre = next(c["id"] for c in ex["categories"] if c["id"] != e["solution"])
            reponse = {x["id"]: x["solution"] for x in ex["elements"]}
            reponse[e["id"]] = autre
            cas.append((reponse, e["retour"]))
        return cas
    return []


# --- Où se trouvent les exercices ---------------------------------------------------

_APPEL = re.compile(r"""(?:exercice|Exercice)\(\s*["']([a-z0-9-]+)["']""")


def pages_des_exercices() -> dict[str, str]:
    """Pour chaque exercice, la page (sans extension) du carnet de ``exercises/`` qui
    l'affiche ; les exercices de code sont repérés par leur appel à ``verifier``."""
    import nbformat

    from .donnees import RACINE

    pages: dict[str, str] = {}
    for carnet in sorted((RACINE / "exercises").glob("*.ipynb")):
        nb = nbformat.read(carnet, as_version=4)
        for cellule in nb.cells:
            if cellule.cell_type != "code":
                continue
            for ident in _APPEL.findall(cellule.source) + re.findall(r"""verifier\(\s*["']([a-z0-9-]+)["']""", cellule.source):
                pages.setdefault(ident, f"exercises/{carnet.stem}")
    return pages


# --- Couverture des objectifs -------------------------------------------------------


def matrice_couverture() -> pd.DataFrame:
    """Objectifs × exercices notés : nombre d'exercices notés par objectif, leurs
    identifiants, et une alerte quand il y en a moins de deux."""
    lignes = []
    for obj in objectifs():
        notes = [e for e in exercices() if obj["id"] in e.get("objectifs", []) and e["type"] in TYPES_NOTES]
        reflexions = [e for e in exercices() if obj["id"] in e.get("objectifs", []) and e["type"] == "reflexion"]
        lignes.append(
            {
                "Jour": obj["jour"],
                "Type": "Objectif" if obj["type"] == "objectif" else "Acquis recherché",
                "Objectif ou acquis": obj["libelle"],
                "Exercices notés": len(notes),
                "Réflexions": len(reflexions),
                "Identifiants": ", ".join(e["id"] for e in notes),
                "Alerte": "" if len(notes) >= 2 else "⚠ moins de deux exercices notés",
            }
        )
    return pd.DataFrame(lignes)


def repartition() -> pd.DataFrame:
    """Nombre d'exercices par jour et par type."""
    df = pd.DataFrame([{"Jour": e["jour"], "Type": e["type"]} for e in exercices()])
    return df.pivot_table(index="Jour", columns="Type", aggfunc="size", fill_value=0)
