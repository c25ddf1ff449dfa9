"""La restitution des ateliers : ce que chaque groupe (chaque stagiaire au J3) remplit,
et la synthèse du formateur ou de la formatrice.

Les ateliers J1 et J2 se font en groupes ; l'atelier J3 est individuel. Chaque atelier a
donc son « unité » (``ATELIERS[...].unite``) : tout texte affiché (colonnes, résumés,
signalements, page imprimable) dit « groupe » au J1 et au J2, « stagiaire » ou
« personne » au J3. La rubrique ``groupe`` des fiches, et les noms internes
(``Restitution.groupes``, ``Idee.groupe``), gardent leur nom technique pour les trois.

Ce que les groupes et les stagiaires rendent (gabarits dans ``data/restitution/``, schémas JSON
``fiche_j*.schema.json``) :

- **J1** (idées et priorisation) : une fiche ``j1_fiche.yaml`` et l'export de la
  matrice de priorisation (``.json``), ou un tableau d'idées ``j1_idees.csv``
  (colonnes ``groupe, idee, impact, faisabilite, theme``) ;
- **J2** (diagnostic et choix de dispositifs) : une fiche ``j2_fiche.yaml`` et l'export
  du diagnostic de confiance (``.json``), ou les réponses d'un formulaire en ligne
  (``.csv``, une ligne par groupe) ;
- **J3** (feuille de route, atelier individuel) : chaque stagiaire rend le plan exporté
  par le constructeur de feuille de route (``.json``, format ``atelier-feuille-de-route``)
  et une fiche ``j3_fiche.yaml`` ;
- pour les trois ateliers, des votes en plénière ``votes.csv`` (colonnes ``votant,
  choix, points``) : le choix est le numéro affiché dans la synthèse, ou le texte.

Le formateur rassemble les fichiers dans un dossier (un sous-dossier par groupe ou par
stagiaire, ou tout à plat) ; ``lire_restitution(dossier, "J1")`` les lit tous, quel que soit leur
encodage (UTF-8 avec ou sans BOM, Windows-1252, Latin-1) ou leur séparateur, et
``synthese(restitution)`` donne la page de synthèse (tableaux, graphiques, page HTML
imprimable). Rien n'est écarté en silence : chaque fichier, ligne ou valeur non
retenue, chaque doublon, chaque colonne inattendue donne un signalement en français.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from . import diagnostic, feuille_de_route, priorisation
from .donnees import dossier_donnees
from .lecture import ErreurLecture, decoder, lire_tableau, normaliser

NB = "\u00a0"


@dataclass(frozen=True)
class Unite:
    """Qui rend une production dans un atelier : un groupe (J1, J2) ou une personne (J3,
    atelier individuel). Donne les mots de tout texte affiché par la synthèse."""

    singulier: str  # « groupe », « stagiaire »
    pluriel: str  # « groupes », « stagiaires »
    le: str  # « le groupe », « la personne »
    du: str  # « du groupe », « de la personne »
    aucun: str  # « aucun groupe trouvé », « aucune personne trouvée »
    sans_nom: str  # nom d'affichage d'une fiche sans nom

    def nombre(self, n: int) -> str:
        """« 1 groupe », « 3 stagiaires »."""
        return f"{n} {self.singulier if n == 1 else self.pluriel}"

    @property
    def colonne(self) -> str:
        """L'en-tête de colonne : « Groupe », « Stagiaire »."""
        return self.singulier.capitalize()

    @property
    def colonnes(self) -> str:
        """« Groupes », « Stagiaires »."""
        return self.pluriel.capitalize()

    @property
    def nb(self) -> str:
        """« Nb de groupes », « Nb de stagiaires »."""
        return f"Nb de {self.pluriel}"


GROUPE = Unite("groupe", "groupes", "le groupe", "du groupe", "aucun groupe trouvé", "Groupe sans nom")
STAGIAIRE = Unite("stagiaire", "stagiaires", "la personne", "de la personne", "aucune personne trouvée", "Stagiaire sans nom")


@dataclass(frozen=True)
class DescriptionAtelier:
    """Un atelier : son intitulé (celui de sa page du cours) et qui rend les productions."""

    titre: str
    unite: Unite

    def __str__(self) -> str:
        return self.titre


ATELIERS = {
    "J1": DescriptionAtelier(f"Atelier J1{NB}: du problème au plan de test d'un prototype", GROUPE),
    "J2": DescriptionAtelier(f"Atelier J2{NB}: diagnostiquer la confiance et choisir ses dispositifs", GROUPE),
    "J3": DescriptionAtelier(f"Atelier J3{NB}: construire, exporter et présenter sa feuille de route", STAGIAIRE),
}
VOTES_PAR_PERSONNE = 3
SEUIL_SIMILARITE = 0.6
EXTENSIONS = {".yaml", ".yml", ".json", ".csv", ".tsv", ".txt"}
MOTS_VIDES = set(
    "a au aux avec ce ces d de des du en et l la le les leur leurs un une pour par sur dans sans son sa ses qui que quoi ou".split()
)

# Colonnes reconnues dans les tableaux (après normalisation : minuscules, sans accents).
COLONNES_IDEES = {
    "groupe": {"groupe", "equipe", "nom du groupe", "groupe de travail"},
    "idee": {"idee", "idees", "texte", "proposition", "idee proposee"},
    "impact": {"impact", "note impact", "impact (1 a 5)"},
    "faisabilite": {"faisabilite", "note faisabilite", "faisabilite (1 a 5)"},
    "theme": {"theme", "categorie", "famille"},
}
COLONNES_IDEES_CONNUES = {"rang", "quadrant", "id", "identifiant"}  # exportées par la matrice, recalculées ici
COLONNES_VOTES = {
    "votant": {"votant", "votante", "participant", "participante", "personne", "nom"},
    "choix": {"choix", "vote", "idee", "numero", "n", "no", "dispositif", "feuille de route"},
    "points": {"points", "nombre", "gommettes", "poids"},
}
COLONNES_META = {"horodatage", "horodateur", "date", "timestamp", "date de soumission", "heure de debut", "heure de fin"}


class ErreurRestitution(ValueError):
    """Un problème de restitution qui empêche toute synthèse, expliqué en français."""


# --- Modèle ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Signalement:
    """Ce qui n'a pas pu être lu tel quel, ou ce qui a été corrigé : toujours dit."""

    fichier: str
    message: str

    def __str__(self) -> str:
        return f"{self.fichier}{NB}: {self.message}"


@dataclass
class Idee:
    groupe: str
    texte: str
    impact: int | None = None
    faisabilite: int | None = None
    theme: str = ""
    source: str = ""


@dataclass
class Vote:
    votant: str
    choix: str
    points: int
    source: str


@dataclass
class Restitution:
    """Ce qu'ont rendu les groupes (les stagiaires au J3) d'un atelier, tel qu'il a pu être lu."""

    atelier: str
    groupes: list[str] = field(default_factory=list)
    fiches: dict[str, dict] = field(default_factory=dict)
    idees: list[Idee] = field(default_factory=list)
    diagnostics: dict[str, dict[str, int]] = field(default_factory=dict)
    feuilles: dict[str, dict] = field(default_factory=dict)
    votes: list[Vote] = field(default_factory=list)
    signalements: list[Signalement] = field(default_factory=list)
    fichiers: list[str] = field(default_factory=list)

    def signaler(self, fichier: str, message: str) -> None:
        signalement = Signalement(fichier, message)
        if signalement not in self.signalements:  # une synthèse recalculée ne répète pas ses signalements
            self.signalements.append(signalement)

    @property
    def unite(self) -> Unite:
        """Qui rend les productions de cet atelier : un groupe, ou une personne au J3."""
        return ATELIERS[self.atelier].unite

    def groupe(self, nom: str) -> str:
        """Le nom d'affichage d'un groupe (d'une personne au J3) : « groupe-1 » et
        « Groupe 1 » sont le même groupe."""
        nom = " ".join(str(nom).split()) or self.unite.sans_nom
        cle = _cle_groupe(nom)
        for existant in self.groupes:
            if _cle_groupe(existant) == cle:
                return existant
        self.groupes.append(nom)
        return nom


# --- Outils de texte ------------------------------------------------------------------------


def _cle_groupe(nom: str) -> str:
    return re.sub(r"[^a-z0-9]", "", normaliser(nom))


def _mots(texte: str) -> set[str]:
    mots = re.findall(r"[a-z0-9]+", normaliser(texte))
    return {m[:-1] if len(m) > 3 and m[-1] in "sx" else m for m in mots if m not in MOTS_VIDES}


