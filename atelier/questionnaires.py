"""Les questionnaires du cours (positionnement, évaluation) : chargement, validation
des réponses, export, et lecture des réponses d'un groupe.

Un questionnaire est décrit dans ``data/questionnaires/<id>.yaml`` (schéma commun
``questionnaire.schema.json``). Chaque question produit un **champ** (son
identifiant), sauf une grille, qui produit un champ par ligne, nommé
« question.ligne » (par exemple ``niveau.j1-innovation``). Les noms de champs sont
aussi les noms de colonnes du fichier CSV : c'est la disposition à reprendre dans un
formulaire en ligne (voir :func:`disposition_csv`).

Valeurs d'une réponse :

- ``texte``, ``texte-long`` : une chaîne (espaces de début et de fin retirées), de
  200 ou 3 000 caractères au plus ;
- ``choix-unique`` : l'identifiant d'une option ;
- ``choix-multiple`` : une liste d'identifiants d'options (sans doublon, dans l'ordre
  des options), au plus ``max_choix``, une option « exclusive » (« Aucun ») seule ;
- ``grille`` : un entier de l'échelle de la question.

Une valeur vide (None, chaîne vide, liste vide) veut dire « pas de réponse ».

Les fonctions ``valider``, ``manquantes``, ``etat``, ``exporter``, ``importer`` et
``vers_csv`` sont la référence du module JavaScript du widget
(``widgets/js/questionnaire.js``) ; les vecteurs ``tests/vecteurs/questionnaires.json``
sont vérifiés des deux côtés. La lecture des fichiers d'un groupe
(:func:`lire_reponses`) est plus tolérante : libellés au lieu d'identifiants,
en-têtes de formulaires en ligne, encodages et séparateurs variés ; ce qu'elle ne
peut pas lire est signalé en français, jamais écarté en silence.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .donnees import lire_yaml
from .lecture import ErreurLecture, est_vide, lire_export, lire_tableau, normaliser

FORMAT = "atelier.questionnaire"
VERSION = 1
NB = "\u00a0"
LONGUEURS = {"texte": 200, "texte-long": 3000}
SEPARATEUR_MULTIPLE = " | "
SEPARATEUR_CSV = ";"
QUESTIONNAIRES = ("positionnement", "evaluation")


class ErreurQuestionnaire(ValueError):
    """Une réponse, un fichier ou un questionnaire invalide, expliqué en français."""


# --- Chargement -------------------------------------------------------------------


def _deployer(donnees: dict) -> dict:
    """Le questionnaire prêt à l'emploi : lignes « objectifs » remplacées par les
    objectifs du cours, valeurs par défaut, liste des champs."""
    q = copy.deepcopy(donnees)
    objectifs = lire_yaml("objectifs.yaml")["objectifs"]
    champs: list[dict] = []
    for section in q["sections"]:
        for question in section["questions"]:
            question.setdefault("obligatoire", False)
            question.setdefault("court", question["libelle"])
            commun = {"question": question["id"], "section": section["id"], "type": question["type"], "obligatoire": question["obligatoire"]}
            if question["type"] == "grille":
                if question["echelle"] not in q["echelles"]:
                    raise ErreurQuestionnaire(f"Échelle inconnue{NB}: «{NB}{question['echelle']}{NB}» (question «{NB}{question['id']}{NB}»).")
                if question["lignes"] == "objectifs":
                    question["lignes"] = [{"id": o["id"], "libelle": o["libelle"]} for o in objectifs]
                for ligne in question["lignes"]:
                    champs.append({"id": f"{question['id']}.{ligne['id']}", "ligne": ligne["id"], "libelle": f"{question['court']} — {ligne['libelle']}", **commun})
            else:
                champ = {"id": question["id"], "ligne": None, "libelle": question["court"], **commun}
                if question["type"] in LONGUEURS:
                    champ["max"] = LONGUEURS[question["type"]]
                champs.append(champ)
    ids = [c["id"] for c in champs]
    doublons = sorted({i for i in ids if ids.count(i) > 1})
    if doublons:
        raise ErreurQuestionnaire(f"Champs en double dans le questionnaire «{NB}{q['id']}{NB}»{NB}: {', '.join(doublons)}.")
    q["champs"] = champs
    q["format_export"] = FORMAT
    q["version_export"] = VERSION
    return q


@lru_cache(maxsize=None)
def _charge(nom: str) -> dict:
    if nom not in QUESTIONNAIRES:
        raise ErreurQuestionnaire(f"Questionnaire inconnu{NB}: «{NB}{nom}{NB}». Choisissez parmi{NB}: {', '.join(QUESTIONNAIRES)}.")
    return _deployer(lire_yaml(f"questionnaires/{nom}.yaml"))


def exemple(nom: str) -> Path:
    """Le dossier des réponses fictives d'exemple (``data/exemples/<nom>``)."""
    from .donnees import dossier_donnees

    dossier = dossier_donnees() / "exemples" / nom
    if not dossier.is_dir():
        raise FileNotFoundError(f"Dossier d'exemple introuvable{NB}: «{NB}{dossier}{NB}».")
    return dossier


