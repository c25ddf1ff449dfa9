"""Vérification des exercices de code (facultatifs), avec des retours en français.

``verifier(identifiant, reponse)`` renvoie un :class:`Retour` : réussi ou non, et un
message qui explique pourquoi et où relire. Elle ne lève jamais d'exception : une
réponse mal formée, ou une fonction qui plante, reçoit une explication.
``activer_explications()`` fait de même pour les erreurs des cellules du carnet.
"""

from __future__ import annotations

import html
import traceback
from dataclasses import dataclass
from typing import Callable

import pandas as pd


NB = "\u00a0"


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


# --- Erreurs Python expliquées en français ---------------------------------------------


def expliquer_exception(erreur: BaseException) -> str:
    """Une explication en français d'une erreur Python courante, sans trace."""
    nom = type(erreur).__name__
    if isinstance(erreur, NameError):
        inconnu = getattr(erreur, "name", None) or str(erreur).split("'")[1 if "'" in str(erreur) else 0]
        return (
            f"Le nom «{NB}{inconnu}{NB}» n'est pas défini. Exécutez d'abord les cellules précédentes "
            "(menu «\u00a0Exécuter\u00a0», «\u00a0Exécuter toutes les cellules au-dessus\u00a0»), ou vérifiez son orthographe."
        )
    if isinstance(erreur, KeyError):
        cle = erreur.args[0] if erreur.args else ""
        return (
            f"La colonne ou la clé «{NB}{cle}{NB}» n'existe pas. Vérifiez son orthographe exacte "
            "(majuscules, accents, espaces)\u00a0: affichez les colonnes avec «\u00a0df.columns\u00a0»."
        )
    if isinstance(erreur, AttributeError):
        return f"Cet objet n'a pas la propriété ou la méthode demandée ({erreur}). Vérifiez le nom, et le type de l'objet avec «\u00a0type(objet)\u00a0»."
    if isinstance(erreur, ZeroDivisionError):
        return "Division par zéro\u00a0: le total par lequel vous divisez vaut 0. Vérifiez votre sélection de lignes."
    if isinstance(erreur, TypeError):
        return f"Opération impossible sur ce type de valeur ({erreur}). Vérifiez que vous calculez sur des nombres et non sur du texte."
    if isinstance(erreur, ValueError):
        return f"Valeur inattendue ({erreur}). Vérifiez les données que vous passez à la fonction."
    if isinstance(erreur, IndexError):
        return "Vous demandez un élément au-delà de la fin d'une liste ou d'un tableau. Vérifiez la position demandée."
    return f"Erreur Python ({nom}{NB}: {erreur})."


def _gestionnaire(shell, type_, valeur, trace, tb_offset=None):  # pragma: no cover - appelé par IPython
    lieu = traceback.extract_tb(trace)[-1] if trace else None
    ligne = f" (ligne {lieu.lineno})" if lieu and lieu.filename.startswith("<") else ""
    print(f"❌ Erreur{ligne}{NB}: {expliquer_exception(valeur)}")
    return None


