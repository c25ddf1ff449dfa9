"""Le diagnostic de confiance : questionnaire, calcul des scores, analyse de groupe.

Référence du calcul (le module JavaScript du widget en est le miroir, vérifié par
les vecteurs partagés ``tests/vecteurs/diagnostic.json``) :

- chaque réponse vaut de 1 (« Pas du tout d'accord ») à 5 (« Tout à fait d'accord ») ;
  pour une affirmation inversée, on retient 6 − v ;
- le score d'une dimension, de 0 à 100, vaut ``(somme − n) × 100 / (4 n)`` sur ses
  n affirmations répondues (c'est (moyenne − 1) / 4 × 100) ; sans réponse, pas de score ;
- le niveau est la bande de la dimension qui contient le score (min ≤ score < max,
  la dernière bande inclut 100) ;
- forces : au plus deux dimensions dans leur bande la plus haute, du meilleur score
  au moins bon ; priorités : au plus deux dimensions hors de cette bande, du plus
  faible score au plus fort (à égalité, l'ordre du questionnaire).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .donnees import lire_yaml
from .lecture import ErreurLecture, est_vide, lire_export, lire_tableau, normaliser

FORMAT_EXPORT = "atelier.diagnostic-confiance"
VERSION_EXPORT = 1
MAX_FORCES = 2
MAX_PRIORITES = 2


class ErreurDiagnostic(ValueError):
    """Une réponse ou un fichier de réponses invalide, expliqué en français."""


@dataclass(frozen=True)
class Bande:
    min: float
    max: float
    niveau: str
    interpretation: str


@dataclass(frozen=True)
class Action:
    texte: str
    dispositif: str | None = None


@dataclass(frozen=True)
class Dimension:
    id: str
    libelle: str
    description: str
    bandes: tuple[Bande, ...]
    actions: tuple[Action, ...]

    def bande(self, score: float) -> Bande:
        for bande in self.bandes:
            if score < bande.max:
                return bande
        return self.bandes[-1]


@dataclass(frozen=True)
class Affirmation:
    id: str
    dimension: str
    texte: str
    inverse: bool


@dataclass(frozen=True)
class Questionnaire:
    titre: str
    cadre: dict
    contexte: dict
    echelle: tuple[dict, ...]
    dimensions: tuple[Dimension, ...]
    affirmations: tuple[Affirmation, ...]

    @classmethod
    def depuis_donnees(cls, donnees: dict) -> "Questionnaire":
        dimensions = tuple(
            Dimension(
                id=d["id"],
                libelle=d["libelle"],
                description=d["description"],
                bandes=tuple(Bande(**b) for b in d["bandes"]),
                actions=tuple(Action(a["texte"], a.get("dispositif")) for a in d["actions"]),
            )
            for d in donnees["dimensions"]
        )
        affirmations = tuple(Affirmation(a["id"], a["dimension"], a["texte"], bool(a["inverse"])) for a in donnees["affirmations"])
        return cls(donnees["titre"], donnees["cadre"], donnees["contexte"], tuple(donnees["echelle"]), dimensions, affirmations)

    @property
    def ids(self) -> list[str]:
        return [a.id for a in self.affirmations]

    def affirmation(self, identifiant: str) -> Affirmation:
        for a in self.affirmations:
            if a.id == identifiant:
                return a
        raise ErreurDiagnostic(f"Affirmation inconnue\u00a0: «\u00a0{identifiant}\u00a0».")

    def dimension(self, identifiant: str) -> Dimension:
        for d in self.dimensions:
            if d.id == identifiant:
                return d
        raise ErreurDiagnostic(f"Dimension inconnue\u00a0: «\u00a0{identifiant}\u00a0».")


@lru_cache(maxsize=1)
def questionnaire() -> Questionnaire:
    """Le questionnaire du cours (``data/diagnostic_confiance.yaml``)."""
    return Questionnaire.depuis_donnees(lire_yaml("diagnostic_confiance.yaml"))


# --- Réponses ----------------------------------------------------------------


_normaliser = normaliser
_est_vide = est_vide


def lire_valeur(valeur: object, identifiant: str, q: Questionnaire | None = None) -> int | None:
    """Une réponse : un entier de 1 à 5, ce nombre écrit en texte, ou le libellé de l'échelle.

    Une réponse vide vaut « pas de réponse » (None)."""
    q = q or questionnaire()
    if _est_vide(valeur):
        return None
    saisie = valeur
    if isinstance(valeur, bool):
        valeur = str(valeur)
    if isinstance(valeur, str):
        texte = valeur.strip()
        libelles = {_normaliser(e["libelle"]): e["valeur"] for e in q.echelle}
        if _normaliser(texte) in libelles:
            return libelles[_normaliser(texte)]
        try:
            valeur = float(texte.replace(",", "."))
        except ValueError:
            raise ErreurDiagnostic(
                f"Réponse illisible pour «\u00a0{identifiant}\u00a0»\u00a0: «\u00a0{texte}\u00a0» "
                "(attendu\u00a0: un nombre de 1 à 5 ou un libellé de l'échelle, par exemple «\u00a0Plutôt d'accord\u00a0»)."
            ) from None
    if isinstance(valeur, (int, float)) and float(valeur).is_integer() and 1 <= valeur <= 5:
        return int(valeur)
    raise ErreurDiagnostic(f"Réponse hors échelle pour «\u00a0{identifiant}\u00a0»\u00a0: {saisie} (attendu\u00a0: un entier de 1 à 5).")


def valider_reponses(reponses: Mapping[str, object], q: Questionnaire | None = None) -> dict[str, int]:
    """Réponses vérifiées : identifiants connus, valeurs de 1 à 5 ; les vides sont retirées."""
    q = q or questionnaire()
    if not isinstance(reponses, Mapping):
        raise ErreurDiagnostic("Les réponses doivent être un dictionnaire {identifiant d'affirmation: valeur de 1 à 5}.")
    connus = set(q.ids)
    propres: dict[str, int] = {}
    for identifiant, valeur in reponses.items():
        if identifiant not in connus:
            raise ErreurDiagnostic(f"Affirmation inconnue\u00a0: «\u00a0{identifiant}\u00a0».")
        lue = lire_valeur(valeur, identifiant, q)
        if lue is not None:
            propres[identifiant] = lue
    return {i: propres[i] for i in q.ids if i in propres}


# --- Calcul ------------------------------------------------------------------


@dataclass(frozen=True)
class ResultatDimension:
    id: str
    libelle: str
    score: float | None
    niveau: str | None
    interpretation: str | None
    repondues: int
    total: int


@dataclass(frozen=True)
class Resultat:
    dimensions: tuple[ResultatDimension, ...]
    repondues: int
    total: int
    forces: tuple[str, ...]
    priorites: tuple[str, ...]
    actions: tuple[dict, ...]

    @property
    def non_repondues(self) -> int:
        return self.total - self.repondues

    @property
    def complet(self) -> bool:
        return self.non_repondues == 0

    def scores(self) -> dict[str, float | None]:
        return {d.id: d.score for d in self.dimensions}

    def comme_dict(self) -> dict:
        """La forme commune à Python et au JavaScript (vecteurs de test partagés)."""
        return {
            "repondues": self.repondues,
            "total": self.total,
            "scores": self.scores(),
            "niveaux": {d.id: d.niveau for d in self.dimensions},
            "forces": list(self.forces),
            "priorites": list(self.priorites),
            "actions": [dict(a) for a in self.actions],
        }

    def tableau(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "dimension": [d.id for d in self.dimensions],
                "libellé": [d.libelle for d in self.dimensions],
                "score": [d.score for d in self.dimensions],
                "niveau": [d.niveau for d in self.dimensions],
                "répondues": [d.repondues for d in self.dimensions],
                "affirmations": [d.total for d in self.dimensions],
            }
        ).set_index("dimension")


def scorer(reponses: Mapping[str, object], q: Questionnaire | None = None) -> Resultat:
    """Scores par dimension, forces, priorités et actions recommandées."""
    q = q or questionnaire()
    propres = valider_reponses(reponses, q)
    resultats = []
    for dim in q.dimensions:
        items = [a for a in q.affirmations if a.dimension == dim.id]
        valeurs = [6 - propres[a.id] if a.inverse else propres[a.id] for a in items if a.id in propres]
        n = len(valeurs)
        if n == 0:
            resultats.append(ResultatDimension(dim.id, dim.libelle, None, None, None, 0, len(items)))
            continue
        score = (sum(valeurs) - n) * 100 / (4 * n)
        bande = dim.bande(score)
        resultats.append(ResultatDimension(dim.id, dim.libelle, score, bande.niveau, bande.interpretation, n, len(items)))
    ordre = {d.id: i for i, d in enumerate(q.dimensions)}
    evalues = [r for r in resultats if r.score is not None]
    hautes = [r for r in evalues if r.niveau == q.dimension(r.id).bandes[-1].niveau]
    basses = [r for r in evalues if r not in hautes]
    forces = tuple(r.id for r in sorted(hautes, key=lambda r: (-r.score, ordre[r.id]))[:MAX_FORCES])
    priorites = tuple(r.id for r in sorted(basses, key=lambda r: (r.score, ordre[r.id]))[:MAX_PRIORITES])
    actions = tuple(
        {"dimension": p, "texte": a.texte, "dispositif": a.dispositif} for p in priorites for a in q.dimension(p).actions
    )
    return Resultat(tuple(resultats), len(propres), len(q.affirmations), forces, priorites, actions)


# --- Fichiers d'export -------------------------------------------------------


def exporter(reponses: Mapping[str, object], q: Questionnaire | None = None) -> str:
    """Le fichier JSON d'export des réponses (le même que celui du site)."""
    propres = valider_reponses(reponses, q)
    return json.dumps(
        {
            "format": FORMAT_EXPORT,
            "version": VERSION_EXPORT,
            "exporte_le": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "reponses": propres,
        },
        ensure_ascii=False,
        indent=2,
    )


