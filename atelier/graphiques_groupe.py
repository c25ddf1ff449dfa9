"""Graphiques des carnets du formateur (profil du groupe, évaluation) : images
statiques dont le texte alternatif est calculé à partir des données, pour les pages
comme pour les pages HTML imprimables. Les valeurs figurent aussi dans un tableau."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure as FigureMpl

from .graphiques import BLEU, Graphique
from .imprimable import image_html

NB = "\u00a0"
GRIS = "#6e7781"
# Niveaux 1 à 4 : du clair au foncé (lisibles en niveaux de gris).
NIVEAUX = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"]
# Accord 1 à 4 : divergent rouge → bleu (distinguable par les daltoniens).
ACCORD = ["#b2182b", "#ef8a62", "#67a9cf", "#2166ac"]


def _nombre(x: float, decimales: int = 1) -> str:
    return f"{x:.{decimales}f}".replace(".", ",")


@dataclass
class Figure:
    """Une figure et son texte alternatif. Dans un carnet (et sur le site), elle
    s'affiche comme une image dont le texte alternatif décrit les données."""

    figure: FigureMpl
    alt: str

    def png(self) -> bytes:
        return Graphique(self.figure).png(dpi=90)

    def html(self) -> str:
        return image_html(self.png(), self.alt)

    _repr_html_ = html


def _couper(texte: str, largeur: int = 42) -> str:
    return "\n".join(textwrap.wrap(str(texte), largeur)) or str(texte)


def barres(repartition: pd.DataFrame, titre: str) -> Figure:
    """Barres horizontales : nombre de personnes par réponse (sortie de ``repartition``)."""
    df = repartition.iloc[::-1]
    hauteur = 0.5 + 0.42 * len(df)
    fig = FigureMpl(figsize=(7.5, max(2.2, hauteur)))
    ax = fig.add_subplot()
    ax.barh([_couper(r) for r in df["Réponse"]], df["Personnes"], color=BLEU)
    for i, n in enumerate(df["Personnes"]):
        ax.text(n + 0.1, i, str(n), va="center", fontsize=9)
    ax.set_xlabel("Personnes")
    ax.set_title(titre, fontsize=11, loc="left")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="y", labelsize=9)
    fig.tight_layout()
    total = repartition.attrs.get("repondants")
    tri = repartition.sort_values("Personnes", ascending=False)
    premiers = [f"«{NB}{r}{NB}» ({n})" for r, n in zip(tri["Réponse"], tri["Personnes"]) if n][:3]
    alt = f"{titre}{NB}: barres horizontales du nombre de personnes par réponse"
    alt += f", sur {total} personnes qui ont répondu" if total is not None else ""
    alt += (f". Réponses les plus fréquentes{NB}: {', '.join(premiers)}." if premiers else ". Aucune réponse.")
    return Figure(fig, alt + " Les valeurs figurent dans le tableau qui accompagne le graphique.")


def empilees(df: pd.DataFrame, libelles: list[str], titre: str, couleurs: list[str], etiquette: str = "Ligne", unite: str = "personnes") -> Figure:
    """Barres empilées : pour chaque ligne (objectif, affirmation), le nombre de
    réponses à chaque niveau de l'échelle (colonnes ``libelles``)."""
    d = df.iloc[::-1].reset_index(drop=True)
    hauteur = 1.0 + 0.5 * len(d)
    fig = FigureMpl(figsize=(8, max(2.6, hauteur)))
    ax = fig.add_subplot()
    gauche = [0] * len(d)
    noms = [_couper(x, 48) for x in d[etiquette]]
    for libelle, couleur, rang in zip(libelles, couleurs, range(len(libelles))):
        valeurs = d[libelle].tolist()
        ax.barh(noms, valeurs, left=gauche, color=couleur, edgecolor="white", label=libelle)
        for i, (v, g) in enumerate(zip(valeurs, gauche)):
            if v:
                ax.text(g + v / 2, i, str(v), ha="center", va="center", fontsize=8, color="white" if rang >= len(libelles) / 2 else "#1f2328")
        gauche = [g + v for g, v in zip(gauche, valeurs)]
    ax.set_xlabel(unite.capitalize())
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(titre, fontsize=11, loc="left")
    ax.tick_params(axis="y", labelsize=8.5)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.4, -0.12 - 0.6 / max(2.6, hauteur)), ncol=2, frameon=False, fontsize=8.5)
    fig.tight_layout()
    return Figure(fig, "")


def niveaux(df: pd.DataFrame, echelle: list[dict], titre: str) -> Figure:
    """Niveaux auto-évalués par objectif (sortie de ``questionnaires.niveaux``)."""
    libelles = [x["libelle"] for x in echelle]
    fig = empilees(df, libelles, titre, NIVEAUX[: len(libelles)], etiquette="Ligne")
    notes = df.dropna(subset=["Moyenne"])
    alt = f"{titre}{NB}: barres empilées du nombre de personnes à chaque niveau, de «{NB}{libelles[0]}{NB}» à «{NB}{libelles[-1]}{NB}», pour {len(df)} objectifs."
    if len(notes):
        bas, haut = notes.loc[notes["Moyenne"].idxmin()], notes.loc[notes["Moyenne"].idxmax()]
        alt += (
            f" Niveau moyen le plus bas{NB}: «{NB}{bas['Ligne']}{NB}» ({_nombre(bas['Moyenne'])} sur {len(libelles)}){NB};"
            f" le plus haut{NB}: «{NB}{haut['Ligne']}{NB}» ({_nombre(haut['Moyenne'])} sur {len(libelles)})."
        )
    fig.alt = alt + " Les valeurs figurent dans le tableau qui accompagne le graphique."
    return fig


