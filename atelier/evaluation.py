"""L'évaluation de la formation : questionnaire de fin (satisfaction, niveau avant et
après par objectif, commentaires) et scores d'exercices exportés par les stagiaires
(« Mon parcours »), rassemblés dans un rapport imprimable.

Définitions (choix du cours, rappelés dans ``data/questionnaires/evaluation.yaml``,
clé ``rapport.fondement``) :

- **appréciation favorable** : une réponse « Plutôt d'accord » ou « Tout à fait
  d'accord » (valeur ≥ ``seuil_satisfaction``) à une affirmation de satisfaction ; la
  part favorable d'un domaine se calcule sur toutes ses réponses ;
- **objectif atteint** par une personne : niveau après la formation ≥
  ``seuil_atteinte`` ; le taux d'atteinte d'un objectif se calcule sur les personnes
  qui ont donné leur niveau après ; le taux global sur toutes les paires
  (personne, objectif) renseignées ;
- **progression** : niveau après − niveau avant, pour les personnes qui ont donné
  les deux ;
- **taux de réponse** : questionnaires reçus (doublons retirés) / personnes inscrites.

Les pourcentages sont arrondis au plus proche, demi vers le haut.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from . import exercices as ex_
from . import graphiques_groupe as gg
from . import imprimable as imp
from . import questionnaires as qs
from .lecture import ErreurLecture, lire_tableau
from .parcours import ErreurParcours, lire_import

NB = "\u00a0"
pourcentage = qs.pourcentage


def questionnaire() -> dict:
    return qs.charger("evaluation")


def _parametres(rep: qs.Reponses) -> dict:
    return rep.questionnaire["rapport"]


def _valeurs(rep: qs.Reponses, champ: str) -> list[int]:
    return [int(v) for v in rep.tableau[champ] if v is not None] if champ in rep.tableau else []


# --- Satisfaction -----------------------------------------------------------------------


def satisfaction(rep: qs.Reponses) -> pd.DataFrame:
    """Pour chaque affirmation de satisfaction : domaine, nombre de réponses à chaque
    degré d'accord, réponses favorables et leur part."""
    q = rep.questionnaire
    seuil = _parametres(rep)["seuil_satisfaction"]
    lignes = []
    for qid in _parametres(rep)["satisfaction"]:
        qu = qs.question(q, qid)
        ech = q["echelles"][qu["echelle"]]
        for ligne in qu["lignes"]:
            valeurs = _valeurs(rep, f"{qid}.{ligne['id']}")
            d = {"Domaine": qu["court"], "Affirmation": ligne["libelle"], "Réponses": len(valeurs)}
            for e in ech:
                d[e["libelle"]] = sum(v == e["valeur"] for v in valeurs)
            favorables = sum(v >= seuil for v in valeurs)
            d["Favorables"] = favorables
            d["Part favorable (%)"] = pourcentage(favorables, len(valeurs))
            lignes.append(d)
    return pd.DataFrame(lignes)


def satisfaction_par_domaine(rep: qs.Reponses) -> pd.DataFrame:
    """Par domaine (contenu, animation, organisation) puis pour l'ensemble : nombre de
    réponses et part de réponses favorables."""
    df = satisfaction(rep)
    lignes = []
    for domaine, groupe in df.groupby("Domaine", sort=False):
        lignes.append({"Domaine": domaine, "Réponses": int(groupe["Réponses"].sum()), "Favorables": int(groupe["Favorables"].sum())})
    lignes.append({"Domaine": "Ensemble", "Réponses": int(df["Réponses"].sum()), "Favorables": int(df["Favorables"].sum())})
    res = pd.DataFrame(lignes)
    res["Part favorable (%)"] = [pourcentage(f, n) for f, n in zip(res["Favorables"], res["Réponses"])]
    return res


# --- Progression par objectif -------------------------------------------------------------


