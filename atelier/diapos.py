"""Les supports de présentation du formateur : un diaporama reveal.js et un fichier
PowerPoint par journée, générés à partir des pages du cours.

Source unique : les pages MyST du sommaire (``_toc.yml``). Pour chaque journée, on
prend sa page d'index et les pages rangées sous elle, dans l'ordre du sommaire (une
page ajoutée au sommaire entre donc d'elle-même dans le diaporama). Pour chaque page :

- une diapositive de titre (le titre ``#`` et la première phrase de l'introduction) ;
- les objectifs (section ``## Objectifs…``) ;
- une diapositive par section ``##`` avec ses messages clés (voir ``messages_cles``) ;
  les sections « Objectifs », « Sources » et « Animer… » (consignes pour le formateur)
  n'en ont pas ;
- les figures : chaque cellule de code qui déclare un texte alternatif
  (``mystnb: image: alt:``) est exécutée, et son graphique (objet ``Graphique`` du
  paquet) est enregistré en PNG ;
- l'encadré « À retenir ».

Repères facultatifs dans une page, invisibles sur le site (commentaires MyST) :

- ``% diapo : <message>`` dans une section : ce message remplace les messages
  trouvés automatiquement (une ligne par message ; ``**gras**`` permis) ;
- ``% diapo : aucune`` : la section n'a pas de diapositive.

Sorties : ``Diaporama.vers_html()`` (reveal.js servi à côté, aucun CDN),
``Diaporama.vers_pptx()`` (python-pptx), ``generer(dossier)`` (tout, pour
``make diapos``), et ``setup(app)`` : extension Sphinx qui publie les supports dans
``_static/diapos/`` du site à chaque construction.
"""

from __future__ import annotations

import ast
import contextlib
import html
import io
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.colon_fence import colon_fence_plugin

from .donnees import RACINE
from .sommaire import chapitres
from .typographie import corriger

NB = "\u00a0"
REVEAL = RACINE / "node_modules" / "reveal.js"
# Ce que le diaporama utilise de reveal.js (le thème « white » a ses polices en local ;
# d'autres thèmes appellent Google Fonts).
REVEAL_PARTIES = (
    "LICENSE",
    "dist/reveal.css",
    "dist/reveal.js",
    "dist/theme/white.css",
    "dist/theme/fonts/source-sans-pro/source-sans-pro.css",
    "dist/theme/fonts/source-sans-pro/LICENSE",
    "dist/theme/fonts/source-sans-pro/source-sans-pro-regular.woff",
    "dist/theme/fonts/source-sans-pro/source-sans-pro-italic.woff",
    "dist/theme/fonts/source-sans-pro/source-sans-pro-semibold.woff",
    "dist/theme/fonts/source-sans-pro/source-sans-pro-semibolditalic.woff",
    "plugin/notes/notes.js",
)
SECTIONS_SANS_DIAPO = re.compile(r"^(objectifs|sources|animer|pour le formateur|déroulé de la journée)\b", re.I)
# Ce qui tient sur une diapositive, par type : nombre de points et de caractères.
CAPACITE = {"objectifs": (9, 900), "deroule": (12, 1000), "retenir": (7, 900)}
MAX_POINTS = 6
MAX_CARACTERES = 700
# Phrases qui renvoient à la page elle-même (« Le tableau suivant… ») : pas de diapositive.
PHRASE_DE_RENVOI = re.compile(
    r"^(le|la|les|cette|ce|ces)\s+(tableau|graphique|cellule|figure|carte|code|page)s?\b.{0,60}\b(suivante?s?|ci-dessous|ci-dessus)\b", re.I
)
MARQUEUR = re.compile(r"^%\s*diapo\s*:\s*(.*?)\s*$", re.I)

_md = MarkdownIt("commonmark").enable("table").use(colon_fence_plugin)


class ErreurDiapos(ValueError):
    """Un problème de génération des supports, expliqué en français."""


# --- Modèle -------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """Une ligne de diapositive : un début en gras (facultatif) puis le texte."""

    texte: str
    gras: str = ""
    niveau: int = 0

    @property
    def complet(self) -> str:
        return f"{self.gras} {self.texte}".strip()


@dataclass
class Figure:
    """Un graphique d'une page : son texte alternatif, la cellule qui le produit, l'image."""

    alt: str
    code: str
    rang: int  # rang de la cellule de code dans la page
    png: bytes | None = None
    nom: str = ""  # nom du fichier PNG


@dataclass
class Section:
    titre: str
    points: list[Point] = field(default_factory=list)
    notes: str = ""
    figures: list[Figure] = field(default_factory=list)
    masquee: bool = False


