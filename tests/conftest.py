"""Fixtures partagées : le site construit strictement une fois par session, servi sur
127.0.0.1, et un Chromium de Debian piloté par Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

RACINE = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Construction:
    code: int
    journal: str
    html: Path


def pages_du_sommaire() -> list[str]:
    """Les pages HTML du livre, déduites de _toc.yml (plus les pages générées par Sphinx)."""
    toc = yaml.safe_load((RACINE / "_toc.yml").read_text(encoding="utf-8"))
    fichiers = [toc["root"]]

    def parcourir(noeud):
        if isinstance(noeud, dict):
            if "file" in noeud:
                fichiers.append(noeud["file"])
            for valeur in noeud.values():
                parcourir(valeur)
        elif isinstance(noeud, list):
            for element in noeud:
                parcourir(element)

    parcourir({k: v for k, v in toc.items() if k != "root"})
    return [f"{f}.html" for f in fichiers] + ["search.html", "genindex.html"]


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


class _Gestionnaire(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # pas de bruit dans la sortie des tests
        pass


@pytest.fixture(scope="session")
def url_site(site: Path):
    """Le site servi sur 127.0.0.1 (port libre choisi par le système)."""
    gestionnaire = functools.partial(_Gestionnaire, directory=str(site))
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), gestionnaire)
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    yield f"http://127.0.0.1:{serveur.server_address[1]}/"
    serveur.shutdown()


@pytest.fixture(scope="session")
def navigateur():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : lancez « make setup ».")
    with sync_playwright() as p:
        nav = p.chromium.launch(executable_path=CHROMIUM, args=ARGS_CHROMIUM)
        yield nav
        nav.close()


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