def progression(rep: qs.Reponses) -> pd.DataFrame:
    """Par objectif : personnes, niveau moyen avant et après, progression moyenne,
    personnes en progrès, objectif atteint (nombre et taux)."""
    q = rep.questionnaire
    p = _parametres(rep)
    avant_q, apres_q = qs.question(q, p["niveau_avant"]), qs.question(q, p["niveau_apres"])
    lignes = []
    for ligne in apres_q["lignes"]:
        a_champ, b_champ = f"{avant_q['id']}.{ligne['id']}", f"{apres_q['id']}.{ligne['id']}"
        paires = [
            (int(a), int(b)) for a, b in zip(rep.tableau[a_champ], rep.tableau[b_champ]) if a is not None and b is not None
        ] if len(rep.tableau) else []
        apres = _valeurs(rep, b_champ)
        atteints = sum(v >= p["seuil_atteinte"] for v in apres)
        lignes.append(
            {
                "id": ligne["id"],
                "Objectif": ligne["libelle"],
                "Avant et après": len(paires),
                "Moyenne avant": round(sum(a for a, _ in paires) / len(paires), 2) if paires else None,
                "Moyenne après": round(sum(b for _, b in paires) / len(paires), 2) if paires else None,
                "Progression moyenne": round(sum(b - a for a, b in paires) / len(paires), 2) if paires else None,
                "En progrès": sum(b > a for a, b in paires),
                "Niveau après (réponses)": len(apres),
                "Objectif atteint": atteints,
                "Taux d'atteinte (%)": pourcentage(atteints, len(apres)),
            }
        )
    return pd.DataFrame(lignes)


def tableau_progression(rep: qs.Reponses) -> pd.DataFrame:
    """La progression par objectif prête à afficher (sans l'identifiant interne)."""
    return progression(rep).drop(columns=["id"])


def commentaires(rep: qs.Reponses) -> dict[str, list[str]]:
    """Les commentaires libres, par question (texte tel qu'écrit, à afficher échappé)."""
    q = rep.questionnaire
    return {qs.question(q, qid)["libelle"]: qs.textes(rep, qid) for qid in _parametres(rep)["commentaires"]}


def commentaires_html(rep: qs.Reponses) -> str:
    """Les commentaires libres, question par question, en citations (texte échappé)."""
    e = imp.e
    blocs = []
    for question, textes in commentaires(rep).items():
        blocs.append(f"<h3>{e(question)}</h3>")
        blocs.append("".join(f"<blockquote>{e(t)}</blockquote>" for t in textes) if textes else "<p>Aucun commentaire.</p>")
    return "\n".join(blocs)


def afficher_commentaires(rep: qs.Reponses) -> imp.Html:
    """Les commentaires libres, pour un carnet ou une page."""
    return imp.Html(commentaires_html(rep))


# --- Scores d'exercices (« Mon parcours ») --------------------------------------------------


@dataclass
class Parcours:
    """Les exercices faits par chaque personne, lus dans ses exports « Mon parcours »."""

    tableau: pd.DataFrame  # personne, id, jour, type, score, reussi, tentatives
    problemes: list[str] = field(default_factory=list)

    @property
    def personnes(self) -> int:
        return self.tableau["personne"].nunique() if len(self.tableau) else 0


COLONNES_PARCOURS = ["personne", "id", "jour", "type", "score", "reussi", "tentatives"]


def _booleen(v: object) -> bool | None:
    t = str(v).strip().lower()
    return True if t in ("true", "vrai", "oui", "1") else False if t in ("false", "faux", "non", "0") else None


def _nombre(v: object) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return float(v) if math.isfinite(v) else None
    try:
        return float(str(v).strip().replace(",", "."))
    except ValueError:
        return None


def _entrees_csv(df: pd.DataFrame, nom: str, problemes: list[str]) -> list[dict] | None:
    colonnes = {c.strip().lower(): c for c in df.columns}
    if "id" not in colonnes or "score" not in colonnes:
        problemes.append(f"{nom}{NB}: ce tableau n'est pas un export de «{NB}Mon parcours{NB}» (colonnes «{NB}id{NB}» et «{NB}score{NB}» attendues).")
        return None
    entrees = []
    for _, ligne in df.iterrows():
        entrees.append(
            {
                "id": str(ligne[colonnes["id"]]).strip(),
                "score": _nombre(ligne[colonnes["score"]]),
                "reussi": _booleen(ligne[colonnes["reussi"]]) if "reussi" in colonnes else None,
                "tentatives": _nombre(ligne[colonnes["tentatives"]]) if "tentatives" in colonnes else 1,
            }
        )
    return entrees


