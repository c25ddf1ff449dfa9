"""Le sommaire du livre (``_toc.yml``), lu à un seul endroit : tests, guide du
formateur, diaporamas, PDF et mesures parcourent les mêmes pages dans le même ordre."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .donnees import RACINE


@dataclass(frozen=True)
class Chapitre:
    fichier: str  # chemin source sans extension, comme dans _toc.yml
    partie: str  # légende de la partie du sommaire ("" pour la page d'accueil)
    niveau: int  # 0 : chapitre ; 1 : section d'un chapitre

    @property
    def html(self) -> str:
        return f"{self.fichier}.html"


def chapitres(toc: Path = RACINE / "_toc.yml") -> list[Chapitre]:
    """Les pages du livre dans l'ordre du sommaire (générique : toute page ajoutée à
    ``_toc.yml`` y entre)."""
    donnees = yaml.safe_load(toc.read_text(encoding="utf-8"))
    liste = [Chapitre(donnees["root"], "", 0)]

    def parcourir(entrees, partie, niveau):
        for entree in entrees or []:
            if "file" in entree:
                liste.append(Chapitre(entree["file"], partie, niveau))
            parcourir(entree.get("sections"), partie, niveau + 1)
            parcourir(entree.get("chapters"), partie, niveau)

    for partie in donnees.get("parts", []):
        parcourir(partie.get("chapters"), partie.get("caption", ""), 0)
    parcourir(donnees.get("chapters"), "", 0)
    return liste


def pages_html(toc: Path = RACINE / "_toc.yml") -> list[str]:
    """Les pages HTML du site : celles du sommaire, plus celles que Sphinx génère."""
    return [c.html for c in chapitres(toc)] + ["search.html", "genindex.html"]
