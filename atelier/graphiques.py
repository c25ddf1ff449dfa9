"""Graphiques statiques des pages (images avec texte alternatif, valeurs en tableau)."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from . import diagnostic

BLEU = "#1d4ed8"
GRIS = "#8c959f"


@dataclass
class Graphique:
    """Une figure matplotlib affichée comme image PNG dans les carnets et les pages
    (sans pyplot : pas d'affichage en double, pas d'état global)."""

    figure: Figure

    def png(self, **options) -> bytes:
        """L'image PNG (octets reproductibles : pas de logiciel dans les métadonnées)."""
        tampon = io.BytesIO()
        self.figure.savefig(tampon, format="png", bbox_inches="tight", metadata={"Software": None}, **options)
        return tampon.getvalue()

    def _repr_png_(self) -> bytes:
        return self.png()

    def enregistrer(self, chemin, **options) -> None:
        self.figure.savefig(chemin, bbox_inches="tight", **options)


def radar_groupe(scores: pd.DataFrame, titre: str = "Scores du groupe par dimension (0 à 100)") -> Graphique:
    """Radar d'un groupe : la moyenne (trait plein), l'étendue min–max (zone claire)
    et chaque personne (traits fins). ``scores`` est la sortie de ``agreger``."""
    q = diagnostic.questionnaire()
    ids = [d.id for d in q.dimensions]
    angles = [2 * math.pi * i / len(ids) for i in range(len(ids))]
    boucle = angles + angles[:1]
    fig = Figure(figsize=(6, 6), dpi=100)
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_offset(math.pi / 2)  # première dimension en haut, puis sens horaire
    ax.set_theta_direction(-1)
    for _, ligne in scores[ids].iterrows():
        valeurs = ligne.fillna(0).tolist()
        ax.plot(boucle, valeurs + valeurs[:1], color=GRIS, linewidth=0.7, alpha=0.6)
    mini, maxi, moyenne = (scores[ids].min().fillna(0).tolist(), scores[ids].max().fillna(0).tolist(), scores[ids].mean().fillna(0).tolist())
    ax.fill_between(boucle, mini + mini[:1], maxi + maxi[:1], color=BLEU, alpha=0.15, label="Étendue (minimum – maximum)")
    ax.plot(boucle, moyenne + moyenne[:1], color=BLEU, linewidth=2.5, marker="o", label="Moyenne du groupe")
    ax.set_xticks(angles, [d.libelle for d in q.dimensions], fontsize=11)
    ax.set_ylim(0, 100)
    ax.set_yticks([25, 50, 75, 100], ["25", "50", "75", "100"], fontsize=8, color="#444c56")
    ax.set_title(titre, pad=34, fontsize=12)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False, fontsize=9)
    fig.tight_layout()
    return Graphique(fig)