def problemes(rep: "Reponses"):
    """Les problèmes de lecture, en liste à puces (pour un carnet ou une page)."""
    from .imprimable import Liste

    return Liste(rep.problemes, f"Aucun problème de lecture{NB}: toutes les réponses ont été lues.")


def charger(nom: str) -> dict:
    """Le questionnaire ``nom`` (``positionnement`` ou ``evaluation``), tel qu'envoyé
    au widget : données pures (JSON), avec la liste de ses champs."""
    return copy.deepcopy(_charge(nom))


def _q(q: dict | str) -> dict:
    return _charge(q) if isinstance(q, str) else q


def question(q: dict | str, identifiant: str) -> dict:
    for section in _q(q)["sections"]:
        for qu in section["questions"]:
            if qu["id"] == identifiant:
                return qu
    raise ErreurQuestionnaire(f"Question inconnue{NB}: «{NB}{identifiant}{NB}».")


def champs(q: dict | str, question_id: str | None = None) -> list[dict]:
    """Les champs du questionnaire (ou d'une question)."""
    tous = _q(q)["champs"]
    return [c for c in tous if question_id is None or c["question"] == question_id]


def echelle(q: dict | str, question_id: str) -> list[dict]:
    q = _q(q)
    return q["echelles"][question(q, question_id)["echelle"]]


# --- Validation (référence du JavaScript) ------------------------------------------


def _apercu(valeur: object) -> str:
    """Une valeur saisie, montrée dans un message (comme JSON.stringify en JavaScript)."""
    if isinstance(valeur, str):
        return valeur
    return json.dumps(valeur, ensure_ascii=False, separators=(",", ":"))


def _pluriel(n: int, singulier: str, pluriel: str) -> str:
    return f"{n} {singulier if n <= 1 else pluriel}"


def _valider_valeur(q: dict, champ: dict, valeur: object) -> object:
    if valeur is None:
        return None
    qu = question(q, champ["question"])
    nom = f"«{NB}{champ['libelle']}{NB}»"
    t = champ["type"]
    if t in LONGUEURS:
        if not isinstance(valeur, str):
            raise ErreurQuestionnaire(f"Réponse invalide pour {nom}{NB}: un texte est attendu.")
        texte = valeur.strip()
        if len(texte) > LONGUEURS[t]:
            raise ErreurQuestionnaire(f"Réponse trop longue pour {nom}{NB}: {len(texte)} caractères ({LONGUEURS[t]} au plus).")
        return texte or None
    if t == "choix-unique":
        if valeur == "":
            return None
        if not isinstance(valeur, str) or valeur not in {o["id"] for o in qu["options"]}:
            raise ErreurQuestionnaire(f"Réponse inconnue pour {nom}{NB}: «{NB}{_apercu(valeur)}{NB}».")
        return valeur
    if t == "choix-multiple":
        if not isinstance(valeur, (list, tuple)):
            raise ErreurQuestionnaire(f"Réponse invalide pour {nom}{NB}: une liste de réponses est attendue.")
        options = {o["id"]: o for o in qu["options"]}
        for v in valeur:
            if not isinstance(v, str) or v not in options:
                raise ErreurQuestionnaire(f"Réponse inconnue pour {nom}{NB}: «{NB}{_apercu(v)}{NB}».")
        cochees = [o["id"] for o in qu["options"] if o["id"] in valeur]
        if not cochees:
            return None
        exclusives = [options[c] for c in cochees if options[c].get("exclusive")]
        if exclusives and len(cochees) > 1:
            raise ErreurQuestionnaire(f"«{NB}{exclusives[0]['libelle']}{NB}» ne se coche pas avec d'autres réponses ({nom}).")
        maximum = qu.get("max_choix")
        if maximum and len(cochees) > maximum:
            raise ErreurQuestionnaire(f"Trop de réponses pour {nom}{NB}: {len(cochees)} cochées, {maximum} au plus.")
        return cochees
    # grille
    valeurs = [e["valeur"] for e in q["echelles"][qu["echelle"]]]
    if isinstance(valeur, (int, float)) and not isinstance(valeur, bool) and math.isfinite(valeur) and float(valeur).is_integer() and int(valeur) in valeurs:
        return int(valeur)
    attendu = ", ".join(map(str, valeurs[:-1])) + f" ou {valeurs[-1]}"
    raise ErreurQuestionnaire(f"Réponse hors échelle pour {nom}{NB}: {_apercu(valeur)} (attendu{NB}: {attendu}).")


