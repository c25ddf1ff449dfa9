"""Le catalogue des dispositifs participatifs et leur classement pondéré.

Référence du calcul (``widgets/js/grille.js`` en est le miroir, vérifié par les
vecteurs partagés ``tests/vecteurs/dispositifs.json``) :

- filtres : à l'intérieur d'un filtre, il suffit d'une valeur cochée (« ou ») ;
  entre filtres, il faut les satisfaire tous (« et ») ; un filtre vide ne filtre pas ;
- chaque critère a un poids de 0 à 5 ; la note d'un dispositif (1 à 5) sur un
  critère rapporte ``poids × (note − 1) × 25 / somme des poids`` points ; le score
  (0 à 100) est la somme de ces points, critère par critère dans l'ordre du catalogue ;
- classement par score décroissant, puis par identifiant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from .donnees import lire_yaml

NB = "\u00a0"
FILTRES = {
    "niveau_iap2": "Niveau de participation (IAP2)",
    "format": "Format",
    "recrutement": "Recrutement",
    "cout": "Coût",
    "duree_classe": "Durée",
    "obligation": "Obligation légale",
}
VALEURS_FILTRES = {
    "niveau_iap2": ["informer", "consulter", "impliquer", "collaborer", "habiliter"],
    "format": ["presentiel", "numerique", "hybride"],
    "recrutement": ["ouvert", "volontariat", "tirage-au-sort", "designation"],
    "cout": ["faible", "moyen", "eleve"],
    "duree_classe": ["courte", "moyenne", "longue"],
    "obligation": ["oui", "non"],
}


@lru_cache(maxsize=1)
def catalogue() -> dict:
    """Le catalogue brut (``data/dispositifs.yaml``)."""
    return lire_yaml("dispositifs.yaml")


def criteres() -> list[dict]:
    return catalogue()["criteres"]


def dispositifs() -> pd.DataFrame:
    """Le catalogue en tableau : une ligne par dispositif, une colonne par critère noté."""
    lignes = []
    for d in catalogue()["dispositifs"]:
        lignes.append(
            {
                "id": d["id"],
                "nom": d["nom"],
                "niveau_iap2": d["niveau_iap2"],
                "echelon_arnstein": d["echelon_arnstein"],
                "base_legale": d["base_legale"]["texte"],
                "obligation": d["base_legale"]["obligation"],
                "recrutement": ", ".join(d["recrutement"]),
                "format": ", ".join(d["format"]),
                "duree": d["duree"],
                "duree_classe": d["duree_classe"],
                "participants": d["participants"],
                "cout": d["cout"],
                **{c["id"]: d["notes"][c["id"]] for c in criteres()},
            }
        )
    return pd.DataFrame(lignes).set_index("id")


def _valeurs(d: dict, filtre: str) -> list[str]:
    if filtre == "obligation":
        return ["oui" if d["base_legale"]["obligation"] else "non"]
    valeur = d[filtre]
    return list(valeur) if isinstance(valeur, list) else [valeur]


@dataclass(frozen=True)
class Classement:
    resultats: tuple[dict, ...]
    message: str
    remarques: tuple[str, ...] = field(default_factory=tuple)

    def comme_dict(self) -> dict:
        return {"resultats": [dict(r) for r in self.resultats], "message": self.message, "remarques": list(self.remarques)}

    def tableau(self) -> pd.DataFrame:
        """Rang, nom, score (0 à 100) et points apportés par chaque critère."""
        noms = {c["id"]: c["libelle"] for c in criteres()}
        return pd.DataFrame(
            [{"rang": r["rang"], "dispositif": r["nom"], "score": round(r["score"], 1), **{noms[c]: round(v, 1) for c, v in r["points"].items()}} for r in self.resultats]
        ).set_index("rang") if self.resultats else pd.DataFrame(columns=["dispositif", "score"])


def classer(poids: dict | None = None, filtres: dict | None = None) -> Classement:
    """Classe les dispositifs qui passent les filtres selon les poids donnés.

    Jamais d'erreur : des poids tous nuls, un critère ou un filtre inconnu, des
    filtres qui excluent tout donnent un classement vide et expliqué."""
    ids_criteres = [c["id"] for c in criteres()]
    poids = dict(poids or {})
    filtres = dict(filtres or {})
    remarques = []
    inconnus = sorted(k for k in poids if k not in ids_criteres)
    if inconnus:
        remarques.append(f"Critères inconnus ignorés{NB}: {', '.join(inconnus)}.")
    propres = {}
    for c in ids_criteres:
        try:
            valeur = float(poids.get(c, 0) or 0)
        except (TypeError, ValueError):
            valeur = 0.0
            remarques.append(f"Poids illisible pour «{NB}{c}{NB}»{NB}: compté comme 0.")
        propres[c] = min(5.0, max(0.0, valeur))
    filtres_inconnus = sorted(k for k in filtres if k not in FILTRES)
    if filtres_inconnus:
        remarques.append(f"Filtres inconnus ignorés{NB}: {', '.join(filtres_inconnus)}.")
    actifs = {k: list(v) for k, v in filtres.items() if k in FILTRES and v}
    retenus = [d for d in catalogue()["dispositifs"] if all(set(_valeurs(d, f)) & set(v) for f, v in actifs.items())]
    total = sum(propres.values())
    if total == 0:
        return Classement((), f"Tous les poids sont à zéro{NB}: donnez de l'importance à au moins un critère pour obtenir un classement.", tuple(remarques))
    if not retenus:
        return Classement((), f"Aucun dispositif ne satisfait tous les filtres{NB}: retirez un filtre ou cochez davantage de valeurs.", tuple(remarques))
    resultats = []
    for d in retenus:
        points = {c: propres[c] * (d["notes"][c] - 1) * 25 / total for c in ids_criteres}
        score = 0.0
        for c in ids_criteres:
            score += points[c]
        resultats.append({"id": d["id"], "nom": d["nom"], "score": score, "points": points})
    resultats.sort(key=lambda r: (-r["score"], r["id"]))
    for rang, r in enumerate(resultats, 1):
        r["rang"] = rang
    pluriel = "s" if len(resultats) > 1 else ""
    return Classement(tuple(resultats), f"{len(resultats)} dispositif{pluriel} classé{pluriel} sur {len(catalogue()['dispositifs'])}.", tuple(remarques))


def comparer(ids: list[str]) -> pd.DataFrame:
    """Deux à quatre dispositifs côte à côte."""
    connus = {d["id"]: d for d in catalogue()["dispositifs"]}
    inconnus = [i for i in ids if i not in connus]
    if inconnus:
        raise ValueError(f"Dispositif inconnu{NB}: {', '.join(inconnus)}.")
    if not 2 <= len(ids) <= 4:
        raise ValueError("Choisissez de deux à quatre dispositifs à comparer.")
    lignes = {
        "Niveau IAP2": lambda d: d["niveau_iap2"],
        "Échelon d'Arnstein": lambda d: d["echelon_arnstein"],
        "Base légale": lambda d: d["base_legale"]["texte"],
        "Obligation": lambda d: d["base_legale"]["obligation"] or "aucune",
        "Recrutement": lambda d: ", ".join(d["recrutement"]),
        "Format": lambda d: ", ".join(d["format"]),
        "Durée": lambda d: d["duree"],
        "Participants": lambda d: d["participants"],
        "Coût": lambda d: d["cout"],
        "Forces": lambda d: " ; ".join(d["forces"]),
        "Risques": lambda d: " ; ".join(d["risques"]),
    }
    return pd.DataFrame({connus[i]["nom"]: {k: f(connus[i]) for k, f in lignes.items()} for i in ids})
