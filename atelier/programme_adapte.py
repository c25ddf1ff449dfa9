"""Le programme adapté au groupe, à partir de ses réponses au questionnaire de
positionnement et des règles déclaratives de ``data/programme_adapte.yaml``.

Déroulement (chaque étape est une fonction simple, testée) :

1. :func:`appliquer_regles` évalue chaque règle (par objectif, par option ou pour le
   groupe) et garde celles dont toutes les conditions sont vraies, avec le constat
   chiffré qui les a déclenchées ;
2. :func:`decider` en déduit, pour chaque séquence du déroulé, la décision :
   « approfondir », « raccourcir » (jamais un atelier, jamais sous la durée minimale)
   ou « maintenir » (aucune règle, ou des règles contraires) ;
3. :func:`durees` répartit le temps : chaque séquence raccourcie rend ``pas_minutes``,
   rendues le même jour aux séquences à approfondir ; la durée de chaque journée ne
   change pas (ce qui n'est pas redistribué reste en marge) ;
4. :func:`cas_du_groupe` choisit les cas et exemples qui correspondent aux
   collectivités du groupe (au moins une personne remplit toutes les conditions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import graphiques_groupe as gg
from . import imprimable as imp
from . import questionnaires as qs
from .donnees import RACINE, lire_yaml
from .programme import format_duree, sequences as sequences_deroule

NB = "\u00a0"
ACTIONS = ("approfondir", "raccourcir", "signaler")
LIBELLES_DECISION = {"approfondir": "À approfondir", "raccourcir": "À raccourcir", "maintenir": "Inchangée"}


@lru_cache(maxsize=1)
def _regles() -> dict:
    return lire_yaml("programme_adapte.yaml")


def regles() -> dict:
    """Les règles du programme adapté (``data/programme_adapte.yaml``)."""
    import copy

    return copy.deepcopy(_regles())


def _objectifs() -> dict[str, str]:
    return {o["id"]: o["libelle"] for o in lire_yaml("objectifs.yaml")["objectifs"]}


def verifier_regles(r: dict | None = None, q: dict | None = None) -> list[str]:
    """Les incohérences des règles (question, option, objectif, séquence ou page
    inconnus) ; une liste vide si tout est cohérent."""
    r = r or _regles()
    q = q or qs.charger(r["questionnaire"])
    erreurs: list[str] = []
    seq = sequences_deroule()
    connues = {f"{j}-{o}" for j, o in zip(seq["jour"], seq["ordre"])}
    objectifs = _objectifs()
    attentes = {o["id"] for o in qs.question(q, "attentes")["options"]}

    def page_ok(page: str | None, ou: str) -> None:
        if page and not (RACINE / f"{page}.md").is_file():
            erreurs.append(f"{ou}{NB}: page introuvable «{NB}{page}{NB}».")

    for s in r["sections"]:
        if s["sequence"] not in connues:
            erreurs.append(f"Séquence inconnue du déroulé{NB}: {s['sequence']}.")
        erreurs += [f"{s['sequence']}{NB}: objectif inconnu «{NB}{o}{NB}»." for o in s["objectifs"] if o not in objectifs]
        erreurs += [f"{s['sequence']}{NB}: attente inconnue «{NB}{a}{NB}»." for a in s["attentes"] if a not in attentes]
        page_ok(s.get("page"), s["sequence"])
    ids_sections = {s["sequence"] for s in r["sections"]}
    for regle in r["regles"]:
        try:
            qu = qs.question(q, regle["question"])
        except qs.ErreurQuestionnaire:
            erreurs.append(f"Règle {regle['id']}{NB}: question inconnue «{NB}{regle['question']}{NB}».")
            continue
        if regle["portee"] == "objectif" and qu["type"] != "grille":
            erreurs.append(f"Règle {regle['id']}{NB}: la portée «{NB}objectif{NB}» demande une question en grille.")
        if regle["portee"] == "option" and qu["type"] not in ("choix-unique", "choix-multiple"):
            erreurs.append(f"Règle {regle['id']}{NB}: la portée «{NB}option{NB}» demande une question à choix.")
        possibles = {e["valeur"] for e in q["echelles"][qu["echelle"]]} if qu["type"] == "grille" else {o["id"] for o in qu.get("options", [])}
        valeurs = list(regle.get("valeurs", [])) + [v for c in regle["conditions"] for v in c.get("valeurs", [])]
        erreurs += [f"Règle {regle['id']}{NB}: valeur inconnue «{NB}{v}{NB}»." for v in valeurs if v not in possibles]
        erreurs += [f"Règle {regle['id']}{NB}: séquence non ajustable «{NB}{s}{NB}»." for s in regle.get("sequences", []) if s not in ids_sections]
    for cas in r["cas"]:
        for qid, acceptees in cas["si"].items():
            try:
                qu = qs.question(q, qid)
            except qs.ErreurQuestionnaire:
                erreurs.append(f"Cas {cas['id']}{NB}: question inconnue «{NB}{qid}{NB}».")
                continue
            options = {o["id"] for o in qu.get("options", [])}
            erreurs += [f"Cas {cas['id']}{NB}: réponse inconnue «{NB}{v}{NB}» ({qid})." for v in acceptees if v not in options]
        page_ok(cas.get("page"), f"Cas {cas['id']}")
    return erreurs


# --- 1. Règles ------------------------------------------------------------------------


@dataclass(frozen=True)
class Declenchement:
    """Une règle qui s'applique : sur quoi (objectif, option ou groupe), les séquences
    visées, et le constat chiffré qui l'a déclenchée."""

    regle: str
    action: str
    cible: str
    sequences: tuple[str, ...]
    constat: str
    texte: str
    fondement: str

    def explication(self) -> str:
        return f"{self.cible}{NB}: {self.constat} (règle «{NB}{self.regle}{NB}»)"