def valider(q: dict | str, reponses: Mapping[str, object]) -> dict:
    """Réponses vérifiées, dans l'ordre des champs ; les réponses vides sont retirées.
    ErreurQuestionnaire (en français) au premier champ inconnu ou invalide."""
    q = _q(q)
    if not isinstance(reponses, Mapping):
        raise ErreurQuestionnaire("Les réponses doivent être un dictionnaire (champ → valeur).")
    par_id = {c["id"]: c for c in q["champs"]}
    propres = {}
    for cle, valeur in reponses.items():
        if cle not in par_id:
            raise ErreurQuestionnaire(f"Question inconnue{NB}: «{NB}{cle}{NB}».")
        lue = _valider_valeur(q, par_id[cle], valeur)
        if lue is not None:
            propres[cle] = lue
    return {c["id"]: propres[c["id"]] for c in q["champs"] if c["id"] in propres}


def manquantes(q: dict | str, reponses: Mapping[str, object]) -> list[str]:
    """Les champs obligatoires sans réponse."""
    q = _q(q)
    propres = valider(q, reponses)
    return [c["id"] for c in q["champs"] if c["obligatoire"] and c["id"] not in propres]


def etat(q: dict | str, reponses: Mapping[str, object]) -> dict:
    """Où en est la personne : réponses données, champs obligatoires manquants, message."""
    q = _q(q)
    propres = valider(q, reponses)
    manque = manquantes(q, propres)
    n, total = len(propres), len(q["champs"])
    if not propres:
        message = "Aucune réponse pour l'instant."
    elif manque:
        message = f"{_pluriel(n, 'réponse donnée', 'réponses données')} sur {total}{NB}; {_pluriel(len(manque), 'réponse obligatoire manque', 'réponses obligatoires manquent')}."
    else:
        message = f"{_pluriel(n, 'réponse donnée', 'réponses données')} sur {total}{NB}: toutes les réponses obligatoires sont là."
    return {"repondues": n, "total": total, "manquantes": manque, "complet": not manque, "message": message}


# --- Fichiers d'export ---------------------------------------------------------------


def exporter(q: dict | str, reponses: Mapping[str, object], exporte_le: str | None = None) -> str:
    """Le fichier JSON d'export (le même que celui du site)."""
    q = _q(q)
    propres = valider(q, reponses)
    date = exporte_le or datetime.now(timezone.utc).isoformat(timespec="seconds")
    donnees = {"format": FORMAT, "version": VERSION, "questionnaire": q["id"], "exporte_le": date, "reponses": propres}
    return json.dumps(donnees, ensure_ascii=False, indent=2)


def _autre_questionnaire(q: dict, donnees: dict) -> None:
    autre = donnees.get("questionnaire")
    if autre != q["id"]:
        nom = autre if isinstance(autre, str) and autre else "inconnu"
        raise ErreurQuestionnaire(f"Ce fichier contient les réponses d'un autre questionnaire («{NB}{nom}{NB}»), pas de «{NB}{q['titre']}{NB}».")


def importer(q: dict | str, contenu: str | bytes) -> dict:
    """Les réponses d'un fichier d'export ; ErreurQuestionnaire en français s'il est
    abîmé, d'un autre questionnaire ou s'il contient une réponse invalide."""
    q = _q(q)
    donnees = lire_export(contenu, FORMAT, VERSION, "de questionnaire", ErreurQuestionnaire)
    _autre_questionnaire(q, donnees)
    if not isinstance(donnees.get("reponses"), dict):
        raise ErreurQuestionnaire("Ce fichier n'est pas un export de questionnaire (format inconnu).")
    return valider(q, donnees["reponses"])


def _cellule(texte: str) -> str:
    """Une cellule CSV : entre guillemets si nécessaire ; un texte qui commence par
    = + - @ (éventuellement après des apostrophes) est précédé d'une apostrophe, pour
    qu'un tableur ne l'exécute pas comme formule ; la lecture la retire."""
    if re.match(r"^'*[=+\-@]", texte):
        texte = "'" + texte  # relu sans l'apostrophe ajoutée (lire_valeur)
    if re.search(r'[";\n\r]', texte):
        return '"' + texte.replace('"', '""') + '"'
    return texte


def _libelle_option(qu: dict, identifiant: str) -> str:
    return next(o["libelle"] for o in qu["options"] if o["id"] == identifiant)


def vers_csv(q: dict | str, reponses: Mapping[str, object]) -> str:
    """Les réponses d'une personne en CSV : une ligne d'en-tête (les noms de champs) et
    une ligne de réponses (libellés des options, niveaux en chiffres), séparateur
    « ; » et marque d'ordre des octets, pour qu'un tableur français l'ouvre tel quel."""
    q = _q(q)
    propres = valider(q, reponses)
    valeurs = []
    for c in q["champs"]:
        v = propres.get(c["id"])
        qu = question(q, c["question"])
        if v is None:
            valeurs.append("")
        elif c["type"] == "choix-unique":
            valeurs.append(_cellule(_libelle_option(qu, v)))
        elif c["type"] == "choix-multiple":
            valeurs.append(_cellule(SEPARATEUR_MULTIPLE.join(_libelle_option(qu, x) for x in v)))
        elif c["type"] == "grille":
            valeurs.append(str(v))
        else:
            valeurs.append(_cellule(v))
    entete = SEPARATEUR_CSV.join(c["id"] for c in q["champs"])
    return "\ufeff" + entete + "\n" + SEPARATEUR_CSV.join(valeurs) + "\n"


