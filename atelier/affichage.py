"""Présentation des tableaux dans les pages : légende, pas d'index, identifiants stables."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd


def _identifiant(texte: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "tableau"


def tableau(df: pd.DataFrame, legende: str):
    """Tableau accessible : une légende (``<caption>``), pas de colonne d'index.

    L'identifiant HTML dérive de la légende, pour que la page construite soit
    identique d'une construction à l'autre.
    """
    return (
        df.style.set_caption(legende)
        .hide(axis="index")
        .set_uuid(_identifiant(legende))
        .set_table_attributes('class="tableau-cours"')
    )