def _libelles(q: dict, qu: dict, valeurs) -> str:
    if qu["type"] == "grille":
        noms = {e["valeur"]: e["libelle"] for e in q["echelles"][qu["echelle"]]}
    else:
        noms = {o["id"]: o["libelle"] for o in qu["options"]}
    return " ou ".join(f"«{NB}{noms[v]}{NB}»" for v in valeurs)


def _condition(rep: qs.Reponses, champ: str, condition: dict, qu: dict, valeurs_defaut=None) -> tuple[bool, str]:
    valeurs = condition.get("valeurs", valeurs_defaut)
    n, total = qs.compter(rep, champ, valeurs)
    if "min_personnes" in condition:
        vraie = n >= condition["min_personnes"]
    else:
        vraie = total > 0 and n >= condition["part_min"] * total - 1e-9
    if valeurs_defaut is not None and "valeurs" not in condition:  # l'option est déjà nommée par la cible
        return vraie, f"{qs.format_part(n, total)} l'ont {'cochée' if qu['type'] == 'choix-multiple' else 'choisie'}"
    verbe = "au niveau" if qu["type"] == "grille" else ("ont coché" if qu["type"] == "choix-multiple" else "ont répondu")
    return vraie, f"{qs.format_part(n, total)} {verbe} {_libelles(rep.questionnaire, qu, valeurs)}"