def similarite(a: str, b: str) -> float:
    """Proximité de deux formulations, de 0 à 1 : la part des mots significatifs en
    commun (singulier et pluriel confondus, sans les petits mots), ou, pour rattraper
    une faute de frappe, la ressemblance des caractères ramenée à la même échelle
    (0,85 de caractères communs comptent comme 0,6 de mots communs)."""
    ma, mb = _mots(a), _mots(b)
    jaccard = len(ma & mb) / len(ma | mb) if ma | mb else 1.0
    caracteres = SequenceMatcher(None, normaliser(a), normaliser(b)).ratio() if max(len(a), len(b)) < 200 else 0.0
    return max(jaccard, (caracteres - 0.85) / 0.15 * 0.4 + 0.6 if caracteres >= 0.85 else 0.0)


def _note(valeur: object) -> tuple[int | None, str | None]:
    """Une note de 1 à 5 (« 4 », « 4,0 », 4.0) ; sinon None et la raison."""
    if valeur is None or (isinstance(valeur, float) and pd.isna(valeur)) or str(valeur).strip() == "":
        return None, "manquante"
    if isinstance(valeur, bool):
        return None, f"illisible («{NB}{valeur}{NB}»)"
    texte = str(valeur).strip()
    try:
        nombre = float(texte.replace(",", "."))
    except ValueError:
        return None, f"illisible («{NB}{texte}{NB}», attendu{NB}: un nombre de 1 à 5)"
    if not nombre.is_integer() or not 1 <= nombre <= 5:
        return None, f"hors échelle («{NB}{texte}{NB}», attendu{NB}: un entier de 1 à 5)"
    return int(nombre), None


def _colonnes(df: pd.DataFrame, attendues: dict[str, set[str]]) -> tuple[dict[str, str], list[str]]:
    """Relie les colonnes d'un tableau aux rubriques attendues ; renvoie aussi les autres colonnes."""
    trouvees, autres = {}, []
    for colonne in df.columns:
        cle = normaliser(colonne).strip(" :").replace("°", "")
        rubrique = next((r for r, noms in attendues.items() if cle in noms and r not in trouvees), None)
        if rubrique:
            trouvees[rubrique] = colonne
        elif not str(colonne).lower().startswith("unnamed"):
            autres.append(str(colonne))
    return trouvees, autres


# --- Lecture -----------------------------------------------------------------------------


def _atelier_valide(atelier: str) -> str:
    atelier = str(atelier).strip().upper()
    if atelier not in ATELIERS:
        raise ErreurRestitution(f"Atelier inconnu{NB}: «{NB}{atelier}{NB}». Choisissez parmi{NB}: {', '.join(ATELIERS)}.")
    return atelier


def exemple(atelier: str) -> Path:
    """Le dossier des données d'exemple (synthétiques) d'un atelier."""
    return dossier_donnees() / "exemples" / "restitution" / _atelier_valide(atelier).lower()


def gabarit(nom: str) -> Path:
    """Un gabarit à distribuer aux groupes (``j1_fiche.yaml``, ``votes.csv``…)."""
    return dossier_donnees() / "restitution" / nom


@lru_cache(maxsize=None)
def schema_fiche(atelier: str) -> dict:
    """Le schéma JSON de la fiche d'un atelier (rubriques et leur description)."""
    return json.loads(gabarit(f"fiche_{_atelier_valide(atelier).lower()}.schema.json").read_text(encoding="utf-8"))


def rubriques(atelier: str):
    """Les rubriques de la fiche d'un atelier et ce qu'on y écrit, tirées de son schéma."""
    lignes = []

    def parcourir(proprietes: dict, prefixe: str = "") -> None:
        for nom, definition in proprietes.items():
            lignes.append({"Rubrique": prefixe + nom, "Ce qu'on y écrit": definition.get("description", "")})
            if "properties" in definition:
                parcourir(definition["properties"], prefixe + nom + ".")
            elif "properties" in definition.get("items", {}):
                parcourir(definition["items"]["properties"], prefixe + nom + "[].")

    parcourir(schema_fiche(atelier)["properties"])
    return pd.DataFrame(lignes)


def _fichiers(source, r: Restitution) -> list[tuple[Path, str, str | None]]:
    """(chemin, nom affiché, groupe du sous-dossier) de chaque fichier à lire."""
    elements = source if isinstance(source, (list, tuple)) else [source]
    trouves = []
    for element in elements:
        chemin = Path(element)
        if chemin.is_dir():
            for fichier in sorted(chemin.rglob("*")):
                relatif = fichier.relative_to(chemin)
                if not fichier.is_file() or any(p.startswith(".") for p in relatif.parts):
                    continue
                groupe = relatif.parts[0] if len(relatif.parts) > 1 else None
                trouves.append((fichier, relatif.as_posix(), groupe))
        elif chemin.is_file():
            trouves.append((chemin, chemin.name, None))
        else:
            r.signaler(str(chemin), "fichier ou dossier introuvable.")
    return trouves


def lire_restitution(source, atelier: str) -> Restitution:
    """Lit tout ce qu'ont rendu les groupes d'un atelier : un dossier (un sous-dossier
    par groupe, ou tout à plat), un fichier, ou une liste de fichiers et de dossiers."""
    r = Restitution(_atelier_valide(atelier))
    fichiers = _fichiers(source, r)
    # Les fiches d'abord : elles donnent le nom des groupes de leur sous-dossier.
    fichiers.sort(key=lambda f: (f[0].suffix.lower() not in {".yaml", ".yml"}, f[1]))
    noms_dossiers: dict[str, str] = {}
    vus: dict[str, str] = {}
    for chemin, nom, dossier in fichiers:
        extension = chemin.suffix.lower()
        if extension not in EXTENSIONS:
            r.signaler(nom, f"format «{NB}{extension or 'sans extension'}{NB}» non lu{NB}: enregistrez la fiche en YAML, les tableaux en CSV, les exports des outils du cours en JSON.")
            continue
        try:
            octets = chemin.read_bytes()
        except OSError as erreur:
            r.signaler(nom, f"fichier illisible ({erreur.strerror or erreur}).")
            continue
        empreinte = hashlib.sha256(octets.replace(b"\r\n", b"\n").removeprefix(b"\xef\xbb\xbf")).hexdigest()
        if empreinte in vus:
            r.signaler(nom, f"contenu identique à «{NB}{vus[empreinte]}{NB}»{NB}: lu une seule fois.")
            continue
        vus[empreinte] = nom
        r.fichiers.append(nom)
        groupe_dossier = noms_dossiers.get(dossier, dossier) if dossier else None
        try:
            if extension in {".yaml", ".yml"}:
                groupe = _lire_fiche(octets, nom, groupe_dossier, r)
                if dossier and groupe and dossier not in noms_dossiers:
                    noms_dossiers[dossier] = groupe
            elif extension == ".json":
                _lire_json(octets, nom, groupe_dossier or groupe_du_fichier(nom, r), r)
            else:
                _lire_tableau(octets, nom, groupe_dossier, r)
        except ErreurLecture as erreur:
            r.signaler(nom, str(erreur))
    _verifier(r)
    return r


SUFFIXES_FICHIERS = {"fiche", "idees", "idee", "matrice", "diagnostic", "feuille", "de", "route", "export", "tableur", "restitution", "votes"}