@dataclass
class PageCours:
    docname: str
    titre: str
    introduction: list[str]
    objectifs: list[Point]
    sections: list[Section]
    retenir: list[Point]
    cellules: list[str]  # le code de chaque cellule, dans l'ordre

    @property
    def figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.figures]


@dataclass
class Diapo:
    genre: str  # journee, deroule, titre, objectifs, messages, figure, retenir
    titre: str
    points: list[Point] = field(default_factory=list)
    sous_titre: str = ""
    notes: str = ""
    figure: Figure | None = None
    page: str = ""
    section: str = ""  # la section ## d'où vient la diapositive (messages clés, figure)


@dataclass
class Diaporama:
    jour: str
    titre: str
    pages: list[PageCours]
    diapos: list[Diapo]

    @property
    def titres(self) -> list[str]:
        return [d.titre for d in self.diapos]

    def vers_html(self, reveal: str = "reveal.js", figures: str = "figures") -> str:
        return _vers_html(self, reveal, figures)

    def vers_pptx(self, chemin: str | Path) -> Path:
        return _vers_pptx(self, Path(chemin))


# --- Lecture des pages ----------------------------------------------------------


def jours_du_sommaire(racine: Path | None = None) -> dict[str, list[str]]:
    """Les pages de chaque journée, dans l'ordre du sommaire : ``{"J1": ["chapters/j1/index", …]}``.

    Une journée est un chapitre dont le fichier est ``chapters/<jN>/index`` ; ses pages
    sont ce chapitre et ses sections."""
    jours: dict[str, list[str]] = {}
    courant = None
    for chapitre in chapitres((racine or RACINE) / "_toc.yml"):
        m = re.fullmatch(r"chapters/(j\d+)/index", chapitre.fichier)
        if m:
            courant = m.group(1).upper()
            jours[courant] = [chapitre.fichier]
        elif courant and chapitre.niveau >= 1:
            jours[courant].append(chapitre.fichier)
        else:
            courant = None
    return jours


def _source_page(docname: str, racine: Path | None = None) -> Path:
    for extension in (".md", ".ipynb"):
        chemin = (racine or RACINE) / f"{docname}{extension}"
        if chemin.is_file():
            return chemin
    raise ErreurDiapos(f"Page du sommaire introuvable{NB}: «{NB}{docname}{NB}» (ni .md ni .ipynb).")


def nettoyer(texte: str) -> str:
    """Du Markdown en ligne vers du texte simple : sans rôles de citation, liens,
    gras ni code ; espaces normalisées."""
    texte = re.sub(r"\{cite(?::\w+)?\}`[^`]*`", "", texte)
    texte = re.sub(r"\{[\w:-]+\}`([^`<]*?)\s*(?:<[^`]*>)?`", r"\1", texte)  # {download}`texte <cible>`
    texte = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", texte)
    texte = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", texte)
    texte = re.sub(r"<[^>]+>", "", texte)
    texte = texte.replace("**", "").replace("__", "").replace("`", "")
    texte = re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)\*", r"\1", texte)
    texte = re.sub(r"[ \t\n]+", " ", texte)
    texte = re.sub(r" +([.,)])", r"\1", texte)
    texte = re.sub(r" *\u00a0 *", NB, texte)
    # Une citation retirée peut laisser une espace ordinaire avant « ; » : on la rend insécable.
    return corriger(texte.strip())


ABREVIATIONS = {"art", "n", "no", "p", "cf", "M", "Mme", "MM", "St", "Dr", "etc", "env", "av", "J.-C", "ex", "vol", "éd", "coll"}


def premiere_phrase(texte: str) -> str:
    """La première phrase d'un texte simple (sans couper après « art. », « n° »…)."""
    for m in re.finditer(r"[.!?…](?=\s+[«A-ZÀ-ÖØ-Þ0-9])", texte):
        avant = texte[: m.start()].split()
        dernier = re.split(r"['’]", avant[-1])[-1] if avant else ""  # « l'art. » → « art »
        if m.group() == "." and (dernier in ABREVIATIONS or re.fullmatch(r"[A-Z]", dernier)):
            continue
        return texte[: m.end()].strip()
    return texte.strip()


def _point(source: str, niveau: int = 0) -> Point:
    """Un point de diapositive à partir d'un paragraphe ou d'un élément de liste en Markdown.

    « **Début en gras.** Suite… » garde le début en gras et la première phrase de la
    suite ; sinon, la première phrase du texte."""
    source = source.strip()
    m = re.match(r"^\*\*(.+?)\*\*\s*(.*)$", source, re.S)
    if m and re.search(r"[.:?!]\s*$", nettoyer(m.group(1))):
        gras, reste = nettoyer(m.group(1)), nettoyer(m.group(2))
        if reste.startswith(NB + ":") or reste.startswith(":"):
            reste = reste.lstrip(NB + ":").strip()
        return Point(premiere_phrase(reste) if reste else "", gras=gras, niveau=niveau)
    return Point(premiere_phrase(nettoyer(source)), niveau=niveau)


