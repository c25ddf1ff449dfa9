"""Publication du cours : PDF du livre, archive hors ligne, artefact du site publié.

À partir du site construit (``_build/html``), sans réseau :

- ``construire_pdf`` : le livre entier en PDF. Chaque page du sommaire est ouverte
  dans Chromium (Playwright, Chromium de Debian), ses widgets affichés dans leur
  état par défaut (navigateur neuf, aucune saisie), puis imprimée (``page.pdf``,
  feuille d'impression du site) ; ``pypdf`` assemble les morceaux derrière une
  couverture (titre, adresse du site, sommaire avec numéros de page), numérote les
  pages, ajoute les signets, les métadonnées (titre, langue française) et fait
  pointer les liens vers le site publié ;
- ``construire_archive`` : un ZIP du site qui marche depuis n'importe quel serveur
  web statique, sans internet (salle de formation, intranet), avec un LISEZMOI ;
- ``publier`` : le dossier publié (site + ``telechargements/`` : PDF et archive) ;
- ``liens_de_lancement`` : les liens Binder et JupyterHub (nbgitpuller) d'une page,
  à distribuer aux apprenants.

En ligne de commande : ``python -m atelier.publication pdf|archive|publier|liens``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import html
import http.server
import io
import os
import shutil
import sys
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import yaml

from .sommaire import Chapitre, chapitres  # noqa: F401  (réexportés : le PDF suit le sommaire)

RACINE = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NOM_ARCHIVE = "cours-innovation-participation"
MARGES = {"top": "18mm", "right": "16mm", "bottom": "20mm", "left": "16mm"}
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")
NB = "\u00a0"


# --- Configuration et sommaire ---------------------------------------------------


@dataclass(frozen=True)
class Reglages:
    """Les réglages de publication lus dans ``_config.yml`` (un seul endroit)."""

    titre: str
    auteur: str
    adresse_site: str
    depot: str
    branche: str
    binderhub: str
    jupyterhub: str
    interface: str


def reglages(config: Path = RACINE / "_config.yml") -> Reglages:
    donnees = yaml.safe_load(config.read_text(encoding="utf-8"))
    depot = donnees.get("repository", {})
    lancement = donnees.get("launch_buttons", {})
    return Reglages(
        titre=donnees["title"],
        auteur=donnees.get("author", ""),
        adresse_site=donnees.get("html", {}).get("baseurl", "").rstrip("/") + "/",
        depot=depot.get("url", "").rstrip("/"),
        branche=depot.get("branch", "main"),
        binderhub=lancement.get("binderhub_url", "").rstrip("/"),
        jupyterhub=lancement.get("jupyterhub_url", "").rstrip("/"),
        interface={"jupyterlab": "lab/tree", "classic": "tree"}[lancement.get("notebook_interface", "jupyterlab")],
    )


def source_de(fichier: str) -> str:
    """Le fichier source d'une page (``.ipynb`` s'il existe, sinon ``.md``)."""
    for suffixe in (".ipynb", ".md"):
        if (RACINE / f"{fichier}{suffixe}").is_file():
            return f"{fichier}{suffixe}"
    raise FileNotFoundError(f"Source introuvable pour la page « {fichier} ».")


def liens_de_lancement(fichier: str, r: Reglages | None = None) -> dict[str, str]:
    """Les liens Binder et JupyterHub (nbgitpuller) qui ouvrent une page comme carnet,
    construits comme sphinx-book-theme les construit pour les boutons de la page."""
    r = r or reglages()
    source = source_de(fichier)
    proprietaire, nom = r.depot.split("/")[-2:]
    liens = {}
    if r.binderhub:
        liens["binder"] = f"{r.binderhub}/v2/gh/{proprietaire}/{nom}/{r.branche}?urlpath={r.interface}/{source}"
    if r.jupyterhub:
        parametres = urlencode({"repo": r.depot, "urlpath": f"{r.interface}/{nom}/{source}", "branch": r.branche}, safe="/")
        liens["jupyterhub"] = f"{r.jupyterhub}/hub/user-redirect/git-pull?{parametres}"
    return liens


# --- Navigateur et serveur local ---------------------------------------------------


class Silencieux(http.server.SimpleHTTPRequestHandler):
    """Serveur de fichiers statiques sans journal dans la console."""

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def servir(dossier: Path, gestionnaire: type[http.server.SimpleHTTPRequestHandler] = Silencieux):
    """Sert ``dossier`` sur 127.0.0.1 (port libre) ; donne l'adresse de base. Le seul
    serveur local du projet : PDF, mesures et tests du site s'en servent."""
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(gestionnaire, directory=str(dossier)))
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    try:
        yield f"http://127.0.0.1:{serveur.server_address[1]}/"
    finally:
        serveur.shutdown()
        serveur.server_close()


