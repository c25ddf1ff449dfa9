"""Vérification des exercices de code, avec des retours en français.

``verifier(identifiant, reponse)`` renvoie un :class:`Retour` : réussi ou non, et un
message qui explique pourquoi et où relire. Aucune trace d'erreur Python n'est
montrée à la personne : une réponse mal formée reçoit une explication.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from . import programme


@dataclass(frozen=True)
class Retour:
    """Résultat d'une vérification : ``reussi`` et un ``message`` en français."""

    reussi: bool
    message: str

    def __str__(self) -> str:
        return ("✅ Bonne réponse. " if self.reussi else "❌ Pas encore. ") + self.message

    def _repr_html_(self) -> str:
        classe = "reussi" if self.reussi else "a-revoir"
        return f'<div class="retour-exercice {classe}" role="status">{html.escape(str(self))}</div>'

    def __repr__(self) -> str:
        return str(self)


_VERIFICATEURS: dict[str, Callable[[object], Retour]] = {}


def _verificateur(identifiant: str):
    def enregistrer(fonction):
        _VERIFICATEURS[identifiant] = fonction
        return fonction

    return enregistrer


def verifier(identifiant: str, reponse: object) -> Retour:
    """Vérifie la réponse à l'exercice ``identifiant``."""
    if identifiant not in _VERIFICATEURS:
        connus = ", ".join(sorted(_VERIFICATEURS))
        return Retour(False, f"Exercice inconnu\u00a0: «\u00a0{identifiant}\u00a0». Exercices disponibles\u00a0: {connus}.")
    if reponse is None:
        return Retour(False, "Votre cellule ne renvoie rien\u00a0: affectez votre résultat à la variable demandée, puis relancez la vérification.")
    return _VERIFICATEURS[identifiant](reponse)


@_verificateur("prise-en-main-part-ateliers")
def _part_ateliers(reponse: object) -> Retour:
    """Part du temps d'atelier (en %) de chaque journée, arrondie à l'unité."""
    seq = programme.sequences()
    attendu = (
        seq[seq["modalite"] == "atelier"].groupby("jour")["duree_min"].sum() / seq.groupby("jour")["duree_min"].sum() * 100
    ).round()
    relire = "Relisez la section «\u00a0Trois journées, vingt heures\u00a0» de l'accueil et la cellule d'exemple du carnet."
    if isinstance(reponse, pd.DataFrame) and reponse.shape[1] == 1:
        reponse = reponse.iloc[:, 0]
    if not isinstance(reponse, pd.Series):
        return Retour(False, f"La réponse doit être une série pandas indexée par journée (J1, J2, J3), pas un objet de type {type(reponse).__name__}. {relire}")
    if set(map(str, reponse.index)) != set(attendu.index):
        return Retour(False, f"La série doit avoir une valeur par journée, indexée J1, J2, J3 (index reçu\u00a0: {', '.join(map(str, reponse.index))}). Pensez à regrouper par la colonne «\u00a0jour\u00a0».")
    try:
        valeurs = pd.to_numeric(reponse).astype(float)
    except (TypeError, ValueError):
        return Retour(False, "Les valeurs doivent être des nombres (pourcentages), pas du texte.")
    valeurs.index = valeurs.index.map(str)
    valeurs = valeurs.reindex(attendu.index)
    if ((valeurs * 100).round() - attendu).abs().max() < 1:
        return Retour(False, "Vos valeurs sont des proportions entre 0 et 1\u00a0: multipliez-les par 100 pour obtenir des pourcentages.")
    ecarts = (valeurs.round() - attendu).abs()
    if ecarts.max() >= 1:
        jour = ecarts.idxmax()
        return Retour(False, f"Pour {jour}, on attend {attendu[jour]:.0f}\u00a0% et vous obtenez {valeurs[jour]:.0f}\u00a0%. Vérifiez que vous divisez le temps d'atelier de la journée par la durée totale de la même journée.")
    return Retour(True, "Les ateliers occupent " + ", ".join(f"{j}\u00a0: {attendu[j]:.0f}\u00a0%" for j in attendu.index) + " du temps de chaque journée.")