def activer_explications() -> bool:
    """Dans un carnet, remplace la trace des erreurs courantes par une explication en
    français (l'erreur reste une erreur : la cellule s'arrête). Renvoie True si activé."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((Exception,), _gestionnaire)
    return True


# --- Vérificateurs ---------------------------------------------------------------------

_VERIFICATEURS: dict[str, Callable[[object], Retour]] = {}


def _verificateur(identifiant: str):
    def enregistrer(fonction):
        _VERIFICATEURS[identifiant] = fonction
        return fonction

    return enregistrer


def verificateurs() -> list[str]:
    return sorted(_VERIFICATEURS)


def verifier(identifiant: str, reponse: object) -> Retour:
    """Vérifie la réponse à l'exercice de code ``identifiant`` ; ne lève jamais d'exception."""
    if identifiant not in _VERIFICATEURS:
        return Retour(False, f"Exercice inconnu{NB}: «{NB}{identifiant}{NB}». Exercices disponibles{NB}: {', '.join(verificateurs())}.")
    if reponse is None:
        return Retour(False, f"Votre cellule ne renvoie rien{NB}: affectez votre résultat à la variable demandée, puis relancez la vérification.")
    try:
        return _VERIFICATEURS[identifiant](reponse)
    except Exception as erreur:  # une réponse inattendue ne doit jamais montrer de trace
        return Retour(False, f"Votre réponse n'a pas pu être vérifiée{NB}: {expliquer_exception(erreur)}")


def _decimal(x: float) -> str:
    """32.25 → « 32,3 » (une décimale, virgule française)."""
    return f"{x:.1f}".replace(".", ",")


def _serie(reponse: object, index_attendu: list[str], description: str) -> tuple[pd.Series | None, str]:
    if isinstance(reponse, pd.DataFrame) and reponse.shape[1] == 1:
        reponse = reponse.iloc[:, 0]
    if not isinstance(reponse, pd.Series):
        return None, f"La réponse doit être une série pandas {description}, pas un objet de type {type(reponse).__name__}."
    return reponse, ""


@_verificateur("j2-code-moyennes-groupe")
def _moyennes_groupe(reponse: object) -> Retour:
    """Moyenne du groupe fictif pour chaque dimension du diagnostic de confiance."""
    from . import diagnostic
    from .donnees import chemin

    scores = diagnostic.agreger(chemin("exemple_groupe_diagnostic.csv"))
    dimensions = [d.id for d in diagnostic.questionnaire().dimensions]
    attendu = scores[dimensions].mean()
    serie, probleme = _serie(reponse, dimensions, "indexée par dimension (reactivite, fiabilite…)")
    if serie is None:
        return Retour(False, probleme + " Utilisez la méthode «\u00a0.mean()\u00a0» du tableau des scores.")
    if len(serie) == len(scores) and set(map(str, serie.index)) == set(map(str, scores.index)):
        return Retour(False, f"Vous avez calculé une moyenne par personne (une valeur par ligne){NB}: on attend une moyenne par dimension, c'est-à-dire par colonne («\u00a0.mean()\u00a0» sans «\u00a0axis=1\u00a0»).")
    index = set(map(str, serie.index))
    if "repondues" in index:
        return Retour(False, f"Retirez la colonne «{NB}repondues{NB}»{NB}: c'est un nombre de réponses, pas un score. Sélectionnez d'abord les colonnes des dimensions.")
    if index != set(dimensions):
        return Retour(False, f"La série doit avoir une valeur par dimension ({', '.join(dimensions)}).")
    valeurs = pd.to_numeric(serie).astype(float).reindex(dimensions)
    if ((valeurs - scores[dimensions].median()).abs() < 0.05).all() and not ((valeurs - attendu).abs() < 0.05).all():
        return Retour(False, f"Ce sont les médianes{NB}: on demande les moyennes («\u00a0.mean()\u00a0»).")
    if not ((valeurs - attendu).abs() < 0.05).all():
        dim = (valeurs - attendu).abs().idxmax()
        return Retour(False, f"Pour «{NB}{dim}{NB}», on attend {_decimal(attendu[dim])} et vous obtenez {_decimal(valeurs[dim])}.")
    faible = attendu.idxmin()
    return Retour(True, f"La dimension la plus faible du groupe est «{NB}{faible}{NB}» ({_decimal(attendu[faible])} sur 100){NB}: c'est par elle qu'ouvrir la restitution.")


COMMUNES_EXEMPLE = {
    "commune": ["Valbourg", "Port-Lucé", "Saint-Aubrac", "Montferrand-sur-Lys", "Les Ormes", "Castelnoir"],
    "population": [12_400, 80_000, 79_999, 20_000, 143_500, 19_999],
}
"""Communes fictives de l'exercice sur les conseils de quartier (populations choisies aux seuils)."""


def statut_attendu(population: int) -> str:
    """Art. L2143-1 CGCT : conseils de quartier obligatoires dès 80 000 habitants,
    possibles de 20 000 à 79 999, sans objet en dessous."""
    if population >= 80_000:
        return "obligatoire"
    if population >= 20_000:
        return "possible"
    return "aucun"


@_verificateur("j3-code-conseils-quartier")
def _conseils_quartier(reponse: object) -> Retour:
    """Colonne « conseils_quartier » : obligatoire, possible ou aucun, selon la population."""
    if not isinstance(reponse, pd.DataFrame):
        return Retour(False, f"La réponse doit être le tableau (DataFrame) des communes, pas un objet de type {type(reponse).__name__}.")
    if "conseils_quartier" not in reponse.columns:
        return Retour(False, f"Ajoutez au tableau une colonne nommée «{NB}conseils_quartier{NB}» (colonnes actuelles{NB}: {', '.join(map(str, reponse.columns))}).")
    if "population" not in reponse.columns or len(reponse) != len(COMMUNES_EXEMPLE["commune"]):
        return Retour(False, "Gardez les six communes et leur colonne «\u00a0population\u00a0»\u00a0: ajoutez seulement la nouvelle colonne.")
    valeurs = reponse["conseils_quartier"].astype(str).str.strip().str.lower()
    inconnues = sorted(set(valeurs) - {"obligatoire", "possible", "aucun"})
    if inconnues:
        return Retour(False, f"Valeurs attendues{NB}: «{NB}obligatoire{NB}», «{NB}possible{NB}» ou «{NB}aucun{NB}» (trouvé{NB}: {', '.join(inconnues)}).")
    for population, valeur in zip(reponse["population"], valeurs):
        attendu = statut_attendu(int(population))
        if valeur == attendu:
            continue
        if population in (80_000, 20_000):
            return Retour(
                False,
                f"Pour {population:_} habitants, on attend «{NB}{attendu}{NB}»{NB}: le seuil est inclus («{NB}communes de 80{NB}000 habitants et plus{NB}», "
                f"«{NB}de 20{NB}000 à 79{NB}999{NB}»). Utilisez «{NB}>={NB}» et non «{NB}>{NB}».".replace("_", NB),
            )
        return Retour(False, f"Pour {population:_} habitants, on attend «{NB}{attendu}{NB}» et vous avez «{NB}{valeur}{NB}». Relisez les seuils de l'article L2143-1 du CGCT.".replace("_", NB))
    return Retour(True, f"Les seuils sont bien appliqués, bornes comprises{NB}: obligatoire dès 80{NB}000 habitants, possible de 20{NB}000 à 79{NB}999.")