def _texte(noeud: SyntaxTreeNode) -> str:
    """Le Markdown source d'un paragraphe (ou du premier paragraphe d'un élément de liste)."""
    for enfant in noeud.children:
        if enfant.type == "inline":
            return enfant.content
        if enfant.type == "paragraph":
            return _texte(enfant)
    return ""


def _elements(liste: SyntaxTreeNode, niveau: int = 0) -> list[Point]:
    points = []
    for item in liste.children:
        points.append(_point(_texte(item), niveau))
        for enfant in item.children:
            if enfant.type in ("bullet_list", "ordered_list"):
                points += _elements(enfant, niveau + 1)
    return points


def _options_cellule(contenu: str) -> tuple[dict, str]:
    """Les options d'une cellule ``{code-cell}`` (bloc YAML ``---`` ou lignes ``:clé: valeur``) et son code."""
    lignes = contenu.split("\n")
    if lignes and lignes[0].strip() == "---":
        fin = next((i for i, l in enumerate(lignes[1:], 1) if l.strip() == "---"), None)
        if fin is not None:
            return yaml.safe_load("\n".join(lignes[1:fin])) or {}, "\n".join(lignes[fin + 1 :])
    options, i = {}, 0
    while i < len(lignes) and (m := re.match(r"^:([\w-]+):\s*(.*)$", lignes[i])):
        options[m.group(1)] = yaml.safe_load(m.group(2)) if m.group(2) else None
        i += 1
    return options, "\n".join(lignes[i:])


def _sans_entete(source: str) -> str:
    if source.startswith("---"):
        fin = source.find("\n---", 3)
        if fin != -1:
            return source[source.index("\n", fin + 1) + 1 :] if "\n" in source[fin + 1 :] else ""
    return source


def _marqueurs_en_html(source: str) -> str:
    """Les repères « % diapo : … » deviennent des commentaires HTML que l'analyse retrouve ;
    les autres commentaires MyST (« % … ») disparaissent."""
    sortie = []
    for ligne in source.split("\n"):
        m = MARQUEUR.match(ligne.strip())
        if m:
            sortie.append(f"<!--diapo:{m.group(1)}-->")
            sortie.append("")
        elif not ligne.startswith("%"):
            sortie.append(ligne)
    return "\n".join(sortie)


def _lire_notebook(chemin: Path) -> str:
    """Un carnet .ipynb ramené à du MyST (cellules Markdown et code)."""
    import nbformat

    nb = nbformat.read(chemin, as_version=4)
    morceaux = []
    for c in nb.cells:
        if c.cell_type == "markdown":
            morceaux.append(c.source)
        elif c.cell_type == "code":
            alt = (c.metadata.get("mystnb", {}) or {}).get("image", {}).get("alt")
            options = f"---\nmystnb:\n  image:\n    alt: {yaml.safe_dump(alt, allow_unicode=True).strip()}\n---\n" if alt else ""
            morceaux.append(f"```{{code-cell}} ipython3\n{options}{c.source}\n```")
    return "\n\n".join(morceaux)