def _jetons(texte: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", normaliser(texte))


def groupe_du_fichier(nom: str, r: Restitution) -> str:
    """Le groupe d'un fichier rangé à plat : celui dont une fiche cite ce fichier
    (rubrique ``feuille_de_route``), sinon celui dont le nom ouvre le nom du fichier
    (« groupe-2-matrice.json » → « Groupe 2 »), sinon le nom du fichier sans ses
    mots usuels (« fiche », « idees », « matrice »…)."""
    base = Path(nom).name
    for groupe, fiche in r.fiches.items():
        if normaliser(str(fiche.get("feuille_de_route", ""))) == normaliser(base):
            return groupe
    jetons = _jetons(Path(nom).stem)
    candidats = [g for g in r.groupes if _jetons(g) and jetons[: len(_jetons(g))] == _jetons(g)]
    if candidats:
        return max(candidats, key=lambda g: len(_jetons(g)))
    morceaux = re.split(r"[-_\s.]+", Path(nom).stem)
    while len(morceaux) > 1 and normaliser(morceaux[-1]) in SUFFIXES_FICHIERS:
        morceaux.pop()
    return " ".join(morceaux).strip() or Path(nom).stem


# Fiches YAML ----------------------------------------------------------------------------


def _texte_yaml(erreur: yaml.YAMLError) -> str:
    marque = getattr(erreur, "problem_mark", None)
    ligne = f" vers la ligne {marque.line + 1}" if marque is not None else ""
    return f"fiche YAML illisible{ligne} (vérifiez les guillemets, les deux-points et l'indentation){NB}; fiche non lue."


def _chemin_json(chemin) -> str:
    return ".".join(str(p) if not isinstance(p, int) else f"[{p + 1}]" for p in chemin).replace(".[", "[") or "la fiche"


TYPES = {"string": "un texte", "array": "une liste", "object": "un ensemble de rubriques", "integer": "un nombre entier", "null": "vide", "number": "un nombre"}


def _erreurs_schema(fiche: dict, atelier: str) -> list[str]:
    """Les écarts au schéma de la fiche, en français."""
    import jsonschema

    messages = []
    valideur = jsonschema.Draft202012Validator(schema_fiche(atelier))
    for e in sorted(valideur.iter_errors(fiche), key=lambda e: list(map(str, e.absolute_path))):
        ou = _chemin_json(e.absolute_path)
        if e.validator == "required":
            manquante = re.search(r"'([^']+)'", e.message)
            messages.append(f"rubrique «{NB}{manquante.group(1) if manquante else '?'}{NB}» absente.")
        elif e.validator == "type":
            attendu = e.validator_value if isinstance(e.validator_value, list) else [e.validator_value]
            messages.append(f"«{NB}{ou}{NB}» devrait être {' ou '.join(TYPES.get(t, t) for t in attendu)} (lu{NB}: {json.dumps(e.instance, ensure_ascii=False)[:80]}).")
        elif e.validator == "const":
            messages.append(f"«{NB}{ou}{NB}» devrait valoir «{NB}{e.validator_value}{NB}» (lu{NB}: «{NB}{e.instance}{NB}»).")
        elif e.validator == "minimum":
            messages.append(f"«{NB}{ou}{NB}» ne peut pas être négatif (lu{NB}: {e.instance}).")
        else:  # pragma: no cover - le schéma n'utilise pas d'autre règle
            messages.append(f"«{NB}{ou}{NB}» ne respecte pas le modèle de fiche.")
    return messages


def _nettoyer_valeur(valeur):
    if isinstance(valeur, str):
        return " ".join(valeur.split())
    if isinstance(valeur, list):
        return [_nettoyer_valeur(v) for v in valeur if not (isinstance(v, str) and not v.strip()) and v is not None]
    if isinstance(valeur, dict):
        return {str(k): _nettoyer_valeur(v) for k, v in valeur.items()}
    return valeur


def _lire_fiche(octets: bytes, nom: str, groupe_dossier: str | None, r: Restitution) -> str | None:
    try:
        fiche = yaml.safe_load(decoder(octets))
    except yaml.YAMLError as erreur:
        r.signaler(nom, _texte_yaml(erreur))
        return None
    if not isinstance(fiche, dict):
        r.signaler(nom, "ce fichier YAML n'est pas une fiche (il faut des rubriques «\u00a0nom\u00a0: valeur\u00a0»)\u00a0; fiche non lue.")
        return None
    fiche = _nettoyer_valeur(fiche)
    atelier = str(fiche.get("atelier", "")).strip().upper()
    if atelier and atelier in ATELIERS and atelier != r.atelier:
        r.signaler(nom, f"fiche de l'atelier {atelier}, non utilisée pour la synthèse de l'atelier {r.atelier}.")
        return None
    for message in _erreurs_schema(fiche, r.atelier):
        r.signaler(nom, message + " Fiche gardée telle quelle.")
    nom_groupe = str(fiche.get("groupe") or "").strip() or groupe_dossier or groupe_du_fichier(nom, r)
    groupe = r.groupe(nom_groupe)
    connues = set(schema_fiche(r.atelier)["properties"])
    autres = {k: v for k, v in fiche.items() if k not in connues}
    if autres:
        r.signaler(nom, f"rubriques inattendues, gardées dans «{NB}Autres rubriques{NB}»{NB}: {', '.join(autres)}.")
    vides = [k for k in schema_fiche(r.atelier)["properties"] if k not in ("atelier", "groupe") and fiche.get(k) in (None, "", [], {})]
    if vides:
        r.signaler(nom, f"fiche {r.unite.du} «{NB}{groupe}{NB}» incomplète, rubriques vides{NB}: {', '.join(vides)}.")
    fiche["groupe"] = groupe
    fiche["_source"] = nom
    fiche["_autres"] = autres
    if groupe in r.fiches:
        suffixe = 2
        while f"{groupe} ({suffixe})" in r.fiches:
            suffixe += 1
        r.signaler(nom, f"deuxième fiche pour {r.unite.le} «{NB}{groupe}{NB}» (la première vient de «{NB}{r.fiches[groupe]['_source']}{NB}»)\u00a0: gardée sous «{NB}{groupe} ({suffixe}){NB}».")
        groupe = f"{groupe} ({suffixe})"
        fiche["groupe"] = groupe
        r.groupes.append(groupe)
    r.fiches[groupe] = fiche
    return groupe


# Exports JSON des outils du cours --------------------------------------------------------


FORMATS_JSON = {priorisation.FORMAT_EXPORT: "J1", diagnostic.FORMAT_EXPORT: "J2", feuille_de_route.FORMAT: "J3"}


def _lire_json(octets: bytes, nom: str, groupe: str, r: Restitution) -> None:
    try:
        donnees = json.loads(decoder(octets))
    except json.JSONDecodeError:
        r.signaler(nom, "fichier JSON illisible ou tronqué (exportez-le de nouveau depuis l'outil du cours)\u00a0; non lu.")
        return
    format_ = donnees.get("format") if isinstance(donnees, dict) else None
    if format_ not in FORMATS_JSON:
        r.signaler(nom, "ce fichier JSON n'est l'export d'aucun outil du cours (matrice, diagnostic, feuille de route)\u00a0; non lu.")
        return
    if FORMATS_JSON[format_] != r.atelier:
        r.signaler(nom, f"export d'un outil de l'atelier {FORMATS_JSON[format_]}, non utilisé pour la synthèse de l'atelier {r.atelier}.")
        return
    if FORMATS_JSON[format_] == "J1":
        _lire_matrice(donnees, nom, groupe, r)
    elif FORMATS_JSON[format_] == "J2":
        _lire_diagnostic_json(octets, nom, groupe, r)
    else:
        _lire_feuille(octets, nom, groupe, r)


def _version(donnees: dict, attendue: int, nom: str, r: Restitution) -> bool:
    if donnees.get("version") != attendue:
        r.signaler(nom, f"version d'export non prise en charge{NB}: {json.dumps(donnees.get('version'))} (attendue{NB}: {attendue})\u00a0; non lu.")
        return False
    return True


def _lire_matrice(donnees: dict, nom: str, groupe: str, r: Restitution) -> None:
    if not _version(donnees, priorisation.VERSION_EXPORT, nom, r):
        return
    idees = donnees.get("idees")
    if not isinstance(idees, list):
        r.signaler(nom, "l'export de la matrice ne contient pas de liste d'idées\u00a0; non lu.")
        return
    groupe = r.groupe(groupe)
    if not idees:
        r.signaler(nom, f"export de la matrice du groupe «{NB}{groupe}{NB}» sans aucune idée.")
    for rang, idee in enumerate(idees, 1):
        if not isinstance(idee, dict):
            r.signaler(nom, f"idée n°{NB}{rang} illisible ({json.dumps(idee, ensure_ascii=False)[:60]})\u00a0; ignorée.")
            continue
        _ajouter_idee(r, groupe, idee.get("texte"), idee.get("impact"), idee.get("faisabilite"), idee.get("theme", ""), nom, f"idée n°{NB}{rang}")


def _ajouter_idee(r: Restitution, groupe: str, texte, impact, faisabilite, theme, source: str, ou: str) -> None:
    texte = " ".join(str(texte or "").split())
    if not texte:
        valeurs = ", ".join(str(v) for v in (impact, faisabilite, theme) if v not in (None, "") and not (isinstance(v, float) and pd.isna(v)))
        r.signaler(source, f"{ou}{NB}: idée sans texte{f' (valeurs{NB}: {valeurs})' if valeurs else ''}, ignorée.")
        return
    notes = {}
    for rubrique, nom_note, valeur in (("impact", "note d'impact", impact), ("faisabilité", "note de faisabilité", faisabilite)):
        note, probleme = _note(valeur)
        notes[rubrique] = note
        if probleme:
            r.signaler(source, f"{ou}{NB}: {nom_note} {probleme} pour «{NB}{texte}{NB}»{NB}; idée gardée, hors matrice tant qu'elle n'a pas ses deux notes.")
    for existante in r.idees:
        if existante.groupe == groupe and normaliser(existante.texte) == normaliser(texte):
            ecart = (existante.impact, existante.faisabilite) != (notes["impact"], notes["faisabilité"])
            detail = f"{NB}; notes différentes, on garde les premières ({existante.impact}, {existante.faisabilite})" if ecart else ""
            r.signaler(source, f"{ou}{NB}: «{NB}{texte}{NB}» figure déjà pour le groupe «{NB}{groupe}{NB}» (doublon){NB}: comptée une fois{detail}.")
            return
    r.idees.append(Idee(groupe, texte, notes["impact"], notes["faisabilité"], " ".join(str(theme or "").split()), source))


def _lire_diagnostic_json(octets: bytes, nom: str, groupe: str, r: Restitution) -> None:
    """Un export du diagnostic de confiance, lu et vérifié par ``atelier.diagnostic``."""
    try:
        reponses = diagnostic.importer(octets)
    except diagnostic.ErreurDiagnostic as erreur:
        r.signaler(nom, f"{erreur} Diagnostic non lu.")
        return
    _ajouter_diagnostic(r, r.groupe(groupe), reponses, nom)


def _ajouter_diagnostic(r: Restitution, groupe: str, reponses: dict[str, int], source: str) -> None:
    if not reponses:
        r.signaler(source, f"diagnostic du groupe «{NB}{groupe}{NB}» sans aucune réponse.")
        return
    if groupe in r.diagnostics:
        if r.diagnostics[groupe] == reponses:
            r.signaler(source, f"diagnostic du groupe «{NB}{groupe}{NB}» en double, identique{NB}: compté une fois.")
            return
        suffixe = 2
        while f"{groupe} ({suffixe})" in r.diagnostics:
            suffixe += 1
        r.signaler(source, f"deuxième diagnostic, différent, pour le groupe «{NB}{groupe}{NB}»{NB}: gardé sous «{NB}{groupe} ({suffixe}){NB}».")
        groupe = r.groupe(f"{groupe} ({suffixe})")
    r.diagnostics[groupe] = reponses


def _lire_feuille(octets: bytes, nom: str, groupe: str, r: Restitution) -> None:
    """Une feuille de route exportée par le constructeur, lue et vérifiée par
    ``atelier.feuille_de_route`` (formats plus anciens migrés)."""
    try:
        plan = feuille_de_route.lire_plan(octets)
    except ValueError as erreur:
        r.signaler(nom, f"{erreur} Feuille de route non lue.")
        return
    groupe = r.groupe(groupe)
    if groupe in r.feuilles:
        suffixe = 2
        while f"{groupe} ({suffixe})" in r.feuilles:
            suffixe += 1
        r.signaler(nom, f"deuxième feuille de route pour {r.unite.le} «{NB}{groupe}{NB}»{NB}: gardée sous «{NB}{groupe} ({suffixe}){NB}».")
        groupe = r.groupe(f"{groupe} ({suffixe})")
    plan["_source"] = nom
    r.feuilles[groupe] = plan


# Tableaux CSV ---------------------------------------------------------------------------


def _lire_tableau(octets: bytes, nom: str, groupe_dossier: str | None, r: Restitution) -> None:
    df = lire_tableau(octets)
    votes, _ = _colonnes(df, COLONNES_VOTES)
    idees, _ = _colonnes(df, {"idee": COLONNES_IDEES["idee"]})
    if "votant" in votes and "choix" in votes:
        _lire_votes(df, nom, r)
    elif idees and r.atelier == "J1":
        _lire_idees(df, nom, groupe_dossier, r)
    elif r.atelier == "J2" and _lire_diagnostic_tableau(df, nom, groupe_dossier, r):
        pass
    else:
        colonnes = ", ".join(map(str, df.columns[:6]))
        r.signaler(nom, f"tableau non reconnu pour l'atelier {r.atelier} (colonnes{NB}: {colonnes}){NB}; non lu. Partez du gabarit fourni.")


def _lire_idees(df: pd.DataFrame, nom: str, groupe_dossier: str | None, r: Restitution) -> None:
    colonnes, autres = _colonnes(df, COLONNES_IDEES)
    inattendues = [c for c in autres if normaliser(c) not in COLONNES_IDEES_CONNUES and normaliser(c) not in COLONNES_META]
    if inattendues:
        r.signaler(nom, f"colonnes inattendues, non utilisées{NB}: {', '.join(inattendues)}.")
    if "groupe" not in colonnes and not groupe_dossier:
        r.signaler(nom, f"pas de colonne «{NB}groupe{NB}»{NB}: les idées sont rangées sous «{NB}{groupe_du_fichier(nom, r)}{NB}», d'après le nom du fichier.")
    for numero, ligne in df.iterrows():
        valeurs = [str(v).strip() for v in ligne.tolist()]
        if not any(valeurs):
            continue
        brut = str(ligne[colonnes["groupe"]]).strip() if "groupe" in colonnes else ""
        groupe = r.groupe(brut or groupe_dossier or groupe_du_fichier(nom, r))
        _ajouter_idee(
            r,
            groupe,
            ligne[colonnes["idee"]],
            ligne[colonnes["impact"]] if "impact" in colonnes else None,
            ligne[colonnes["faisabilite"]] if "faisabilite" in colonnes else None,
            ligne[colonnes["theme"]] if "theme" in colonnes else "",
            nom,
            f"ligne {numero + 2}",
        )


def _lire_votes(df: pd.DataFrame, nom: str, r: Restitution) -> None:
    colonnes, autres = _colonnes(df, COLONNES_VOTES)
    inattendues = [c for c in autres if normaliser(c) not in COLONNES_META]
    if inattendues:
        r.signaler(nom, f"colonnes inattendues, non utilisées{NB}: {', '.join(inattendues)}.")
    if "choix" not in colonnes:
        r.signaler(nom, f"pas de colonne «{NB}choix{NB}» (le numéro ou le texte choisi){NB}; votes non lus.")
        return
    vus = set()
    for numero, ligne in df.iterrows():
        votant = " ".join(str(ligne[colonnes["votant"]]).split())
        choix = " ".join(str(ligne[colonnes["choix"]]).split())
        brut_points = str(ligne[colonnes["points"]]).strip() if "points" in colonnes else ""
        if not votant and not choix and not brut_points:
            continue
        ou = f"ligne {numero + 2}"
        if not choix:
            r.signaler(nom, f"{ou}{NB}: vote sans choix{f' (votant{NB}: {votant})' if votant else ''}, ignoré.")
            continue
        votant = votant or f"anonyme ({ou})"
        points = 1
        if brut_points:
            try:
                points = int(float(brut_points.replace(",", ".")))
                if points < 1 or float(brut_points.replace(",", ".")) != points:
                    raise ValueError
            except ValueError:
                r.signaler(nom, f"{ou}{NB}: nombre de points illisible («{NB}{brut_points}{NB}»), compté pour 1.")
                points = 1
        cle = (normaliser(votant), normaliser(choix))
        if cle in vus:
            r.signaler(nom, f"{ou}{NB}: vote en double de «{NB}{votant}{NB}» pour «{NB}{choix}{NB}»{NB}: compté une fois.")
            continue
        vus.add(cle)
        r.votes.append(Vote(votant, choix, points, nom))


def _lire_diagnostic_tableau(df: pd.DataFrame, nom: str, groupe_dossier: str | None, r: Restitution) -> bool:
    """Réponses au diagnostic venues d'un formulaire en ligne : une ligne par groupe."""
    groupe_lu = diagnostic.lire_groupe(df)
    if groupe_lu.reponses.empty and any("aucune colonne ne correspond" in p for p in groupe_lu.problemes):
        return False
    for probleme in groupe_lu.problemes:
        if "apparaît plusieurs fois" not in probleme:
            r.signaler(nom, probleme.replace("tableau 1 – ", "").replace("tableau 1", "tableau"))
    for nom_ligne, ligne in groupe_lu.reponses.iterrows():
        reponses = {k: int(v) for k, v in ligne.items() if not pd.isna(v)}
        base = re.sub(r" \(\d+\)$", "", str(nom_ligne))
        if str(nom_ligne).startswith("tableau 1"):
            base = groupe_dossier or f"{Path(nom).stem} {str(nom_ligne).split('ligne')[-1].strip()}"
        _ajouter_diagnostic(r, r.groupe(base), reponses, nom)
    return True


def _verifier(r: Restitution) -> None:
    """Ce qui manque à chaque groupe (chaque stagiaire au J3) pour la synthèse de son atelier."""
    for groupe in r.groupes:
        if re.search(r" \(\d+\)$", groupe):
            continue
        manques = []
        if groupe not in r.fiches:
            manques.append("sa fiche de restitution")
        if r.atelier == "J1" and not any(i.groupe == groupe for i in r.idees):
            manques.append("ses idées (export de la matrice ou tableau)")
        if r.atelier == "J2" and groupe not in r.diagnostics:
            manques.append("son diagnostic de confiance")
        if r.atelier == "J3" and groupe not in r.feuilles:
            manques.append("sa feuille de route (export JSON)")
        if manques:
            r.signaler(groupe, f"il manque {' et '.join(manques)}.")
    if not r.groupes:
        r.signaler("(ensemble)", f"{r.unite.aucun}{NB}: vérifiez le dossier et le nom des fichiers.")
    # Ce qui se signale en interprétant les réponses (dispositifs hors catalogue, niveaux
    # promis non reconnus, votes non rattachés ou en trop) : signalé dès la lecture.
    if r.atelier == "J2":
        dispositifs_j2(r)
        promesses_j2(r)
    if r.votes:
        _options_de_vote(r)


def _options_de_vote(r: Restitution) -> tuple[list[int], pd.DataFrame]:
    """Les votes comptés sur les options de l'atelier : idées regroupées (J1), dispositifs (J2, J3)."""
    if r.atelier == "J1":
        return compter_votes(r, idees_regroupees(r)["Idée"].tolist(), "aucune idée")
    options = (_dispositifs_j2_sans_votes(r) if r.atelier == "J2" else _dispositifs_j3_sans_votes(r))["Dispositif"].tolist()
    return compter_votes(r, options, "aucun dispositif")


# --- Synthèse ---------------------------------------------------------------------------------


def signalements(r: Restitution) -> pd.DataFrame:
    """Les signalements de lecture, en tableau (fichier, message)."""
    colonne = f"Fichier ou {r.unite.singulier}"
    return pd.DataFrame([{colonne: s.fichier, "Signalement": s.message} for s in r.signalements], columns=[colonne, "Signalement"])


def _regrouper(textes: list[str], seuil: float = SEUIL_SIMILARITE) -> list[list[int]]:
    """Regroupe des formulations proches (union de paires au-dessus du seuil)."""
    parent = list(range(len(textes)))

    def racine(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(textes)):
        for j in range(i + 1, len(textes)):
            if similarite(textes[i], textes[j]) >= seuil:
                parent[racine(j)] = racine(i)
    paquets: dict[int, list[int]] = {}
    for i in range(len(textes)):
        paquets.setdefault(racine(i), []).append(i)
    return list(paquets.values())


QUADRANT_NON_NOTE = "Non notée (notes manquantes)"


def idees_regroupees(r: Restitution, seuil: float = SEUIL_SIMILARITE) -> pd.DataFrame:
    """Les idées de tous les groupes, les formulations proches regroupées, numérotées de
    façon stable (quadrant, puis impact + faisabilité, puis nombre de groupes)."""
    from .priorisation import ORDRE, QUADRANTS, quadrant

    lignes = []
    for paquet in _regrouper([i.texte for i in r.idees], seuil):
        idees = [r.idees[k] for k in paquet]
        notees = [i for i in idees if i.impact is not None and i.faisabilite is not None]
        impact = sum(i.impact for i in notees) / len(notees) if notees else None
        faisabilite = sum(i.faisabilite for i in notees) / len(notees) if notees else None
        q = quadrant(impact, faisabilite) if notees else None
        formulations = list(dict.fromkeys(i.texte for i in idees))
        groupes = list(dict.fromkeys(i.groupe for i in idees))
        themes = list(dict.fromkeys(i.theme for i in idees if i.theme))
        lignes.append(
            {
                "Idée": formulations[0],
                "Autres formulations": " / ".join(formulations[1:]),
                "Groupes": ", ".join(groupes),
                "Nb de groupes": len(groupes),
                "Impact": impact,
                "Faisabilité": faisabilite,
                "Quadrant": QUADRANTS[q] if q else QUADRANT_NON_NOTE,
                "Thème": ", ".join(themes),
                "_ordre": (ORDRE.index(q) if q else len(ORDRE), -((impact or 0) + (faisabilite or 0)), -len(groupes), normaliser(formulations[0])),
            }
        )
    lignes.sort(key=lambda l: l["_ordre"])
    df = pd.DataFrame(lignes, columns=["Idée", "Autres formulations", "Groupes", "Nb de groupes", "Impact", "Faisabilité", "Quadrant", "Thème", "_ordre"]).drop(columns="_ordre")
    df.insert(0, "N°", range(1, len(df) + 1))
    return df


def _rattacher(choix: str, options: list[str]) -> int | None:
    """L'indice de l'option choisie : par son numéro (« 3 », « n° 3 », « idée 3 ») ou par son texte."""
    m = re.fullmatch(r"(?:n\s*[°o]?\.?|no|num(?:ero)?\.?|#|idee|i|d|dispositif|groupe)?\s*(\d+)", normaliser(choix).replace("º", "°"))
    if m:
        n = int(m.group(1))
        return n - 1 if 1 <= n <= len(options) else None
    cible = normaliser(choix)
    exacts = [i for i, o in enumerate(options) if normaliser(o) == cible]
    if exacts:
        return exacts[0]
    proches = [(similarite(choix, o), i) for i, o in enumerate(options)]
    proches.sort(reverse=True)
    if proches and proches[0][0] >= 0.75 and (len(proches) == 1 or proches[1][0] < proches[0][0]):
        return proches[0][1]
    return None


def compter_votes(r: Restitution, options: list[str], aucun: str = "aucune idée") -> tuple[list[int], pd.DataFrame]:
    """Les points reçus par chaque option, et le tableau des votes non rattachés."""
    totaux = [0] * len(options)
    non_rattaches = []
    par_votant: dict[str, int] = {}
    fichier_du_votant: dict[str, str] = {}
    for v in r.votes:
        par_votant[v.votant] = par_votant.get(v.votant, 0) + v.points
        fichier_du_votant.setdefault(v.votant, v.source)
        i = _rattacher(v.choix, options)
        if i is None:
            non_rattaches.append({"Votant": v.votant, "Choix": v.choix, "Points": v.points, "Fichier": v.source})
        else:
            totaux[i] += v.points
    for votant, points in par_votant.items():
        if points > VOTES_PAR_PERSONNE and not votant.startswith("anonyme"):
            r.signaler(fichier_du_votant[votant], f"«{NB}{votant}{NB}» a donné {points} points ({VOTES_PAR_PERSONNE} prévus){NB}: tous sont comptés, à vous de trancher.")
    for ligne in non_rattaches:
        r.signaler(ligne["Fichier"], f"vote de «{NB}{ligne['Votant']}{NB}» pour «{NB}{ligne['Choix']}{NB}»{NB}: {aucun} ne correspond, vote non compté (voir le tableau des votes non rattachés).")
    return totaux, pd.DataFrame(non_rattaches, columns=["Votant", "Choix", "Points", "Fichier"])


def priorites_j1(r: Restitution) -> pd.DataFrame:
    """Les idées regroupées avec leurs votes, de la plus votée à la moins votée
    (à égalité, l'ordre de la matrice)."""
    df = idees_regroupees(r)
    df["Votes"] = compter_votes(r, df["Idée"].tolist())[0]
    return df.sort_values(["Votes", "N°"], ascending=[False, True], kind="stable").reset_index(drop=True)


def fiches(r: Restitution, rubriques_: list[str] | None = None) -> pd.DataFrame:
    """Une ligne par groupe (par stagiaire au J3) : les principales rubriques de sa fiche (listes jointes)."""
    rubriques_ = rubriques_ or {
        "J1": ["persona", "question", "idee_retenue", "prototype", "plan_de_test.decision", "risque"],
        "J2": ["priorites", "niveau_iap2", "phrase_engagement", "premier_pas", "risque"],
        "J3": ["engagements", "publics_eloignes", "premier_pas", "risque", "question_au_groupe"],
    }[r.atelier]
    lignes = []
    for groupe in r.groupes:
        fiche = r.fiches.get(groupe)
        if fiche is None:
            continue
        ligne = {r.unite.colonne: groupe}
        for rubrique in rubriques_:
            valeur = fiche
            for morceau in rubrique.split("."):
                valeur = valeur.get(morceau) if isinstance(valeur, dict) else None
            ligne[_libelle(rubrique, r.unite)] = _en_texte(valeur)
        if fiche.get("_autres"):
            ligne["Autres rubriques"] = "\n".join(f"{k}{NB}: {_en_texte(v)}" for k, v in fiche["_autres"].items())
        lignes.append(ligne)
    return pd.DataFrame(lignes).fillna("")


LIBELLES = {
    "persona": "Persona",
    "question": "Question",
    "idee_retenue": "Idée retenue",
    "prototype": "Prototype",
    "plan_de_test.decision": "Décision après le test",
    "risque": "Risque et parade",
    "priorites": "Priorités",
    "niveau_iap2": "Niveau promis",
    "phrase_engagement": "Phrase d'engagement",
    "premier_pas": "Premier pas",
    "engagements": "Engagements",
    "publics_eloignes": "Publics éloignés",
    "question_au_groupe": "Question aux autres {pluriel}",
}


def _libelle(rubrique: str, unite: Unite = GROUPE) -> str:
    """L'en-tête de colonne d'une rubrique de fiche (« Question aux autres stagiaires » au J3)."""
    if rubrique in LIBELLES:
        return LIBELLES[rubrique].format(pluriel=unite.pluriel)
    return rubrique.replace("_", " ").replace(".", f"{NB}: ").capitalize()


def _en_texte(valeur) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, list):
        return " ; ".join(_en_texte(v) for v in valeur).replace(" ; ", f"{NB}; ")
    if isinstance(valeur, dict):
        return f"{NB}; ".join(f"{k}{NB}: {_en_texte(v)}" for k, v in valeur.items())
    return str(valeur)


