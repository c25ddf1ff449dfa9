"""Le programme des trois journées : déroulé minuté et synthèse (``data/deroule.csv``)."""

from __future__ import annotations

import pandas as pd

from .affichage import tableau
from .donnees import lire_csv

JOURS = ("J1", "J2", "J3")


def format_duree(minutes: int) -> str:
    """Durée en français : 90 → « 1 h 30 », 60 → « 1 h », 45 → « 45 min »."""
    minutes = int(minutes)
    if minutes < 0:
        raise ValueError(f"Durée négative\u00a0: {minutes}\u00a0min.")
    heures, reste = divmod(minutes, 60)
    if heures == 0:
        return f"{reste} min"
    return f"{heures} h" if reste == 0 else f"{heures} h {reste:02d}"


def _jour_valide(jour: str) -> str:
    jour = str(jour).strip().upper()
    if jour not in JOURS:
        raise ValueError(f"Journée inconnue\u00a0: «\u00a0{jour}\u00a0». Choisissez parmi\u00a0: {', '.join(JOURS)}.")
    return jour


def sequences() -> pd.DataFrame:
    """Toutes les séquences des trois journées, avec leur heure de fin calculée."""
    df = lire_csv("deroule.csv", dtype={"debut": str})
    debut = pd.to_datetime(df["debut"], format="%H:%M")
    df["fin"] = (debut + pd.to_timedelta(df["duree_min"], unit="min")).dt.strftime("%H:%M")
    return df.sort_values(["jour", "ordre"], ignore_index=True)


def jours() -> pd.DataFrame:
    """Les trois journées : identifiant, titre et durée prévue (``data/jours.csv``)."""
    return lire_csv("jours.csv")


def deroule(jour: str) -> pd.DataFrame:
    """Déroulé minuté d'une journée, prêt à afficher (colonnes en français)."""
    jour = _jour_valide(jour)
    df = sequences().query("jour == @jour")
    horaire = df["debut"].str.replace(":", " h ", regex=False) + " – " + df["fin"].str.replace(":", " h ", regex=False)
    return pd.DataFrame(
        {
            "Horaire": horaire.to_numpy(),
            "Séquence": df["sequence"].to_numpy(),
            "Durée": df["duree_min"].map(format_duree).to_numpy(),
            "Modalité": df["modalite"].str.capitalize().to_numpy(),
            "Point du programme": df["point_programme"].to_numpy(),
        }
    )


def deroule_atelier(jour: str) -> pd.DataFrame:
    """Les séquences de l'atelier d'une journée : de « Atelier J… » à la fin de sa
    restitution, avec l'évaluation finale si elle suit (J3) ; pas le bilan du jour."""
    jour = _jour_valide(jour)
    d = deroule(jour)
    debut = d.index[d["Séquence"].str.startswith(f"Atelier {jour}")][0]
    suite = d.loc[debut:]
    return suite[suite["Modalité"].isin(["Atelier", "Évaluation"])].reset_index(drop=True)


def afficher_deroule(jour: str):
    """Le déroulé d'une journée sous forme de tableau légendé pour les pages."""
    jour = _jour_valide(jour)
    return tableau(deroule(jour), f"Déroulé de la journée {jour}")


def synthese_jours() -> pd.DataFrame:
    """Une ligne par journée : titre, durée, nombre de séquences, temps d'atelier."""
    seq = sequences()
    par_jour = seq.groupby("jour").agg(
        minutes=("duree_min", "sum"),
        sequences=("sequence", "count"),
        atelier=("duree_min", lambda s: int(s[seq.loc[s.index, "modalite"] == "atelier"].sum())),
    )
    df = jours().set_index("jour").join(par_jour)
    return pd.DataFrame(
        {
            "Journée": df.index.to_numpy(),
            "Titre": df["titre"].to_numpy(),
            "Durée": df["minutes"].map(format_duree).to_numpy(),
            "Séquences": df["sequences"].to_numpy(),
            "Dont ateliers": df["atelier"].map(format_duree).to_numpy(),
        }
    )


def afficher_synthese():
    """La synthèse des trois journées sous forme de tableau légendé pour les pages."""
    total = format_duree(sequences()["duree_min"].sum())
    return tableau(synthese_jours(), f"Les trois journées de la formation ({total} au total)")