def lire_page(docname: str, racine: Path | None = None) -> PageCours:
    """La structure d'une page du cours (``docname`` : chemin sans extension depuis la
    racine du dépôt) : titre, introduction, objectifs, sections et leurs messages
    clés, figures, « À retenir »."""
    chemin = _source_page(docname, racine)
    source = _lire_notebook(chemin) if chemin.suffix == ".ipynb" else chemin.read_text(encoding="utf-8")
    arbre = SyntaxTreeNode(_md.parse(_marqueurs_en_html(_sans_entete(source))))
    titre, introduction, objectifs, retenir, cellules = "", [], [], [], []
    sections: list[Section] = []
    courante: Section | None = None
    brut: dict[int, dict] = {}  # matériaux de chaque section, avant le choix des messages

    for noeud in arbre.children:
        if noeud.type == "heading":
            texte = nettoyer(_texte(noeud))
            if noeud.tag == "h1" and not titre:
                titre = texte
            elif noeud.tag == "h2":
                courante = Section(texte)
                sections.append(courante)
                brut[id(courante)] = {"sous_titres": [], "gras": [], "paragraphes": [], "marqueurs": []}
            elif noeud.tag == "h3" and courante is not None:
                brut[id(courante)]["sous_titres"].append(Point(texte))
            continue
        if noeud.type in ("fence", "colon_fence"):
            info = noeud.info.strip()
            if info.startswith("{code-cell}"):
                options, code = _options_cellule(noeud.content)
                cellules.append(code)
                alt = ((options.get("mystnb") or {}).get("image") or {}).get("alt")
                if alt and courante is not None:
                    courante.figures.append(Figure(alt=corriger(" ".join(str(alt).split())), code=code, rang=len(cellules) - 1))
            elif re.match(r"^\{admonition\}\s*à retenir", info, re.I):
                interne = SyntaxTreeNode(_md.parse("\n".join(l for l in noeud.content.split("\n") if not re.match(r"^:[\w-]+:", l))))
                for enfant in interne.children:
                    if enfant.type in ("bullet_list", "ordered_list"):
                        retenir += [Point(nettoyer(_texte(i))) for i in enfant.children]
                    elif enfant.type == "paragraph":
                        retenir.append(Point(nettoyer(_texte(enfant))))
            continue
        if courante is None:
            if noeud.type == "paragraph" and titre:
                introduction.append(nettoyer(_texte(noeud)))
            continue
        materiaux = brut[id(courante)]
        if noeud.type == "html_block":
            for m in re.finditer(r"<!--diapo:(.*?)-->", noeud.content):
                materiaux["marqueurs"].append(m.group(1).strip())
        elif SECTIONS_SANS_DIAPO.match(courante.titre) and courante.titre.lower().startswith("objectifs"):
            if noeud.type == "paragraph":
                objectifs.append(Point(nettoyer(_texte(noeud))))
            elif noeud.type in ("bullet_list", "ordered_list"):
                objectifs += _elements(noeud, 1)
        elif noeud.type == "paragraph":
            contenu = _texte(noeud)
            if contenu.strip() == "+++":
                continue
            if contenu.lstrip().startswith("**") and not materiaux["sous_titres"]:
                materiaux["gras"].append(_point(contenu))
            if not materiaux["sous_titres"]:
                materiaux["paragraphes"].append(contenu)
        elif noeud.type in ("bullet_list", "ordered_list") and not materiaux["sous_titres"]:
            for item in noeud.children:
                if _texte(item).lstrip().startswith("**"):
                    materiaux["gras"].append(_point(_texte(item)))

    for section in sections:
        _choisir_messages(section, brut[id(section)])
    if not titre:
        raise ErreurDiapos(f"La page «{NB}{docname}{NB}» n'a pas de titre de niveau 1 («{NB}# …{NB}»).")
    return PageCours(docname, titre, introduction, objectifs, sections, retenir, cellules)


def _choisir_messages(section: Section, materiaux: dict) -> None:
    """Les messages clés d'une section, dans cet ordre de préférence : les repères
    « % diapo : … » ; les sous-titres (au moins deux) ; les débuts en gras des
    paragraphes et des listes ; la première phrase des paragraphes (trois au plus,
    hors phrases d'annonce qui se terminent par « : »)."""
    paragraphes = [nettoyer(p) for p in materiaux["paragraphes"]]
    section.notes = " ".join(p for p in paragraphes[:2])
    if SECTIONS_SANS_DIAPO.match(section.titre):
        section.masquee = True
        return
    marqueurs = materiaux["marqueurs"]
    if marqueurs:
        if any(m.lower().startswith("aucune") for m in marqueurs):
            section.masquee = True
            return
        section.points = [_point(m) for m in marqueurs]
    elif len(materiaux["sous_titres"]) >= 2:
        section.points = materiaux["sous_titres"]
    elif materiaux["gras"]:
        section.points = materiaux["gras"]
    else:
        phrases = [premiere_phrase(p) for p in paragraphes if p and not p.rstrip().endswith(":")]
        phrases = [p for p in phrases if not PHRASE_DE_RENVOI.match(p)]
        section.points = [Point(p) for p in phrases[:3]]


# --- Figures -------------------------------------------------------------------------


def _executer(code: str, espace: dict):
    """Exécute une cellule ; renvoie la valeur de sa dernière expression (comme Jupyter)."""
    arbre = ast.parse(code)
    derniere = arbre.body.pop() if arbre.body and isinstance(arbre.body[-1], ast.Expr) else None
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(arbre, "<cellule>", "exec"), espace)
        if derniere is not None:
            return eval(compile(ast.Expression(derniere.value), "<cellule>", "eval"), espace)
    return None