def importer(contenu: str | bytes, q: Questionnaire | None = None) -> dict[str, int]:
    """Les réponses d'un fichier d'export ; ErreurDiagnostic en français s'il est abîmé."""
    donnees = lire_export(contenu, FORMAT_EXPORT, VERSION_EXPORT, "du diagnostic de confiance", ErreurDiagnostic)
    return valider_reponses(donnees.get("reponses", {}), q)


# --- Groupe ------------------------------------------------------------------


def _colonne_vers_id(nom: str, q: Questionnaire) -> str | None:
    """Relie une colonne de formulaire à une affirmation : par identifiant (« rea-1 »,
    « rea-1 - texte… ») ou par son texte exact."""
    brut = str(nom).strip()
    ids = set(q.ids)
    if brut in ids:
        return brut
    debut = brut.split()[0].rstrip(":.-–") if brut.split() else ""
    if debut in ids:
        return debut
    textes = {_normaliser(a.texte): a.id for a in q.affirmations}
    return textes.get(_normaliser(brut))


# Colonnes usuelles des exports de formulaires en ligne.
COLONNES_PERSONNE = {"participant", "participante", "personne", "nom", "id", "identifiant"}
COLONNES_META = {"horodatage", "horodateur", "date", "timestamp", "date de soumission", "heure de debut", "heure de fin"}