def lire_parcours(sources: object) -> Parcours:
    """Rassemble les exports « Mon parcours » (JSON ou CSV) d'un dossier, d'un fichier
    ou d'une liste. Chaque fichier est une personne (nommée d'après le fichier) ; un
    fichier identique à un autre n'est compté qu'une fois ; les exercices inconnus et
    les fichiers illisibles sont signalés."""
    definitions = {e["id"]: e for e in ex_.exercices()}
    problemes: list[str] = []
    lignes: list[dict] = []
    empreintes: dict[str, str] = {}

    def fichier(chemin: Path) -> None:
        try:
            octets = chemin.read_bytes()
        except OSError as erreur:
            problemes.append(f"{chemin.name}{NB}: {erreur}")
            return
        if chemin.suffix.lower() == ".json":
            try:
                lu = lire_import(list(definitions.values()), octets)
            except ErreurParcours as erreur:
                problemes.append(f"{chemin.name}{NB}: {erreur}")
                return
            entrees = lu["entrees"]
            if lu["ignorees"]:
                problemes.append(f"{chemin.name}{NB}: {lu['ignorees']} exercice(s) inconnu(s) ignoré(s).")
        else:
            try:
                df = lire_tableau(octets)
            except ErreurLecture as erreur:
                problemes.append(f"{chemin.name}{NB}: {erreur}")
                return
            entrees = _entrees_csv(df, chemin.name, problemes)
            if entrees is None:
                return
            inconnus = [e["id"] for e in entrees if e["id"] not in definitions]
            if inconnus:
                problemes.append(f"{chemin.name}{NB}: exercices inconnus ignorés{NB}: {', '.join(inconnus)}.")
            entrees = [e for e in entrees if e["id"] in definitions]
        cle = json.dumps(sorted((e["id"], _nombre(e.get("score")), e.get("reussi")) for e in entrees), ensure_ascii=False)
        empreinte = hashlib.sha256(cle.encode()).hexdigest()
        if empreinte in empreintes:
            problemes.append(f"{chemin.name}{NB}: progression identique à celle de {empreintes[empreinte]} (envoyée deux fois{NB}?){NB}: comptée une seule fois.")
            return
        empreintes[empreinte] = chemin.name
        personne = chemin.stem
        for e in entrees:
            d = definitions[e["id"]]
            score = _nombre(e.get("score"))
            if d["type"] not in ex_.TYPES_NOTES or score is None or not (_nombre(e.get("tentatives")) or 0) > 0:
                continue
            if not 0 <= score <= 1:
                problemes.append(f"{chemin.name}{NB}: score hors de 0 à 1 pour «{NB}{e['id']}{NB}» ({score}), ignoré.")
                continue
            lignes.append({"personne": personne, "id": d["id"], "jour": d["jour"], "type": d["type"], "score": score, "reussi": e.get("reussi") is True, "tentatives": _nombre(e.get("tentatives"))})

    def traiter(source: object) -> None:
        if isinstance(source, (str, Path)):
            chemin = Path(source)
            if chemin.is_dir():
                fichiers = sorted(p for p in chemin.iterdir() if p.is_file() and p.suffix.lower() in {".json", ".csv"})
                if not fichiers:
                    problemes.append(f"{chemin.name}{NB}: dossier sans fichier .json ni .csv.")
                for f in fichiers:
                    fichier(f)
            elif chemin.is_file():
                fichier(chemin)
            else:
                problemes.append(f"Fichier ou dossier introuvable{NB}: «{NB}{chemin}{NB}».")
        elif isinstance(source, Iterable):
            for s in source:
                traiter(s)
        else:
            problemes.append(f"Source non prise en charge{NB}: {type(source).__name__}.")

    traiter(sources)
    return Parcours(pd.DataFrame(lignes, columns=COLONNES_PARCOURS), problemes)


def scores_par_objectif(parc: Parcours) -> pd.DataFrame:
    """Par objectif du cours : exercices notés faits, personnes, score moyen et part
    d'exercices réussis (en pour cent)."""
    definitions = {e["id"]: e for e in ex_.exercices()}
    lignes = []
    for obj in ex_.objectifs():
        d = parc.tableau[[obj["id"] in definitions[i].get("objectifs", []) for i in parc.tableau["id"]]] if len(parc.tableau) else parc.tableau
        lignes.append(
            {
                "id": obj["id"],
                "Objectif": obj["libelle"],
                "Exercices faits": len(d),
                "Personnes": d["personne"].nunique() if len(d) else 0,
                "Score moyen (%)": math.floor(100 * d["score"].mean() + 0.5) if len(d) else None,
                "Réussis (%)": pourcentage(int(d["reussi"].sum()), len(d)) if len(d) else None,
            }
        )
    return pd.DataFrame(lignes)