def produire_figures(page: PageCours) -> None:
    """Produit le PNG de chaque figure de la page en exécutant ses cellules dans l'ordre
    (jusqu'à la dernière figure), comme le fait la construction du livre."""
    figures = {f.rang: f for f in page.figures}
    if not figures:
        return
    espace: dict = {"__name__": "__diapos__"}
    echecs = []
    court = page.docname.rsplit("/", 1)[-1]
    for rang, code in enumerate(page.cellules[: max(figures) + 1]):
        try:
            valeur = _executer(code, espace)
        except Exception as erreur:  # noqa: BLE001 - rapporté en français ci-dessous
            echecs.append(f"cellule {rang + 1}{NB}: {type(erreur).__name__}{NB}: {erreur}")
            if rang in figures:
                raise ErreurDiapos(f"La figure de la page «{NB}{page.docname}{NB}» n'a pas pu être produite ({'; '.join(echecs)}).") from erreur
            continue
        if rang in figures:
            if not hasattr(valeur, "_repr_png_"):
                raise ErreurDiapos(
                    f"La cellule {rang + 1} de la page «{NB}{page.docname}{NB}» déclare une image mais ne renvoie pas de graphique (objet Graphique du paquet)."
                )
            figure = figures[rang]
            figure.png = valeur._repr_png_()
            figure.nom = f"{court}-{sorted(figures).index(rang) + 1}.png"


# --- Plan des diapositives -----------------------------------------------------------------


def _decouper(points: list[Point], genre: str = "messages") -> list[list[Point]]:
    """Des groupes de points qui tiennent sur une diapositive (6 points et 700 caractères
    par défaut, davantage pour les objectifs, le déroulé et « À retenir »)."""
    max_points, max_caracteres = CAPACITE.get(genre, (MAX_POINTS, MAX_CARACTERES))
    groupes, courant, taille = [], [], 0
    for p in points:
        longueur = len(p.complet)
        if courant and (len(courant) >= max_points or taille + longueur > max_caracteres):
            groupes.append(courant)
            courant, taille = [], 0
        courant.append(p)
        taille += longueur
    if courant:
        groupes.append(courant)
    return groupes


def _ajouter(diapos: list[Diapo], genre: str, titre: str, points: list[Point], page: str, notes: str = "", section: str = "") -> None:
    for i, groupe in enumerate(_decouper(points, genre)):
        diapos.append(Diapo(genre, titre if i == 0 else f"{titre} (suite)", groupe, notes=notes if i == 0 else "", page=page, section=section))


def diapos_de_la_page(page: PageCours, titre: bool = True) -> list[Diapo]:
    """Les diapositives d'une page (``titre=False`` : sans diapositive de titre, pour la
    page d'index d'une journée, dont la diapositive d'ouverture tient lieu)."""
    diapos = []
    if titre:
        diapos.append(Diapo("titre", page.titre, sous_titre=premiere_phrase(page.introduction[0]) if page.introduction else "", notes=" ".join(page.introduction), page=page.docname))
    if page.objectifs:
        _ajouter(diapos, "objectifs", "Objectifs", page.objectifs, page.docname, section="Objectifs")
    for section in page.sections:
        if not section.masquee and section.points:
            _ajouter(diapos, "messages", section.titre, section.points, page.docname, section.notes, section.titre)
        for figure in section.figures:
            diapos.append(Diapo("figure", section.titre, sous_titre=premiere_phrase(figure.alt), notes=figure.alt, figure=figure, page=page.docname, section=section.titre))
    if page.retenir:
        _ajouter(diapos, "retenir", "À retenir", page.retenir, page.docname, section="À retenir")
    return diapos


def titre_du_jour(jour: str) -> str:
    from .programme import jours

    df = jours().set_index("jour")
    return str(df.loc[jour, "titre"]) if jour in df.index else jour


def diaporama(jour: str, figures: bool = True, racine: Path | None = None) -> Diaporama:
    """Le diaporama d'une journée. ``figures=False`` : le plan seul, sans exécuter les
    cellules des graphiques (rapide ; les diapositives de figure sont présentes sans image)."""
    from .programme import deroule, format_duree, sequences

    jour = str(jour).strip().upper()
    jours = jours_du_sommaire(racine)
    if jour not in jours:
        raise ErreurDiapos(f"Journée absente du sommaire{NB}: «{NB}{jour}{NB}». Journées présentes{NB}: {', '.join(jours) or 'aucune'}.")
    pages = [lire_page(d, racine) for d in jours[jour]]
    if figures:
        for page in pages:
            produire_figures(page)
    titre = titre_du_jour(jour)
    seq = sequences().query("jour == @jour")
    diapos = [
        Diapo(
            "journee",
            f"{jour} — {titre}",
            sous_titre=f"L'innovation territoriale et la démocratie participative{NB}: journée de {format_duree(seq['duree_min'].sum())}",
            notes=" ".join(pages[0].introduction),
            page=jours[jour][0],
        )
    ]
    if len(seq):
        d = deroule(jour)
        points = [Point(f"{s} ({m.lower()}, {du})", gras=h.replace(" – ", "–")) for h, s, du, m in zip(d["Horaire"], d["Séquence"], d["Durée"], d["Modalité"])]
        _ajouter(diapos, "deroule", "Déroulé de la journée", points, jours[jour][0])
    for i, page in enumerate(pages):
        diapos += diapos_de_la_page(page, titre=i > 0)
    return Diaporama(jour, titre, pages, diapos)