@contextlib.contextmanager
def chromium():
    """Le Chromium de Debian piloté par Playwright (le seul lancement du projet :
    PDF, mesures et tests)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium introuvable ({CHROMIUM}) : lancez « make setup » ou donnez CHROMIUM=/chemin.")
    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=CHROMIUM, args=ARGS_CHROMIUM)
        try:
            yield navigateur
        finally:
            navigateur.close()


def ouvrir_page(navigateur, url: str, bloquer_externe: bool = True):
    """Ouvre une page dans un contexte neuf (stockage vide : widgets dans leur état
    par défaut), attend ses widgets ; toute requête vers un autre hôte est refusée."""
    contexte = navigateur.new_context(locale="fr-FR", color_scheme="light")
    page = contexte.new_page()
    if bloquer_externe:
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "blob:", "data:")) else route.abort())
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count():
        page.wait_for_selector("html[data-widgets-prets]", timeout=60000)
    page.evaluate("document.fonts.ready")
    return contexte, page


# --- PDF -------------------------------------------------------------------------------


@dataclass
class Morceau:
    chapitre: Chapitre
    titre: str
    pdf: bytes
    pages: int = 0
    debut: int = 0  # numéro (1, 2…) de sa première page dans le livre


def _date_francaise(jour: dt.date) -> str:
    return f"{jour.day}{NB}{MOIS[jour.month - 1]} {jour.year}"


def _jour_de_construction() -> dt.date:
    # Construction reproductible si SOURCE_DATE_EPOCH est donnée.
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc).date()
    return dt.date.today()


def html_couverture(r: Reglages, morceaux: list[Morceau], jour: dt.date) -> str:
    """Couverture et sommaire du PDF (numéros de page absolus, couverture comprise)."""
    e = html.escape
    lignes, partie = [], None
    for m in morceaux:
        if m.chapitre.partie != partie and m.chapitre.partie:
            lignes.append(f'<li class="partie">{e(m.chapitre.partie)}</li>')
        partie = m.chapitre.partie
        lignes.append(
            f'<li class="niveau-{m.chapitre.niveau}"><span class="titre">{e(m.titre)}</span>'
            f'<span class="points"></span><span class="page">{m.debut}</span></li>'
        )
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{e(r.titre)}</title>
<style>
  body {{ font-family: "DejaVu Sans", sans-serif; color: #1a1a1a; margin: 0; }}
  .couverture {{ height: 250mm; display: flex; flex-direction: column; justify-content: center; break-after: page; }}
  h1 {{ font-size: 28pt; line-height: 1.2; margin: 0 0 8mm; color: #1d3a8a; }}
  .auteur {{ font-size: 14pt; margin: 0 0 20mm; }}
  .renvoi {{ border-left: 4px solid #1d4ed8; padding: 3mm 5mm; font-size: 11pt; line-height: 1.5; }}
  .renvoi a {{ color: #1d4ed8; }}
  .date {{ margin-top: 12mm; font-size: 10pt; color: #444; }}
  h2 {{ font-size: 18pt; color: #1d3a8a; }}
  ol {{ list-style: none; padding: 0; font-size: 10.5pt; }}
  li {{ display: flex; align-items: baseline; margin: 1.6mm 0; break-inside: avoid; }}
  li.partie {{ font-weight: bold; margin-top: 5mm; color: #1d3a8a; }}
  li.niveau-1 {{ padding-left: 7mm; }}
  .points {{ flex: 1; border-bottom: 1px dotted #888; margin: 0 2mm; }}
</style></head>
<body>
<section class="couverture">
  <h1>{e(r.titre)}</h1>
  <p class="auteur">{e(r.auteur)}</p>
  <div class="renvoi">
    <p>Version imprimable du cours. La version en ligne, à jour et interactive, est ici{NB}:<br>
    <a href="{e(r.adresse_site)}">{e(r.adresse_site)}</a></p>
    <p>Les outils interactifs (diagnostic, grille des dispositifs, exercices, feuille de route…)
    sont imprimés dans leur état par défaut, sans vos réponses. Pour vous en servir, ouvrez la
    version en ligne{NB}: vos réponses y restent dans votre navigateur.</p>
  </div>
  <p class="date">Document produit le {_date_francaise(jour)}.</p>
</section>
<section>
  <h2>Sommaire</h2>
  <ol>{''.join(lignes)}</ol>
</section>
</body></html>"""