def _acceptees(q: dict, qu: dict) -> str:
    if qu["type"] in ("choix-unique", "choix-multiple"):
        texte = " / ".join(o["libelle"] for o in qu["options"])
        if qu["type"] == "choix-multiple":
            texte = f"Une ou plusieurs réponses, séparées par «{NB}|{NB}»{NB}: " + texte
        return texte
    if qu["type"] == "grille":
        return f"Le chiffre ou le libellé{NB}: " + " / ".join(f"{e['valeur']} ({e['libelle']})" for e in q["echelles"][qu["echelle"]])
    return f"Texte libre ({LONGUEURS[qu['type']]} caractères au plus)"


def disposition_csv(q: dict | str, par_question: bool = True) -> pd.DataFrame:
    """La disposition des colonnes pour un formulaire en ligne ou un tableur : nom de
    colonne, question, réponses acceptées, obligatoire ou non. ``par_question`` : une
    ligne par question (une grille décrit ses colonnes « question.ligne » en une
    ligne) ; sinon, une ligne par colonne."""
    q = _q(q)
    lignes = []
    if not par_question:
        for c in q["champs"]:
            qu = question(q, c["question"])
            lignes.append({"Colonne": c["id"], "Question": c["libelle"], "Réponses acceptées": _acceptees(q, qu), "Obligatoire": "oui" if c["obligatoire"] else "non"})
        return pd.DataFrame(lignes)
    for section in q["sections"]:
        for qu in section["questions"]:
            if qu["type"] == "grille":
                colonnes = f"{qu['id']}.<ligne>, une colonne par ligne{NB}: " + ", ".join(l["id"] for l in qu["lignes"])
                libelle = f"{qu['libelle']} ({len(qu['lignes'])} lignes{NB}: " + " ; ".join(l["libelle"] for l in qu["lignes"]) + ")"
                libelle = libelle.replace(" ; ", f"{NB}; ")
            else:
                colonnes, libelle = qu["id"], qu["libelle"]
            lignes.append({"Colonne": colonnes, "Question": libelle, "Réponses acceptées": _acceptees(q, qu), "Obligatoire": "oui" if qu["obligatoire"] else "non"})
    return pd.DataFrame(lignes)


def modele_csv(q: dict | str) -> str:
    """Un fichier CSV vide à remplir (la ligne d'en-tête seule)."""
    return "\ufeff" + SEPARATEUR_CSV.join(c["id"] for c in _q(q)["champs"]) + "\n"


# --- Lecture tolérante des fichiers d'un groupe ---------------------------------------


def _vide(valeur: object) -> bool:
    return est_vide(valeur) or (isinstance(valeur, (list, tuple)) and not valeur)


def _option(qu: dict, texte: str) -> str | None:
    cle = normaliser(texte)
    for o in qu["options"]:
        if cle in (normaliser(o["id"]), normaliser(o["libelle"])):
            return o["id"]
    return None


def _options_dans(qu: dict, texte: str) -> tuple[list[str], list[str]]:
    """Les options citées dans une cellule de choix multiple, et les morceaux non reconnus.

    Les libellés sont cherchés en entier (ils peuvent contenir des virgules, que les
    formulaires en ligne utilisent aussi comme séparateur) ; le reste est découpé sur
    « | », « ; » et « , » et lu comme identifiants ou libellés."""
    reste = normaliser(texte)
    trouvees = []
    for o in sorted(qu["options"], key=lambda o: -len(o["libelle"])):
        cle = normaliser(o["libelle"])
        motif = re.compile(r"(^|[|;,])\s*" + re.escape(cle) + r"\s*(?=$|[|;,])")
        if motif.search(reste):
            trouvees.append(o["id"])
            reste = motif.sub(r"\1", reste)
    inconnues = []
    for morceau in re.split(r"[|;,]", reste):
        if not morceau.strip():
            continue
        trouve = _option(qu, morceau)
        if trouve:
            trouvees.append(trouve)
        else:
            inconnues.append(morceau.strip())
    return trouvees, inconnues


