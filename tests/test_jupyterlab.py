"""Le même widget en direct dans JupyterLab : rendu par le noyau, manié au clavier
(JupyterLab intercepte les flèches si le widget ne les garde pas), et les réponses
remontent dans les attributs Python."""

from __future__ import annotations

import pytest

from conftest import jupyterlab_sur


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    cellules = ["from atelier.widgets import DiagnosticConfiance\nw = DiagnosticConfiance()\nw", "print(sorted(w.reponses.items()))"]
    with jupyterlab_sur(tmp_path_factory.mktemp("lab"), cellules) as url:
        yield url


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
