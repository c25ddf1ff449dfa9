"""Le kit du formateur dans le site construit : supports de présentation publiés dans
_static/diapos/ et téléchargeables depuis la page « Supports de présentation »,
gabarits de restitution téléchargeables, diaporama servi par le site sans erreur."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import pytest
from pptx import Presentation

from atelier import diapos


def test_supports_publies_dans_le_site(site):
    dossier = site / "_static" / "diapos"
    for jour in diapos.jours_du_sommaire():
        nom = jour.lower()
        assert (dossier / f"{nom}.html").is_file(), nom
        prs = Presentation(str(dossier / f"{nom}.pptx"))
        assert len(prs.slides) == len(diapos.diaporama(jour, figures=False).diapos)
    assert (dossier / "reveal.js" / "dist" / "reveal.js").is_file()
    assert sorted(p.name for p in (dossier / "figures").glob("*.png"))


def test_la_page_des_supports_mene_aux_fichiers(site):
    page = site / "chapters" / "formateur" / "supports.html"
    html = page.read_text(encoding="utf-8")
    liens = re.findall(r'href="([^"#]*_static/diapos/[^"]+)"', html)
    assert {l.rsplit("/", 1)[-1] for l in liens} >= {"j1.html", "j1.pptx", "j2.html", "j2.pptx", "j3.html", "j3.pptx"}
    for lien in liens:
        cible = (page.parent / lien).resolve()
        assert cible.is_file(), lien


def test_les_gabarits_de_restitution_se_telechargent(site):
    page = site / "chapters" / "formateur" / "restitution.html"
    html = page.read_text(encoding="utf-8")
    liens = re.findall(r'href="([^"]*_downloads/[^"]+)"', html)
    noms = {l.rsplit("/", 1)[-1] for l in liens}
    assert noms >= {"j1_fiche.yaml", "j2_fiche.yaml", "j3_fiche.yaml", "j1_idees.csv", "votes.csv"}
    assert all((page.parent / l).resolve().is_file() for l in liens)


@pytest.mark.parametrize("jour", ["J1", "J2", "J3"])
def test_diaporama_du_site_sans_erreur(page, url_site, jour):
    erreurs, externes, echecs = [], [], []
    hote = urlparse(url_site).netloc
    page.on("console", lambda m: m.type == "error" and erreurs.append(m.text))
    page.on("pageerror", lambda e: erreurs.append(str(e)))
    page.on("response", lambda r: r.status >= 400 and echecs.append(f"{r.status} {r.url}"))

    def filtrer(route):
        if urlparse(route.request.url).netloc not in (hote, ""):
            externes.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", filtrer)
    page.goto(urljoin(url_site, f"_static/diapos/{jour.lower()}.html"))
    page.wait_for_load_state("networkidle")
    assert page.evaluate("Reveal.getTotalSlides()") == len(diapos.diaporama(jour, figures=False).diapos)
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    assert (erreurs, externes, echecs) == ([], [], [])
