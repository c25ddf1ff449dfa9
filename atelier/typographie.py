"""Typographie française des textes du cours : espace insécable avant « ; : ! ? »,
à l'intérieur des guillemets « », avant « % ».

``problemes(texte)`` liste les fautes d'un texte en prose ; ``corriger(texte)`` les
corrige. ``prose_markdown(source)`` retire d'une page MyST ce qui n'est pas de la
prose (blocs de code, options de directives, code en ligne, rôles, adresses)."""

from __future__ import annotations

import re

INSECABLES = "\u00a0\u202f"
_REGLES = [
    (re.compile(r"(?<=\S) ([;:!?%»])"), "espace ordinaire avant «\u00a0{}\u00a0» (il faut une espace insécable)"),
    (re.compile(r"(«) "), "espace ordinaire après «\u00a0{}\u00a0» (il faut une espace insécable)"),
    (re.compile(r"(?<=[A-Za-zÀ-ÖØ-öø-ÿ0-9\)\]»\u2026])([;!?])(?=\s|$)"), "pas d'espace avant «\u00a0{}\u00a0»"),
    (re.compile(r"(?<=[A-Za-zÀ-ÖØ-öø-ÿ\)\]»\u2026])(:)(?=\s|$)"), "pas d'espace avant «\u00a0{}\u00a0»"),
    (re.compile(r"(«)(?=[^\s\u00a0\u202f])"), "pas d'espace après «\u00a0{}\u00a0»"),
    (re.compile(r"(?<=[^\s\u00a0\u202f])(»)"), "pas d'espace avant «\u00a0{}\u00a0»"),
]


def problemes(texte: str) -> list[str]:
    """Les fautes de typographie d'un texte en prose, avec leur contexte."""
    trouves = []
    for motif, message in _REGLES:
        for m in motif.finditer(texte):
            debut = max(0, m.start() - 25)
            trouves.append(f"{message.format(m.group(1))} : …{texte[debut:m.end() + 10]}…")
    return trouves


def corriger(texte: str) -> str:
    texte = re.sub(r"(?<=\S) ([;:!?%»])", "\u00a0\\1", texte)
    texte = re.sub(r"« ", "«\u00a0", texte)
    texte = re.sub(r"(?<=[A-Za-zÀ-ÖØ-öø-ÿ0-9\)\]»\u2026])([;!?])(?=\s|$)", "\u00a0\\1", texte)
    texte = re.sub(r"(?<=[A-Za-zÀ-ÖØ-öø-ÿ\)\]»\u2026])(:)(?=\s|$)", "\u00a0\\1", texte)
    texte = re.sub(r"«(?=[^\s\u00a0\u202f])", "«\u00a0", texte)
    texte = re.sub(r"(?<=[^\s\u00a0\u202f])»", "\u00a0»", texte)
    return texte


def _lignes_de_prose(lignes: list[str]) -> list[bool]:
    """Pour chaque ligne d'une page MyST : est-ce de la prose ? (Pas l'en-tête, pas un
    bloc de code, pas une option de directive, pas une ligne de clôture.) Les blocs
    de directive (admonitions…) contiennent de la prose ; les blocs de code non."""
    prose, pile, dans_entete = [], [], False
    for i, ligne in enumerate(lignes):
        nette = ligne.strip()
        if i == 0 and nette == "---":
            dans_entete = True
            prose.append(False)
            continue
        if dans_entete:
            dans_entete = nette != "---"
            prose.append(False)
            continue
        if nette.startswith("```"):
            if nette == "```" and pile:
                pile.pop()
            else:
                code = "{code-cell}" in nette or not nette.startswith("```{") or "{code-block}" in nette or "{code}" in nette
                pile.append("code" if code else "directive")
            prose.append(False)
            continue
        dans_code = "code" in pile
        prose.append(not dans_code and not re.match(r"^:[\w-]+:", nette) and not nette.startswith("%"))
    return prose


def prose_markdown(source: str) -> str:
    """La prose d'une page MyST : sans en-tête, blocs de code, options de directive,
    code en ligne, rôles, cibles de liens ni adresses."""
    toutes = source.splitlines()
    lignes = [l for l, p in zip(toutes, _lignes_de_prose(toutes)) if p]
    texte = "\n".join(lignes)
    texte = re.sub(r"\{[\w:-]+\}`[^`]*`", "", texte)  # rôles : {cite}`clé`
    texte = re.sub(r"`[^`]*`", "", texte)  # code en ligne
    texte = re.sub(r"\]\([^)]*\)", "]", texte)  # cibles de liens
    texte = re.sub(r"https?://\S+", "", texte)
    return texte


def corriger_markdown(source: str) -> str:
    """Corrige la prose d'une page MyST sans toucher au code, aux options de
    directive ni au code en ligne."""
    lignes = source.split("\n")
    sortie = []
    for ligne, prose in zip(lignes, _lignes_de_prose(lignes)):
        if prose:
            morceaux = re.split(r"(`[^`]*`|\]\([^)]*\))", ligne)
            ligne = "".join(m if j % 2 else corriger(m) for j, m in enumerate(morceaux))
        sortie.append(ligne)
    return "\n".join(sortie)
