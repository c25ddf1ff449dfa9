"""La matrice de priorisation impact × faisabilité (J1) : référence du calcul.

``widgets/js/matrice.js`` en est le miroir, vérifié par les vecteurs partagés
``tests/vecteurs/priorisation.json``.

- chaque idée a un impact et une faisabilité de 1 à 5 ; un axe est « haut » à
  partir de 3 (3, 4 ou 5) ;
- quatre quadrants : à lancer en premier (impact et faisabilité hauts), projet
  structurant à préparer (impact haut, faisabilité basse), petit plus si les
  moyens le permettent (impact bas, faisabilité haute), à écarter pour l'instant ;
- ordre : quadrant, puis impact + faisabilité décroissant, puis impact
  décroissant, puis identifiant.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timezone

import pandas as pd

from .lecture import lire_export, normaliser

NB = "\u00a0"
SEUIL = 3
FORMAT_EXPORT = "atelier.priorisation"
VERSION_EXPORT = 1
QUADRANTS = {
    "lancer": "À lancer en premier",
    "structurer": "Projet structurant à préparer",
    "bonus": "Petit plus si les moyens le permettent",
    "ecarter": "À écarter pour l'instant",
}
ORDRE = list(QUADRANTS)


class ErreurPriorisation(ValueError):
    """Une idée ou un fichier d'idées invalide, expliqué en français."""


_normaliser = normaliser


def quadrant(impact: int, faisabilite: int) -> str:
    haut_impact, haute_faisabilite = impact >= SEUIL, faisabilite >= SEUIL
    if haut_impact:
        return "lancer" if haute_faisabilite else "structurer"
    return "bonus" if haute_faisabilite else "ecarter"


def _note(valeur: object, nom: str, texte: str) -> int:
    if isinstance(valeur, bool) or not isinstance(valeur, (int, float)) or not float(valeur).is_integer() or not 1 <= valeur <= 5:
        raise ErreurPriorisation(f"{nom} hors échelle pour «{NB}{texte}{NB}»{NB}: {json.dumps(valeur, ensure_ascii=False)} (attendu{NB}: un entier de 1 à 5).")
    return int(valeur)


def valider_idees(idees: object) -> list[dict]:
    """Des idées vérifiées : texte non vide, identifiant unique, notes de 1 à 5."""
    if not isinstance(idees, list):
        raise ErreurPriorisation("Les idées doivent être une liste.")
    propres, vus_ids, vus_textes = [], set(), set()
    for idee in idees:
        if not isinstance(idee, dict):
            raise ErreurPriorisation("Chaque idée doit avoir un texte, un impact et une faisabilité.")
        texte = str(idee.get("texte") or "").strip()
        if not texte:
            raise ErreurPriorisation("Une idée n'a pas de texte.")
        ident = str(idee.get("id") or "").strip()
        if not ident or ident in vus_ids:
            raise ErreurPriorisation(f"Identifiant manquant ou en double pour «{NB}{texte}{NB}».")
        if _normaliser(texte) in vus_textes:
            raise ErreurPriorisation(f"L'idée «{NB}{texte}{NB}» figure deux fois.")
        vus_ids.add(ident)
        vus_textes.add(_normaliser(texte))
        propres.append({"id": ident, "texte": texte, "impact": _note(idee.get("impact"), "Impact", texte), "faisabilite": _note(idee.get("faisabilite"), "Faisabilité", texte)})
    return propres


def prioriser(idees: object) -> dict:
    """Chaque idée avec son quadrant et son rang ; les identifiants par quadrant."""
    propres = valider_idees(idees)
    for idee in propres:
        idee["quadrant"] = quadrant(idee["impact"], idee["faisabilite"])
    propres.sort(key=lambda i: (ORDRE.index(i["quadrant"]), -(i["impact"] + i["faisabilite"]), -i["impact"], i["id"]))
    for rang, idee in enumerate(propres, 1):
        idee["rang"] = rang
    par_quadrant = {q: [i["id"] for i in propres if i["quadrant"] == q] for q in ORDRE}
    if not propres:
        message = f"Aucune idée pour l'instant{NB}: ajoutez-en une, avec son impact et sa faisabilité."
    else:
        s = "s" if len(propres) > 1 else ""
        message = f"{len(propres)} idée{s} classée{s}, dont {len(par_quadrant['lancer'])} à lancer en premier."
    return {"idees": propres, "par_quadrant": par_quadrant, "message": message}


def tableau(idees: object) -> pd.DataFrame:
    r = prioriser(idees)
    return pd.DataFrame(
        [{"rang": i["rang"], "idée": i["texte"], "impact": i["impact"], "faisabilité": i["faisabilite"], "quadrant": QUADRANTS[i["quadrant"]]} for i in r["idees"]],
        columns=["rang", "idée", "impact", "faisabilité", "quadrant"],
    ).set_index("rang")


def exporter(idees: object) -> str:
    return json.dumps(
        {"format": FORMAT_EXPORT, "version": VERSION_EXPORT, "exporte_le": datetime.now(timezone.utc).isoformat(timespec="seconds"), "idees": valider_idees(idees)},
        ensure_ascii=False,
        indent=2,
    )


def importer(contenu: str | bytes) -> list[dict]:
    donnees = lire_export(contenu, FORMAT_EXPORT, VERSION_EXPORT, "de la matrice de priorisation", ErreurPriorisation)
    return valider_idees(donnees.get("idees", []))


def vers_csv(idees: object) -> str:
    """Les idées classées en CSV (pour un tableur)."""
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, lineterminator="\n")
    ecrivain.writerow(["rang", "idee", "impact", "faisabilite", "quadrant"])
    for i in prioriser(idees)["idees"]:
        ecrivain.writerow([i["rang"], i["texte"], i["impact"], i["faisabilite"], QUADRANTS[i["quadrant"]]])
    return sortie.getvalue()


def exemple() -> list[dict]:
    """Idées d'exemple (fictives) d'un atelier sur l'accueil des familles en mairie."""
    textes = [
        ("Prise de rendez-vous en ligne et par téléphone pour les inscriptions scolaires", 4, 4),
        ("Dossier unique d'inscription (école, cantine, périscolaire)", 5, 2),
        ("Permanence le samedi matin pendant la période d'inscription", 3, 4),
        ("Liste des pièces à fournir en langage clair, sur papier et en ligne", 3, 5),
        ("Borne numérique en libre-service à l'accueil", 2, 2),
        ("Affiche d'accueil traduite dans les langues les plus parlées", 2, 4),
    ]
    return [{"id": f"idee-{n}", "texte": t, "impact": i, "faisabilite": f} for n, (t, i, f) in enumerate(textes, 1)]


def identifiant_libre(idees: list[dict]) -> str:
    """Le prochain identifiant « idee-N » libre."""
    pris = {int(m.group(1)) for i in idees if (m := re.fullmatch(r"idee-(\d+)", str(i.get("id", ""))))}
    n = 1
    while n in pris:
        n += 1
    return f"idee-{n}"
