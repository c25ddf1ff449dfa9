"""Extension Sphinx : publication et pages allégées (chargée par ``atelier.sphinx_ext``).

- **Boutons de lancement** (Binder, JupyterHub via nbgitpuller) : configurés dans
  ``_config.yml`` (``repository``, ``launch_buttons``) et produits par
  sphinx-book-theme ; ici, on les nomme en français et sans logo (le thème écrit
  « Binder logo »). Ce sont de simples liens : rien n'est demandé à Binder ni au
  JupyterHub avant un clic.
- **Téléchargements** : chaque page en ``.ipynb`` et en ``.md`` (jupytext écrit le
  ``.md`` des carnets ``.ipynb`` ; le thème copie le ``.ipynb`` exécuté des pages
  ``.md``) et, pour les carnets d'exercices, la version à compléter (``apprenant/``).
- **Pages allégées** :
  - plus de ``fontawesome.js`` (1,5 Mo, qui remplaçait chaque icône par un SVG) ni
    des polices Font Awesome complètes : une feuille ``atelier-icones/icones.css``
    et des sous-ensembles WOFF des polices du thème, réduits aux seules icônes
    présentes dans les pages et les feuilles de style (quelques Ko) ;
  - plus d'index de recherche sur chaque page (la recherche « au fil de la
    frappe » est désactivée : seule la page de recherche s'en sert) ;
  - l'état des widgets intégré à la page ne répète plus le module JavaScript et la
    feuille de style d'un widget présent plusieurs fois (le chargeur les retrouve),
    et les envoie minifiés par esbuild (le plus sûr des minifieurs courants pour
    les modules ES récents : gabarits de chaînes, ``export``, syntaxe moderne) ;
  - les images et fichiers intégrés aux sorties des carnets (``data:…;base64``)
    deviennent des fichiers du site ;
  - les images PNG des carnets sont réduites à une palette de 256 couleurs.
- **Impression** : la page s'imprime en mode clair (script ``beforeprint``) ; la
  feuille d'impression est dans ``static/site/atelier.css``.
"""

from __future__ import annotations

import functools
import io
import json
import re
import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

ICI = Path(__file__).resolve().parent
RACINE = ICI.parent
logger = logging.getLogger(__name__)

# --- Boutons de lancement et téléchargements ----------------------------------

LANCEMENT = {
    "Binder": (
        "Binder (service public gratuit)",
        "Ouvrir ce carnet sur Binder\u00a0: service public gratuit, démarrage en une à quelques minutes, rien n'est conservé",
    ),
    "JupyterHub": (
        "JupyterHub de la formation",
        "Ouvrir ce carnet sur le JupyterHub de votre organisme de formation (connexion demandée)",
    ),
}


def _groupe(boutons: list[dict], etiquette: str) -> dict | None:
    return next((b for b in boutons if b.get("label") == etiquette), None)


def _markdown_d_un_carnet(source: Path, cible: Path) -> None:
    """Le ``.md`` (MyST, lisible par jupytext) d'un carnet ``.ipynb``, sans ses sorties."""
    import jupytext

    if cible.exists() and cible.stat().st_mtime >= source.stat().st_mtime:
        return
    carnet = jupytext.read(source)
    cible.parent.mkdir(parents=True, exist_ok=True)
    jupytext.write(carnet, cible, fmt="md:myst")


