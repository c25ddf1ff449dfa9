"""Lecture robuste des fichiers que les personnes nous confient (réponses à un
formulaire en ligne, exports de tableur) : encodage et séparateur devinés,
messages en français."""

from __future__ import annotations

import csv
import io
import json
import math
import unicodedata
from pathlib import Path

import pandas as pd

ENCODAGES = ("utf-8-sig", "cp1252", "latin-1")


def normaliser(texte: object) -> str:
    """Le texte sans accents, en minuscules, apostrophes et espaces unifiées : la clé
    qui permet de reconnaître une réponse, un libellé ou un nom de colonne saisi à la main."""
    texte = str(texte).replace("\ufeff", "").replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return " ".join(sans_accents.lower().split())


def est_vide(valeur: object) -> bool:
    """Vrai pour une cellule sans réponse : None, NaN ou texte blanc."""
    if valeur is None:
        return True
    if isinstance(valeur, float) and math.isnan(valeur):
        return True
    return isinstance(valeur, str) and not valeur.strip()


class ErreurLecture(ValueError):
    """Un fichier illisible, expliqué en français."""


def decoder(octets: bytes) -> str:
    """Texte d'un fichier UTF-8 (avec ou sans BOM), Windows-1252 ou Latin-1."""
    for encodage in ENCODAGES:
        try:
            return octets.decode(encodage)
        except UnicodeDecodeError:
            continue
    raise ErreurLecture("Encodage du fichier non reconnu (ni UTF-8, ni Windows-1252, ni Latin-1).")  # pragma: no cover - latin-1 décode tout


def deviner_separateur(texte: str) -> str:
    """Le séparateur (« ; », « , » ou tabulation) qui donne le même nombre de colonnes,
    le plus grand, sur les premières lignes (le renifleur de la bibliothèque standard
    se trompe quand les en-têtes contiennent des virgules)."""
    lignes = texte.splitlines()[:20]
    meilleur, colonnes_max = ",", 1
    for candidat in (";", "\t", ","):
        tailles = {len(r) for r in csv.reader(lignes, delimiter=candidat) if r}
        if len(tailles) == 1 and (n := tailles.pop()) > colonnes_max:
            meilleur, colonnes_max = candidat, n
    return meilleur


def lire_tableau(source: str | Path | bytes) -> pd.DataFrame:
    """Lit un CSV quel que soit son séparateur (« , » « ; » tabulation) et son encodage.

    Toutes les colonnes sont lues comme du texte : c'est à l'appelant d'interpréter
    les valeurs (et de signaler celles qu'il ne comprend pas)."""
    if isinstance(source, (str, Path)):
        chemin = Path(source)
        if not chemin.is_file():
            raise ErreurLecture(f"Fichier introuvable\u00a0: «\u00a0{chemin}\u00a0».")
        octets = chemin.read_bytes()
    else:
        octets = source
    texte = decoder(octets)
    if not texte.strip():
        raise ErreurLecture("Le fichier est vide.")
    separateur = deviner_separateur(texte)
    try:
        return pd.read_csv(io.StringIO(texte), sep=separateur, dtype=str, keep_default_na=False, skipinitialspace=True)
    except pd.errors.ParserError as erreur:
        raise ErreurLecture(f"Le fichier n'est pas un tableau CSV lisible ({erreur}).") from erreur


def lire_export(contenu: str | bytes, format_: str, version: int, description: str, erreur: type[ValueError]) -> dict:
    """Le contenu d'un fichier d'export JSON du cours, vérifié : JSON lisible, format
    et version attendus. ``description`` complète « Ce fichier n'est pas un export … »."""
    texte = decoder(contenu) if isinstance(contenu, bytes) else contenu
    try:
        donnees = json.loads(texte)
    except json.JSONDecodeError:
        raise erreur(f"Ce fichier n'est pas un export {description} (JSON illisible ou tronqué).") from None
    if not isinstance(donnees, dict) or donnees.get("format") != format_:
        raise erreur(f"Ce fichier n'est pas un export {description} (format inconnu).")
    if donnees.get("version") != version:
        raise erreur(f"Version d'export non prise en charge\u00a0: {json.dumps(donnees.get('version'))} (attendue\u00a0: {version}).")
    return donnees
