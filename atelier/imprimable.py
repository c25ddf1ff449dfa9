"""Pages HTML autonomes et imprimables (programme adapté, rapport d'évaluation) : un
seul fichier, sans script ni ressource externe (images intégrées), en français, lisible
à l'écran et sur papier. Tout texte venu des réponses est échappé."""

from __future__ import annotations

import base64
import html
from datetime import date
from pathlib import Path

import pandas as pd

NB = "\u00a0"

STYLE = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1f2328; background: #fff; max-width: 60rem; margin: 2rem auto; padding: 0 1.2rem; line-height: 1.5; font-size: 11pt; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 2px solid #1d4ed8; padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin-top: 1.2rem; }
.sous-titre { color: #444c56; margin-top: 0; }
.mention { border: 1px solid #9a6700; background: #fff8c5; padding: 0.5rem 0.8rem; border-radius: 6px; }
table { border-collapse: collapse; margin: 0.8rem 0; width: 100%; font-size: 0.95em; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { border: 1px solid #c7c7c7; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #eef2f7; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; color: #444c56; }
.chiffres { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: 0.6rem; padding: 0; list-style: none; }
.chiffres li { border: 1px solid #c9d1d9; border-radius: 6px; padding: 0.5rem 0.7rem; }
.chiffres .valeur { display: block; font-size: 1.4rem; font-weight: 700; color: #1d4ed8; }
.cas { border-left: 4px solid #1d4ed8; padding-left: 0.8rem; margin: 1rem 0; }
.source, .regle { font-size: 0.9em; color: #444c56; }
blockquote { margin: 0.4rem 0; padding-left: 0.8rem; border-left: 3px solid #c9d1d9; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
  table, figure, .cas, li { break-inside: avoid; }
  a { color: inherit; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; }
}
"""


def e(texte: object) -> str:
    """Texte échappé pour le HTML (jamais interprété comme balise)."""
    return html.escape("" if texte is None else str(texte), quote=True)


def _cellule(valeur: object) -> str:
    return e(_cellule_texte(valeur))


def tableau_html(df: pd.DataFrame, legende: str) -> str:
    """Un tableau avec légende, en-têtes de colonnes et valeurs échappées."""
    entete = "".join(f'<th scope="col">{e(c)}</th>' for c in df.columns)
    corps = "".join("<tr>" + "".join(f"<td>{_cellule(v)}</td>" for v in ligne) + "</tr>" for ligne in df.itertuples(index=False))
    return f"<table><caption>{e(legende)}</caption><thead><tr>{entete}</tr></thead><tbody>{corps}</tbody></table>"


def image_html(png: bytes, alt: str, legende: str | None = None) -> str:
    """Une image PNG intégrée (data:), avec son texte alternatif."""
    code = base64.b64encode(png).decode("ascii")
    fig = f'<img src="data:image/png;base64,{code}" alt="{e(alt)}">'
    return f"<figure>{fig}" + (f"<figcaption>{e(legende)}</figcaption>" if legende else "") + "</figure>"


def liste_html(elements: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{e(x)}</li>" for x in elements) + "</ul>" if elements else "<p>Aucun.</p>"


def document(titre: str, corps: str, sous_titre: str | None = None, mention: str | None = None, le: date | None = None) -> str:
    """Une page HTML complète et autonome ; ``corps`` est du HTML déjà échappé."""
    jour = (le or date.today()).strftime("%d/%m/%Y")
    haut = f"<h1>{e(titre)}</h1>" + (f'<p class="sous-titre">{e(sous_titre)}</p>' if sous_titre else "")
    haut += f'<p class="sous-titre">Page produite le {jour}. Pour l’imprimer ou l’enregistrer en PDF{NB}: menu Imprimer du navigateur.</p>'
    if mention:
        haut += f'<p class="mention" role="note">{e(mention)}</p>'
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(titre)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{haut}\n{corps}\n</main>\n</body>\n</html>\n"
    )


def ecrire(contenu: str, chemin: str | Path) -> Path:
    """Écrit la page dans un fichier (UTF-8) et renvoie son chemin."""
    chemin = Path(chemin)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_text(contenu, encoding="utf-8")
    return chemin


class Telechargement:
    """Un lien « Télécharger » vers un fichier (page HTML autonome, modèle CSV),
    affichable dans un carnet et sur le site (le fichier est contenu dans le lien :
    aucune requête)."""

    TYPES = {"html": ("text/html", "fichier HTML"), "csv": ("text/csv", "fichier CSV")}

    def __init__(self, contenu: str, nom: str, texte: str) -> None:
        self.contenu, self.nom, self.texte = contenu, nom, texte

    def _repr_html_(self) -> str:
        mime, description = self.TYPES.get(self.nom.rsplit(".", 1)[-1].lower(), ("application/octet-stream", "fichier"))
        octets = self.contenu.encode("utf-8")
        code = base64.b64encode(octets).decode("ascii")
        taille = max(1, round(len(octets) / 1024))
        return (
            f'<p class="telechargement"><a download="{e(self.nom)}" href="data:{mime};charset=utf-8;base64,{code}">'
            f"{e(self.texte)}</a> ({description}, {taille}{NB}Ko)</p>"
        )

    def __repr__(self) -> str:
        return f"<Telechargement {self.nom}>"


def pour_affichage(df: pd.DataFrame) -> pd.DataFrame:
    """Un tableau prêt à afficher : valeurs manquantes en « – », nombres décimaux avec
    une virgule (un chiffre après), entiers sans décimale."""
    sortie = df.copy().astype(object)
    for colonne in sortie.columns:
        sortie[colonne] = [_cellule_texte(v) for v in df[colonne]]
    return sortie


def _cellule_texte(valeur: object) -> object:
    if valeur is None or (isinstance(valeur, float) and pd.isna(valeur)):
        return "–"
    if isinstance(valeur, float):
        return str(int(valeur)) if valeur.is_integer() else f"{valeur:.1f}".replace(".", ",")
    if isinstance(valeur, (list, tuple)):
        return ", ".join(map(str, valeur))
    return valeur


def tableau_page(df: pd.DataFrame, legende: str):
    """Un tableau légendé pour les pages du cours (voir :func:`atelier.affichage.tableau`)."""
    from .affichage import tableau

    return tableau(pour_affichage(df), legende)


class Liste:
    """Une liste à puces affichable dans un carnet et sur le site (texte échappé)."""

    def __init__(self, elements: list[str], vide: str = "Aucun.") -> None:
        self.elements, self.vide = list(elements), vide

    def _repr_html_(self) -> str:
        return liste_html(self.elements) if self.elements else f"<p>{e(self.vide)}</p>"

    def __repr__(self) -> str:
        return "\n".join(f"- {x}" for x in self.elements) or self.vide


class Html:
    """Un fragment HTML déjà échappé, affichable dans un carnet et sur le site."""

    def __init__(self, fragment: str) -> None:
        self.fragment = fragment

    def _repr_html_(self) -> str:
        return self.fragment