def appliquer_regles(rep: qs.Reponses, r: dict | None = None) -> list[Declenchement]:
    """Les règles qui s'appliquent au groupe, dans l'ordre du fichier de règles."""
    r = r or _regles()
    q = rep.questionnaire
    objectifs = _objectifs()
    sections = r["sections"]
    resultats: list[Declenchement] = []
    for regle in r["regles"]:
        qu = qs.question(q, regle["question"])
        essais: list[tuple[str, str, list[str], object]] = []  # (champ, cible, séquences, valeurs par défaut)
        if regle["portee"] == "objectif":
            for ligne in qu["lignes"]:
                cibles = [s["sequence"] for s in sections if ligne["id"] in s["objectifs"]]
                essais.append((f"{qu['id']}.{ligne['id']}", f"«{NB}{objectifs.get(ligne['id'], ligne['libelle'])}{NB}»", cibles, None))
        elif regle["portee"] == "option":
            for o in qu["options"]:
                if "valeurs" in regle and o["id"] not in regle["valeurs"]:
                    continue
                cibles = regle.get("sequences") or [s["sequence"] for s in sections if o["id"] in s["attentes"]]
                essais.append((qu["id"], f"«{NB}{o['libelle']}{NB}»", cibles, [o["id"]]))
        else:
            essais.append((qu["id"], "Le groupe", regle["sequences"], None))
        for champ, cible, cibles, defaut in essais:
            verdicts = [_condition(rep, champ, c, qu, defaut) for c in regle["conditions"]]
            if all(v for v, _ in verdicts):
                constat = f"{NB}; ".join(c for _, c in verdicts)
                resultats.append(Declenchement(regle["id"], regle["action"], cible, tuple(cibles), constat, regle["texte"], regle["fondement"]))
    return resultats


# --- 2. Décisions ---------------------------------------------------------------------


def decider(declenchements: list[Declenchement], r: dict | None = None) -> dict[str, dict]:
    """Pour chaque séquence ajustable : décision et raisons.

    « approfondir » ou « raccourcir » quand toutes les règles qui la visent vont dans
    le même sens ; « maintenir » sans règle, avec des règles contraires, ou quand la
    modalité (atelier) ne se raccourcit pas."""
    r = r or _regles()
    seq = sequences_deroule().assign(cle=lambda d: d["jour"] + "-" + d["ordre"].astype(str)).set_index("cle")
    raccourcissables = set(r["parametres"]["modalites_raccourcissables"])
    decisions: dict[str, dict] = {}
    for s in r["sections"]:
        cle = s["sequence"]
        pour = [d for d in declenchements if cle in d.sequences and d.action == "approfondir"]
        contre = [d for d in declenchements if cle in d.sequences and d.action == "raccourcir"]
        signaux = [d for d in declenchements if cle in d.sequences and d.action == "signaler"]
        modalite = seq.loc[cle, "modalite"]
        note = ""
        if pour and contre:
            decision, note = "maintenir", "Règles contraires (approfondir et raccourcir)\u00a0: séquence inchangée, à arbitrer selon le groupe."
        elif pour:
            decision = "approfondir"
        elif contre and modalite not in raccourcissables:
            decision, note = "maintenir", f"Une règle propose de raccourcir, mais une séquence de type «{NB}{modalite}{NB}» n'est jamais raccourcie."
        elif contre:
            decision = "raccourcir"
        else:
            decision = "maintenir"
        decisions[cle] = {"decision": decision, "pour": pour, "contre": contre, "signaux": signaux, "note": note}
    return decisions


# --- 3. Durées ------------------------------------------------------------------------