# Atelier J2 ----------------------------------------------------------------------------------


def scores_j2(r: Restitution) -> pd.DataFrame:
    """Les scores du diagnostic de chaque groupe (0 à 100), une ligne par groupe."""
    q = diagnostic.questionnaire()
    lignes = {}
    for groupe in [g for g in r.groupes if g in r.diagnostics]:
        resultat = diagnostic.scorer(r.diagnostics[groupe], q)
        lignes[groupe] = {**resultat.scores(), "repondues": resultat.repondues}
    df = pd.DataFrame.from_dict(lignes, orient="index", columns=[d.id for d in q.dimensions] + ["repondues"])
    df[[d.id for d in q.dimensions]] = df[[d.id for d in q.dimensions]].astype(float)
    df.index.name = "groupe"
    return df


def tableau_scores_j2(r: Restitution) -> pd.DataFrame:
    """Les scores par groupe avec leur niveau, lisibles (« 41,7 (à consolider) »)."""
    q = diagnostic.questionnaire()
    scores = scores_j2(r)
    lignes = []
    for groupe, ligne in scores.iterrows():
        valeurs = {"Groupe": groupe}
        for d in q.dimensions:
            s = ligne[d.id]
            valeurs[d.libelle] = "—" if pd.isna(s) else f"{s:.1f} ({d.bande(s).niveau})".replace(".", ",")
        valeurs["Affirmations répondues"] = f"{int(ligne['repondues'])} sur {len(q.affirmations)}"
        resultat = diagnostic.scorer(r.diagnostics[groupe], q)
        valeurs["Priorités proposées"] = ", ".join(q.dimension(p).libelle for p in resultat.priorites)
        lignes.append(valeurs)
    return pd.DataFrame(lignes)


