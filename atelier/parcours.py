"""« Mon parcours » : progression exportée par les personnes (référence du JavaScript
de ``widgets/js/parcours.js``), et lecture de ces exports par le formateur."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from . import exercices as ex_
from .lecture import lire_export

FORMAT = "atelier.parcours"
VERSION = 1
NB = "\u00a0"


class ErreurParcours(ValueError):
    """Un export de progression illisible, expliqué en français."""


def _arrondi(x: float) -> int:
    """Arrondi « au plus proche, demi vers le haut », comme Math.round en JavaScript."""
    import math

    return math.floor(x + 0.5)


def synthese(exercices: list[dict], entrees: Iterable[dict]) -> list[dict]:
    """Par journée : exercices notés, faits, réussis, score moyen (%), réflexions écrites."""
    par_id = {e["id"]: e for e in entrees}
    lignes = []
    for jour in sorted({e["jour"] for e in exercices}):
        notes = [e for e in exercices if e["jour"] == jour and e["type"] in ex_.TYPES_NOTES]
        faits = [
            e for e in notes
            if e["id"] in par_id and isinstance(par_id[e["id"]].get("score"), (int, float)) and not isinstance(par_id[e["id"]].get("score"), bool)
            and (par_id[e["id"]].get("tentatives") or 0) > 0
        ]
        reussis = [e for e in faits if par_id[e["id"]].get("reussi") is True]
        reflexions = [
            e for e in exercices
            if e["jour"] == jour and e["type"] == "reflexion" and e["id"] in par_id and str(par_id[e["id"]].get("reponse") or "").strip()
        ]
        score = _arrondi(100 * sum(par_id[e["id"]]["score"] for e in faits) / len(faits)) if faits else None
        lignes.append({"jour": jour, "notes": len(notes), "faits": len(faits), "reussis": len(reussis), "score_moyen": score, "reflexions": len(reflexions)})
    return lignes


def lire_import(exercices: list[dict], contenu: str | bytes) -> dict:
    """Les entrées d'un export « Mon parcours » (les exercices inconnus sont comptés à part)."""
    donnees = lire_export(contenu, FORMAT, VERSION, f"de «{NB}Mon parcours{NB}»", ErreurParcours)
    if not isinstance(donnees.get("entrees"), list):
        raise ErreurParcours(f"Ce fichier n'est pas un export de «{NB}Mon parcours{NB}» (format inconnu).")
    connus = {e["id"] for e in exercices}
    gardees = [e for e in donnees["entrees"] if isinstance(e, dict) and e.get("id") in connus]
    return {"entrees": gardees, "ignorees": len(donnees["entrees"]) - len(gardees)}


def progression(contenu: str | bytes) -> pd.DataFrame:
    """Un export « Mon parcours » en tableau : une ligne par exercice fait."""
    entrees = lire_import(ex_.exercices(), contenu)["entrees"]
    colonnes = ["id", "titre", "jour", "type", "reussi", "score", "tentatives", "date"]
    return pd.DataFrame([{c: e.get(c) for c in colonnes} for e in entrees], columns=colonnes)