def html_numerotation(total: int, titre: str) -> str:
    """Un document de ``total`` pages vides : Chromium y imprime le pied de page
    (titre, numéro / total) qu'on superpose ensuite aux pages du livre."""
    pages = "".join('<div style="break-after: page; height: 1px"></div>' for _ in range(total - 1)) + "<div></div>"
    return f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(titre)}</title></head><body>{pages}</body></html>'


def _pied_de_page(titre: str) -> str:
    return (
        '<div style="font-family: DejaVu Sans, sans-serif; font-size: 8px; color: #555; width: 100%; '
        'margin: 0 16mm; display: flex; justify-content: space-between;">'
        f'<span>{html.escape(titre)}</span><span><span class="pageNumber"></span>{NB}/{NB}<span class="totalPages"></span></span></div>'
    )


def _nombre_de_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _imprimer_html(navigateur, contenu: str, **options) -> bytes:
    contexte = navigateur.new_context(locale="fr-FR")
    page = contexte.new_page()
    page.set_content(contenu, wait_until="load")
    pdf = page.pdf(format="A4", margin=MARGES, print_background=True, **options)
    contexte.close()
    return pdf


def _liens_vers_le_site(ecrivain, base_locale: str, adresse_site: str) -> int:
    """Les liens que Chromium a écrits vers le serveur local pointent vers le site publié."""
    from pypdf.generic import NameObject, TextStringObject

    remplaces = 0
    for page in ecrivain.pages:
        for annotation in page.get("/Annots") or []:
            objet = annotation.get_object()
            action = objet.get("/A")
            if action is None:
                continue
            action = action.get_object()
            uri = action.get("/URI")
            if uri and str(uri).startswith(base_locale):
                action[NameObject("/URI")] = TextStringObject(adresse_site + str(uri)[len(base_locale):])
                remplaces += 1
    return remplaces


