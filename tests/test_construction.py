"""La construction stricte du livre : sans avertissement, toutes les pages, en français."""

import re

import pytest

from conftest import pages_du_sommaire

# Libellés anglais du thème ou des extensions qui ne doivent jamais apparaître.
LIBELLES_ANGLAIS = [
    "Search this book",
    "Print to PDF",
    "Download this page",
    "Fullscreen mode",
    "Skip to main content",
    "Back to top",
    "Contents",
    "By the ",
    "Previous",
    "Next",
    "Exercise",
    "Show code cell",
    "Hide code cell",
    "Click to show",
    "Color mode",
    "Toggle",
    "sidebar",
]


def test_construction_reussie_sans_avertissement(construction):
    assert construction.code == 0, construction.journal[-4000:]
    # Les avertissements de Sphinx (« fichier:ligne: WARNING: … » ou « WARNING: … »).
    avertissements = [l for l in construction.journal.splitlines() if re.search(r"(^|: )(WARNING|ERROR|CRITICAL|SEVERE): ", l)]
    assert avertissements == []


def test_chaque_page_du_sommaire_est_construite(site):
    manquantes = [p for p in pages_du_sommaire() if not (site / p).is_file()]
    assert manquantes == []


def test_aucune_page_hors_sommaire(site):
    """Chaque page HTML du site est auditée par les tests navigateur : aucune n'y échappe."""
    attendues = set(pages_du_sommaire()) | {"index.html"}
    presentes = {p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts}
    assert presentes - attendues == set()


@pytest.mark.parametrize("nom", pages_du_sommaire())
def test_page_en_francais(site, nom):
    html = (site / nom).read_text(encoding="utf-8")
    assert '<html lang="fr"' in html
    texte = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    texte = re.sub(r"<[^>]+>", " ", texte)
    attributs = " ".join(re.findall(r'(?:title|aria-label|placeholder|alt|data-bs-title)="([^"]*)"', html))
    trouves = [l for l in LIBELLES_ANGLAIS if re.search(rf"\b{re.escape(l)}", texte + " " + attributs)]
    assert trouves == [], f"libellés anglais dans {nom} : {trouves}"


def test_aucun_hote_tiers_dans_les_balises(site):
    """Aucune ressource (script, feuille de style, image, police) n'est appelée depuis un autre hôte."""
    fautifs = []
    for fichier in site.rglob("*.html"):
        html = fichier.read_text(encoding="utf-8")
        for balise in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", html):
            if re.search(r'(?:src|href)="(?:https?:)?//', balise) and 'rel="canonical"' not in balise:
                fautifs.append((fichier.name, balise[:120]))
    assert fautifs == []


def test_sphinx_thebe_entierement_retire(site):
    """Ni le script ni la feuille de style de sphinx-thebe (exécution à distance, hôte
    tiers) : les boutons de lancement le remplacent."""
    avec_thebe = [f.name for f in site.rglob("*.html") if "thebe" in " ".join(re.findall(r"<(?:script|link)\b[^>]*>", f.read_text(encoding="utf-8")))]
    assert avec_thebe == []


def test_chaque_renvoi_des_exercices_mene_a_une_section_existante(site):
    """« À relire » : la page et l'ancre de chaque exercice existent dans le site construit."""
    from atelier.exercices import exercices

    casses = []
    for ex in exercices():
        relire = ex.get("relire")
        if not relire:
            continue
        page = site / f"{relire['page']}.html"
        if not page.is_file():
            casses.append((ex["id"], relire["page"]))
        elif relire.get("ancre") and f'id="{relire["ancre"]}"' not in page.read_text(encoding="utf-8"):
            casses.append((ex["id"], relire["ancre"]))
    assert casses == []


def test_versions_apprenant_publiees(site):
    """Chaque carnet d'exercices a sa version à compléter dans le site, sans solution."""
    import nbformat

    from conftest import RACINE

    for carnet in sorted((RACINE / "exercises").glob("*.ipynb")):
        publie = site / "apprenant" / carnet.name
        assert publie.is_file(), carnet.name
        nb = nbformat.read(publie, as_version=4)
        assert not any("solution" in c.metadata.get("tags", []) for c in nb.cells)