def lire_valeur(q: dict | str, champ_id: str, brut: object) -> tuple[object, str | None]:
    """Une réponse lue dans un fichier : (valeur propre ou None, remarque ou None).

    Accepte les identifiants comme les libellés (sans tenir compte des accents ni des
    majuscules), « 3 » ou « 3 - Je sais le faire » pour une grille, plusieurs réponses
    séparées par « | », « ; » ou « , ». ErreurQuestionnaire si rien n'est lisible."""
    q = _q(q)
    champ = next((c for c in q["champs"] if c["id"] == champ_id), None)
    if champ is None:
        raise ErreurQuestionnaire(f"Question inconnue{NB}: «{NB}{champ_id}{NB}».")
    if _vide(brut):
        return None, None
    qu = question(q, champ["question"])
    nom = f"«{NB}{champ['libelle']}{NB}»"
    t = champ["type"]
    if t in LONGUEURS:
        texte = str(brut).strip()
        if re.match(r"^'+[=+\-@]", texte):
            texte = texte[1:]  # apostrophe ajoutée par l'export CSV devant une formule
        return texte, None
    if t == "choix-unique":
        trouve = _option(qu, str(brut))
        if trouve is None:
            exemple = qu["options"][0]["libelle"]
            raise ErreurQuestionnaire(f"Réponse illisible pour {nom}{NB}: «{NB}{str(brut).strip()}{NB}» (attendu{NB}: une des réponses proposées, par exemple «{NB}{exemple}{NB}»).")
        return trouve, None
    if t == "choix-multiple":
        morceaux = [str(m) for m in brut] if isinstance(brut, (list, tuple)) else [str(brut)]
        cochees, inconnues = [], []
        for morceau in morceaux:
            trouvees, reste = _options_dans(qu, morceau)
            cochees += trouvees
            inconnues += reste
        cochees = [o["id"] for o in qu["options"] if o["id"] in cochees]
        if not cochees:
            raise ErreurQuestionnaire(f"Réponse illisible pour {nom}{NB}: «{NB}{'; '.join(inconnues)}{NB}».")
        remarques = []
        if inconnues:
            remarques.append(f"réponses non reconnues pour {nom}, ignorées{NB}: {', '.join(f'«{NB}{i}{NB}»' for i in inconnues)}")
        maximum = qu.get("max_choix")
        if maximum and len(cochees) > maximum:
            remarques.append(f"{len(cochees)} réponses cochées pour {nom} ({maximum} au plus), toutes gardées")
        options = {o["id"]: o for o in qu["options"]}
        if len(cochees) > 1 and any(options[c].get("exclusive") for c in cochees):
            remarques.append(f"réponses contradictoires pour {nom} («{NB}{next(options[c]['libelle'] for c in cochees if options[c].get('exclusive'))}{NB}» avec d'autres), toutes gardées")
        return cochees, ("\u00a0; ".join(remarques) or None)
    # grille
    valeurs = {e["valeur"]: e for e in q["echelles"][qu["echelle"]]}
    if isinstance(brut, (int, float)) and not isinstance(brut, bool):
        if float(brut).is_integer() and int(brut) in valeurs:
            return int(brut), None
    else:
        texte = str(brut).strip()
        libelles = {normaliser(e["libelle"]): e["valeur"] for e in valeurs.values()}
        if normaliser(texte) in libelles:
            return libelles[normaliser(texte)], None
        debut = re.match(r"^\s*(\d+)(?:[.,]0+)?(?:\s*[-–:.)]\s*.*)?$", texte)
        if debut and int(debut.group(1)) in valeurs:
            return int(debut.group(1)), None
    attendu = ", ".join(map(str, valeurs))
    raise ErreurQuestionnaire(f"Réponse illisible pour {nom}{NB}: «{NB}{str(brut).strip()}{NB}» (attendu{NB}: {attendu} ou le libellé du niveau).")


# Colonnes usuelles des formulaires en ligne, ignorées sans remarque.
COLONNES_META = {"horodateur", "horodatage", "timestamp", "date", "date de soumission", "heure de debut", "heure de fin", "heure de la derniere modification", "exporte le", "exporte_le", "id", "identifiant", "numero", "n°", "no"}
COLONNES_HORODATAGE = {"horodateur", "horodatage", "timestamp", "date de soumission", "exporte le", "exporte_le"}
COLONNES_PERSONNELLES = {"adresse e-mail", "adresse email", "adresse electronique", "e-mail", "email", "courriel", "nom", "nom de famille", "telephone"}


