"""Accès aux données du cours (dossier ``data/`` décrit par ``datapackage.yaml``)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import yaml

RACINE = Path(__file__).resolve().parent.parent
"""Racine du dépôt (le paquet est installé en mode éditable depuis le dépôt)."""


def dossier_donnees() -> Path:
    """Dossier des données : ``data/`` du dépôt, ou ``$ATELIER_DONNEES`` s'il est défini."""
    return Path(os.environ.get("ATELIER_DONNEES", RACINE / "data"))


def chemin(nom: str) -> Path:
    """Chemin d'un fichier de données ; erreur en français s'il n'existe pas."""
    fichier = dossier_donnees() / nom
    if not fichier.is_file():
        raise FileNotFoundError(
            f"Fichier de données introuvable\u00a0: «\u00a0{fichier}\u00a0». "
            "Vérifiez que vous exécutez le carnet depuis une copie complète du dépôt."
        )
    return fichier


def lire_csv(nom: str, **options) -> pd.DataFrame:
    """Lit un CSV UTF-8 du dossier de données."""
    return pd.read_csv(chemin(nom), encoding="utf-8", **options)


def lire_yaml(nom: str):
    """Lit un fichier YAML du dossier de données."""
    with chemin(nom).open(encoding="utf-8") as flux:
        return yaml.safe_load(flux)
