"""Extension Sphinx locale du cours.

- sert MathJax depuis le site lui-même (copié depuis ``node_modules`` installé par
  ``npm ci``), jamais depuis un CDN ;
- retire sphinx-thebe, qui déclare deux fois ``THEBE_JS_URL`` (erreur dans la
  console) et pointe vers un hôte tiers ; l'exécution à distance passe par les
  boutons de lancement ;
- corrige le thème et docutils : mode de couleur par défaut (sinon « Got invalid theme mode »)
  noms accessibles des boutons (gabarits dans ``gabarits/``), rôles ARIA de la
  bibliographie ;
- déclare que toute page qui importe ``atelier`` dépend du code et des données du
  cours : une modification du paquet (y compris le JavaScript d'un widget) fait
  relire et réexécuter ces pages, même lors d'une construction incrémentale.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

ICI = Path(__file__).resolve().parent
RACINE = ICI.parent
MATHJAX = RACINE / "node_modules" / "mathjax" / "es5"
# Parties de MathJax 3 nécessaires à tex-chtml (extensions chargées à la demande comprises).
MATHJAX_PARTIES = ("tex-chtml.js", "input", "output/chtml", "ui", "a11y", "adaptors")
MATHJAX_CHEMIN = "vendor/mathjax/tex-chtml.js"

logger = logging.getLogger(__name__)


def _configurer(app: Sphinx, config) -> None:
    config.templates_path.insert(0, str(ICI / "gabarits"))
    config.html_static_path.append(str(ICI / "static" / "site"))
    config.html_context.setdefault("default_mode", "light")
    config.html_theme_options["search_bar_text"] = "Rechercher dans le cours…"
    config.mathjax_path = MATHJAX_CHEMIN
    config.html_favicon = str(ICI / "static" / "favicon.svg")


def _retirer_thebe(app: Sphinx) -> None:
    for evenement, auditeurs in app.events.listeners.items():
        for auditeur in list(auditeurs):
            if getattr(auditeur.handler, "__module__", "") == "sphinx_thebe":
                app.disconnect(auditeur.id)
    app.registry.css_files = [c for c in app.registry.css_files if "thebe" not in c[0]]
    app.registry.js_files = [j for j in app.registry.js_files if "thebe" not in str(j[0])]
    # Le constructeur HTML a déjà recopié la feuille de style du registre : on l'y retire aussi.
    if hasattr(app.builder, "css_files"):
        app.builder.css_files[:] = [c for c in app.builder.css_files if "thebe" not in str(getattr(c, "filename", c))]


def _fichiers_du_cours() -> list[Path]:
    fichiers = [p for p in (ICI).rglob("*") if p.is_file() and p.suffix in {".py", ".js", ".css", ".json"}]
    fichiers += [p for p in (RACINE / "data").rglob("*") if p.is_file()]
    return sorted(p for p in fichiers if "__pycache__" not in p.parts)


def _noter_dependances(app: Sphinx, docname: str, source: list[str]) -> None:
    if "atelier" in source[0]:
        for fichier in _fichiers_du_cours():
            app.env.note_dependency(str(fichier))


# Corrections du HTML produit par docutils et myst-nb (dans le corps de chaque page).
CORRECTIONS_CORPS = (
    # Les entrées de bibliographie portent role="doc-biblioentry" (rôle ARIA déprécié)
    # dans un role="list" : sans listitem, la liste est invalide pour les lecteurs d'écran.
    ('role="doc-biblioentry"', 'role="listitem"'),
    # myst-nb nomme en anglais le bouton des cellules masquées, et ce nom diffère du
    # texte visible (« Afficher le code ») : on laisse le texte visible nommer le bouton.
    (' aria-label="Toggle hidden content"', ""),
)


def _corriger_corps(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    corps = context.get("body")
    if not corps:
        return
    for ancien, nouveau in CORRECTIONS_CORPS:
        corps = corps.replace(ancien, nouveau)
    context["body"] = corps


def _copier_mathjax(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if not MATHJAX.is_dir():
        logger.warning("MathJax introuvable dans node_modules : lancez « npm ci » (make setup).")
        return
    cible = Path(app.outdir) / "_static" / "vendor" / "mathjax"
    for partie in MATHJAX_PARTIES:
        src = MATHJAX / partie
        for fichier in [src] if src.is_file() else (p for p in src.rglob("*") if p.is_file()):
            dst = cible / fichier.relative_to(MATHJAX)
            # Recopie seulement ce qui a changé : la reconstruction reste rapide.
            if not dst.exists() or dst.stat().st_mtime < fichier.stat().st_mtime:
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(fichier, dst)


def _ecrire_versions_apprenant(app: Sphinx, exception) -> None:
    """Les carnets d'exercices à compléter, générés depuis les solutions, dans le site."""
    if exception is not None or app.builder.format != "html":
        return
    from .apprenant import generer

    generer(RACINE / "exercises", Path(app.outdir) / "apprenant")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _configurer, priority=900)
    app.add_css_file("atelier.css")
    app.connect("builder-inited", _retirer_thebe)
    app.connect("source-read", _noter_dependances)
    app.connect("html-page-context", _corriger_corps)
    app.connect("build-finished", _copier_mathjax)
    app.connect("build-finished", _ecrire_versions_apprenant)
    app.setup_extension("atelier.diapos")  # supports du formateur : diaporamas et PowerPoint dans _static/diapos/
    app.setup_extension("atelier.sphinx_publication")  # lancement, téléchargements, pages allégées
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
