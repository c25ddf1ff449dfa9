"""Fixtures partagées : le site construit strictement une fois par session, servi sur
127.0.0.1, et un Chromium de Debian piloté par Playwright."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from atelier.publication import CHROMIUM, chromium, servir  # le serveur et le Chromium du PDF et des mesures
from atelier.sommaire import pages_html

RACINE = Path(__file__).resolve().parent.parent
# Les faits vérifiés du cours (../shared/facts/facts.yaml, à côté du dépôt), par identifiant ;
# None si le fichier n'est pas là (clone seul) : les tests qui s'en servent sont alors sautés.
FICHIER_FAITS = RACINE.parent / "shared" / "facts" / "facts.yaml"
FAITS = {f["id"]: f for f in yaml.safe_load(FICHIER_FAITS.read_text(encoding="utf-8"))} if FICHIER_FAITS.exists() else None


@dataclass
class Construction:
    code: int
    journal: str
    html: Path


def pages_du_sommaire() -> list[str]:
    """Les pages HTML du livre, déduites de _toc.yml (plus les pages générées par Sphinx)."""
    return pages_html()


@pytest.fixture(scope="session")
def construction() -> Construction:
    """Construction propre et stricte du livre (avertissements = erreurs), une fois par session.

    Elle a lieu dans _build/test pour ne pas toucher au site de « make serve »
    (ou dans le dossier donné par ATELIER_SORTIE_TEST, pour mener deux constructions de front).
    """
    sortie = Path(os.environ.get("ATELIER_SORTIE_TEST", RACINE / "_build" / "test")).resolve()
    shutil.rmtree(sortie, ignore_errors=True)
    jb = Path(sys.executable).with_name("jb")
    proc = subprocess.run(
        [str(jb), "build", ".", "--warningiserror", "--nitpick", "--keep-going", "--path-output", str(sortie)],
        cwd=RACINE,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    journal = proc.stdout + proc.stderr
    (sortie / "construction.log").write_text(journal, encoding="utf-8")  # pour le diagnostic
    return Construction(proc.returncode, journal, sortie / "_build" / "html")


@pytest.fixture(scope="session")
def site(construction: Construction) -> Path:
    if construction.code != 0:
        pytest.fail("La construction du livre a échoué :\n" + construction.journal[-4000:])
    return construction.html


@pytest.fixture(scope="session")
def url_site(site: Path):
    """Le site servi sur 127.0.0.1 (port libre choisi par le système)."""
    with servir(site) as base:
        yield base


@pytest.fixture(scope="session")
def navigateur():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : lancez « make setup ».")
    with chromium() as nav:
        yield nav


@pytest.fixture
def page(navigateur):
    contexte = navigateur.new_context(locale="fr-FR")
    onglet = contexte.new_page()
    yield onglet
    contexte.close()


def ouvrir_widgets(page, url: str) -> None:
    """Ouvre une page du site et attend que ses widgets soient affichés."""
    page.goto(url)
    page.wait_for_selector("html[data-widgets-prets]")


def importer_module(page, marque: str) -> dict:
    """Importe dans la page, sous ``window.__module``, le module JavaScript d'un widget
    tel que le site le sert (son _esm, pris dans l'état intégré à la page) : celui
    dont le code contient ``marque``. Renvoie l'état du modèle de ce widget."""
    return page.evaluate(
        """async (marque) => {
            const etat = JSON.parse(document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]').textContent).state;
            const modele = Object.values(etat).find(m => m.model_module === 'anywidget' && m.state._esm.includes(marque));
            window.__module = await import(URL.createObjectURL(new Blob([modele.state._esm], {type: 'text/javascript'})));
            window.__etat = modele.state;
            return Object.keys(modele.state);
        }""",
        marque,
    )


@contextlib.contextmanager
def jupyterlab_sur(dossier: Path, cellules: list[str]):
    """Lance JupyterLab (sans jeton, sur 127.0.0.1) sur un carnet ``essai.ipynb`` fait
    des cellules de code données, et rend son adresse ; l'arrête à la sortie."""
    import socket
    import time
    import urllib.request

    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cellules]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, dossier / "essai.ipynb")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(dossier / ".config"), JUPYTER_RUNTIME_DIR=str(dossier / ".runtime"))
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         "--IdentityProvider.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={dossier}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--allow-root"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/api/status", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab n'a pas démarré")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
