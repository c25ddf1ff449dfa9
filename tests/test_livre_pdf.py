"""Le PDF du livre entier (make pdf), construit hors ligne depuis le site construit."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from atelier.publication import chapitres, reglages
from conftest import RACINE


@pytest.fixture(scope="module")
def livre(site, tmp_path_factory):
    """Le PDF, construit par la même commande que « make pdf » (dans un processus à
    part : il pilote son propre Chromium)."""
    sortie = tmp_path_factory.mktemp("pdf") / "livre.pdf"
    proc = subprocess.run(
        [sys.executable, "-m", "atelier.publication", "pdf", str(site), str(sortie)],
        cwd=RACINE, capture_output=True, text=True, timeout=1200,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    return PdfReader(sortie)


def _texte(lecteur: PdfReader, debut: int = 0, fin: int | None = None) -> str:
    return "\n".join(p.extract_text() or "" for p in lecteur.pages[debut:fin])


def test_titre_langue_et_renvoi_vers_le_site(livre):
    r = reglages()
    assert livre.metadata.title == r.titre
    assert livre.trailer["/Root"]["/Lang"] == "fr-FR"
    couverture = _texte(livre, 0, 1)
    assert "démocratie participative" in couverture
    assert r.adresse_site in re.sub(r"\s+", "", couverture)  # l'adresse peut passer à la ligne
    assert "état par défaut" in couverture


def test_toutes_les_pages_du_sommaire_sont_dans_le_livre(livre):
    pages = len(livre.pages)
    assert pages >= len(chapitres()) + 2  # couverture, sommaire, au moins une page par chapitre
    signets = []

    def parcourir(liste):
        for entree in liste:
            if isinstance(entree, list):
                parcourir(entree)
            else:
                signets.append(entree.title)

    parcourir(livre.outline)
    texte = _texte(livre)
    parties = {c.partie for c in chapitres() if c.partie}
    assert len(signets) == len(chapitres()) + len(parties)  # un signet par page et par partie
    assert parties <= set(signets)
    # Mots français du cours, numérotation des pages, pas de libellé anglais du thème.
    assert "concertation" in texte and "À retenir" in texte
    assert re.search(rf"\b{pages}\s?/\s?{pages}\b", _texte(livre, pages - 1))
    assert "Skip to main content" not in texte and "Print to PDF" not in texte


def test_widgets_imprimes_dans_leur_etat_par_defaut(livre):
    """Les widgets sont affichés par le navigateur avant l'impression : le texte qu'ils
    écrivent (ici les réponses proposées par le diagnostic de confiance) est dans le PDF."""
    texte = _texte(livre).replace("’", "'")
    assert "Pas du tout d'accord" in texte


def test_les_liens_menent_au_site_publie(livre):
    r = reglages()
    uris = []
    for page in livre.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action.get_object():
                uris.append(str(action.get_object()["/URI"]))
    assert uris, "aucun lien dans le PDF"
    assert not [u for u in uris if "127.0.0.1" in u or "localhost" in u]
    assert any(u.startswith(r.adresse_site) for u in uris)