def colonne_vers_champ(q: dict | str, nom: object) -> str | None:
    """Le champ d'une colonne de formulaire : son nom exact (« mandat »,
    « niveau.j1-innovation »), un en-tête qui commence par ce nom (« mandat - Votre
    mandat principal »), le libellé de la question, ou, pour une grille, l'en-tête
    d'un formulaire en ligne « Question [ligne] »."""
    q = _q(q)
    brut = str(nom).replace("\ufeff", "").strip()
    ids = {c["id"] for c in q["champs"]}
    if brut in ids:
        return brut
    mots = brut.split()
    if mots and mots[0].rstrip(":.-–") in ids:
        return mots[0].rstrip(":.-–")
    grille = re.match(r"^(.*?)\s*\[(.+)\]\s*$", brut)
    for section in q["sections"]:
        for qu in section["questions"]:
            noms = {normaliser(qu["id"]), normaliser(qu["libelle"]), normaliser(qu["court"])}
            if qu["type"] == "grille":
                if grille and normaliser(grille.group(1)) in noms:
                    cle = normaliser(grille.group(2))
                    for ligne in qu["lignes"]:
                        if cle in (normaliser(ligne["id"]), normaliser(ligne["libelle"])):
                            return f"{qu['id']}.{ligne['id']}"
            elif normaliser(brut) in noms:
                return qu["id"]
    return None


@dataclass
class Reponses:
    """Les réponses d'un groupe à un questionnaire : une ligne par personne, une
    colonne par champ (valeurs propres ; None sans réponse ; tuple d'identifiants pour
    un choix multiple), et ce qui n'a pas pu être lu."""

    questionnaire: dict
    tableau: pd.DataFrame
    problemes: list[str] = field(default_factory=list)
    origines: dict[str, str] = field(default_factory=dict)

    @property
    def effectif(self) -> int:
        return len(self.tableau)

    def reponses(self, participant: str) -> dict:
        ligne = self.tableau.loc[participant]
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in ligne.items() if v is not None and not (isinstance(v, float) and math.isnan(v))}


