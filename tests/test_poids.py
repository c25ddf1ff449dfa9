"""Plafonds de poids des pages (octets, pas de temps) : toute page du sommaire
télécharge au plus 300 Kio compressés (gzip), et les widgets d'une page lui ajoutent
au plus 50 Kio gzip par rapport à la même page en texte seul (état, module, vues et
chargeur des widgets). Mesures : octets reçus par Chromium, cache vide
(atelier.mesures, comme « make bench »)."""

from __future__ import annotations

import pytest

from atelier.mesures import PAGE_TEXTE, PLAFOND_PAGE, SURCOUT_WIDGETS, a_des_widgets, mesurer_page, surcout_widgets
from conftest import pages_du_sommaire


@pytest.fixture(scope="module")
def poids(navigateur, url_site):
    return {nom: mesurer_page(navigateur, url_site + nom) for nom in pages_du_sommaire()}


def _kio(octets: int) -> str:
    return f"{octets / 1024:.0f} Kio"


def test_aucune_page_ne_depasse_300_kio(poids):
    trop = {nom: _kio(p["gzip"]) for nom, p in poids.items() if p["gzip"] > PLAFOND_PAGE}
    assert trop == {}


def test_les_widgets_d_une_page_ajoutent_au_plus_50_kio(site, poids):
    a_widgets = [nom for nom in poids if a_des_widgets(site, nom)]
    assert len(a_widgets) >= 3  # le diagnostic, la grille, les exercices…
    trop = {}
    for nom in a_widgets:
        surcout = surcout_widgets(site, nom)
        if surcout > SURCOUT_WIDGETS:
            trop[nom] = f"widgets : {_kio(surcout)} > {_kio(SURCOUT_WIDGETS)}"
    assert trop == {}


def test_la_mesure_des_widgets_compte_leurs_octets(site, poids):
    """La page du diagnostic pèse, dans le navigateur, au moins l'accueil plus ses widgets
    (la mesure par différence n'oublie pas le module ni le chargeur)."""
    page = "chapters/j2/j2-2-retablir-la-confiance.html"
    assert not a_des_widgets(site, PAGE_TEXTE) and a_des_widgets(site, page)
    surcout = surcout_widgets(site, page)
    assert 5 * 1024 < surcout < poids[page]["gzip"] - poids[PAGE_TEXTE]["gzip"] + 2 * 1024


def test_les_polices_et_scripts_lourds_du_theme_ne_sont_plus_telecharges(poids, navigateur, url_site):
    """fontawesome.js (1,5 Mo) et les polices complètes ne partent plus : l'accueil
    fait moins de 30 requêtes et moins de 200 Kio gzip (865 Kio avant allègement)."""
    accueil = poids[PAGE_TEXTE]
    assert accueil["gzip"] < 200 * 1024 and accueil["requetes"] < 30
    contexte = navigateur.new_context()
    page = contexte.new_page()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(url_site + "chapters/bibliographie.html")
    page.wait_for_load_state("networkidle")
    contexte.close()
    lourds = [u for u in urls if "fontawesome" in u or "searchindex" in u or u.split("?")[0].endswith(".woff2")]
    assert lourds == []
    assert any(u.split("?")[0].endswith("atelier-icones/solide.woff") for u in urls)  # les icônes, en police réduite