def _dispositif_du_catalogue(saisi: str) -> tuple[str | None, str]:
    """L'identifiant du catalogue d'un dispositif écrit par un groupe, et la façon dont il a été reconnu."""
    from .dispositifs import catalogue

    entrees = catalogue()["dispositifs"]
    cible = normaliser(saisi)
    for d in entrees:
        if cible in (d["id"], normaliser(d["nom"]), normaliser(re.sub(r"\s*\(.*?\)", "", d["nom"]))):
            return d["id"], "exact"
    proches = sorted(((max(similarite(saisi, d["nom"]), similarite(saisi, re.sub(r"\s*\(.*?\)", "", d["nom"]))), d["id"]) for d in entrees), reverse=True)
    if proches and proches[0][0] >= 0.6 and proches[0][0] > proches[1][0]:
        return proches[0][1], "proche"
    return None, "inconnu"


def _dispositifs_j2_sans_votes(r: Restitution) -> pd.DataFrame:
    from .dispositifs import catalogue

    noms = {d["id"]: d for d in catalogue()["dispositifs"]}
    rang: dict[str, dict] = {}
    for groupe in r.groupes:
        fiche = r.fiches.get(groupe) or {}
        retenus = fiche.get("dispositifs") or []
        if not isinstance(retenus, list):
            retenus = [retenus]
        for element in retenus:
            saisi = element.get("dispositif", "") if isinstance(element, dict) else str(element)
            pourquoi = element.get("pourquoi", "") if isinstance(element, dict) else ""
            saisi = " ".join(str(saisi or "").split())
            if not saisi:
                continue
            ident, maniere = _dispositif_du_catalogue(saisi)
            if maniere == "proche":
                r.signaler(fiche.get("_source", groupe), f"«{NB}{saisi}{NB}» rapproché du dispositif du catalogue «{NB}{noms[ident]['nom']}{NB}».")
            elif maniere == "inconnu":
                r.signaler(fiche.get("_source", groupe), f"«{NB}{saisi}{NB}» ne figure pas au catalogue{NB}: gardé tel quel, hors catalogue.")
            cle = ident or f"hors:{normaliser(saisi)}"
            entree = rang.setdefault(
                cle,
                {"Dispositif": noms[ident]["nom"] if ident else saisi, "Niveau IAP2 (catalogue)": noms[ident]["niveau_iap2"] if ident else "hors catalogue", "groupes": [], "raisons": []},
            )
            if groupe not in entree["groupes"]:
                entree["groupes"].append(groupe)
            if pourquoi:
                entree["raisons"].append(f"{groupe}{NB}: {pourquoi}")
    lignes = [
        {"Dispositif": e["Dispositif"], "Niveau IAP2 (catalogue)": e["Niveau IAP2 (catalogue)"], "Nb de groupes": len(e["groupes"]), "Groupes": ", ".join(e["groupes"]), "Pourquoi": "\n".join(e["raisons"])}
        for e in rang.values()
    ]
    df = pd.DataFrame(lignes, columns=["Dispositif", "Niveau IAP2 (catalogue)", "Nb de groupes", "Groupes", "Pourquoi"])
    df = df.sort_values(["Nb de groupes", "Dispositif"], ascending=[False, True], kind="stable").reset_index(drop=True)
    df.insert(0, "N°", range(1, len(df) + 1))
    return df