class _Lecteur:
    def __init__(self, q: dict) -> None:
        self.q = q
        self.lignes: dict[str, dict] = {}
        self.origines: dict[str, str] = {}
        self.signatures: dict[tuple, str] = {}
        self.anonymes: dict[tuple, str] = {}
        self.problemes: list[str] = []

    # Une personne --------------------------------------------------------------
    def ajouter(self, nom: str, origine: str, valeurs: dict, horodatage: object = None) -> None:
        """Ajoute une personne. Des réponses identiques ne sont comptées qu'une fois si
        elles sont identifiées (même pseudonyme, ou même horodatage d'export ou de
        formulaire) ; sans identification, deux personnes ont pu répondre de la même
        façon : les deux sont gardées, et c'est signalé."""
        utiles = {k: v for k, v in valeurs.items() if k != "pseudo"}
        if not utiles:
            self.problemes.append(f"{nom}{NB}: aucune réponse exploitable, ligne ignorée.")
            return
        reponses = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in valeurs.items()))
        identifiee = "pseudo" in valeurs or not _vide(horodatage)
        signature = (reponses, None if "pseudo" in valeurs else str(horodatage).strip() if identifiee else None)
        if identifiee and signature in self.signatures:
            deja = self.signatures[signature]
            self.problemes.append(
                f"{origine} ({nom}){NB}: réponses identiques à celles de «{NB}{deja}{NB}» déjà lues dans {self.origines[deja]} "
                f"(envoyées deux fois{NB}?){NB}: comptées une seule fois."
            )
            return
        if not identifiee and reponses in self.anonymes:
            self.problemes.append(
                f"{nom}{NB}: réponses identiques à celles de «{NB}{self.anonymes[reponses]}{NB}», sans pseudonyme ni horodatage pour savoir s'il s'agit "
                f"d'un envoi en double{NB}: les deux sont gardées, vérifiez."
            )
        base, suffixe = nom, 2
        while nom in self.lignes:
            nom = f"{base} ({suffixe})"
            suffixe += 1
        if nom != base:
            self.problemes.append(f"«{NB}{base}{NB}» apparaît plusieurs fois avec des réponses différentes{NB}: réponses gardées sous «{NB}{nom}{NB}».")
        manque = [c for c in self.q["champs"] if c["obligatoire"] and c["id"] not in valeurs]
        if manque:
            par_question: dict[str, list] = {}
            for c in manque:
                par_question.setdefault(c["question"], []).append(c)
            details = []
            for qid, liste in par_question.items():
                qu = question(self.q, qid)
                if qu["type"] == "grille":
                    details.append(f"{qu['court']} ({len(liste)} sur {len(qu['lignes'])})")
                else:
                    details.append(qu["court"])
            self.problemes.append(f"{nom}{NB}: réponses obligatoires manquantes ({', '.join(details)}){NB}; les autres réponses sont gardées.")
        if identifiee:
            self.signatures[signature] = nom
        self.anonymes.setdefault(reponses, nom)
        self.lignes[nom] = {k: (tuple(v) if isinstance(v, list) else v) for k, v in valeurs.items()}
        self.origines[nom] = origine

    def lire_ligne(self, nom_par_defaut: str, origine: str, brutes: Mapping[str, object], horodatage: object = None) -> None:
        valeurs: dict[str, object] = {}
        pseudo = brutes.get("pseudo")
        nom = str(pseudo).strip() if not _vide(pseudo) else nom_par_defaut
        for champ_id, brut in brutes.items():
            try:
                valeur, remarque = lire_valeur(self.q, champ_id, brut)
            except ErreurQuestionnaire as erreur:
                self.problemes.append(f"{nom}{NB}: {erreur} Réponse laissée vide.")
                continue
            if remarque:
                self.problemes.append(f"{nom}{NB}: {remarque}.")
            if valeur is not None:
                valeurs[champ_id] = valeur
        self.ajouter(nom, origine, valeurs, horodatage)

    # Sources -------------------------------------------------------------------
    def tableau(self, df: pd.DataFrame, origine: str) -> None:
        vues: dict[str, object] = {}
        sans: list[object] = []
        for colonne in df.columns:
            champ_id = colonne_vers_champ(self.q, colonne)
            if champ_id is None:
                sans.append(colonne)
            elif champ_id in vues:
                self.problemes.append(
                    f"{origine}{NB}: les colonnes «{NB}{vues[champ_id]}{NB}» et «{NB}{colonne}{NB}» correspondent au même champ{NB}; seule la première est lue."
                )
            else:
                vues[champ_id] = colonne
        personnelles = [c for c in sans if normaliser(c) in COLONNES_PERSONNELLES]
        inattendues = [
            c for c in sans
            if normaliser(c) not in COLONNES_META | COLONNES_PERSONNELLES and not str(c).lower().startswith("unnamed")
        ]
        if personnelles:
            self.problemes.append(f"{origine}{NB}: colonnes de données personnelles ignorées (inutiles à l'analyse){NB}: {', '.join(map(str, personnelles))}.")
        if inattendues:
            self.problemes.append(f"{origine}{NB}: colonnes inattendues ignorées (aucune question correspondante){NB}: {', '.join(map(str, inattendues))}.")
        if not vues:
            self.problemes.append(f"{origine}{NB}: aucune colonne ne correspond à une question du questionnaire «{NB}{self.q['titre']}{NB}».")
            return
        horodateur = next((c for c in sans if normaliser(c) in COLONNES_HORODATAGE), None)
        for numero, ligne in df.reset_index(drop=True).iterrows():
            brutes = {champ_id: ligne[colonne] for champ_id, colonne in vues.items()}
            if all(_vide(v) for v in brutes.values()):
                continue  # ligne entièrement vide (fin de tableur) : rien à signaler
            self.lire_ligne(f"{origine} – ligne {numero + 2}", origine, brutes, ligne[horodateur] if horodateur is not None else None)

    def export(self, chemin: Path) -> None:
        try:
            donnees = lire_export(chemin.read_bytes(), FORMAT, VERSION, "de questionnaire", ErreurQuestionnaire)
            _autre_questionnaire(self.q, donnees)
            if not isinstance(donnees.get("reponses"), dict):
                raise ErreurQuestionnaire("Ce fichier n'est pas un export de questionnaire (format inconnu).")
        except (ErreurQuestionnaire, OSError) as erreur:
            self.problemes.append(f"{chemin.name}{NB}: {erreur}")
            return
        ids = {c["id"] for c in self.q["champs"]}
        inconnus = [k for k in donnees["reponses"] if k not in ids]
        if inconnus:
            self.problemes.append(f"{chemin.name}{NB}: champs inconnus ignorés{NB}: {', '.join(inconnus)}.")
        self.lire_ligne(chemin.stem, chemin.name, {k: v for k, v in donnees["reponses"].items() if k in ids}, donnees.get("exporte_le"))

    def source(self, source: object, rang: int) -> None:
        if isinstance(source, pd.DataFrame):
            self.tableau(source.astype(object), f"tableau {rang}")
        elif isinstance(source, Mapping):
            ids = {c["id"] for c in self.q["champs"]}
            inconnus = [k for k in source if k not in ids]
            if inconnus:
                self.problemes.append(f"personne {rang}{NB}: champs inconnus ignorés{NB}: {', '.join(map(str, inconnus))}.")
            self.lire_ligne(f"personne {rang}", f"personne {rang}", {k: v for k, v in source.items() if k in ids})
        elif isinstance(source, (str, Path)):
            chemin = Path(source)
            if chemin.is_dir():
                fichiers = sorted(p for p in chemin.iterdir() if p.is_file())
                lisibles = [p for p in fichiers if p.suffix.lower() in {".json", ".csv", ".txt"}]
                autres = [p.name for p in fichiers if p not in lisibles and not p.name.startswith(".")]
                if autres:
                    self.problemes.append(f"{chemin.name}{NB}: fichiers ignorés (ni .json ni .csv){NB}: {', '.join(autres)}.")
                if not lisibles:
                    self.problemes.append(f"{chemin.name}{NB}: dossier sans fichier .json ni .csv.")
                for i, fichier in enumerate(lisibles, 1):
                    self.source(fichier, i)
            elif not chemin.exists():
                self.problemes.append(f"Fichier ou dossier introuvable{NB}: «{NB}{chemin}{NB}».")
            elif chemin.suffix.lower() == ".json":
                self.export(chemin)
            else:
                try:
                    self.tableau(lire_tableau(chemin), chemin.name)
                except ErreurLecture as erreur:
                    self.problemes.append(f"{chemin.name}{NB}: {erreur}")
        elif isinstance(source, Iterable):
            for i, element in enumerate(source, 1):
                self.source(element, i)
        else:
            self.problemes.append(f"Source non prise en charge{NB}: {type(source).__name__}.")