def durees(decisions: dict[str, dict], r: dict | None = None) -> tuple[pd.DataFrame, dict[str, int]]:
    """Le déroulé complet avec la durée proposée de chaque séquence, et la marge de
    chaque journée (minutes libérées qui n'ont pas été redistribuées).

    Invariant : pour chaque journée, somme des durées proposées + marge = durée prévue."""
    r = r or _regles()
    pas = r["parametres"]["pas_minutes"]
    minimum = r["parametres"]["duree_min_minutes"]
    seq = sequences_deroule().copy()
    seq["cle"] = seq["jour"] + "-" + seq["ordre"].astype(str)
    seq["decision"] = [decisions.get(c, {}).get("decision", "maintenir") for c in seq["cle"]]
    seq["duree_proposee"] = seq["duree_min"]
    seq["temps_constant"] = False
    marges: dict[str, int] = {}
    for jour, groupe in seq.groupby("jour", sort=True):
        reserve = 0
        for i in groupe.index[groupe["decision"] == "raccourcir"]:
            nouvelle = max(minimum, int(seq.at[i, "duree_min"]) - pas)
            reserve += int(seq.at[i, "duree_min"]) - nouvelle
            seq.at[i, "duree_proposee"] = nouvelle
            if nouvelle == seq.at[i, "duree_min"]:
                seq.at[i, "decision"] = "maintenir"
        for i in groupe.index[groupe["decision"] == "approfondir"]:
            ajout = min(pas, reserve)
            reserve -= ajout
            seq.at[i, "duree_proposee"] = int(seq.at[i, "duree_min"]) + ajout
            seq.at[i, "temps_constant"] = ajout == 0
        marges[jour] = reserve
    # Horaires : chaque séquence décale les suivantes du même jour (pauses conservées).
    debuts = pd.to_datetime(seq["debut"], format="%H:%M")
    decalage = (seq["duree_proposee"] - seq["duree_min"]).groupby(seq["jour"]).cumsum() - (seq["duree_proposee"] - seq["duree_min"])
    nouveaux = debuts + pd.to_timedelta(decalage, unit="min")
    seq["debut_propose"] = nouveaux.dt.strftime("%H:%M")
    seq["fin_proposee"] = (nouveaux + pd.to_timedelta(seq["duree_proposee"], unit="min")).dt.strftime("%H:%M")
    return seq, marges


# --- 4. Cas et exemples ---------------------------------------------------------------


def cas_du_groupe(rep: qs.Reponses, r: dict | None = None) -> list[dict]:
    """Les cas dont les conditions sont remplies par au moins ``min_personnes``
    personnes (1 par défaut), avec la règle qui les a retenus."""
    r = r or _regles()
    q = rep.questionnaire
    retenus = []
    for cas in r["cas"]:
        n = 0
        for _, ligne in rep.tableau.iterrows():
            ok = True
            for qid, acceptees in cas["si"].items():
                v = ligne.get(qid)
                if v is None:
                    ok = False
                elif isinstance(v, (tuple, list)):
                    ok = ok and bool(set(v) & set(acceptees))
                else:
                    ok = ok and v in acceptees
            n += ok
        seuil = cas.get("min_personnes", 1)
        if n >= seuil:
            criteres = f"{NB}; ".join(f"{qs.question(q, qid)['court']}{NB}: {_libelles(q, qs.question(q, qid), vals)}" for qid, vals in cas["si"].items())
            personnes = f"{n} personne{'s' if n > 1 else ''} du groupe"
            retenus.append({**cas, "personnes": n, "regle": f"{personnes} (au moins {seuil}) répond{'ent' if n > 1 else ''} à ces critères{NB}: {criteres}."})
    return retenus


# --- Ensemble -------------------------------------------------------------------------