def dispositifs_j2(r: Restitution) -> pd.DataFrame:
    """Les dispositifs retenus par les groupes, rapprochés du catalogue : combien de
    groupes, lesquels, pourquoi, et les votes éventuels."""
    df = _dispositifs_j2_sans_votes(r)
    if r.votes:
        df["Votes"] = compter_votes(r, df["Dispositif"].tolist(), "aucun dispositif")[0]
    return df


NIVEAUX_IAP2 = ["informer", "consulter", "impliquer", "collaborer", "habiliter"]


def promesses_j2(r: Restitution) -> pd.DataFrame:
    """Le niveau de participation promis par chaque groupe (niveaux IAP2 reconnus dans sa réponse)."""
    lignes = []
    for groupe in r.groupes:
        fiche = r.fiches.get(groupe)
        if fiche is None:
            continue
        texte = _en_texte(fiche.get("niveau_iap2"))
        niveaux = [n for n in NIVEAUX_IAP2 if n in normaliser(texte)]
        if texte and not niveaux:
            r.signaler(fiche["_source"], f"niveau promis «{NB}{texte}{NB}»{NB}: aucun niveau de l'IAP2 reconnu (informer, consulter, impliquer, collaborer, habiliter).")
        lignes.append({"Groupe": groupe, "Niveau le plus haut promis": niveaux[-1] if niveaux else "—", "Réponse du groupe": texte, "Phrase d'engagement": _en_texte(fiche.get("phrase_engagement"))})
    return pd.DataFrame(lignes, columns=["Groupe", "Niveau le plus haut promis", "Réponse du groupe", "Phrase d'engagement"])


