"""Les supports de présentation : plan tiré des pages, PowerPoint, diaporama reveal.js
(aucun hôte tiers, aucune erreur de console dans Chromium)."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from pptx import Presentation

from atelier import diapos
from atelier.typographie import problemes

ENTETE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
    jupytext_version: 1.19.6
kernelspec:
  display_name: Python 3 (ipykernel)
  language: python
  name: python3
---
"""

PAGE_FICTIVE = ENTETE + """
# Une page d'essai

Première phrase de l'introduction, selon l'art. L2143-1 du CGCT {cite}`cle`. Deuxième phrase.

## Objectifs

À la fin de cette page, vous saurez\u00a0:

- dire une chose\u00a0;
- en dire une autre.

## Une section à puces

- **Premier point.** Son explication. Une phrase de plus.
- **Un point dont le début en gras est une phrase complète.** Suite.
- Un élément sans gras, ignoré quand d'autres ont un début en gras.

## Une section de paragraphes

Le tableau suivant résume tout.

Une idée forte, avec un [lien](https://exemple.fr) et du **gras**. Une deuxième phrase.

Pour commencer\u00a0:

## Une section avec repères

% diapo\u00a0: **Message choisi.** Dit par le repère.
% diapo\u00a0: Un second message.

Un paragraphe que le repère remplace.

## Une section masquée

% diapo\u00a0: aucune

Ce texte reste sur la page seulement.

## Un graphique

```{code-cell} ipython3
---
mystnb:
  image:
    alt: "Une courbe d'essai. Deux points."
---
from atelier.graphiques import Graphique
from matplotlib.figure import Figure

fig = Figure(figsize=(2, 2))
fig.add_subplot().plot([0, 1], [1, 0])
Graphique(fig)
```

## Sources

Rien ici.

```{admonition} À retenir
:class: tip

- Une première chose.
- Une seconde chose.
```
"""

INDEX_FICTIF = ENTETE + """
# J1 — Une journée d'essai

Introduction de la journée.

## Déroulé de la journée

Le tableau suivant présente les séquences.

## Programme

La journée traite d'un point.
"""


@pytest.fixture
def depot(tmp_path: Path) -> Path:
    """Un petit dépôt : un sommaire, une journée (index et une page)."""
    (tmp_path / "chapters" / "j1").mkdir(parents=True)
    (tmp_path / "chapters" / "j1" / "index.md").write_text(INDEX_FICTIF, encoding="utf-8")
    (tmp_path / "chapters" / "j1" / "essai.md").write_text(PAGE_FICTIVE, encoding="utf-8")
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: chapters/accueil\nparts:\n  - caption: Les trois journées\n    chapters:\n"
        "      - file: chapters/j1/index\n        sections:\n          - file: chapters/j1/essai\n"
        "  - caption: Ressources\n    chapters:\n      - file: chapters/bibliographie\n",
        encoding="utf-8",
    )
    return tmp_path


# --- Lecture des pages ---------------------------------------------------------------


@pytest.mark.parametrize(
    "texte, attendu",
    [
        ("Selon l'art. L2143-1 du CGCT, oui. Et puis non.", "Selon l'art. L2143-1 du CGCT, oui."),
        ("La loi n° 2014-173 du 21 février 2014 dite « loi Lamy ». Suite.", "La loi n° 2014-173 du 21 février 2014 dite « loi Lamy »."),
        ("Une seule phrase sans point final", "Une seule phrase sans point final"),
        ("Quoi\u00a0? Ceci.", "Quoi\u00a0?"),
    ],
)
def test_premiere_phrase(texte, attendu):
    assert diapos.premiere_phrase(texte) == attendu


def test_nettoyer_retire_citations_liens_et_gras():
    assert diapos.nettoyer("Un **mot** et un [lien](../a.md) {cite}`cle`.") == "Un mot et un lien."
    assert diapos.nettoyer("Voir {download}`le gabarit <../data/x.csv>`\u00a0!") == "Voir le gabarit\u00a0!"


def test_page_lue_titre_objectifs_sections_retenir(depot):
    page = diapos.lire_page("chapters/j1/essai", depot)
    assert page.titre == "Une page d'essai"
    assert page.introduction[0].startswith("Première phrase de l'introduction, selon l'art. L2143-1 du CGCT.")
    assert [p.niveau for p in page.objectifs] == [0, 1, 1]
    sections = {s.titre: s for s in page.sections}
    puces = sections["Une section à puces"].points
    assert [p.gras for p in puces] == ["Premier point.", "Un point dont le début en gras est une phrase complète."]
    assert puces[0].texte == "Son explication."
    # Les phrases de renvoi (« Le tableau suivant… ») et d'annonce (« … : ») sont écartées.
    assert [p.complet for p in sections["Une section de paragraphes"].points] == ["Une idée forte, avec un lien et du gras."]
    assert [(p.gras, p.texte) for p in sections["Une section avec repères"].points] == [("Message choisi.", "Dit par le repère."), ("", "Un second message.")]
    assert sections["Une section masquée"].masquee and sections["Sources"].masquee
    assert [f.alt for f in page.figures] == ["Une courbe d'essai. Deux points."]
    assert [p.texte for p in page.retenir] == ["Une première chose.", "Une seconde chose."]