def construire_pdf(site: Path, sortie: Path, journal=print) -> dict:
    """Construit le PDF du livre à partir du site construit ``site``. Renvoie un résumé."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    debut_chrono = time.perf_counter()
    r = reglages()
    site = Path(site)
    manquantes = [c.html for c in chapitres() if not (site / c.html).is_file()]
    if manquantes:
        raise SystemExit(f"Site incomplet ({site}) : {', '.join(manquantes)} manquent. Lancez « make build ».")
    morceaux: list[Morceau] = []
    with servir(site) as base, chromium() as navigateur:
        for chapitre in chapitres():
            contexte, page = ouvrir_page(navigateur, base + chapitre.html)
            titre = page.locator("article h1, main h1").first.inner_text().replace("#", "").strip()
            pdf = page.pdf(format="A4", margin=MARGES, print_background=True)
            contexte.close()
            morceaux.append(Morceau(chapitre, titre, pdf, _nombre_de_pages(pdf)))
            journal(f"  {chapitre.html} : {morceaux[-1].pages} page(s)")
        jour = _jour_de_construction()
        # La couverture et le sommaire d'abord avec des numéros provisoires : leur
        # longueur donne le numéro de la première page du premier chapitre.
        pages_couverture = _nombre_de_pages(_imprimer_html(navigateur, html_couverture(r, morceaux, jour)))
        suivante = pages_couverture + 1
        for m in morceaux:
            m.debut, suivante = suivante, suivante + m.pages
        couverture = _imprimer_html(navigateur, html_couverture(r, morceaux, jour))
        if _nombre_de_pages(couverture) != pages_couverture:
            raise RuntimeError("Le sommaire a changé de longueur en recevant ses numéros de page.")
        total = suivante - 1
        numerotation = _imprimer_html(
            navigateur,
            html_numerotation(total, r.titre),
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=_pied_de_page(r.titre),
        )

    ecrivain = PdfWriter()
    for morceau in [couverture] + [m.pdf for m in morceaux]:
        ecrivain.append(PdfReader(io.BytesIO(morceau)))
    pieds = PdfReader(io.BytesIO(numerotation))
    for i in range(pages_couverture, total):  # pas de numéro sur la couverture ni le sommaire
        ecrivain.pages[i].merge_page(pieds.pages[i])
        ecrivain.pages[i].compress_content_streams()  # merge_page les laisse décompressés
    # Signets : une entrée par page du sommaire, rangée sous sa partie et son chapitre.
    parties, parent_chapitre = {}, None
    for m in morceaux:
        parent = None
        if m.chapitre.partie:
            if m.chapitre.partie not in parties:
                parties[m.chapitre.partie] = ecrivain.add_outline_item(title=m.chapitre.partie, page_number=m.debut - 1)
            parent = parties[m.chapitre.partie]
        if m.chapitre.niveau > 0 and parent_chapitre is not None:
            parent = parent_chapitre
        signet = ecrivain.add_outline_item(title=m.titre, page_number=m.debut - 1, parent=parent)
        if m.chapitre.niveau == 0:
            parent_chapitre = signet
    liens = _liens_vers_le_site(ecrivain, base, r.adresse_site)
    ecrivain.add_metadata({
        "/Title": r.titre,
        "/Author": r.auteur,
        "/Subject": f"Cours en ligne, version imprimable. Version interactive{NB}: {r.adresse_site}",
        "/Creator": "atelier.publication (Chromium, pypdf)",
    })
    ecrivain._root_object[NameObject("/Lang")] = TextStringObject("fr-FR")
    ecrivain.page_mode = "/UseOutlines"
    ecrivain.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    sortie = Path(sortie)
    sortie.parent.mkdir(parents=True, exist_ok=True)
    with open(sortie, "wb") as f:
        ecrivain.write(f)
    return {
        "fichier": str(sortie),
        "pages": total,
        "chapitres": len(morceaux),
        "liens_vers_le_site": liens,
        "octets": sortie.stat().st_size,
        "duree_s": round(time.perf_counter() - debut_chrono, 1),
    }


# --- Archive hors ligne ----------------------------------------------------------------


def lisezmoi(r: Reglages) -> str:
    from .typographie import corriger

    return corriger(f"""{r.titre}
{"=" * len(r.titre)}

Site du cours pour un usage sans internet (salle de formation, intranet).
Version en ligne : {r.adresse_site}

Ce dossier est un site web statique complet : pages, widgets interactifs, recherche,
carnets à télécharger. Il n'appelle aucun autre site. Il doit être servi par un
serveur web (les navigateurs refusent les modules JavaScript des widgets ouverts
directement depuis le disque, en file://).

Pour l'utiliser :

1. Sur un seul ordinateur, avec Python 3 :
       python3 -m http.server 8000 --directory {NOM_ARCHIVE}
   puis ouvrez http://localhost:8000/ dans le navigateur.

2. Sur un serveur de l'intranet (nginx, Apache, IIS, partage de la collectivité…) :
   copiez le dossier {NOM_ARCHIVE}/ tel quel dans le répertoire publié, à la racine
   ou dans un sous-dossier. Aucun réglage n'est nécessaire, sauf sous IIS, qui ne
   sert pas les extensions inconnues : déclarez les types MIME
       .ipynb  application/x-ipynb+json
       .md     text/markdown
       .woff   font/woff
   Les personnes ouvrent alors l'adresse du dossier (index.html mène à l'accueil).