@dataclass
class ProgrammeAdapte:
    """Le programme adapté : déroulé ajusté, cas retenus, points d'attention et
    règles appliquées, avec les réponses qui l'ont produit."""

    reponses: qs.Reponses
    declenchements: list[Declenchement]
    decisions: dict[str, dict]
    deroule: pd.DataFrame
    marges: dict[str, int]
    cas: list[dict]
    regles: dict = field(repr=False, default_factory=dict)

    @property
    def effectif(self) -> int:
        return self.reponses.effectif

    def sequences(self, jour: str | None = None) -> pd.DataFrame:
        """Le déroulé proposé (une ligne par séquence), prêt à afficher."""
        d = self.deroule if jour is None else self.deroule[self.deroule["jour"] == jour]
        pourquoi = []
        for cle, decision in zip(d["cle"], d["decision"]):
            info = self.decisions.get(cle)
            if not info:
                pourquoi.append("Hors règles (accueil, restitution, bilan)." if cle not in self.decisions else "")
                continue
            raisons = [x.explication() for x in (info["pour"] if decision == "approfondir" else info["contre"] if decision == "raccourcir" else info["pour"] + info["contre"])]
            texte = f"{NB}; ".join(raisons) if raisons else "Aucune règle ne s'applique."
            if info["note"]:
                texte += " " + info["note"]
            pourquoi.append(texte)
        duree = []
        for prevue, proposee, constant in zip(d["duree_min"], d["duree_proposee"], d["temps_constant"]):
            texte = format_duree(proposee)
            if proposee != prevue:
                texte += f" (au lieu de {format_duree(prevue)})"
            elif constant:
                texte += " (à temps constant)"
            duree.append(texte)
        return pd.DataFrame(
            {
                "Séquence": d["cle"].to_numpy(),
                "Horaire": (d["debut_propose"].str.replace(":", " h ") + " – " + d["fin_proposee"].str.replace(":", " h ")).to_numpy(),
                "Intitulé": d["sequence"].to_numpy(),
                "Modalité": d["modalite"].str.capitalize().to_numpy(),
                "Durée": duree,
                "Décision": [LIBELLES_DECISION[x] for x in d["decision"]],
                "Pourquoi": pourquoi,
            }
        )

    def ajustements(self) -> pd.DataFrame:
        """Les seules séquences à approfondir ou à raccourcir, avec leurs raisons."""
        df = self.sequences()
        df = df[df["Décision"] != LIBELLES_DECISION["maintenir"]].reset_index(drop=True)
        return df[["Séquence", "Intitulé", "Durée", "Décision", "Pourquoi"]]

    def horaires(self, jour: str | None = None) -> pd.DataFrame:
        """Le déroulé proposé sans les raisons : séquence, horaire, intitulé, modalité,
        durée et décision."""
        return self.sequences(jour).drop(columns=["Pourquoi"])

    def points_attention(self) -> list[str]:
        """Les conseils d'animation (règles « signaler ») : un point par règle, avec
        les constats qui l'ont déclenchée et les séquences où en tenir compte."""
        seq = self.deroule.set_index("cle")["sequence"]
        par_regle: dict[str, list[Declenchement]] = {}
        for d in self.declenchements:
            if d.action == "signaler":
                par_regle.setdefault(d.regle, []).append(d)
        points = []
        for liste in par_regle.values():
            constats = f"{NB}; ".join(d.constat if d.cible == "Le groupe" else f"{d.cible}{NB}: {d.constat}" for d in liste)
            sequences = list(dict.fromkeys(s for d in liste for s in d.sequences if s in seq.index))
            ou = ", ".join(f"{s} ({seq[s]})" for s in sequences)
            points.append(f"{liste[0].texte} Constat{NB}: {constats}." + (f" Où{NB}: {ou}." if ou else ""))
        return points

    def regles_appliquees(self) -> pd.DataFrame:
        """Chaque règle déclenchée, son constat et son fondement."""
        return pd.DataFrame(
            [
                {"Règle": d.regle, "Action": d.action, "Sur": d.cible, "Constat": d.constat, "Séquences": ", ".join(d.sequences), "Fondement": d.fondement}
                for d in self.declenchements
            ],
            columns=["Règle", "Action", "Sur", "Constat", "Séquences", "Fondement"],
        )

    def marges_texte(self) -> list[str]:
        return [
            f"{jour}{NB}: {format_duree(m)} libérées sans séquence à approfondir ce jour-là, à garder pour les questions ou la restitution."
            for jour, m in self.marges.items()
            if m
        ]


def adapter(sources: object, r: dict | None = None) -> ProgrammeAdapte:
    """Le programme adapté au groupe dont les réponses sont dans ``sources`` (dossier,
    fichier, liste… voir :func:`atelier.questionnaires.lire_reponses`)."""
    r = r or _regles()
    rep = sources if isinstance(sources, qs.Reponses) else qs.lire_reponses(r["questionnaire"], sources)
    declenchements = appliquer_regles(rep, r)
    decisions = decider(declenchements, r)
    deroule, marges = durees(decisions, r)
    return ProgrammeAdapte(rep, declenchements, decisions, deroule, marges, cas_du_groupe(rep, r), r)