# --- Diaporama reveal.js -----------------------------------------------------------------

STYLE_HTML = """
.reveal { font-size: 30px; }
.reveal h1 { font-size: 1.9em; } .reveal h2 { font-size: 1.35em; }
.reveal h1, .reveal h2 { text-transform: none; line-height: 1.15; }
.reveal .slides section { text-align: left; }
.reveal .slides section.titre, .reveal .slides section.journee { text-align: center; }
.reveal ul { display: block; margin-left: 1em; }
.reveal li { margin: 0.35em 0; line-height: 1.3; }
.reveal li.niveau-0 { list-style: none; margin-left: -1em; font-weight: 600; }
.reveal .petit li { font-size: 0.82em; }
.reveal .tres-petit li { font-size: 0.7em; margin: 0.2em 0; }
.reveal .sous-titre { color: #33393f; font-size: 0.9em; }
.reveal .rappel { color: #33393f; font-size: 0.6em; margin-top: 1.5em; }
.reveal figure { margin: 0; text-align: center; }
.reveal figure img { max-height: 60vh; margin: 0 auto; }
.reveal figcaption { font-size: 0.6em; color: #33393f; }
.reveal section.retenir h2 { color: #14532d; }
.reveal a { color: #1d4ed8; }
.reveal .slide-number { background-color: #1f2328; color: #ffffff; font-size: 14px; }
.reveal .slide-number a { color: #ffffff; }
"""


def _liste_html(points: list[Point], classe: str = "") -> str:
    objectifs = any(p.niveau for p in points)
    lignes = []
    for p in points:
        contenu = (f"<strong>{html.escape(p.gras)}</strong> " if p.gras else "") + html.escape(p.texte)
        attribut = f' class="niveau-{p.niveau}"' if objectifs else ""
        lignes.append(f"<li{attribut}>{contenu.strip()}</li>")
    taille = sum(len(p.complet) for p in points)
    petit = " tres-petit" if taille > 700 else " petit" if taille > 450 else ""
    return f'<ul class="{(classe + petit).strip()}">' + "".join(lignes) + "</ul>"


def _vers_html(d: Diaporama, reveal: str, figures: str) -> str:
    sections = []
    for i, diapo in enumerate(d.diapos):
        titre = html.escape(diapo.titre)
        notes = f'<aside class="notes">{html.escape(diapo.notes)}</aside>' if diapo.notes else ""
        if diapo.genre in ("journee", "titre"):
            balise = "h1" if diapo.genre == "journee" else "h2"
            corps = f"<{balise}>{titre}</{balise}>" + (f'<p class="sous-titre">{html.escape(diapo.sous_titre)}</p>' if diapo.sous_titre else "")
        elif diapo.genre == "figure":
            f = diapo.figure
            image = (
                f'<img src="{html.escape(figures)}/{html.escape(f.nom)}" alt="{html.escape(f.alt)}">'
                if f is not None and f.png
                else f'<p class="sous-titre">{html.escape(f.alt if f else "")}</p>'
            )
            corps = f"<h2>{titre}</h2><figure>{image}<figcaption>{html.escape(diapo.sous_titre)}</figcaption></figure>"
        else:
            corps = f"<h2>{titre}</h2>" + _liste_html(diapo.points)
        sections.append(f'<section class="{diapo.genre}" data-page="{html.escape(diapo.page)}" id="diapo-{i + 1}">{corps}{notes}</section>')
    r = html.escape(reveal)
    titre = html.escape(f"{d.jour} — {d.titre}{NB}: diaporama")
    return f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{titre}</title>
