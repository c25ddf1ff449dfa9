"""Versions « à compléter » des carnets d'exercices, générées depuis les solutions.

Une seule source par exercice (comme dans le MOOC scikit-learn) : le carnet de
``exercises/`` contient la solution ; chaque cellule marquée ``solution`` est
remplacée, dans la version de l'apprenant ou de l'apprenante, par son amorce
(métadonnée ``atelier.amorce``, ou un commentaire par défaut), et les sorties
sont effacées. Les versions sont écrites dans le site construit (``apprenant/``)
et par ``python -m atelier.apprenant DOSSIER``.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import nbformat

AMORCE_PAR_DEFAUT = "# Écrivez votre code ici.\n"
ETIQUETTES_RETIREES = {"solution", "hide-input", "hide-output", "hide-cell", "remove-input", "remove-output", "remove-cell"}


def version_apprenant(carnet: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Le carnet sans ses solutions ni ses sorties."""
    copie = copy.deepcopy(carnet)
    for cellule in copie.cells:
        etiquettes = cellule.get("metadata", {}).get("tags", [])
        if cellule.cell_type == "code":
            cellule.outputs = []
            cellule.execution_count = None
            if "solution" in etiquettes:
                cellule.source = cellule.metadata.get("atelier", {}).get("amorce", AMORCE_PAR_DEFAUT)
        if etiquettes:
            cellule.metadata["tags"] = [t for t in etiquettes if t not in ETIQUETTES_RETIREES]
            if not cellule.metadata["tags"]:
                del cellule.metadata["tags"]
        cellule.metadata.pop("atelier", None)
    copie.metadata.pop("widgets", None)
    return copie


def generer(source: Path, cible: Path) -> list[Path]:
    """Écrit la version apprenant de chaque carnet de ``source`` dans ``cible``."""
    cible.mkdir(parents=True, exist_ok=True)
    ecrits = []
    for chemin in sorted(Path(source).glob("*.ipynb")):
        carnet = nbformat.read(chemin, as_version=4)
        sortie = cible / chemin.name
        nbformat.write(version_apprenant(carnet), sortie)
        ecrits.append(sortie)
    return ecrits


if __name__ == "__main__":  # pragma: no cover
    dossier = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/apprenant")
    for f in generer(Path(__file__).resolve().parent.parent / "exercises", dossier):
        print(f)
