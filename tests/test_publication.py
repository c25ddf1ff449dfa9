"""Lancer les carnets ailleurs (Binder, JupyterHub), téléchargements de chaque page,
impression : sur le site construit."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qs, urlparse

import nbformat
import pytest
import yaml

from atelier.publication import chapitres, liens_de_lancement, reglages, source_de
from conftest import RACINE

def _liens_du_menu(page_html: str, etiquette: str) -> list[str]:
    """Les adresses des liens d'un menu de l'en-tête (« launch-buttons », « download-buttons »)."""
    debut = page_html.find(f'class="dropdown dropdown-{etiquette}"')
    if debut < 0:
        return []
    fin = page_html.find("</ul>", debut)
    return [html.unescape(h) for h in re.findall(r'<a href="([^"]+)"', page_html[debut:fin])]


# --- Binder et JupyterHub -----------------------------------------------------------


def test_reglages_de_publication_en_un_seul_endroit():
    config = yaml.safe_load((RACINE / "_config.yml").read_text(encoding="utf-8"))
    r = reglages()
    assert r.depot == config["repository"]["url"].rstrip("/")
    assert urlparse(r.depot).netloc == "github.com" and len(urlparse(r.depot).path.strip("/").split("/")) == 2
    for adresse in (r.binderhub, r.jupyterhub, r.adresse_site):
        assert urlparse(adresse).scheme == "https" and urlparse(adresse).netloc
    # Aucune autre copie de ces adresses dans le paquet ou le Makefile.
    for fichier in [*(RACINE / "atelier").rglob("*.py"), RACINE / "Makefile"]:
        texte = fichier.read_text(encoding="utf-8")
        for adresse in (r.depot, r.jupyterhub):
            assert adresse not in texte, f"{adresse} recopiée dans {fichier.name}"


def test_binder_porte_ce_qu_il_faut():
    """repo2docker : les dépendances du cours aux versions exactes, jupytext (les .md
    s'ouvrent comme carnets), nbgitpuller, Python 3.11, et le réglage de JupyterLab."""
    binder = RACINE / "binder"
    lignes = [l.split("#")[0].strip() for l in (binder / "requirements.txt").read_text(encoding="utf-8").splitlines()]
    assert "-r ../requirements.txt" in lignes and "-c ../constraints.txt" in lignes
    assert any(re.fullmatch(r"nbgitpuller==[\d.]+", l) for l in lignes)
    exigences = (RACINE / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^jupytext==", exigences, re.M) and re.search(r"^jupyterlab==", exigences, re.M)
    assert (binder / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"
    post_build = binder / "postBuild"
    assert post_build.stat().st_mode & 0o111, "postBuild doit être exécutable"
    texte = post_build.read_text(encoding="utf-8")
    assert "atelier/static/jupyterlab-overrides.json" in texte and "overrides.json" in texte
    reglage = json.loads((RACINE / "atelier/static/jupyterlab-overrides.json").read_text(encoding="utf-8"))
    vues = reglage["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert vues["markdown"] == vues["myst"] == "Jupytext Notebook"


@pytest.mark.parametrize("chapitre", chapitres(), ids=lambda c: c.fichier)
def test_liens_de_lancement_bien_formes(site, chapitre):
    r = reglages()
    page = (site / chapitre.html).read_text(encoding="utf-8")
    liens = _liens_du_menu(page, "launch-buttons")
    source = source_de(chapitre.fichier)
    assert (RACINE / source).is_file()
    proprietaire, nom = r.depot.split("/")[-2:]

    binder = next(urlparse(l) for l in liens if l.startswith(r.binderhub))
    assert (binder.scheme, binder.netloc) == ("https", urlparse(r.binderhub).netloc)
    assert binder.path == f"/v2/gh/{proprietaire}/{nom}/{r.branche}"
    assert parse_qs(binder.query) == {"urlpath": [f"lab/tree/{source}"]}

    hub = next(urlparse(l) for l in liens if l.startswith(r.jupyterhub))
    assert (hub.scheme, hub.netloc, hub.path) == ("https", urlparse(r.jupyterhub).netloc, "/hub/user-redirect/git-pull")
    assert parse_qs(hub.query) == {"repo": [r.depot], "branch": [r.branche], "urlpath": [f"lab/tree/{nom}/{source}"]}

    assert sorted(liens) == sorted(liens_de_lancement(chapitre.fichier).values())


@pytest.mark.parametrize("nom", ["chapters/accueil.html", "chapters/j2/j2-2-retablir-la-confiance.html"])
def test_rien_n_est_demande_a_binder_ni_au_hub_avant_un_clic(navigateur, url_site, nom):
    """La page se charge sans aucune requête vers un autre hôte ; ouvrir le menu non
    plus ; le clic sur « Binder » est la première requête vers Binder, et c'est le lien
    attendu (la requête est interceptée : rien ne sort de la machine)."""
    r = reglages()
    contexte = navigateur.new_context(locale="fr-FR")
    externes: list[str] = []

    def filtrer(route):
        if urlparse(route.request.url).hostname not in ("127.0.0.1", None):
            externes.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    contexte.route("**/*", filtrer)
    page = contexte.new_page()
    page.goto(url_site + nom)
    page.wait_for_load_state("networkidle")
    indices = page.evaluate(
        """() => [...document.querySelectorAll('link[rel~=preconnect], link[rel~=dns-prefetch], link[rel~=prefetch], link[rel~=prerender], link[rel~=preload]')]
                 .map(l => l.href).filter(h => !h.startsWith(location.origin))"""
    )
    assert indices == [] and externes == []

    page.locator(".dropdown-launch-buttons button.dropdown-toggle").click()
    binder = page.get_by_role("link", name=re.compile("Binder"))
    assert binder.is_visible()
    page.wait_for_timeout(300)
    assert externes == [], "une requête est partie à l'ouverture du menu"
    attendu = liens_de_lancement(nom.removesuffix(".html"))["binder"]
    with contexte.expect_page():
        binder.click()
    page.wait_for_timeout(500)
    assert externes and externes[0] == attendu
    contexte.close()


# --- Téléchargements ----------------------------------------------------------------


@pytest.mark.parametrize("chapitre", chapitres(), ids=lambda c: c.fichier)
def test_chaque_page_se_telecharge_en_ipynb_et_en_md(site, chapitre):
    import jupytext

    page = site / chapitre.html
    liens = _liens_du_menu(page.read_text(encoding="utf-8"), "download-buttons")
    fichiers = {(page.parent / l).resolve() for l in liens}
    ipynb = next(f for f in fichiers if f.suffix == ".ipynb" and "apprenant" not in f.parts)
    md = next(f for f in fichiers if f.suffix == ".md")
    carnet = nbformat.read(ipynb, as_version=4)
    nbformat.validate(carnet)
    assert carnet.cells
    texte = jupytext.read(md)
    assert [c.cell_type for c in texte.cells if c.cell_type == "code"] == [c.cell_type for c in carnet.cells if c.cell_type == "code"]
    if chapitre.fichier.startswith("exercises/"):
        apprenant = next(f for f in fichiers if "apprenant" in f.parts)
        version = nbformat.read(apprenant, as_version=4)
        assert not any("solution" in c.metadata.get("tags", []) for c in version.cells)
        assert all(not c.get("outputs") for c in version.cells if c.cell_type == "code")


# --- Impression ---------------------------------------------------------------------


def test_une_page_s_imprime_sans_navigation_avec_ses_widgets_dans_leur_etat(navigateur, url_site):
    from conftest import ouvrir_widgets

    contexte = navigateur.new_context(locale="fr-FR")
    page = contexte.new_page()
    ouvrir_widgets(page, url_site + "chapters/j2/j2-2-retablir-la-confiance.html")
    reponse = page.locator(".diagnostic-confiance input[type=radio]").nth(3)
    reponse.check()
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    page.emulate_media(media="print")
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    etat = page.evaluate(
        """() => {
            const affiche = s => [...document.querySelectorAll(s)].some(e => getComputedStyle(e).display !== 'none');
            return {
                navigation: ['.bd-header', '.bd-sidebar-primary', '.bd-sidebar-secondary', '.prev-next-area',
                             '.article-header-buttons', '.bd-footer'].filter(affiche),
                widget: affiche('.atelier-widget-hote'),
                titre: affiche('article h1'),
                theme: document.documentElement.dataset.theme,
            };
        }"""
    )
    assert etat == {"navigation": [], "widget": True, "titre": True, "theme": "light"}
    assert reponse.is_checked()  # l'état courant du widget est celui qu'on imprime
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    contexte.close()