def tableau_regles(r: dict | None = None) -> pd.DataFrame:
    """Les règles du fichier, lisibles : sur quoi elles portent, leur condition, leur
    action et leur fondement."""
    r = r or _regles()
    q = qs.charger(r["questionnaire"])
    lignes = []
    for regle in r["regles"]:
        qu = qs.question(q, regle["question"])
        conditions = []
        for c in regle["conditions"]:
            seuil = f"au moins {round(c['part_min'] * 100)}{NB}% des personnes qui ont répondu" if "part_min" in c else f"au moins {c['min_personnes']} personne{'s' if c['min_personnes'] > 1 else ''}"
            quoi = f" avec {_libelles(q, qu, c['valeurs'])}" if "valeurs" in c else ""
            conditions.append(seuil + quoi)
        portee = {"objectif": "Chaque objectif", "option": "Chaque réponse proposée", "groupe": "Le groupe"}[regle["portee"]]
        lignes.append(
            {"Règle": regle["id"], "Porte sur": f"{portee} — {qu['court']}", "Condition": " et ".join(conditions), "Action": regle["action"], "Fondement": regle["fondement"]}
        )
    return pd.DataFrame(lignes)


# --- Profil du groupe et page imprimable ----------------------------------------------


# Les questions du profil du groupe, dans l'ordre, et la légende de leur tableau.
LEGENDES_PROFIL = {
    "mandat": "Mandats",
    "type_collectivite": "Collectivités",
    "taille": "Nombre d'habitants de la collectivité",
    "animation": "Démarches de participation portées ou animées",
    "dispositifs": "Dispositifs déjà en place dans la collectivité",
    "attentes": "Attentes prioritaires, trois au plus par personne",
}
PROFIL = tuple(LEGENDES_PROFIL)


def profil(rep: qs.Reponses) -> dict[str, pd.DataFrame]:
    """Les répartitions du groupe pour les questions du profil."""
    return {qid: qs.repartition(rep, qid) for qid in PROFIL}


def legende_profil(df: pd.DataFrame, qid: str) -> str:
    """La légende d'une répartition du profil, avec le nombre de personnes qui ont répondu."""
    return f"{LEGENDES_PROFIL[qid]} ({df.attrs['repondants']} réponses)"


def afficher_profil(rep: qs.Reponses, qid: str):
    """Le tableau légendé d'une question du profil, pour un carnet ou une page."""
    df = qs.repartition(rep, qid)
    return imp.tableau_page(df, legende_profil(df, qid))


def tableau_niveaux(rep: qs.Reponses) -> pd.DataFrame:
    """Le niveau de départ par objectif prêt à afficher : nombre de personnes à chaque
    niveau, moyenne (sans l'identifiant interne)."""
    return qs.niveaux(rep, "niveau").drop(columns=["id"]).rename(columns={"Ligne": "Objectif"})


def graphiques(rep: qs.Reponses) -> dict[str, gg.Figure]:
    q = rep.questionnaire
    figures = {qid: gg.barres(df, qs.question(q, qid)["court"]) for qid, df in profil(rep).items()}
    figures["niveau"] = gg.niveaux(qs.niveaux(rep, "niveau"), qs.echelle(q, "niveau"), "Niveau de départ par objectif")
    return figures


