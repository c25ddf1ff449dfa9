"""Le guide du formateur : le plan minuté des 20 heures, calculé depuis le déroulé.

Le déroulé (``data/deroule.csv``) donne les séquences, leur horaire, leur durée et leur
méthode (exposé, interaction, atelier, évaluation) ; ``data/deroule_supports.yaml``
relie chaque séquence à ses supports : pages du cours (et sections), outils. Les
numéros de diapositives viennent du générateur de diaporamas (``atelier.diapos``) :
ils suivent les pages quand elles changent.
"""

from __future__ import annotations

import html
from functools import lru_cache

import pandas as pd

from .donnees import lire_yaml
from .lecture import normaliser
from .programme import JOURS, format_duree, jours, sequences
from .sommaire import chapitres

NB = "\u00a0"
METHODES = {"exposé": "Exposé", "interaction": "Interaction", "atelier": "Atelier", "évaluation": "Évaluation"}


def supports() -> dict[tuple[str, int], list[dict]]:
    """Les supports de chaque séquence : ``{(jour, ordre): [support, …]}``."""
    return {(s["jour"], int(s["ordre"])): s["supports"] for s in lire_yaml("deroule_supports.yaml")["sequences"]}


@lru_cache(maxsize=1)
def _pages_du_sommaire() -> frozenset[str]:
    return frozenset(c.fichier for c in chapitres())


@lru_cache(maxsize=None)
def _titre_page(page: str) -> str:
    from .diapos import lire_page

    return lire_page(page).titre


@lru_cache(maxsize=None)
def _plages(jour: str) -> dict[tuple[str, str], tuple[int, int]]:
    from .diapos import plages

    return {(p, normaliser(s)): v for (p, s), v in plages(jour).items()}


def _jour_de_la_page(page: str) -> str | None:
    from .diapos import jours_du_sommaire

    return next((j for j, pages in jours_du_sommaire().items() if page in pages), None)


def problemes_supports() -> list[str]:
    """Ce qui ne va pas dans ``deroule_supports.yaml`` (séquence sans supports, support
    d'une séquence inconnue, page ou section introuvable), en français."""
    seq = sequences()
    attendues = {(j, int(o)) for j, o in zip(seq["jour"], seq["ordre"])}
    donnees = supports()
    problemes = [f"Séquence {j} n°{NB}{o} sans supports dans deroule_supports.yaml." for j, o in sorted(attendues - set(donnees))]
    problemes += [f"Supports d'une séquence absente du déroulé{NB}: {j} n°{NB}{o}." for j, o in sorted(set(donnees) - attendues)]
    from .diapos import lire_page

    for (j, o), liste in sorted(donnees.items()):
        for s in liste:
            if "page" not in s:
                continue
            page = s["page"]
            if page not in _pages_du_sommaire():
                if not s.get("libelle"):
                    problemes.append(f"{j} n°{NB}{o}{NB}: la page «{NB}{page}{NB}» n'est pas au sommaire (donnez-lui un «{NB}libelle{NB}» si elle est en préparation).")
                continue
            if "section" in s:
                lue = lire_page(page)
                sections = {normaliser(x.titre) for x in lue.sections} | ({normaliser("À retenir")} if lue.retenir else set())
                if normaliser(s["section"]) not in sections:
                    problemes.append(f"{j} n°{NB}{o}{NB}: la section «{NB}{s['section']}{NB}» n'existe pas dans «{NB}{page}{NB}».")
    return problemes


def _support_html(s: dict, prefixe: str) -> str:
    if "outil" in s:
        return html.escape(s["outil"])
    page = s["page"]
    if page not in _pages_du_sommaire():
        return html.escape(s.get("libelle", page))
    titre = _titre_page(page)
    libelle = f"«{NB}{titre}{NB}»"
    if s.get("section"):
        libelle += f", {s['section']}" if normaliser(s["section"]) != normaliser("À retenir") else f", «{NB}À retenir{NB}»"
    jour = _jour_de_la_page(page)
    diapos = ""
    if jour:
        plage = _plages(jour).get((page, normaliser(s.get("section", ""))))
        if plage:
            debut, fin = plage
            diapos = f" — diaporama {jour}, diapositive{'s' if fin > debut else ''} {debut}{'–' + str(fin) if fin > debut else ''}"
    return f'<a href="{html.escape(f"{prefixe}{page}.html")}">{html.escape(libelle)}</a>{html.escape(diapos)}'