def _boutons_en_francais(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    boutons = context.get("header_buttons")
    if not boutons:
        return
    lancement = _groupe(boutons, "launch-buttons")
    if lancement:
        lancement["tooltip"] = "Exécuter cette page comme un carnet Jupyter"
        for bouton in lancement["buttons"]:
            if bouton.get("text") in LANCEMENT:
                bouton["text"], bouton["tooltip"] = LANCEMENT[bouton["text"]]
                bouton["icon"] = None  # le logo aurait pour texte « Binder logo »
    telechargement = _groupe(boutons, "download-buttons")
    if not telechargement:
        return
    pathto = context["pathto"]
    source = context.get("sourcename", "")
    liste = telechargement["buttons"]
    for bouton in liste:
        if bouton.get("label") == "download-notebook-button":
            bouton["tooltip"] = "Télécharger la page comme carnet Jupyter (.ipynb), avec ses résultats"
        elif bouton.get("label") == "download-source-button":
            if source.endswith(".ipynb"):
                bouton["tooltip"] = "Télécharger le carnet Jupyter (.ipynb)"
            else:
                bouton["tooltip"] = "Télécharger la source de la page (.md, texte MyST qui s'ouvre comme un carnet avec jupytext)"
        elif bouton.get("label") == "download-pdf-button":
            bouton["tooltip"] = "Imprimer la page ou l'enregistrer en PDF"
    if source.endswith(".ipynb"):
        md = Path(app.outdir) / "_sources" / f"{pagename}.md"
        _markdown_d_un_carnet(Path(app.srcdir) / source, md)
        position = next((i for i, b in enumerate(liste) if b.get("label") == "download-pdf-button"), len(liste))
        liste.insert(position, {
            "type": "link",
            "url": f"{pathto('_sources', 1)}/{pagename}.md",
            "text": ".md",
            "tooltip": "Télécharger le carnet en texte (.md, format MyST lisible par jupytext)",
            "icon": "fas fa-file",
            "label": "download-md-button",
        })
        if source.startswith("exercises/"):
            liste.insert(position + 1, {
                "type": "link",
                "url": pathto(f"apprenant/{Path(source).name}", 1),
                "text": "À compléter (.ipynb)",
                "tooltip": "Télécharger la version à compléter de ce carnet d'exercices (sans les solutions)",
                "icon": "fas fa-pencil",
                "label": "download-apprenant-button",
            })


# --- État des widgets sans répétition -----------------------------------------

TYPE_ETAT = "application/vnd.jupyter.widget-state+json"
PARTAGE = "atelier-partage:"  # même préfixe dans atelier-widgets/chargeur.js
CLES_PARTAGEES = ("_esm", "_css")


def dedoubler_etat(etat: dict) -> dict:
    """Remplace le module (``_esm``) et la feuille de style (``_css``) d'un widget
    déjà présents dans un modèle précédent par ``atelier-partage:<id de ce modèle>``.
    Le premier modèle garde le texte complet ; l'ordre des modèles est conservé."""
    vus: dict[tuple[str, str], str] = {}
    for identifiant, modele in etat.get("state", {}).items():
        valeurs = modele.get("state", {})
        for cle in CLES_PARTAGEES:
            valeur = valeurs.get(cle)
            if not isinstance(valeur, str) or len(valeur) < 200:
                continue
            if (cle, valeur) in vus:
                valeurs[cle] = PARTAGE + vus[(cle, valeur)]
            else:
                vus[(cle, valeur)] = identifiant
    return etat


def _json_pour_script(donnees: dict) -> str:
    # Ni « </script> » ni « <!-- » dans un élément <script> ; les accents restent en UTF-8.
    return json.dumps(donnees, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "\\u003c!--")


ESBUILD = RACINE / "node_modules" / ".bin" / "esbuild"
CHARGEURS = {"_esm": "js", "_css": "css"}


@functools.lru_cache(maxsize=None)
def minifier(texte: str, chargeur: str) -> str:
    """Le module ou la feuille de style d'un widget, minifié par esbuild (installé par
    ``npm ci``) : les commentaires et les espaces de la source restent dans le paquet,
    le site n'envoie que le code. Les accents restent en UTF-8 (``--charset=utf8``)."""
    proc = subprocess.run(
        [str(ESBUILD), f"--loader={chargeur}", "--minify", "--charset=utf8", "--log-level=error"],
        input=texte, capture_output=True, text=True, encoding="utf-8",
    )
    if proc.returncode != 0:
        raise RuntimeError(f"esbuild n'a pas pu minifier un widget ({chargeur}) :\n{proc.stderr[-2000:]}")
    return proc.stdout


def minifier_etat(etat: dict) -> dict:
    """Minifie le module et la feuille de style de chaque widget anywidget de l'état
    (les renvois ``atelier-partage:`` d'un état dédoublé restent tels quels)."""
    for modele in etat.get("state", {}).values():
        valeurs = modele.get("state", {})
        for cle, chargeur in CHARGEURS.items():
            valeur = valeurs.get(cle)
            if isinstance(valeur, str) and valeur and not valeur.startswith(PARTAGE):
                valeurs[cle] = minifier(valeur, chargeur)
    return etat


def _alleger_etat_widgets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    for i, script in enumerate(scripts):
        attributs = getattr(script, "attributes", {})
        if attributs.get("type") != TYPE_ETAT or not attributs.get("body"):
            continue
        if not ESBUILD.exists():
            logger.warning("esbuild introuvable dans node_modules : lancez « npm ci » (make setup).")
            return
        etat = minifier_etat(dedoubler_etat(json.loads(attributs["body"])))
        nouveaux = {**attributs, "body": _json_pour_script(etat)}
        scripts[i] = type(script)(script.filename, priority=script.priority, **nouveaux)


# --- Données intégrées (data:) devenues des fichiers du site -------------------

# Une sortie de carnet peut intégrer une image ou un fichier à télécharger en
# « data:…;base64,… » (un tiers plus lourd que le fichier, et peu compressible) :
# au-delà de 4 Ko, le contenu est écrit dans le site et la page y renvoie.
SEUIL_INTEGRE = 4096
DONNEE_INTEGREE = re.compile(r'(?P<attr>\b(?:src|href))="data:(?P<type>[a-z]+/[a-z0-9.+-]+)(?P<params>(?:;[a-z-]+=[^;,"]+)*);base64,(?P<donnees>[A-Za-z0-9+/=]+)"')
EXTENSIONS = {
    "image/png": ".png", "image/jpeg": ".jpg", "image/svg+xml": ".svg", "image/gif": ".gif", "image/webp": ".webp",
    "text/html": ".html", "text/csv": ".csv", "text/plain": ".txt", "text/calendar": ".ics", "text/markdown": ".md",
    "application/json": ".json", "application/pdf": ".pdf", "application/zip": ".zip",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.text": ".odt",
}


def extraire_donnees_integrees(corps: str, sortie: Path, vers_racine: str) -> str:
    """Écrit dans le site chaque donnée intégrée de plus de ``SEUIL_INTEGRE`` octets
    (images dans ``_images/``, autres fichiers dans ``_static/integres/``) et fait
    pointer l'attribut vers elle (``vers_racine`` : chemin de la page vers la racine)."""
    import base64
    import hashlib

    def remplacer(m: re.Match) -> str:
        if len(m["donnees"]) < SEUIL_INTEGRE * 4 // 3:
            return m[0]
        contenu = base64.b64decode(m["donnees"])
        nom = hashlib.sha256(contenu).hexdigest()[:20] + EXTENSIONS.get(m["type"], ".bin")
        dossier = "_images" if m["type"].startswith("image/") else "_static/integres"
        cible = sortie / dossier / nom
        if not cible.exists():
            cible.parent.mkdir(parents=True, exist_ok=True)
            cible.write_bytes(contenu)
        return f'{m["attr"]}="{vers_racine}{dossier}/{nom}"'

    return DONNEE_INTEGREE.sub(remplacer, corps)


def _extraire_donnees_integrees(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if context.get("body") and "base64," in context["body"]:
        vers_racine = "../" * pagename.count("/")
        context["body"] = extraire_donnees_integrees(context["body"], Path(app.outdir), vers_racine)


# --- Icônes : sous-ensembles des polices Font Awesome du thème -----------------

DOSSIER_ICONES = "atelier-icones"
POLICES = {
    # fichier du thème : (famille CSS, graisse, fichier écrit) ; les classes .fa-…
    # (.fa-solid, .fa-sun::before…) sont déjà dans la feuille de pydata-sphinx-theme.
    "fa-solid-900.ttf": ("Font Awesome 6 Free", 900, "solide.woff"),
    "fa-regular-400.ttf": ("Font Awesome 6 Free", 400, "regulier.woff"),
    "fa-brands-400.ttf": ("Font Awesome 6 Brands", 400, "marques.woff"),
}
MODIFICATEURS = {"fa-lg", "fa-xs", "fa-sm", "fa-xl", "fa-2x", "fa-fw", "fa-spin", "fa-solid", "fa-regular", "fa-brands"}


def noms_des_icones(fontawesome_js: str) -> dict[str, int]:
    """Nom (et alias) de chaque icône → point de code, lus dans fontawesome.js du thème."""
    codes: dict[str, int] = {}
    motif = r'(?:"([a-z0-9-]+)"|\b([a-z][a-z0-9]*)):\[\d+,\d+,\[([^\]]*)\],"([0-9a-f]+)"'
    for nom, nom_nu, alias, code in re.findall(motif, fontawesome_js):
        for n in [nom or nom_nu, *re.findall(r'"([a-z0-9-]+)"', alias)]:
            codes.setdefault(n, int(code, 16))
    return codes


def icones_des_pages(dossier: Path) -> set[tuple[str, str]]:
    """Les couples (style, nom) des éléments ``class="fa-solid fa-…"`` des pages HTML."""
    trouvees = set()
    for page in dossier.rglob("*.html"):
        for classes in re.findall(r'class="([^"]*\bfa[a-z-]*\b[^"]*)"', page.read_text(encoding="utf-8")):
            jetons = classes.split()
            style = "fab" if {"fab", "fa-brands"} & set(jetons) else "far" if {"far", "fa-regular"} & set(jetons) else "fas"
            trouvees |= {(style, j[3:]) for j in jetons if j.startswith("fa-") and j not in MODIFICATEURS}
    return trouvees


def caracteres_des_feuilles(dossier: Path) -> set[int]:
    """Points de code d'icônes (zone d'usage privé) que les feuilles de style du site
    utilisent en dehors des règles ``.fa-<nom>::before`` (celles-ci ne servent qu'aux
    éléments qui portent la classe, comptés par ``icones_des_pages``) : par exemple
    les icônes des encadrés de pydata-sphinx-theme (``--pst-icon-…``)."""
    codes = set()
    for feuille in dossier.rglob("*.css"):
        if "vendor" in feuille.parts or feuille.parent.name == DOSSIER_ICONES:
            continue
        texte = feuille.read_text(encoding="utf-8", errors="ignore")
        texte = re.sub(r"/\*.*?\*/", "", texte, flags=re.S)
        for selecteur, corps in re.findall(r"([^{}]*)\{([^{}]*)\}", texte):
            if all(re.fullmatch(r"\s*\.fa-[a-z0-9-]+:{1,2}(before|after)\s*", s) for s in selecteur.split(",")):
                continue
            codes |= {ord(c) for c in corps if 0xE000 <= ord(c) <= 0xF8FF}
            codes |= {int(h, 16) for h in re.findall(r"\\([ef][0-9a-fA-F]{3})(?![0-9a-fA-F])", corps)}
    return codes


def ecrire_icones(sortie: Path) -> dict[str, int]:
    """Écrit ``_static/atelier-icones/`` : polices réduites et feuille de style.

    Renvoie la taille (octets) de chaque fichier écrit."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    statique = sortie / "_static"
    polices = statique / "vendor" / "fontawesome" / "webfonts"
    script = statique / "scripts" / "fontawesome.js"
    if not polices.is_dir() or not script.is_file():
        logger.warning("Polices Font Awesome du thème introuvables : icônes non générées.")
        return {}
    codes = noms_des_icones(script.read_text(encoding="utf-8"))
    icones = icones_des_pages(sortie)
    inconnues = sorted(n for _, n in icones if n not in codes)
    if inconnues:
        logger.warning("Icônes inconnues de Font Awesome : %s", ", ".join(inconnues))
    des_feuilles = caracteres_des_feuilles(sortie)
    cible = statique / DOSSIER_ICONES
    cible.mkdir(parents=True, exist_ok=True)
    regles = [
        "/* Icônes du site : sous-ensembles des polices Font Awesome Free 6 du thème\n"
        "   (polices SIL OFL 1.1, icônes CC BY 4.0), générés par atelier.sphinx_publication. */"
    ]
    tailles = {}
    style_de = {"fas": "fa-solid-900.ttf", "far": "fa-regular-400.ttf", "fab": "fa-brands-400.ttf"}
    for fichier, (famille, graisse, nom) in POLICES.items():
        police = TTFont(polices / fichier)
        disponibles = set(police.getBestCmap())
        voulus = {codes[n] for s, n in icones if style_de[s] == fichier and n in codes}
        voulus |= des_feuilles
        voulus &= disponibles
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = []
        options.name_IDs = ["*"]
        options.notdef_outline = True
        reducteur = subset.Subsetter(options)
        reducteur.populate(unicodes=sorted(voulus) or [0x20])
        reducteur.subset(police)
        tampon = io.BytesIO()
        police.flavor = "woff"
        police.save(tampon)
        (cible / nom).write_bytes(tampon.getvalue())
        tailles[nom] = len(tampon.getvalue())
        regles.append(
            f'@font-face{{font-family:"{famille}";font-style:normal;font-weight:{graisse};font-display:block;'
            f'src:url("{nom}") format("woff")}}'
        )
    feuille = "\n".join(regles) + "\n"
    (cible / "icones.css").write_text(feuille, encoding="utf-8")
    tailles["icones.css"] = len(feuille.encode())
    return tailles


def _ecrire_icones(app: Sphinx, exception) -> None:
    if exception is None and app.builder.format == "html":
        ecrire_icones(Path(app.outdir))


# --- Images des carnets : palette de 256 couleurs -------------------------------


def alleger_png(chemin: Path) -> bool:
    """Réduit une image PNG à une palette de 256 couleurs (transparence gardée) si
    elle y gagne au moins un dixième ; une image déjà en palette est laissée."""
    from PIL import Image

    with Image.open(chemin) as image:
        if image.mode == "P":
            return False
        palette = image.convert("RGBA").quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    tampon = io.BytesIO()
    palette.save(tampon, "PNG", optimize=True)
    if len(tampon.getvalue()) > 0.9 * chemin.stat().st_size:
        return False
    chemin.write_bytes(tampon.getvalue())
    return True


def _alleger_images(app: Sphinx, exception) -> None:
    if exception is None and app.builder.format == "html":
        for chemin in sorted((Path(app.outdir) / "_images").glob("*.png")):
            alleger_png(chemin)


# --- Impression ------------------------------------------------------------------

# La page s'imprime en mode clair, même lue en mode sombre (les couleurs du thème et
# des widgets suivent l'attribut data-theme) ; le mode revient après l'impression.
IMPRESSION_JS = (
    'addEventListener("beforeprint",()=>{const h=document.documentElement;'
    'if(h.dataset.theme==="dark"){h.dataset.themeAvantImpression="dark";h.dataset.theme="light";}});'
    'addEventListener("afterprint",()=>{const h=document.documentElement;'
    'if(h.dataset.themeAvantImpression){h.dataset.theme=h.dataset.themeAvantImpression;delete h.dataset.themeAvantImpression;}});'
)


def setup(app: Sphinx) -> dict:
    app.add_css_file(f"{DOSSIER_ICONES}/icones.css")
    app.add_js_file(None, body=IMPRESSION_JS)
    # Après sphinx-book-theme (501), qui crée les boutons, et myst-nb, qui ajoute l'état des widgets.
    app.connect("html-page-context", _boutons_en_francais, priority=600)
    app.connect("html-page-context", _alleger_etat_widgets, priority=600)
    app.connect("html-page-context", _extraire_donnees_integrees, priority=600)
    app.connect("build-finished", _ecrire_icones)
    app.connect("build-finished", _alleger_images)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
