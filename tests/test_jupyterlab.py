"""Le même widget en direct dans JupyterLab : rendu par le noyau, manié au clavier
(JupyterLab intercepte les flèches si le widget ne les garde pas), et les réponses
remontent dans les attributs Python."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("lab")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from atelier.widgets import DiagnosticConfiance\nw = DiagnosticConfiance()\nw"),
        nbformat.v4.new_code_cell("print(sorted(w.reponses.items()))"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, dossier / "essai.ipynb")
    port = _port_libre()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(dossier / ".config"), JUPYTER_RUNTIME_DIR=str(dossier / ".runtime"))
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         "--IdentityProvider.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={dossier}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--allow-root"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/api/status", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("JupyterLab n'a pas démarré")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_diagnostic_au_clavier_dans_jupyterlab(navigateur, jupyterlab):
    contexte = navigateur.new_context(viewport={"width": 1400, "height": 1000})
    page = contexte.new_page()
    page.goto(jupyterlab + "/lab/tree/essai.ipynb")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60000)
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90000)  # noyau prêt
    page.locator(".jp-Notebook .jp-Cell").first.click()
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+Enter")
    radio = page.locator(".diagnostic-confiance fieldset[data-id='rea-1'] input").first
    radio.wait_for(timeout=60000)
    radio.click()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.locator(".diagnostic-confiance fieldset[data-id='rea-1'] input:checked").get_attribute("value") == "3"
    assert "1 affirmations répondues" in page.locator(".diagnostic-confiance .progression").inner_text()
    # Les réponses saisies au clavier sont dans l'attribut Python du widget.
    page.locator(".jp-Notebook .jp-Cell").nth(1).click()
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+Enter")
    sortie = page.locator(".jp-Notebook .jp-Cell").nth(1).locator(".jp-OutputArea-output")
    sortie.wait_for(timeout=30000)
    assert "[('rea-1', 3)]" in sortie.inner_text()
    contexte.close()