# Atelier J3 ----------------------------------------------------------------------------------


def _date_courte(iso: str | None) -> str:
    from .feuille_de_route import MOIS

    if not iso:
        return "—"
    annee, mois, jour = iso.split("-")
    return f"{int(jour)}{NB}{MOIS[int(mois) - 1]}{NB}{annee}"


def feuilles_j3(r: Restitution) -> pd.DataFrame:
    """Une ligne par feuille de route : collectivité, projet, période, phases et actions,
    budget, niveaux de participation, retours aux participants, publics éloignés oubliés
    et nombre d'alertes des vérifications du constructeur."""
    publics = {p["id"]: p["libelle"] if "libelle" in p else p.get("nom", p["id"]) for p in feuille_de_route.referentiel()["publics"]}
    lignes = []
    for groupe in r.groupes:
        plan = r.feuilles.get(groupe)
        if plan is None:
            continue
        s = feuille_de_route.synthese(plan)
        alertes = feuille_de_route.verifier(plan)
        compte = {n: sum(1 for a in alertes if a["niveau"] == n) for n in ("erreur", "attention")}
        lignes.append(
            {
                r.unite.colonne: groupe,
                "Collectivité": plan["collectivite"]["nom"],
                "Projet": plan["projet"]["intitule"],
                "Période": f"{_date_courte(s['debut'])} – {_date_courte(s['fin'])}",
                "Phases": s["nb_phases"],
                "Actions": s["nb_actions"],
                "Budget (€)": s["budget_total"],
                "Niveaux de participation": ", ".join(s["niveaux_iap2"]) or "—",
                "Retours aux participants": s["nb_retours"],
                "Publics éloignés oubliés": ", ".join(publics.get(p, p) for p in s["publics_eloignes_oublies"]) or "aucun",
                "Erreurs": compte["erreur"],
                "Points d'attention": compte["attention"],
            }
        )
    return pd.DataFrame(lignes)


def alertes_j3(r: Restitution) -> pd.DataFrame:
    """Les erreurs et points d'attention relevés par les vérifications du constructeur,
    par feuille de route (par stagiaire)."""
    lignes = []
    for groupe in r.groupes:
        plan = r.feuilles.get(groupe)
        if plan is None:
            continue
        for a in feuille_de_route.verifier(plan):
            if a["niveau"] in ("erreur", "attention"):
                lignes.append({r.unite.colonne: groupe, "Niveau": feuille_de_route.NIVEAUX_LIBELLES[a["niveau"]], "Alerte": a["message"]})
    return pd.DataFrame(lignes, columns=[r.unite.colonne, "Niveau", "Alerte"])


def dispositifs_j3(r: Restitution) -> pd.DataFrame:
    """Les dispositifs des feuilles de route : combien de stagiaires les emploient, dans
    quelles actions, et les votes éventuels."""
    df = _dispositifs_j3_sans_votes(r)
    if r.votes:
        df["Votes"] = compter_votes(r, df["Dispositif"].tolist(), "aucun dispositif")[0]
    return df


def _dispositifs_j3_sans_votes(r: Restitution) -> pd.DataFrame:
    from .dispositifs import catalogue

    noms = {d["id"]: d for d in catalogue()["dispositifs"]}
    rang: dict[str, dict] = {}
    for groupe in r.groupes:
        plan = r.feuilles.get(groupe)
        if plan is None:
            continue
        for a in plan["actions"]:
            if not a["dispositif"]:
                continue
            e = rang.setdefault(a["dispositif"], {"groupes": [], "actions": []})
            if groupe not in e["groupes"]:
                e["groupes"].append(groupe)
            e["actions"].append(f"{groupe}{NB}: {a['intitule']}")
    u = r.unite
    lignes = [
        {
            "Dispositif": noms[i]["nom"] if i in noms else i,
            "Niveau IAP2 (catalogue)": noms[i]["niveau_iap2"] if i in noms else "hors catalogue",
            u.nb: len(e["groupes"]),
            u.colonnes: ", ".join(e["groupes"]),
            "Actions": "\n".join(e["actions"]),
        }
        for i, e in rang.items()
    ]
    df = pd.DataFrame(lignes, columns=["Dispositif", "Niveau IAP2 (catalogue)", u.nb, u.colonnes, "Actions"])
    df = df.sort_values([u.nb, "Dispositif"], ascending=[False, True], kind="stable").reset_index(drop=True)
    df.insert(0, "N°", range(1, len(df) + 1))
    return df


# --- Graphiques --------------------------------------------------------------------------------


def graphique_matrice(r: Restitution):
    """La matrice des idées regroupées : chaque numéro placé selon ses notes moyennes."""
    from matplotlib.figure import Figure

    from .graphiques import BLEU, Graphique

    df = idees_regroupees(r).dropna(subset=["Impact", "Faisabilité"])
    fig = Figure(figsize=(6.4, 5.2), dpi=100)
    ax = fig.add_subplot()
    ax.axhline(2.75, color="#57606a", linewidth=1)
    ax.axvline(2.75, color="#57606a", linewidth=1)
    decalages: dict[tuple[float, float], int] = {}
    for _, ligne in df.iterrows():
        x, y = ligne["Faisabilité"], ligne["Impact"]
        k = decalages.get((x, y), 0)
        decalages[(x, y)] = k + 1
        ax.scatter([x + 0.12 * k], [y], s=60 + 50 * (ligne["Nb de groupes"] - 1), color=BLEU, alpha=0.8)
        ax.annotate(str(ligne["N°"]), (x + 0.12 * k, y), textcoords="offset points", xytext=(6, 5), fontsize=10)
    for texte, (x, y) in {"À lancer en premier": (4.9, 5.35), "Projet structurant": (0.6, 5.35), "Petit plus": (4.9, 0.45), "À écarter pour l'instant": (0.6, 0.45)}.items():
        ax.text(x, y, texte, fontsize=9, color="#33393f", ha="right" if x > 3 else "left", va="center")
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.3, 5.5)
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.set_xlabel("Faisabilité moyenne (1 à 5)")
    ax.set_ylabel("Impact moyen (1 à 5)")
    ax.set_title("Les idées des groupes dans la matrice (numéros du tableau)", fontsize=11)
    fig.tight_layout()
    return Graphique(fig)


def graphique_barres(etiquettes: list[str], valeurs: list[float], titre: str, axe: str, maximum: int = 12):
    """Barres horizontales (les plus grandes valeurs en haut)."""
    from matplotlib.figure import Figure

    from .graphiques import BLEU, Graphique

    paires = [(e, v) for e, v in zip(etiquettes, valeurs)][:maximum]
    fig = Figure(figsize=(7, 0.45 * max(len(paires), 2) + 1.2), dpi=100)
    ax = fig.add_subplot()
    noms = [e if len(e) <= 55 else e[:52] + "…" for e, _ in paires][::-1]
    nombres = [v for _, v in paires][::-1]
    barres = ax.barh(noms, nombres, color=BLEU)
    ax.bar_label(barres, labels=[f"{v:g}" for v in nombres], padding=3, fontsize=9)
    ax.set_xlabel(axe)
    ax.set_title(titre, fontsize=11)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return Graphique(fig)


def graphique_votes_j1(r: Restitution):
    df = priorites_j1(r)
    df = df[df["Votes"] > 0]
    return graphique_barres([f"{n}. {t}" for n, t in zip(df["N°"], df["Idée"])], df["Votes"].tolist(), "Votes en plénière, par idée", "Points reçus")


def graphique_radar_j2(r: Restitution):
    from .graphiques import radar_groupe

    return radar_groupe(scores_j2(r), "Scores du diagnostic, par groupe (0 à 100)")


def graphique_dispositifs(df: pd.DataFrame, titre: str, unite: Unite = GROUPE):
    return graphique_barres([f"{n}. {d}" for n, d in zip(df["N°"], df["Dispositif"])], df[unite.nb].tolist(), titre, f"Nombre de {unite.pluriel}")


# --- Page de synthèse -----------------------------------------------------------------------------


@dataclass
class Bloc:
    titre: str
    texte: str = ""
    tableau: pd.DataFrame | None = None
    legende: str = ""
    figure: object | None = None
    alt: str = ""