def tableau_scores(parc: Parcours) -> pd.DataFrame:
    """Les scores par objectif prêts à afficher (sans l'identifiant interne)."""
    return scores_par_objectif(parc).drop(columns=["id"])


# --- Chiffres clés et rapport ---------------------------------------------------------------


def _part(n: int, total: int) -> str:
    """Une part en pour cent, prête à afficher (« – » sans total)."""
    p = pourcentage(n, total)
    return "–" if p is None else f"{p}{NB}%"


def chiffres_cles(rep: qs.Reponses, parc: Parcours | None = None, inscrits: int | None = None) -> pd.DataFrame:
    """Les chiffres utiles au bilan d'une session : réponses, taux de réponse,
    appréciations, atteinte des objectifs, progression, exercices. Chaque ligne dit
    comment le chiffre est calculé."""
    p = _parametres(rep)
    n = rep.effectif
    lignes = []

    def ajouter(indicateur: str, valeur: str, calcul: str) -> None:
        lignes.append({"Indicateur": indicateur, "Valeur": valeur, "Calcul": calcul})

    ajouter("Questionnaires d'évaluation reçus", str(n), "Réponses lues, doublons retirés.")
    if inscrits:
        ajouter("Taux de réponse", _part(n, inscrits), f"{n} questionnaires reçus sur {inscrits} personnes inscrites.")
    else:
        ajouter("Taux de réponse", "non calculé", "Nombre de personnes inscrites non fourni.")
    dom = satisfaction_par_domaine(rep)
    ensemble = dom.iloc[-1]
    ajouter(
        "Appréciations recueillies",
        str(int(ensemble["Réponses"])),
        f"Réponses aux {len(satisfaction(rep))} affirmations de satisfaction (contenu, animation, organisation).",
    )
    for _, ligne in dom.iterrows():
        valeur = "–" if pd.isna(ligne["Part favorable (%)"]) else f"{int(ligne['Part favorable (%)'])}{NB}%"
        ajouter(f"Appréciations favorables — {ligne['Domaine'].lower()}", valeur, f"{int(ligne['Favorables'])} réponses favorables sur {int(ligne['Réponses'])} (niveau {p['seuil_satisfaction']} ou plus).")
    ecrits = sum(len(v) for v in commentaires(rep).values())
    ajouter("Commentaires écrits", str(ecrits), "Réponses non vides aux questions ouvertes.")
    prog = progression(rep)
    reponses_apres = int(prog["Niveau après (réponses)"].sum())
    atteints = int(prog["Objectif atteint"].sum())
    ajouter(
        "Taux d'atteinte des objectifs (auto-évalué)",
        _part(atteints, reponses_apres),
        f"{atteints} paires (personne, objectif) au niveau {p['seuil_atteinte']} ou plus après la formation, sur {reponses_apres} renseignées.",
    )
    paires = int(prog["Avant et après"].sum())
    en_progres = int(prog["En progrès"].sum())
    ajouter(
        "Objectifs en progrès (auto-évalué)",
        _part(en_progres, paires),
        f"{en_progres} paires (personne, objectif) en progrès sur {paires} avec un niveau avant et après.",
    )
    reco = qs.repartition(rep, "recommandation")
    oui = int(reco.loc[0, "Personnes"])
    total_reco = reco.attrs["repondants"]
    ajouter("Recommanderaient la formation", _part(oui, total_reco), f"{oui} «{NB}Oui{NB}» sur {total_reco} réponses.")
    if parc is not None:
        ajouter("Exports «\u00a0Mon parcours\u00a0» reçus", str(parc.personnes), "Fichiers lus, doublons retirés.")
        if len(parc.tableau):
            ajouter(
                "Score moyen aux exercices notés",
                f"{math.floor(100 * parc.tableau['score'].mean() + 0.5)}{NB}%",
                f"Moyenne de {len(parc.tableau)} exercices notés faits (toutes personnes).",
            )
    return pd.DataFrame(lignes)