<link rel="icon" href="{r}/../favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{r}/dist/reveal.css">
<link rel="stylesheet" href="{r}/dist/theme/white.css">
<style>{STYLE_HTML}</style>
</head>
<body>
<div class="reveal" role="region" aria-label="{titre}">
<div class="slides">
{chr(10).join(sections)}
</div>
</div>
<script src="{r}/dist/reveal.js"></script>
<script src="{r}/plugin/notes/notes.js"></script>
<script>
Reveal.initialize({{hash: true, slideNumber: "c/t", transition: "none", controlsTutorial: false, plugins: [RevealNotes]}});
</script>
</body>
</html>
"""


def copier_reveal(cible: Path) -> None:
    """Copie dans ``cible`` ce que le diaporama utilise de reveal.js (installé par npm)."""
    if not REVEAL.is_dir():
        raise ErreurDiapos("reveal.js est introuvable dans node_modules{NB}: lancez «{NB}make setup{NB}» (npm ci).".replace("{NB}", NB))
    copies = [(REVEAL / partie, cible / partie) for partie in REVEAL_PARTIES]
    copies.append((RACINE / "atelier" / "static" / "favicon.svg", cible.parent / "favicon.svg"))
    for src, dst in copies:
        if not dst.exists() or dst.stat().st_mtime < src.stat().st_mtime:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)


# --- PowerPoint ---------------------------------------------------------------------------


def _vers_pptx(d: Diaporama, chemin: Path) -> Path:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    largeur, hauteur = prs.slide_width, prs.slide_height
    prs.core_properties.title = f"{d.jour} — {d.titre}"
    prs.core_properties.language = "fr-FR"
    prs.core_properties.author = "L'équipe du cours"
    prs.core_properties.subject = "L'innovation territoriale et la démocratie participative"
    vert = RGBColor(0x14, 0x53, 0x2D)

    def francais(cadre) -> None:
        for paragraphe in cadre.paragraphs:
            for run in paragraphe.runs:
                run.font._rPr.set("lang", "fr-FR")

    def placer_titre(slide, texte: str, taille: int = 36, couleur=None) -> None:
        slide.shapes.title.text = texte
        cadre = slide.shapes.title.text_frame
        cadre.word_wrap = True
        for p in cadre.paragraphs:
            for run in p.runs:
                run.font.size = Pt(taille)
                if couleur is not None:
                    run.font.color.rgb = couleur
        francais(cadre)

    for diapo in d.diapos:
        if diapo.genre in ("journee", "titre"):
            slide = prs.slides.add_slide(prs.slide_layouts[0])
            titre = slide.shapes.title
            titre.left, titre.top, titre.width, titre.height = Inches(0.8), Inches(2.0), largeur - Inches(1.6), Inches(2.0)
            placer_titre(slide, diapo.titre, 44 if diapo.genre == "journee" else 38)
            sous = slide.placeholders[1]
            sous.left, sous.top, sous.width, sous.height = Inches(1.2), Inches(4.2), largeur - Inches(2.4), Inches(1.8)
            sous.text = diapo.sous_titre
            for p in sous.text_frame.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(22)
            francais(sous.text_frame)
        elif diapo.genre == "figure":
            slide = prs.slides.add_slide(prs.slide_layouts[5])
            titre = slide.shapes.title
            titre.left, titre.top, titre.width, titre.height = Inches(0.6), Inches(0.3), largeur - Inches(1.2), Inches(1.1)
            placer_titre(slide, diapo.titre, 32)
            f = diapo.figure
            if f is not None and f.png:
                from PIL import Image

                with Image.open(io.BytesIO(f.png)) as img:
                    w, h = img.size
                haut_max, large_max = hauteur - Inches(2.6), largeur - Inches(1.2)
                echelle = min(haut_max / h, large_max / w)
                lw, lh = int(w * echelle), int(h * echelle)
                image = slide.shapes.add_picture(io.BytesIO(f.png), Emu((largeur - lw) // 2), Inches(1.45), Emu(lw), Emu(lh))
                image._element.nvPicPr.cNvPr.set("descr", f.alt)
            legende = slide.shapes.add_textbox(Inches(0.8), hauteur - Inches(1.05), largeur - Inches(1.6), Inches(0.8)).text_frame
            legende.word_wrap = True
            legende.text = diapo.sous_titre
            for p in legende.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(16)
            francais(legende)
        else:
            slide = prs.slides.add_slide(prs.slide_layouts[1])
            titre = slide.shapes.title
            titre.left, titre.top, titre.width, titre.height = Inches(0.6), Inches(0.3), largeur - Inches(1.2), Inches(1.1)
            placer_titre(slide, diapo.titre, 32, vert if diapo.genre == "retenir" else None)
            corps = slide.placeholders[1]
            corps.left, corps.top, corps.width, corps.height = Inches(0.6), Inches(1.5), largeur - Inches(1.2), hauteur - Inches(2.0)
            cadre = corps.text_frame
            cadre.word_wrap = True
            total = sum(len(p.complet) for p in diapo.points)
            taille = 24 if total < 300 else 20 if total < 500 else 18 if total < 650 else 16
            for i, point in enumerate(diapo.points):
                paragraphe = cadre.paragraphs[0] if i == 0 else cadre.add_paragraph()
                paragraphe.level = max(0, point.niveau - 1) if any(p.niveau for p in diapo.points) else 0
                if point.gras:
                    run = paragraphe.add_run()
                    run.text = point.gras + (" " if point.texte else "")
                    run.font.bold = True
                    run.font.size = Pt(taille)
                if point.texte:
                    run = paragraphe.add_run()
                    run.text = point.texte
                    run.font.size = Pt(taille)
                    run.font.bold = bool(diapo.genre == "objectifs" and point.niveau == 0)
            francais(cadre)
        if diapo.notes:
            slide.notes_slide.notes_text_frame.text = diapo.notes
    chemin.parent.mkdir(parents=True, exist_ok=True)
    prs.save(chemin)
    return chemin


# --- Génération ----------------------------------------------------------------------------


def generer(sortie: str | Path, jours: list[str] | None = None, figures: bool = True, racine: Path | None = None) -> list[Path]:
    """Écrit dans ``sortie`` : ``j1.html`` et ``j1.pptx`` (etc.), les figures en PNG
    (``figures/``) et reveal.js (``reveal.js/``). Renvoie les fichiers écrits."""
    sortie = Path(sortie)
    (sortie / "figures").mkdir(parents=True, exist_ok=True)
    copier_reveal(sortie / "reveal.js")
    ecrits = []
    for jour in jours or list(jours_du_sommaire(racine)):
        d = diaporama(jour, figures=figures, racine=racine)
        for page in d.pages:
            for f in page.figures:
                if f.png:
                    (sortie / "figures" / f.nom).write_bytes(f.png)
        html_ = sortie / f"{jour.lower()}.html"
        html_.write_text(d.vers_html(), encoding="utf-8")
        ecrits += [html_, d.vers_pptx(sortie / f"{jour.lower()}.pptx")]
    return ecrits


def tableau_supports(prefixe: str = "../../_static/diapos/"):
    """Le tableau des supports pour la page du formateur : par journée, le nombre de
    diapositives et de pages, et les liens (diaporama, PowerPoint)."""
    import pandas as pd

    from .affichage import tableau

    lignes = []
    for jour in jours_du_sommaire():
        d = diaporama(jour, figures=False)
        nom = jour.lower()
        lignes.append(
            {
                "Journée": f"{jour} — {html.escape(d.titre)}",
                "Pages": len(d.pages),
                "Diapositives": len(d.diapos),
                "Figures": sum(len(p.figures) for p in d.pages),
                "Diaporama": f'<a href="{prefixe}{nom}.html">Ouvrir le diaporama {jour}</a>',
                "PowerPoint": f'<a href="{prefixe}{nom}.pptx" download>Télécharger {nom}.pptx</a>',
            }
        )
    return tableau(pd.DataFrame(lignes), "Les supports de présentation, générés à partir des pages du cours")


def plan(jour: str):
    """Le plan d'un diaporama en tableau : numéro, type, titre et page de chaque diapositive."""
    import pandas as pd

    genres = {"journee": "Ouverture", "deroule": "Déroulé", "titre": "Titre de page", "objectifs": "Objectifs", "messages": "Messages clés", "figure": "Figure", "retenir": "À retenir"}
    d = diaporama(jour, figures=False)
    return pd.DataFrame(
        {"N°": range(1, len(d.diapos) + 1), "Type": [genres[x.genre] for x in d.diapos], "Titre": [x.titre for x in d.diapos], "Page": [x.page for x in d.diapos]}
    )


