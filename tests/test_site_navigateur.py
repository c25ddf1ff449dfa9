"""Chaque page du site construit, ouverte dans Chromium : aucune erreur dans la
console, aucune requête vers un autre hôte, aucune violation axe-core grave ou
critique des règles WCAG 2.1 A et AA ; et la recherche en français fonctionne."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import RACINE, pages_du_sommaire

AXE = RACINE / "node_modules" / "axe-core" / "axe.min.js"
NORMES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def ouvrir(page, url: str) -> dict:
    """Ouvre une page en notant erreurs de console et requêtes vers d'autres hôtes.

    Les requêtes externes sont interrompues (le site doit fonctionner sans elles)
    et toutes consignées, pour que le test les liste."""
    hote = urlparse(url).netloc
    constat = {"erreurs": [], "externes": [], "echecs": []}
    page.on("console", lambda m: m.type == "error" and constat["erreurs"].append(m.text))
    page.on("pageerror", lambda e: constat["erreurs"].append(str(e)))
    page.on("response", lambda r: r.status >= 400 and constat["echecs"].append(f"{r.status} {r.url}"))

    def filtrer(route):
        if urlparse(route.request.url).netloc not in (hote, ""):
            constat["externes"].append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", filtrer)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count():
        page.wait_for_selector("html[data-widgets-prets]")  # widgets affichés avant l'audit
    return constat


def audit_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (normes) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: normes}});
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => ({regle: v.id, impact: v.impact, elements: v.nodes.slice(0, 3).map(n => n.html.slice(0, 160))}));
        }""",
        NORMES,
    )


@pytest.mark.parametrize("nom", pages_du_sommaire())
def test_page_propre_et_accessible(page, url_site, nom):
    constat = ouvrir(page, url_site + nom)
    assert constat["externes"] == [], "requêtes vers un autre hôte"
    assert constat["erreurs"] == [], "erreurs dans la console"
    assert constat["echecs"] == [], "ressources introuvables"
    assert audit_axe(page) == []


def test_recherche_en_francais(page, url_site):
    """La recherche trouve une page de journée à partir d'un mot français fléchi
    (« participatifs » → racine « particip » du raciniseur français)."""
    ouvrir(page, url_site + "chapters/accueil.html")
    page.keyboard.press("Control+k")
    champ = page.locator("input[name='q']:visible").first
    champ.fill("dispositifs participatifs")
    champ.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    # La recherche affiche ses résultats au fur et à mesure : on attend la fin.
    page.wait_for_function("document.querySelector('#search-results')?.textContent.includes('Recherche terminée')", timeout=30000)
    liens = page.locator("#search-results li a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert any("chapters/j2/index.html" in lien for lien in liens), liens


def test_la_racine_redirige_vers_l_accueil(page, url_site):
    ouvrir(page, url_site)
    assert page.url.endswith("chapters/accueil.html")
    assert "innovation territoriale" in page.title().lower()


# En mode sombre, les couleurs viennent d'autres règles (thème, widgets, tableaux) :
# une page de chaque sorte est auditée aussi dans ce mode.
PAGES_MODE_SOMBRE = [
    "chapters/j2/j2-1-attentes-des-francais.html",  # tableaux et graphiques
    "chapters/j2/j2-2-retablir-la-confiance.html",  # diagnostic
    "chapters/j2/j2-3-tour-d-horizon-des-dispositifs.html",  # grille
    "chapters/j1/j1-4-ideer-prototyper-tester.html",  # matrice
    "chapters/j3/j3-4-strategie-et-feuille-de-route.html",  # feuille de route
    "chapters/questionnaires/positionnement.html",  # questionnaire
    "exercises/j3_exercices_concertation-et-feuille-de-route.html",  # exercices
]


@pytest.mark.parametrize("nom", PAGES_MODE_SOMBRE)
def test_page_accessible_en_mode_sombre(page, url_site, nom):
    page.add_init_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');")
    ouvrir(page, url_site + nom)
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert audit_axe(page) == []