def page_html(prog: ProgrammeAdapte, titre: str = "Programme adapté au groupe", mention: str | None = None, le: date | None = None) -> str:
    """La page HTML autonome et imprimable à remettre au groupe."""
    rep = prog.reponses
    e = imp.e
    corps = []
    corps.append(
        f"<p>Ce programme tient compte des réponses de {rep.effectif} personne{'s' if rep.effectif > 1 else ''} au questionnaire de positionnement. "
        "Les trois journées gardent leur durée{NB}: certaines séquences sont approfondies, d'autres raccourcies, et chaque choix est expliqué.</p>".replace("{NB}", NB)
    )
    corps.append("<h2>Le groupe en bref</h2>")
    figures = graphiques(rep)
    for qid in ("type_collectivite", "taille", "attentes"):
        df = qs.repartition(rep, qid)
        corps.append(figures[qid].html())
        corps.append(imp.tableau_html(df, legende_profil(df, qid)))
    corps.append(figures["niveau"].html())
    corps.append(imp.tableau_html(tableau_niveaux(rep), "Niveau de départ par objectif (nombre de personnes)"))
    corps.append("<h2>Les séquences ajustées</h2>")
    ajust = prog.ajustements()
    if len(ajust):
        corps.append(imp.tableau_html(ajust, "Séquences à approfondir ou à raccourcir"))
    else:
        corps.append("<p>Aucune séquence n'est ajustée{NB}: le programme prévu convient au groupe.</p>".replace("{NB}", NB))
    for m in prog.marges_texte():
        corps.append(f"<p>{e(m)}</p>")
    corps.append("<h2>Le déroulé des trois journées</h2>")
    for jour in ("J1", "J2", "J3"):
        corps.append(imp.tableau_html(prog.horaires(jour).drop(columns=["Séquence"]), f"Journée {jour}"))
    corps.append("<h2>Des cas et exemples pour vos collectivités</h2>")
    corps.append(cas_html(prog))
    points = prog.points_attention()
    if points:
        corps.append("<h2>Pour l'animation</h2>" + imp.liste_html(points))
    corps.append("<h2>Les règles appliquées</h2>")
    corps.append(f"<p>{e(prog.regles['parametres']['fondement'])}</p>")
    if prog.declenchements:
        corps.append(imp.tableau_html(prog.regles_appliquees()[["Règle", "Sur", "Constat", "Action", "Fondement"]], "Règles déclenchées par les réponses du groupe"))
    else:
        corps.append("<p>Aucune règle ne s'applique à ces réponses.</p>")
    return imp.document(titre, "\n".join(corps), sous_titre="L'innovation territoriale et la démocratie participative — trois journées, 20 heures", mention=mention, le=le)


def cas_html(prog: ProgrammeAdapte, niveau: int = 3) -> str:
    """Les cas retenus, avec la raison de leur choix et leurs sources (HTML échappé) ;
    ``niveau`` : niveau de titre de chaque cas."""
    e = imp.e
    if not prog.cas:
        return f"<p>Aucun cas particulier{NB}: les réponses ne précisent pas assez les collectivités du groupe.</p>"
    blocs = []
    for cas in prog.cas:
        sources = "<br>".join(f'<a href="{e(s["url"])}">{e(s["titre"])}</a>' for s in cas["sources"])
        blocs.append(
            f'<section class="cas"><h{niveau}>{e(cas["titre"])}</h{niveau}><p>{e(cas["texte"])}</p>'
            f'<p class="regle">Pourquoi ce cas{NB}: {e(cas["regle"])}</p><p class="source">Sources{NB}: {sources}</p></section>'
        )
    return "\n".join(blocs)


def afficher_cas(prog: ProgrammeAdapte, niveau: int = 4) -> imp.Html:
    """Les cas retenus, pour un carnet ou une page (titres de niveau 4 par défaut,
    sous une section de niveau 3)."""
    return imp.Html(cas_html(prog, niveau))


def telecharger(prog: ProgrammeAdapte, nom: str = "programme-adapte.html", **options) -> imp.Telechargement:
    """Un lien de téléchargement de la page imprimable (pour un carnet ou le site)."""
    return imp.Telechargement(page_html(prog, **options), nom, "Télécharger le programme adapté (page imprimable)")


def enregistrer(prog: ProgrammeAdapte, chemin: str | Path = "programme-adapte.html", **options) -> Path:
    """Écrit la page imprimable dans un fichier et renvoie son chemin."""
    return imp.ecrire(page_html(prog, **options), chemin)
