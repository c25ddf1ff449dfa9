"""Plafonds de poids des pages (octets, pas de temps) : toute page du sommaire
télécharge au plus 300 Kio compressés (gzip), et une page à widgets au plus 50 Kio de
plus que la page d'accueil, page de texte. Mesure : octets reçus par Chromium, cache
vide (atelier.mesures.mesurer_page, comme « make bench »)."""

from __future__ import annotations

import pytest

from atelier.mesures import PAGE_TEXTE, PLAFOND_PAGE, SURCOUT_WIDGETS, a_des_widgets, mesurer_page
from conftest import pages_du_sommaire

# Pages à widgets qui dépassent le plafond, avec leur raison et leur propre plafond
# (surcoût par rapport à l'accueil) : à alléger, puis à retirer d'ici.
DEROGATIONS = {
    "chapters/j3/j3-4-strategie-et-feuille-de-route.html": (
        70 * 1024,
        "constructeur de feuille de route : module JavaScript de 124 Kio (35 Kio gzip) et contexte de 52 Kio",
    ),
}


@pytest.fixture(scope="module")
def poids(navigateur, url_site):
    return {nom: mesurer_page(navigateur, url_site + nom) for nom in pages_du_sommaire()}


def _kio(octets: int) -> str:
    return f"{octets / 1024:.0f} Kio"


def test_aucune_page_ne_depasse_300_kio(poids):
    trop = {nom: _kio(p["gzip"]) for nom, p in poids.items() if p["gzip"] > PLAFOND_PAGE}
    assert trop == {}


def test_une_page_a_widgets_pese_au_plus_50_kio_de_plus_que_l_accueil(site, poids):
    accueil = poids[PAGE_TEXTE]["gzip"]
    assert not a_des_widgets(site, PAGE_TEXTE)
    a_widgets = [nom for nom in poids if a_des_widgets(site, nom)]
    assert len(a_widgets) >= 3  # le diagnostic, la grille, les exercices…
    trop = {}
    for nom in a_widgets:
        plafond = DEROGATIONS.get(nom, (SURCOUT_WIDGETS,))[0]
        if poids[nom]["gzip"] - accueil > plafond:
            trop[nom] = f"accueil + {_kio(poids[nom]['gzip'] - accueil)} > accueil + {_kio(plafond)}"
    assert trop == {}


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