Les réponses saisies dans les outils interactifs restent dans le navigateur de
chaque personne (stockage local) : rien n'est envoyé au serveur.
""")


def construire_archive(site: Path, sortie: Path, pdf: Path | None = None) -> dict:
    """Un ZIP du site construit (dossier racine ``{NOM_ARCHIVE}/``) avec un LISEZMOI,
    et le PDF du livre s'il est donné."""
    r = reglages()
    site, sortie = Path(site), Path(sortie)
    if not (site / "index.html").is_file():
        raise SystemExit(f"Site introuvable ({site}) : lancez « make build ».")
    sortie.parent.mkdir(parents=True, exist_ok=True)
    fichiers = 0
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for chemin in sorted(p for p in site.rglob("*") if p.is_file()):
            relatif = chemin.relative_to(site)
            if relatif.parts[0] in {".doctrees"} or relatif.name == ".buildinfo":
                continue
            archive.write(chemin, f"{NOM_ARCHIVE}/{relatif.as_posix()}")
            fichiers += 1
        archive.writestr(f"{NOM_ARCHIVE}/LISEZMOI.txt", lisezmoi(r))
        if pdf:
            archive.write(pdf, f"{NOM_ARCHIVE}/telechargements/{Path(pdf).name}")
    return {"fichier": str(sortie), "fichiers": fichiers, "octets": sortie.stat().st_size}


# --- Dossier publié --------------------------------------------------------------------


def publier(site: Path, dossier: Path, journal=print) -> dict:
    """Le dossier que GitHub Pages publie : le site, plus ``telechargements/`` (le PDF
    du livre et l'archive hors ligne, qui contient elle aussi le PDF)."""
    site, dossier = Path(site), Path(dossier)
    if dossier.exists():
        shutil.rmtree(dossier)
    shutil.copytree(site, dossier, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
    telechargements = dossier / "telechargements"
    pdf = construire_pdf(site, telechargements / f"{NOM_ARCHIVE}.pdf", journal=journal)
    archive = construire_archive(site, telechargements / f"{NOM_ARCHIVE}.zip", pdf=Path(pdf["fichier"]))
    (dossier / ".nojekyll").write_text("", encoding="utf-8")
    return {"dossier": str(dossier), "pdf": pdf, "archive": archive}


def _kio(octets: int) -> str:
    return f"{octets / 1024:,.0f}{NB}Kio".replace(",", NB)


def main(arguments: list[str]) -> None:
    if not arguments or arguments[0] not in {"pdf", "archive", "publier", "liens"}:
        raise SystemExit("Usage : python -m atelier.publication pdf SITE SORTIE.pdf | archive SITE SORTIE.zip [PDF] | publier SITE DOSSIER | liens [PAGE]")
    commande, reste = arguments[0], arguments[1:]
    if commande == "pdf":
        resume = construire_pdf(Path(reste[0]), Path(reste[1]))
        print(f"PDF : {resume['fichier']} ({resume['pages']} pages, {resume['chapitres']} chapitres, {_kio(resume['octets'])}, {resume['duree_s']} s)")
    elif commande == "archive":
        resume = construire_archive(Path(reste[0]), Path(reste[1]), Path(reste[2]) if len(reste) > 2 else None)
        print(f"Archive hors ligne : {resume['fichier']} ({resume['fichiers']} fichiers, {_kio(resume['octets'])})")
    elif commande == "publier":
        resume = publier(Path(reste[0]), Path(reste[1]))
        print(f"Dossier publié : {resume['dossier']}")
        print(f"  PDF : {resume['pdf']['pages']} pages, {_kio(resume['pdf']['octets'])} ; archive : {_kio(resume['archive']['octets'])}")
    else:
        page = reste[0] if reste else chapitres()[0].fichier
        for nom, lien in liens_de_lancement(page).items():
            print(f"{nom} : {lien}")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