def test_diaporama_d_une_journee_fictive(depot):
    d = diapos.diaporama("J1", racine=depot)
    genres = [x.genre for x in d.diapos]
    assert genres[0] == "journee" and genres[1] == "deroule"
    titres = d.titres
    assert "Une page d'essai" in titres and "À retenir" in titres
    assert "Une section masquée" not in titres and "Sources" not in titres
    # La page d'index n'a pas de diapositive de titre à elle (l'ouverture en tient lieu),
    # et sa section « Déroulé de la journée » est remplacée par le déroulé calculé.
    assert titres.count("J1 — Une journée d'essai") == 0
    assert titres.count("Déroulé de la journée") == 1
    figure = next(x for x in d.diapos if x.genre == "figure")
    assert figure.figure.png.startswith(b"\x89PNG") and figure.sous_titre == "Une courbe d'essai."


def test_une_page_ajoutee_au_sommaire_entre_dans_le_diaporama(depot):
    avant = len(diapos.diaporama("J1", figures=False, racine=depot).diapos)
    (depot / "chapters" / "j1" / "nouvelle.md").write_text(ENTETE + "\n# Une page arrivée après\n\nTexte.\n\n## Une idée\n\nUne phrase.\n", encoding="utf-8")
    toc = depot / "_toc.yml"
    toc.write_text(toc.read_text(encoding="utf-8").replace("          - file: chapters/j1/essai\n", "          - file: chapters/j1/essai\n          - file: chapters/j1/nouvelle\n"), encoding="utf-8")
    d = diapos.diaporama("J1", figures=False, racine=depot)
    assert len(d.diapos) == avant + 2
    assert d.titres[-2:] == ["Une page arrivée après", "Une idée"]


def test_erreurs_en_francais(depot):
    with pytest.raises(diapos.ErreurDiapos, match="Journée absente du sommaire\u00a0: «\u00a0J4\u00a0»"):
        diapos.diaporama("J4", racine=depot)
    with pytest.raises(diapos.ErreurDiapos, match="Page du sommaire introuvable"):
        diapos.lire_page("chapters/j1/absente", depot)
    (depot / "chapters" / "j1" / "essai.md").write_text(PAGE_FICTIVE.replace("Graphique(fig)", "1 / 0"), encoding="utf-8")
    with pytest.raises(diapos.ErreurDiapos, match="La figure de la page .* n'a pas pu être produite"):
        diapos.diaporama("J1", racine=depot)


def test_les_longues_listes_sont_reparties_sur_plusieurs_diapositives():
    points = [diapos.Point(f"Point numéro {i} assez court.") for i in range(14)]
    groupes = diapos._decouper(points)
    assert [len(g) for g in groupes] == [6, 6, 2]
    assert sum(len(g) for g in diapos._decouper(points, "deroule")) == 14


# --- Le cours réel --------------------------------------------------------------------


def test_chaque_page_de_chaque_journee_est_dans_son_diaporama():
    jours = diapos.jours_du_sommaire()
    assert set(jours) >= {"J1", "J2", "J3"}
    for jour, pages in jours.items():
        d = diapos.diaporama(jour, figures=False)
        assert [p.docname for p in d.pages] == pages
        for page in d.pages[1:]:
            assert page.titre in d.titres, (jour, page.docname)
        avec_retenir = [p.docname for p in d.pages if p.retenir]
        assert {x.page for x in d.diapos if x.genre == "retenir"} == set(avec_retenir)
        # Chaque page écrite selon la structure du cours a un « À retenir ».
        assert len(avec_retenir) == len(d.pages), [p.docname for p in d.pages if not p.retenir]


def test_le_texte_des_diapositives_respecte_la_typographie():
    fautes = []
    for jour in diapos.jours_du_sommaire():
        for x in diapos.diaporama(jour, figures=False).diapos:
            for texte in [x.titre, x.sous_titre, *(p.complet for p in x.points)]:
                fautes += [f"{jour} «\u00a0{x.titre}\u00a0»\u00a0: {f}" for f in problemes(texte)]
    assert fautes == []