@dataclass
class Groupe:
    """Réponses d'un groupe : une ligne par personne, une colonne par affirmation."""

    reponses: pd.DataFrame
    problemes: list[str] = field(default_factory=list)


def _depuis_tableau(df: pd.DataFrame, origine: str, q: Questionnaire, groupe: Groupe) -> None:
    correspondances = {c: _colonne_vers_id(c, q) for c in df.columns}
    colonnes_id = [c for c, i in correspondances.items() if i is None]
    identifiant = next((c for c in colonnes_id if _normaliser(c) in COLONNES_PERSONNE), None)
    ignorees = [c for c in colonnes_id if c != identifiant and _normaliser(c) not in COLONNES_META and not str(c).lower().startswith("unnamed")]
    if ignorees:
        groupe.problemes.append(f"{origine}\u00a0: colonnes ignorées (aucune affirmation correspondante)\u00a0: {', '.join(map(str, ignorees))}.")
    if not any(correspondances.values()):
        groupe.problemes.append(f"{origine}\u00a0: aucune colonne ne correspond à une affirmation du questionnaire.")
        return
    for numero, ligne in df.reset_index(drop=True).iterrows():
        nom = str(ligne[identifiant]).strip() if identifiant and str(ligne[identifiant]).strip() else f"{origine} – ligne {numero + 2}"
        reponses: dict[str, int] = {}
        for colonne, id_ in correspondances.items():
            if id_ is None:
                continue
            try:
                valeur = lire_valeur(ligne[colonne], id_, q)
            except ErreurDiagnostic as erreur:
                groupe.problemes.append(f"{nom}\u00a0: {erreur} Réponse laissée vide.")
                continue
            if valeur is not None:
                reponses[id_] = valeur
        _ajouter(groupe, nom, reponses)


def _ajouter(groupe: Groupe, nom: str, reponses: dict[str, int]) -> None:
    base = nom
    suffixe = 2
    while nom in groupe.reponses.index:
        nom = f"{base} ({suffixe})"
        suffixe += 1
    if nom != base:
        groupe.problemes.append(f"«\u00a0{base}\u00a0» apparaît plusieurs fois\u00a0: réponses gardées sous «\u00a0{nom}\u00a0».")
    if not reponses:
        groupe.problemes.append(f"{base}\u00a0: aucune réponse exploitable.")
    ligne = pd.DataFrame([reponses], index=[nom], dtype="Int64")
    groupe.reponses = pd.concat([groupe.reponses, ligne]) if len(groupe.reponses) else ligne