def lire_reponses(q: dict | str, sources: object) -> Reponses:
    """Rassemble les réponses d'un groupe.

    ``sources`` : le chemin d'un dossier (fichiers .json exportés du site et .csv de
    formulaires en ligne ou de tableurs), d'un fichier, un DataFrame, un dictionnaire
    de réponses, ou une liste de tout cela. Encodage (UTF-8 avec ou sans BOM,
    Windows-1252, Latin-1) et séparateur (« , » « ; » tabulation) sont devinés. Ce qui
    ne peut pas être lu est décrit dans ``problemes`` ; une même réponse reçue deux
    fois n'est comptée qu'une fois, et c'est dit."""
    q = _q(q)
    lecteur = _Lecteur(q)
    lecteur.source(sources, 1)
    if not lecteur.lignes:
        lecteur.problemes.append("Aucune réponse lue.")
    colonnes = [c["id"] for c in q["champs"]]
    df = pd.DataFrame(
        [[valeurs.get(c) for c in colonnes] for valeurs in lecteur.lignes.values()],
        index=pd.Index(list(lecteur.lignes), name="participant", dtype=object),
        columns=colonnes,
        dtype=object,
    )
    return Reponses(q, df, lecteur.problemes, lecteur.origines)


# --- Agrégation ------------------------------------------------------------------------


def _repondu(v: object) -> bool:
    return not _vide(v)


def compter(rep: Reponses, champ_id: str, valeurs: Iterable | None = None) -> tuple[int, int]:
    """(personnes dont la réponse au champ est dans ``valeurs`` — ou, pour un choix
    multiple, qui ont coché l'une d'elles —, personnes qui ont répondu au champ)."""
    serie = rep.tableau[champ_id] if champ_id in rep.tableau else pd.Series(dtype=object)
    repondues = [v for v in serie if _repondu(v)]
    if valeurs is None:
        return len(repondues), len(repondues)
    cibles = set(valeurs)
    n = sum(1 for v in repondues if (set(v) & cibles if isinstance(v, (tuple, list)) else v in cibles))
    return n, len(repondues)


def pourcentage(n: int, total: int) -> int | None:
    """Part arrondie au plus proche (demi vers le haut), en pour cent ; None sans total."""
    return math.floor(100 * n / total + 0.5) if total else None


def format_part(n: int, total: int) -> str:
    p = pourcentage(n, total)
    return "–" if p is None else f"{n} sur {total} ({p}{NB}%)"


def repartition(rep: Reponses, question_id: str) -> pd.DataFrame:
    """Choix unique ou multiple : pour chaque option, le nombre de personnes et leur part
    parmi celles qui ont répondu à la question."""
    qu = question(rep.questionnaire, question_id)
    lignes = []
    for o in qu["options"]:
        n, total = compter(rep, question_id, [o["id"]])
        lignes.append({"Réponse": o["libelle"], "Personnes": n, "Part (%)": pourcentage(n, total)})
    df = pd.DataFrame(lignes)
    df.attrs["repondants"] = compter(rep, question_id)[1]
    return df


def niveaux(rep: Reponses, question_id: str) -> pd.DataFrame:
    """Grille : pour chaque ligne, le nombre de réponses à chaque niveau, la moyenne
    et le nombre de personnes qui ont répondu."""
    q = rep.questionnaire
    qu = question(q, question_id)
    ech = q["echelles"][qu["echelle"]]
    lignes = []
    for ligne in qu["lignes"]:
        champ_id = f"{question_id}.{ligne['id']}"
        valeurs = [int(v) for v in rep.tableau[champ_id] if _repondu(v)] if champ_id in rep.tableau else []
        d = {"id": ligne["id"], "Ligne": ligne["libelle"], "Réponses": len(valeurs)}
        for e in ech:
            d[e["libelle"]] = sum(1 for v in valeurs if v == e["valeur"])
        d["Moyenne"] = round(sum(valeurs) / len(valeurs), 2) if valeurs else None
        lignes.append(d)
    return pd.DataFrame(lignes)


def textes(rep: Reponses, question_id: str) -> list[str]:
    """Les réponses libres non vides à une question, dans l'ordre des personnes."""
    return [str(v) for v in rep.tableau[question_id] if _repondu(v)] if question_id in rep.tableau else []