@dataclass
class Synthese:
    """La synthèse d'un atelier : des blocs (texte, tableau, graphique), affichables dans
    un carnet et enregistrables en page HTML imprimable."""

    atelier: str
    titre: str
    blocs: list[Bloc]
    signalements: pd.DataFrame

    def _html_blocs(self, niveau: int, figures: bool = True) -> str:
        from .affichage import tableau

        morceaux = []
        for b in self.blocs:
            if b.figure is not None and not figures and b.tableau is None and not b.texte:
                continue
            morceaux.append(f"<h{niveau}>{html.escape(b.titre)}</h{niveau}>")
            if b.texte:
                morceaux.append(f"<p>{html.escape(b.texte)}</p>")
            if b.tableau is not None:
                if b.tableau.empty:
                    morceaux.append(f"<p>{html.escape('Rien à afficher.')}</p>")
                else:
                    style = tableau(b.tableau, b.legende or f"{b.titre} ({self.atelier})").format(precision=1, decimal=",", na_rep="—", escape="html")
                    morceaux.append(style.to_html())
            if b.figure is not None and figures:
                png = base64.b64encode(b.figure._repr_png_()).decode()
                morceaux.append(f'<p><img class="figure-synthese" src="data:image/png;base64,{png}" alt="{html.escape(b.alt)}"></p>')
        return "\n".join(morceaux)

    def _repr_html_(self) -> str:
        return f'<div class="synthese-atelier">{self._html_blocs(4)}</div>'

    def sans_graphiques(self):
        """La synthèse sans ses graphiques : dans une page du site, chaque graphique a sa
        propre cellule (``graphique(…)``), avec son texte alternatif."""
        from IPython.display import HTML

        return HTML(f'<div class="synthese-atelier">{self._html_blocs(4, figures=False)}</div>')

    def graphique(self, mot: str):
        """Le graphique du bloc dont le titre contient ``mot`` (« matrice », « votes »…)."""
        for b in self.blocs:
            if b.figure is not None and normaliser(mot) in normaliser(b.titre):
                return b.figure
        titres = ", ".join(f"«{NB}{b.titre}{NB}»" for b in self.blocs if b.figure is not None) or "aucun"
        raise ErreurRestitution(f"Pas de graphique «{NB}{mot}{NB}» dans cette synthèse. Graphiques disponibles{NB}: {titres}.")

    def vers_html(self) -> str:
        """La page de synthèse complète, imprimable (tout texte saisi est échappé)."""
        titre = html.escape(self.titre)
        return f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>{titre}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #1f2328; line-height: 1.4; }}
table {{ border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }}
caption {{ text-align: left; font-weight: 600; padding: 0.3rem 0; }}
th, td {{ border: 1px solid #8c959f; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; white-space: pre-line; }}
th {{ background: #eaeef2; }}
img {{ max-width: 100%; }}
@media print {{ h2 {{ break-before: auto; }} table, img {{ break-inside: avoid; }} }}
</style>
</head>
<body>
<h1>{titre}</h1>
{self._html_blocs(2)}
</body>
</html>
"""

    def enregistrer(self, chemin: str | Path) -> Path:
        chemin = Path(chemin)
        chemin.write_text(self.vers_html(), encoding="utf-8")
        return chemin


def synthese(r: Restitution) -> Synthese:
    """La page de synthèse d'un atelier à partir de ce qu'ont rendu les groupes (les stagiaires au J3)."""
    blocs: list[Bloc] = []
    u = r.unite
    if r.groupes:
        resume = f"{u.nombre(len(r.groupes))}{NB}: {', '.join(r.groupes)}."
    else:
        resume = f"{u.aucun.capitalize()}."
    resume += f" {len(r.fichiers) or 'Aucun'} fichier{'s' if len(r.fichiers) > 1 else ''} lu{'s' if len(r.fichiers) > 1 else ''}."
    if r.votes:
        votants = {v.votant for v in r.votes}
        resume += f" {len(r.votes)} vote{'s' if len(r.votes) > 1 else ''} de {len(votants)} personne{'s' if len(votants) > 1 else ''}."
    blocs.append(Bloc("En bref", resume))
    if r.atelier == "J1":
        df = priorites_j1(r)
        blocs.append(
            Bloc(
                "Les idées regroupées et leurs priorités",
                "Les formulations proches sont regroupées (les autres formulations restent visibles) ; notes moyennes des groupes, quadrant de la matrice, votes en plénière.",
                df,
                f"Idées regroupées, de la plus votée à la moins votée ({r.atelier})",
            )
        )
        if df[["Impact", "Faisabilité"]].notna().all(axis=1).any():
            blocs.append(Bloc("La matrice des groupes", figure=graphique_matrice(r), alt="Nuage de points des idées regroupées selon leur faisabilité moyenne (horizontal) et leur impact moyen (vertical), chaque point portant le numéro de l'idée ; les valeurs figurent dans le tableau des idées regroupées."))
        if r.votes and df["Votes"].sum() > 0:
            blocs.append(Bloc("Les votes", figure=graphique_votes_j1(r), alt="Barres horizontales des points reçus par idée en plénière, de la plus votée à la moins votée ; les valeurs figurent dans le tableau des idées regroupées."))
    elif r.atelier == "J2":
        if r.diagnostics:
            blocs.append(Bloc("Le diagnostic de confiance de chaque groupe", "Scores de 0 à 100 et niveau de chaque dimension, calculés comme dans le questionnaire du cours.", tableau_scores_j2(r), f"Scores du diagnostic par groupe ({r.atelier})"))
            blocs.append(Bloc("Les diagnostics côte à côte", figure=graphique_radar_j2(r), alt="Radar des scores du diagnostic de confiance de chaque groupe sur les cinq dimensions, avec leur moyenne et leur étendue ; les valeurs figurent dans le tableau des scores par groupe."))
        dispositifs_ = dispositifs_j2(r)
        blocs.append(Bloc("Les dispositifs retenus", "Rapprochés du catalogue du cours ; un dispositif absent du catalogue est gardé tel quel.", dispositifs_, f"Dispositifs retenus par les groupes ({r.atelier})"))
        if len(dispositifs_):
            blocs.append(Bloc("Les dispositifs les plus choisis", figure=graphique_dispositifs(dispositifs_, "Dispositifs retenus, par nombre de groupes"), alt="Barres horizontales du nombre de groupes qui ont retenu chaque dispositif ; les valeurs figurent dans le tableau des dispositifs retenus."))
        blocs.append(Bloc("Les promesses faites aux habitants", tableau=promesses_j2(r), legende=f"Niveau de participation promis par chaque groupe ({r.atelier})"))
    else:
        blocs.append(Bloc("Les feuilles de route", f"Une ligne par {u.singulier}, d'après le plan exporté par le constructeur ; les alertes sont celles de ses vérifications.", feuilles_j3(r), f"Feuilles de route des {u.pluriel} ({r.atelier})"))
        alertes = alertes_j3(r)
        if len(alertes):
            blocs.append(Bloc("Les points à discuter en restitution", "Erreurs et points d'attention relevés par les vérifications du constructeur (calendrier, retours aux participants, durées légales…).", alertes, f"Erreurs et points d'attention des feuilles de route ({r.atelier})"))
        dispositifs_ = dispositifs_j3(r)
        blocs.append(Bloc("Les dispositifs des feuilles de route", tableau=dispositifs_, legende=f"Dispositifs employés dans les feuilles de route ({r.atelier})"))
        if len(dispositifs_):
            blocs.append(Bloc("Les dispositifs les plus employés", figure=graphique_dispositifs(dispositifs_, f"Dispositifs des feuilles de route, par nombre de {u.pluriel}", u), alt=f"Barres horizontales du nombre de {u.pluriel} dont la feuille de route emploie chaque dispositif ; les valeurs figurent dans le tableau des dispositifs."))
    blocs.append(Bloc(f"Les fiches des {u.pluriel}", tableau=fiches(r), legende=f"Fiches de restitution des {u.pluriel} ({r.atelier})"))
    if r.votes:
        _, non_rattaches = _options_de_vote(r)
        if len(non_rattaches):
            blocs.append(Bloc("Les votes non rattachés", "Ces votes ne correspondent à aucun numéro ni à aucun texte du tableau : ils ne sont pas comptés, mais rien n'est perdu.", non_rattaches, f"Votes non rattachés ({r.atelier})"))
    sig = signalements(r)
    blocs.append(Bloc("Ce qui n'a pas pu être lu tel quel", "Chaque fichier, ligne ou valeur écartée ou corrigée est signalé ici." if len(sig) else "Tout a été lu sans difficulté.", sig if len(sig) else None, f"Signalements de lecture ({r.atelier})"))
    return Synthese(r.atelier, f"Restitution — {ATELIERS[r.atelier].titre}", blocs, sig)