@pytest.fixture(scope="module")
def supports(tmp_path_factory) -> Path:
    sortie = tmp_path_factory.mktemp("diapos")
    diapos.generer(sortie)
    return sortie


@pytest.mark.parametrize("jour", ["J1", "J2", "J3"])
def test_powerpoint_une_diapositive_par_diapo_avec_son_titre(supports, jour):
    d = diapos.diaporama(jour, figures=False)
    prs = Presentation(str(supports / f"{jour.lower()}.pptx"))
    assert len(prs.slides) == len(d.diapos)
    assert [s.shapes.title.text for s in prs.slides] == d.titres
    assert prs.core_properties.language == "fr-FR"
    images = [sh for s in prs.slides for sh in s.shapes if sh.shape_type == 13]
    assert len(images) == sum(len(p.figures) for p in d.pages)
    for image in images:
        assert image._element.nvPicPr.cNvPr.get("descr"), "chaque image a son texte alternatif"
    retenir = [s for s in prs.slides if s.shapes.title.text.startswith("À retenir")]
    assert len(retenir) >= len(d.pages)
    textes = " ".join(sh.text_frame.text for s in retenir for sh in s.shapes if sh.has_text_frame)
    for page in d.pages:
        assert page.retenir[0].texte in textes


def test_powerpoint_contient_les_figures_du_cours(supports):
    prs = Presentation(str(supports / "j2.pptx"))
    images = [sh for s in prs.slides for sh in s.shapes if sh.shape_type == 13]
    assert len(images) >= 2, "J2 : courbe de confiance et radar du groupe"
    assert all(i.image.content_type == "image/png" for i in images)
    assert sorted(p.name for p in (supports / "figures").glob("*.png")) == ["j2-1-attentes-des-francais-1.png", "j2-2-retablir-la-confiance-1.png"]


def test_diaporama_html_sans_hote_tiers(supports):
    for fichier in [p for p in [*supports.glob("*.html"), *supports.rglob("*.css"), *supports.rglob("*.js")] if p.is_file()]:
        texte = fichier.read_text(encoding="utf-8", errors="replace")
        if fichier.suffix == ".html":
            assert not re.search(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", texte), fichier.name
            assert '<html lang="fr">' in texte
        else:
            assert not re.search(r"""@import\s+url\(\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""", texte), fichier.name


def test_le_texte_saisi_n_est_jamais_du_html():
    d = diapos.Diaporama("J9", "Essai", [], [diapos.Diapo("messages", "<script>alert(1)</script>", [diapos.Point('<img src=x onerror="alert(2)">')])])
    html = d.vers_html()
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.fixture(scope="module")
def serveur_supports(supports):
    class Gestionnaire(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Gestionnaire, directory=str(supports)))
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{serveur.server_address[1]}/"
    serveur.shutdown()


@pytest.mark.parametrize("jour", ["J1", "J2", "J3"])
def test_diaporama_s_ouvre_dans_chromium_sans_erreur(page, serveur_supports, jour):
    erreurs, externes, echecs = [], [], []
    page.on("console", lambda m: m.type == "error" and erreurs.append(m.text))
    page.on("pageerror", lambda e: erreurs.append(str(e)))
    page.on("response", lambda r: r.status >= 400 and echecs.append(f"{r.status} {r.url}"))

    def filtrer(route):
        if not route.request.url.startswith(serveur_supports):
            externes.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", filtrer)
    page.goto(f"{serveur_supports}{jour.lower()}.html")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("Reveal.isReady()")
    assert page.evaluate("Reveal.getTotalSlides()") == len(diapos.diaporama(jour, figures=False).diapos)
    # Toutes les images (figures) se chargent.
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("Reveal.getIndices().h") == 1
    assert (erreurs, externes, echecs) == ([], [], [])


def test_diaporama_accessible(page, serveur_supports):
    """Aucune violation grave ou critique d'axe-core (WCAG 2.1 A et AA) sur une diapositive
    de titre, de messages, de figure et « À retenir »."""
    from conftest import RACINE

    d = diapos.diaporama("J2", figures=False)
    indices = [next(i for i, x in enumerate(d.diapos) if x.genre == g) for g in ("journee", "messages", "figure", "retenir")]
    page.goto(f"{serveur_supports}j2.html")
    page.wait_for_load_state("networkidle")
    for i in indices:
        page.evaluate(f"Reveal.slide({i})")
        page.wait_for_timeout(200)
        page.add_script_tag(path=str(RACINE / "node_modules" / "axe-core" / "axe.min.js"))
        violations = page.evaluate(
            """async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}))
                .violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id)"""
        )
        assert violations == [], (d.diapos[i].titre, violations)