@dataclass
class Rapport:
    reponses: qs.Reponses
    parcours: Parcours | None
    inscrits: int | None
    session: str

    @property
    def problemes(self) -> list[str]:
        return self.reponses.problemes + (self.parcours.problemes if self.parcours else []) + self._coherence()

    def _coherence(self) -> list[str]:
        if self.inscrits is not None and self.reponses.effectif > self.inscrits:
            return [f"Plus de questionnaires reçus ({self.reponses.effectif}) que de personnes inscrites ({self.inscrits}){NB}: vérifiez le nombre d'inscrits ou les doublons."]
        return []

    def chiffres(self) -> pd.DataFrame:
        return chiffres_cles(self.reponses, self.parcours, self.inscrits)

    def graphiques(self) -> dict[str, gg.Figure]:
        q = self.reponses.questionnaire
        ech_accord = q["echelles"][qs.question(q, self.reponses.questionnaire["rapport"]["satisfaction"][0])["echelle"]]
        ech_niveau = q["echelles"][qs.question(q, q["rapport"]["niveau_apres"])["echelle"]]
        figures = {
            "satisfaction": gg.accord(satisfaction(self.reponses), ech_accord, "Satisfaction par affirmation"),
            "progression": gg.progression(progression(self.reponses), max(e["valeur"] for e in ech_niveau), "Niveau moyen avant et après, par objectif"),
        }
        if self.parcours is not None and len(self.parcours.tableau):
            figures["scores"] = gg.scores(scores_par_objectif(self.parcours), "Score moyen aux exercices, par objectif")
        return figures


def rapport(reponses: object, parcours: object | None = None, inscrits: int | None = None, session: str = "") -> Rapport:
    """Le rapport d'évaluation d'une session. ``reponses`` et ``parcours`` : dossiers,
    fichiers ou listes (voir :func:`atelier.questionnaires.lire_reponses` et
    :func:`lire_parcours`) ; ``inscrits`` : nombre de personnes inscrites."""
    rep = reponses if isinstance(reponses, qs.Reponses) else qs.lire_reponses("evaluation", reponses)
    parc = parcours if isinstance(parcours, Parcours) or parcours is None else lire_parcours(parcours)
    return Rapport(rep, parc, inscrits, session)


def page_html(r: Rapport, titre: str = "Rapport d'évaluation de la formation", mention: str | None = None, le: date | None = None) -> str:
    """Le rapport HTML autonome et imprimable."""
    e = imp.e
    rep = r.reponses
    q = rep.questionnaire
    figures = r.graphiques()
    corps = []
    chiffres = r.chiffres()
    corps.append("<h2>Chiffres clés</h2><ul class=\"chiffres\">")
    for _, c in chiffres.iterrows():
        corps.append(f'<li><span class="valeur">{e(c["Valeur"])}</span>{e(c["Indicateur"])}<br><small>{e(c["Calcul"])}</small></li>')
    corps.append("</ul>")
    corps.append(f"<p class=\"regle\">{e(q['rapport']['fondement'])}</p>")
    corps.append("<h2>Satisfaction</h2>")
    corps.append(figures["satisfaction"].html())
    sat = satisfaction(rep)
    corps.append(imp.tableau_html(sat, "Réponses par affirmation"))
    corps.append(imp.tableau_html(satisfaction_par_domaine(rep), "Appréciations favorables par domaine"))
    corps.append(imp.tableau_html(qs.repartition(rep, "recommandation"), "Recommanderiez-vous cette formation\u00a0?"))
    corps.append("<h2>Atteinte des objectifs</h2>")
    corps.append(figures["progression"].html())
    corps.append(imp.tableau_html(tableau_progression(rep), "Niveau auto-évalué avant et après, par objectif"))
    if r.parcours is not None:
        corps.append("<h2>Exercices notés («\u00a0Mon parcours\u00a0»)</h2>")
        if "scores" in figures:
            corps.append(figures["scores"].html())
        corps.append(imp.tableau_html(tableau_scores(r.parcours), "Scores aux exercices notés, par objectif"))
    corps.append("<h2>Commentaires des stagiaires</h2>")
    corps.append(commentaires_html(rep))
    corps.append("<h2>Remarques sur les données</h2>")
    corps.append(imp.liste_html(r.problemes))
    sous_titre = "L'innovation territoriale et la démocratie participative" + (f" — {r.session}" if r.session else "")
    return imp.document(titre, "\n".join(corps), sous_titre=sous_titre, mention=mention, le=le)


def telecharger(r: Rapport, nom: str = "rapport-evaluation.html", **options) -> imp.Telechargement:
    return imp.Telechargement(page_html(r, **options), nom, "Télécharger le rapport d'évaluation (page imprimable)")


def enregistrer(r: Rapport, chemin: str | Path = "rapport-evaluation.html", **options) -> Path:
    return imp.ecrire(page_html(r, **options), chemin)
