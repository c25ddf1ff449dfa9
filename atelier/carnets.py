"""Réexécute les carnets d'exercices et enregistre leurs sorties (``make carnets``).

Les carnets de ``exercises/`` sont stockés avec leurs sorties, que nbval compare,
et avec l'état de leurs widgets (dont le module JavaScript) : après une
modification du paquet, on les réexécute pour que tout reste à jour. Un test
vérifie que le module enregistré est bien celui du paquet."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

RACINE = Path(__file__).resolve().parent.parent


def executer(chemin: Path) -> None:
    carnet = nbformat.read(chemin, as_version=4)
    NotebookClient(carnet, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(chemin.parent)}}).execute()
    for numero, cellule in enumerate(carnet.cells, 1):
        cellule["id"] = f"cellule-{numero}"  # identifiants stables : des différences lisibles
    nbformat.write(carnet, chemin)


def main(chemins: list[str]) -> None:
    for chemin in [Path(c) for c in chemins] or sorted((RACINE / "exercises").glob("*.ipynb")):
        executer(chemin)
        print(f"exécuté : {chemin}")


if __name__ == "__main__":
    main(sys.argv[1:])