def accord(df: pd.DataFrame, echelle: list[dict], titre: str) -> Figure:
    """Satisfaction : pour chaque affirmation, le nombre de réponses à chaque degré d'accord."""
    libelles = [x["libelle"] for x in echelle]
    fig = empilees(df, libelles, titre, ACCORD[: len(libelles)], etiquette="Affirmation", unite="réponses")
    alt = f"{titre}{NB}: barres empilées du nombre de réponses, de «{NB}{libelles[0]}{NB}» à «{NB}{libelles[-1]}{NB}», pour {len(df)} affirmations."
    if "Part favorable (%)" in df and df["Part favorable (%)"].notna().any():
        bas = df.loc[df["Part favorable (%)"].astype(float).idxmin()]
        alt += f" Affirmation la moins approuvée{NB}: «{NB}{bas['Affirmation']}{NB}» ({int(bas['Part favorable (%)'])}{NB}% de réponses favorables)."
    fig.alt = alt + " Les valeurs figurent dans le tableau qui accompagne le graphique."
    return fig


def progression(df: pd.DataFrame, maximum: int, titre: str) -> Figure:
    """Niveau moyen avant et après la formation, par objectif (haltères : point gris
    avant, point bleu après, reliés par un trait)."""
    d = df.dropna(subset=["Moyenne avant", "Moyenne après"]).iloc[::-1].reset_index(drop=True)
    fig = FigureMpl(figsize=(8, max(2.6, 0.9 + 0.45 * len(d))))
    ax = fig.add_subplot()
    noms = [_couper(x, 48) for x in d["Objectif"]]
    for i, (a, b) in enumerate(zip(d["Moyenne avant"], d["Moyenne après"])):
        ax.plot([a, b], [i, i], color="#8c959f", linewidth=2, zorder=1)
    ax.scatter(d["Moyenne avant"], range(len(d)), color=GRIS, marker="s", s=40, label="Avant (moyenne)", zorder=2)
    ax.scatter(d["Moyenne après"], range(len(d)), color=BLEU, s=55, label="Après (moyenne)", zorder=3)
    ax.set_yticks(range(len(d)), noms, fontsize=8.5)
    ax.set_xlim(0.8, maximum + 0.2)
    ax.set_xticks(range(1, maximum + 1))
    ax.set_xlabel(f"Niveau moyen auto-évalué (1 à {maximum})")
    ax.set_title(titre, fontsize=11, loc="left")
    ax.grid(axis="x", color="#d0d7de", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.4, -0.1 - 0.6 / max(2.6, 0.9 + 0.45 * len(d))), ncol=2, frameon=False, fontsize=8.5)
    fig.tight_layout()
    alt = f"{titre}{NB}: pour {len(d)} objectifs, niveau moyen avant (carré gris) et après (rond bleu) la formation, sur une échelle de 1 à {maximum}."
    if len(d):
        ecarts = d["Moyenne après"] - d["Moyenne avant"]
        plus, moins = d.loc[ecarts.idxmax()], d.loc[ecarts.idxmin()]
        alt += (
            f" Plus forte progression{NB}: «{NB}{plus['Objectif']}{NB}» (de {_nombre(plus['Moyenne avant'])} à {_nombre(plus['Moyenne après'])}){NB};"
            f" plus faible{NB}: «{NB}{moins['Objectif']}{NB}» (de {_nombre(moins['Moyenne avant'])} à {_nombre(moins['Moyenne après'])})."
        )
    return Figure(fig, alt + " Les valeurs figurent dans le tableau qui accompagne le graphique.")


def scores(df: pd.DataFrame, titre: str) -> Figure:
    """Score moyen aux exercices notés, par objectif (sortie de ``evaluation.scores_par_objectif``)."""
    d = df.dropna(subset=["Score moyen (%)"]).iloc[::-1].reset_index(drop=True)
    fig = FigureMpl(figsize=(8, max(2.4, 0.8 + 0.42 * len(d))))
    ax = fig.add_subplot()
    noms = [_couper(x, 48) for x in d["Objectif"]]
    ax.barh(noms, d["Score moyen (%)"], color=BLEU)
    for i, v in enumerate(d["Score moyen (%)"]):
        ax.text(v + 1, i, f"{int(v)}{NB}%", va="center", fontsize=8.5)
    ax.set_xlim(0, 110)
    ax.set_xlabel("Score moyen aux exercices notés (%)")
    ax.set_title(titre, fontsize=11, loc="left")
    ax.tick_params(axis="y", labelsize=8.5)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    alt = f"{titre}{NB}: barres horizontales du score moyen (en pour cent) aux exercices notés de chaque objectif, pour {len(d)} objectifs."
    if len(d):
        bas = d.loc[d["Score moyen (%)"].idxmin()]
        alt += f" Score le plus bas{NB}: «{NB}{bas['Objectif']}{NB}» ({int(bas['Score moyen (%)'])}{NB}%)."
    return Figure(fig, alt + " Les valeurs figurent dans le tableau qui accompagne le graphique.")