def plan_minute(prefixe: str = "../../") -> pd.DataFrame:
    """Le plan minuté des trois journées : horaire, séquence, durée, méthode et supports
    (liens HTML relatifs à ``prefixe``, la racine du site vue depuis la page)."""
    seq = sequences()
    donnees = supports()
    lignes = []
    for _, s in seq.iterrows():
        liste = donnees.get((s["jour"], int(s["ordre"])), [])
        lignes.append(
            {
                "Journée": s["jour"],
                "Horaire": f"{s['debut'].replace(':', ' h ')} – {s['fin'].replace(':', ' h ')}",
                "Séquence": html.escape(s["sequence"]),
                "Durée": format_duree(s["duree_min"]),
                "Méthode": METHODES.get(s["modalite"], s["modalite"]),
                "Supports": "<br>".join(_support_html(x, prefixe) for x in liste) or "—",
            }
        )
    return pd.DataFrame(lignes)


def afficher_plan(jour: str, prefixe: str = "../../"):
    """Le plan minuté d'une journée, en tableau légendé (les supports sont des liens)."""
    from .affichage import tableau
    from .programme import _jour_valide

    jour = _jour_valide(jour)
    df = plan_minute(prefixe)
    df = df[df["Journée"] == jour].drop(columns="Journée")
    titre = jours().set_index("jour").loc[jour, "titre"]
    total = format_duree(sequences().query("jour == @jour")["duree_min"].sum())
    return tableau(df, f"Plan minuté de {jour} — {titre} ({total})")


def repartition_methodes() -> pd.DataFrame:
    """Le temps passé par méthode, journée par journée et sur les 20 heures (en minutes)."""
    seq = sequences()
    tableau_ = seq.pivot_table(index="jour", columns="modalite", values="duree_min", aggfunc="sum", fill_value=0)
    tableau_ = tableau_.reindex(index=list(JOURS), columns=list(METHODES), fill_value=0)
    tableau_.loc["Total"] = tableau_.sum()
    tableau_["Total"] = tableau_.sum(axis=1)
    return tableau_


def afficher_repartition():
    """La répartition du temps par méthode, en heures et minutes, avec la part de chaque méthode."""
    from .affichage import tableau

    minutes = repartition_methodes()
    total = minutes.loc["Total", "Total"]
    df = minutes.apply(lambda col: col.map(format_duree))
    df.columns = [METHODES.get(c, c) for c in df.columns]
    df.insert(0, "Journée", df.index)
    parts = (minutes.loc["Total"] * 100 / total).round().astype(int)
    ligne = {"Journée": "Part des 20 heures"} | {METHODES.get(c, c): f"{parts[c]}{NB}%" for c in minutes.columns}
    df = pd.concat([df, pd.DataFrame([ligne])], ignore_index=True)
    return tableau(df, f"Temps par méthode (total{NB}: {format_duree(total)})")


def graphique_methodes():
    """Barres empilées : le temps de chaque méthode, journée par journée."""
    from matplotlib.figure import Figure

    from .graphiques import Graphique

    minutes = repartition_methodes().drop(index="Total").drop(columns="Total")
    couleurs = {"exposé": "#1d4ed8", "interaction": "#0f766e", "atelier": "#b45309", "évaluation": "#6d28d9"}
    fig = Figure(figsize=(7, 3.4), dpi=100)
    ax = fig.add_subplot()
    gauche = [0.0] * len(minutes)
    for methode in minutes.columns:
        valeurs = (minutes[methode] / 60).tolist()
        barres = ax.barh(list(minutes.index)[::-1], valeurs[::-1], left=gauche[::-1], color=couleurs[methode], label=METHODES[methode])
        ax.bar_label(barres, labels=[format_duree(int(v * 60)) if v >= 0.75 else "" for v in valeurs[::-1]], label_type="center", color="white", fontsize=9)
        gauche = [g + v for g, v in zip(gauche, valeurs)]
    ax.set_xlabel("Heures")
    ax.set_title("Le temps de chaque journée, par méthode", fontsize=11)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=4, frameon=False, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return Graphique(fig)