def lire_groupe(sources: object, q: Questionnaire | None = None) -> Groupe:
    """Rassemble les réponses d'un groupe.

    ``sources`` : un DataFrame (une ligne par personne), le chemin d'un CSV de
    formulaire en ligne, d'un fichier d'export JSON, d'un dossier qui en contient,
    un dictionnaire de réponses, ou une liste de tout cela. Ce qui ne peut être lu
    est décrit dans ``problemes``, jamais écarté en silence."""
    q = q or questionnaire()
    groupe = Groupe(pd.DataFrame(columns=q.ids, dtype="Int64"))
    groupe.reponses = groupe.reponses.iloc[0:0]

    def traiter(source: object, rang: int) -> None:
        if isinstance(source, pd.DataFrame):
            _depuis_tableau(source.astype(object), f"tableau {rang}", q, groupe)
        elif isinstance(source, Mapping):
            try:
                _ajouter(groupe, f"personne {rang}", valider_reponses(source, q))
            except ErreurDiagnostic as erreur:
                groupe.problemes.append(f"personne {rang}\u00a0: {erreur}")
        elif isinstance(source, (str, Path)):
            chemin = Path(source)
            if chemin.is_dir():
                fichiers = sorted(p for p in chemin.iterdir() if p.suffix.lower() in {".json", ".csv"})
                if not fichiers:
                    groupe.problemes.append(f"{chemin.name}\u00a0: dossier sans fichier .json ni .csv.")
                for i, fichier in enumerate(fichiers, 1):
                    traiter(fichier, i)
            elif chemin.suffix.lower() == ".json":
                try:
                    _ajouter(groupe, chemin.stem, importer(chemin.read_bytes(), q))
                except (ErreurDiagnostic, OSError) as erreur:
                    groupe.problemes.append(f"{chemin.name}\u00a0: {erreur}")
            else:
                try:
                    _depuis_tableau(lire_tableau(chemin), chemin.name, q, groupe)
                except ErreurLecture as erreur:
                    groupe.problemes.append(f"{chemin.name}\u00a0: {erreur}")
        elif isinstance(source, Iterable):
            for i, element in enumerate(source, 1):
                traiter(element, i)
        else:
            groupe.problemes.append(f"Source non prise en charge\u00a0: {type(source).__name__}.")

    traiter(sources, 1)
    groupe.reponses = groupe.reponses.reindex(columns=q.ids)
    groupe.reponses.index.name = "participant"
    return groupe


def agreger(sources: object, q: Questionnaire | None = None) -> pd.DataFrame:
    """Scores de chaque personne d'un groupe : une ligne par personne, une colonne par
    dimension (0 à 100), plus le nombre d'affirmations répondues.

    Les problèmes de lecture sont dans ``df.attrs["problemes"]``."""
    q = q or questionnaire()
    groupe = lire_groupe(sources, q)
    lignes = {}
    for nom, ligne in groupe.reponses.iterrows():
        reponses = {k: int(v) for k, v in ligne.items() if not pd.isna(v)}
        resultat = scorer(reponses, q)
        lignes[nom] = {**resultat.scores(), "repondues": resultat.repondues}
    df = pd.DataFrame.from_dict(lignes, orient="index", columns=[d.id for d in q.dimensions] + ["repondues"])
    df[[d.id for d in q.dimensions]] = df[[d.id for d in q.dimensions]].astype(float)
    df.index.name = "participant"
    df.attrs["problemes"] = groupe.problemes
    return df


def synthese_groupe(scores: pd.DataFrame, q: Questionnaire | None = None) -> pd.DataFrame:
    """Par dimension : nombre de personnes, moyenne, médiane, minimum, maximum, écart-type."""
    q = q or questionnaire()
    lignes = []
    for dim in q.dimensions:
        serie = scores[dim.id].dropna()
        lignes.append(
            {
                "Dimension": dim.libelle,
                "Personnes": int(serie.count()),
                "Moyenne": serie.mean(),
                "Médiane": serie.median(),
                "Minimum": serie.min(),
                "Maximum": serie.max(),
                "Écart-type": serie.std(),
                "Niveau (moyenne)": dim.bande(serie.mean()).niveau if len(serie) else None,
            }
        )
    return pd.DataFrame(lignes).round(1)


def vers_dict(q: Questionnaire | None = None) -> dict:
    """Le questionnaire tel qu'envoyé au widget (données pures, JSON)."""
    q = q or questionnaire()
    return {
        "titre": q.titre,
        "cadre": q.cadre,
        "contexte": q.contexte,
        "echelle": list(q.echelle),
        "dimensions": [asdict(d) for d in q.dimensions],
        "affirmations": [asdict(a) for a in q.affirmations],
        "format_export": FORMAT_EXPORT,
        "version_export": VERSION_EXPORT,
    }