def plages(jour: str, racine: Path | None = None) -> dict[tuple[str, str], tuple[int, int]]:
    """La première et la dernière diapositive (numérotées à partir de 1) de chaque page
    d'une journée (clé ``(page, "")``) et de chaque section qui a des diapositives
    (clé ``(page, titre de la section)``)."""
    d = diaporama(jour, figures=False, racine=racine)
    resultat: dict[tuple[str, str], tuple[int, int]] = {}
    for n, x in enumerate(d.diapos, 1):
        for cle in {(x.page, ""), (x.page, x.section)}:
            resultat[cle] = (resultat.get(cle, (n, n))[0], n)
    return resultat


# --- Extension Sphinx -----------------------------------------------------------------------


def _publier(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    try:
        generer(Path(app.outdir) / "_static" / "diapos")
    except ErreurDiapos as erreur:
        logging.getLogger(__name__).warning(f"Supports de présentation non générés{NB}: {erreur}")


def setup(app) -> dict:
    """Publie les supports (diaporamas et PowerPoint) dans ``_static/diapos/`` du site."""
    app.connect("build-finished", _publier)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    sortie = Path(argv[0]) if argv else RACINE / "_build" / "diapos"
    try:
        ecrits = generer(sortie)
    except ErreurDiapos as erreur:
        print(f"Erreur{NB}: {erreur}", file=sys.stderr)
        return 1
    for chemin in ecrits:
        print(f"Écrit{NB}: {chemin}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
