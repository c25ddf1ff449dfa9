"""Chiffres de la confiance politique en France (``data/confiance_barometres.csv``).

Une ligne par chiffre publié : Baromètre de la confiance politique du CEVIPOF,
enquête de l'OCDE sur la confiance, abstention aux élections municipales. La
colonne ``fiabilite`` vaut « confirmed » (chiffre lu dans la source) ou « partly »
(source secondaire ou chiffres divergents : à citer avec prudence). L'année
``annee`` est celle de la publication de la vague.

``barometres()`` lit le tableau, ``tableau_chiffres(df, legende)`` l'affiche avec des
en-têtes et des nombres à la française, ``evolution(institution)`` donne une série de
confiance du CEVIPOF, ``graphique_evolution()`` la trace (sans pyplot).
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .affichage import tableau
from .donnees import lire_csv
from .graphiques import BLEU, GRIS, Graphique

FICHIER = "confiance_barometres.csv"
CEVIPOF = "Baromètre de la confiance politique (CEVIPOF)"
COULEURS = [BLEU, "#b45309", "#047857", "#7e22ce"]
MARQUEURS = ["o", "s", "D", "^"]
EN_TETES = {"enquete": "Enquête", "vague": "Vague", "annee": "Année", "institution": "Institution",
            "indicateur": "Indicateur", "valeur_pct": "Valeur (%)", "fiabilite": "Fiabilité",
            "source": "Source", "url": "Adresse", "note": "Note", "chiffres": "Chiffres"}
FIABILITE = {"confirmed": "lu dans la source", "partly": "à confirmer"}


def barometres() -> pd.DataFrame:
    """Tous les chiffres du fichier, une ligne par chiffre."""
    donnees = lire_csv(FICHIER, dtype={"vague": "string"})
    donnees["vague"] = donnees["vague"].fillna("")
    return donnees


def tableau_chiffres(df: pd.DataFrame, legende: str):
    """``tableau`` avec des en-têtes lisibles, la fiabilité en clair et des
    pourcentages à la française (« 36,45 », « 61 »)."""
    vue = df.copy()
    if "fiabilite" in vue:
        vue["fiabilite"] = vue["fiabilite"].map(FIABILITE).fillna(vue["fiabilite"])
    if "valeur_pct" in vue:
        vue["valeur_pct"] = vue["valeur_pct"].map(lambda v: f"{v:g}".replace(".", ","))
    return tableau(vue.rename(columns=EN_TETES), legende)


def evolution(institution: str) -> pd.DataFrame:
    """Confiance dans une institution, vague après vague (baromètre du CEVIPOF) :
    colonnes ``annee``, ``vague``, ``valeur_pct``, ``fiabilite``, triées par année."""
    donnees = barometres()
    confiance = donnees[(donnees["enquete"] == CEVIPOF) & (donnees["indicateur"] == "confiance")]
    serie = confiance[confiance["institution"] == institution]
    if serie.empty:
        connues = ", ".join(sorted(confiance["institution"].unique()))
        raise ValueError(f"Institution inconnue\u00a0: «\u00a0{institution}\u00a0». Institutions disponibles\u00a0: {connues}.")
    return serie[["annee", "vague", "valeur_pct", "fiabilite"]].sort_values("annee").reset_index(drop=True)


def graphique_evolution(institutions=("maire", "gouvernement")) -> Graphique:
    """Courbes de confiance (en %) par institution ; les chiffres « partly »
    (à confirmer) sont dessinés en points creux."""
    fig = Figure(figsize=(8, 4.8), dpi=100)
    ax = fig.add_subplot()
    annees = []
    for i, institution in enumerate(institutions):
        serie = evolution(institution)
        couleur, marqueur = COULEURS[i % len(COULEURS)], MARQUEURS[i % len(MARQUEURS)]
        points = serie[["annee", "valeur_pct"]].to_numpy()
        for (a1, v1), (a2, v2) in zip(points, points[1:]):
            ax.plot([a1, a2], [v1, v2], color=couleur, linewidth=2, linestyle="-" if a2 - a1 == 1 else ":")
        for _, point in serie.iterrows():
            creux = point["fiabilite"] == "partly"
            ax.plot(point["annee"], point["valeur_pct"], marker=marqueur, markersize=8, color=couleur,
                    markerfacecolor="white" if creux else couleur, markeredgewidth=2)
            ax.annotate(f"{point['valeur_pct']:.0f}", (point["annee"], point["valeur_pct"]), xytext=(0, 9 if i % 2 == 0 else -16),
                        textcoords="offset points", ha="center", fontsize=9, color=couleur)
        fin = serie.iloc[-1]
        ax.annotate(institution.capitalize(), (fin["annee"], fin["valeur_pct"]), xytext=(12, 0),
                    textcoords="offset points", va="center", fontsize=11, fontweight="bold", color=couleur)
        annees += serie["annee"].tolist()
    ax.set_ylim(0, 100)
    ax.set_xlim(min(annees) - 0.5, max(annees) + 2.5)
    ax.set_xticks(sorted(set(annees)))
    ax.set_ylabel("Part des Français qui font confiance (%)")
    ax.grid(axis="y", color=GRIS, alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title("Confiance des Français, en\u00a0% (baromètre du CEVIPOF)", fontsize=12)
    legende = [Line2D([], [], marker="o", linestyle="", color=GRIS, markersize=8, markeredgewidth=2, label="Chiffre lu dans la source"),
               Line2D([], [], marker="o", linestyle="", color=GRIS, markerfacecolor="white", markersize=8, markeredgewidth=2,
                      label="Point creux\u00a0: chiffre à confirmer (source secondaire ou divergente)"),
               Line2D([], [], linestyle=":", linewidth=2, color=GRIS, label="Pointillés\u00a0: années sans chiffre dans nos sources")]
    ax.legend(handles=legende, loc="upper left", frameon=False, fontsize=9)
    fig.text(0.01, -0.02, "Source\u00a0: CEVIPOF, Baromètre de la confiance politique, d'après des comptes rendus de presse\u00a0; "
             "année de publication de la vague.",
             fontsize=8, color="#444c56", va="top")
    fig.tight_layout()
    return Graphique(fig)
