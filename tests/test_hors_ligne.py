"""L'archive hors ligne (make archive) : décompressée et servie par un simple serveur
statique, dans un sous-dossier, elle s'ouvre sans erreur ni requête vers un autre hôte,
widgets compris."""

from __future__ import annotations

import zipfile

import pytest

from atelier.publication import NOM_ARCHIVE, construire_archive, servir
from test_site_navigateur import ouvrir


@pytest.fixture(scope="module")
def archive_servie(site, tmp_path_factory):
    dossier = tmp_path_factory.mktemp("hors-ligne")
    resume = construire_archive(site, dossier / "site.zip")
    with zipfile.ZipFile(resume["fichier"]) as archive:
        noms = archive.namelist()
        assert all(n.startswith(f"{NOM_ARCHIVE}/") for n in noms)
        archive.extractall(dossier / "serveur")
    with servir(dossier / "serveur") as base:
        yield f"{base}{NOM_ARCHIVE}/", dossier / "serveur" / NOM_ARCHIVE


def test_l_archive_contient_le_site_et_son_mode_d_emploi(archive_servie, site):
    _, racine = archive_servie
    lisezmoi = (racine / "LISEZMOI.txt").read_text(encoding="utf-8")
    assert "python3 -m http.server" in lisezmoi and "sans internet" in lisezmoi
    pages = {p.relative_to(site) for p in site.rglob("*.html")}
    assert pages == {p.relative_to(racine) for p in racine.rglob("*.html")}


@pytest.mark.parametrize("nom", ["index.html", "chapters/j2/j2-2-retablir-la-confiance.html", "exercises/j2_exercices_confiance-et-participation.html", "search.html"])
def test_une_page_de_l_archive_s_ouvre_sans_erreur_ni_requete_externe(page, archive_servie, nom):
    url, _ = archive_servie
    constat = ouvrir(page, url + nom)
    assert constat == {"erreurs": [], "externes": [], "echecs": []}
    if "j2-2" in nom:
        assert page.locator(".diagnostic-confiance input[type=radio]").count() > 10
    if nom == "index.html":
        assert page.url.endswith("chapters/accueil.html")


def test_la_recherche_marche_dans_l_archive(page, archive_servie):
    url, _ = archive_servie
    ouvrir(page, url + "search.html?q=concertation")
    page.wait_for_function("document.querySelector('#search-results')?.textContent.includes('Recherche terminée')", timeout=30000)
    assert page.locator("#search-results li a").count() > 0
