"""Régénère les vecteurs partagés Python/JavaScript à partir de la référence Python.

    .venv/bin/python tests/vecteurs/generer.py

À ne relancer que lorsque la règle de calcul change volontairement ; relisez alors
le différentiel (git diff) : les cas annotés « à la main » y sont vérifiables."""

import json
from pathlib import Path

from atelier import diagnostic, dispositifs, exercices, parcours, priorisation

q = diagnostic.questionnaire()
TOUS = q.ids

CAS = [
    ("aucune réponse", {}),
    ("une dimension, deux réponses : (5 + 4 − 2) × 100 / 8 = 87,5, solide", {"rea-1": 5, "rea-2": 4}),
    ("affirmation inversée : rea-5 = 1 compte 5, score 100", {"rea-5": 1}),
    ("affirmation inversée : rea-5 = 5 compte 1, score 0", {"rea-5": 5}),
    ("borne 40 exacte (somme 13 sur 5 réponses) : « à consolider »", {"fia-1": 3, "fia-2": 3, "fia-5": 3, "fia-6": 2, "fia-3": 4}),
    ("borne 70 exacte (somme 19 sur 5, ouv-5 inversée : 3 compte 3) : « solide »", {"ouv-1": 4, "ouv-2": 4, "ouv-3": 4, "ouv-4": 4, "ouv-5": 3}),
    ("affirmations inversées mêlées : ouv-5 = 1 compte 5, ouv-6 = 2 compte 4 → (4 + 5 + 4 − 3) × 100 / 12 = 83,3", {"ouv-1": 4, "ouv-5": 1, "ouv-6": 2}),
    ("libellés et nombres écrits en texte", {"rea-1": "Plutôt d'accord", "rea-2": " 4 ", "int-1": "tout a fait d’accord", "equ-1": "2"}),
    ("valeurs vides ignorées", {"rea-1": 4, "rea-2": "", "rea-3": None}),
    ("égalité de scores : l'ordre du questionnaire départage", {"rea-1": 2, "fia-1": 2, "ouv-1": 2, "int-1": 5, "equ-1": 5}),
    ("tout à 5", {i: 5 for i in TOUS}),
    ("tout à 1", {i: 1 for i in TOUS}),
    ("tout au milieu", {i: 3 for i in TOUS}),
    ("profil contrasté", {i: (5 if i.startswith(("int", "rea")) else 2) for i in TOUS}),
]

ERREURS = [
    ("identifiant inconnu", {"xyz-9": 3}),
    ("valeur 0 hors échelle", {"rea-1": 0}),
    ("valeur 6 hors échelle", {"rea-1": 6}),
    ("valeur décimale", {"rea-1": 2.5}),
    ("texte illisible", {"rea-1": "beaucoup"}),
    ("nombre en texte hors échelle", {"rea-1": "7"}),
]

IMPORTS = [
    ("export valide", json.dumps({"format": diagnostic.FORMAT_EXPORT, "version": 1, "exporte_le": "2026-04-12T10:00:00+00:00", "reponses": {"rea-1": 4, "ouv-5": 2}})),
    ("JSON tronqué", '{"format": "atelier.diagnostic-confiance", "version": 1, "reponses": {"rea-1": 4'),
    ("autre format", json.dumps({"format": "autre-chose", "version": 1, "reponses": {}})),
    ("version future", json.dumps({"format": diagnostic.FORMAT_EXPORT, "version": 2, "reponses": {}})),
    ("réponse hors échelle dans le fichier", json.dumps({"format": diagnostic.FORMAT_EXPORT, "version": 1, "reponses": {"rea-1": 9}})),
    ("pas un objet", "[1, 2, 3]"),
]


def main() -> None:
    vecteurs = {"scores": [], "erreurs": [], "imports": []}
    for nom, reponses in CAS:
        vecteurs["scores"].append({"nom": nom, "reponses": reponses, "attendu": diagnostic.scorer(reponses).comme_dict()})
    for nom, reponses in ERREURS:
        try:
            diagnostic.scorer(reponses)
        except diagnostic.ErreurDiagnostic as erreur:
            vecteurs["erreurs"].append({"nom": nom, "reponses": reponses, "message": str(erreur)})
        else:
            raise SystemExit(f"le cas d'erreur « {nom} » ne lève pas d'erreur")
    for nom, contenu in IMPORTS:
        try:
            vecteurs["imports"].append({"nom": nom, "contenu": contenu, "reponses": diagnostic.importer(contenu)})
        except diagnostic.ErreurDiagnostic as erreur:
            vecteurs["imports"].append({"nom": nom, "contenu": contenu, "message": str(erreur)})
    ecrire("diagnostic.json", vecteurs)
    ecrire("exercices.json", vecteurs_exercices())
    ecrire("parcours.json", vecteurs_parcours())
    ecrire("dispositifs.json", vecteurs_dispositifs())
    ecrire("priorisation.json", vecteurs_priorisation())
    ecrire("obligations.json", vecteurs_obligations())
    ecrire("questionnaires.json", vecteurs_questionnaires())
    ecrire("feuille_de_route.json", vecteurs_feuille_de_route())


def ecrire(nom: str, vecteurs: dict) -> None:
    cible = Path(__file__).with_name(nom)
    cible.write_text(json.dumps(vecteurs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{cible} : {sum(len(v) for v in vecteurs.values())} vecteurs")


# Réponses mal formées ou limites, communes à tous les exercices d'un type.
REPONSES_LIMITES = {
    "choix-unique": [None, "", [], "zz", ["a", "b"]],
    "choix-multiple": [None, [], ["zz"]],
    "numerique": [None, "", "   ", "beaucoup", "12 km", "1,2,3", "80.000", "80 000", "12,5 %", "1e3", 42, "-3"],
    "ordre": [None, [], ["x"]],
    "association": [None, {}, {"x": "y"}],
    "reflexion": [None, "", "  Mon idée : une balade urbaine. ", "un deux trois"],
}


def vecteurs_exercices() -> dict:
    """Pour chaque exercice : la solution, chaque mauvaise réponse type, et des
    réponses limites ; avec la correction attendue (référence Python)."""
    cas = []
    for ex in exercices.exercices():
        if ex["type"] == "code":
            continue
        reponses = []
        if ex["type"] != "reflexion":
            reponses.append(("solution", exercices.solution(ex)))
        reponses += [("mauvaise réponse type", r) for r, _ in exercices.mauvaises_reponses(ex)]
        reponses += [("réponse limite", r) for r in REPONSES_LIMITES[ex["type"]]]
        if ex["type"] == "association":
            premier = ex["elements"][0]["id"]
            reponses.append(("réponse incomplète", {premier: ex["elements"][0]["solution"]}))
        for nature, reponse in reponses:
            cas.append({"exercice": ex["id"], "nature": nature, "reponse": reponse, "attendu": exercices.corriger(ex, reponse).comme_dict()})
    lectures = [{"texte": t, "attendu": list(exercices.lire_nombre(t)) if exercices.lire_nombre(t) else None}
                for t in ["80 000", "80\u00a0000 habitants", "12,5 %", "12.5%", "80.000", "1 200,75 €", "-4", "+3", "abc", "", "3,", ",5", "1.2.3", "7 h"]]
    return {"corrections": cas, "nombres": lectures}


def vecteurs_parcours() -> dict:
    liste = exercices.exercices()
    notes = [e for e in liste if e["type"] in exercices.TYPES_NOTES]
    reflexions = [e for e in liste if e["type"] == "reflexion"]
    situations = {
        "aucune progression": [],
        "un exercice réussi": [{"id": notes[0]["id"], "reussi": True, "score": 1, "tentatives": 1}],
        "réussi, raté et partiel": [
            {"id": notes[0]["id"], "reussi": True, "score": 1, "tentatives": 2},
            {"id": notes[1]["id"], "reussi": False, "score": 0, "tentatives": 1},
            {"id": notes[-1]["id"], "reussi": False, "score": 0.5, "tentatives": 3},
        ],
        "réponse mémorisée sans vérification": [{"id": notes[0]["id"], "reussi": None, "score": None, "tentatives": 0, "reponse": "a"}],
        "réflexion écrite": [{"id": reflexions[0]["id"], "reponse": "Une idée.", "reussi": None, "score": 0, "tentatives": 1}] if reflexions else [],
        "score demi exact (arrondi au-dessus)": [
            {"id": notes[0]["id"], "reussi": False, "score": 0.125, "tentatives": 1},
            {"id": notes[1]["id"], "reussi": False, "score": 0, "tentatives": 1},
        ],
    }
    resume = [{"id": e["id"], "titre": e["titre"], "jour": e["jour"], "type": e["type"]} for e in liste]
    cas = [{"nom": nom, "entrees": entrees, "attendu": parcours.synthese(resume, entrees)} for nom, entrees in situations.items()]
    imports = []
    for nom, contenu in [
        ("export valide avec un exercice inconnu", json.dumps({"format": "atelier.parcours", "version": 1, "entrees": [{"id": notes[0]["id"], "score": 1}, {"id": "inconnu"}]})),
        ("tronqué", '{"format": "atelier.parcours", "vers'),
        ("autre format", json.dumps({"format": "autre", "version": 1, "entrees": []})),
        ("version future", json.dumps({"format": "atelier.parcours", "version": 3, "entrees": []})),
    ]:
        try:
            imports.append({"nom": nom, "contenu": contenu, "attendu": parcours.lire_import(resume, contenu)})
        except parcours.ErreurParcours as erreur:
            imports.append({"nom": nom, "contenu": contenu, "message": str(erreur)})
    return {"syntheses": cas, "imports": imports, "exercices": resume}



def vecteurs_dispositifs() -> dict:
    """Classements de référence : poids, filtres, cas limites (états vides expliqués)."""
    defaut = {"profondeur": 3, "inclusion": 3, "portee": 2, "sobriete": 2, "rapidite": 2, "cadrage_juridique": 1}
    cas = [
        ("poids par défaut, sans filtre", defaut, {}),
        ("tous les poids à zéro", {c: 0 for c in defaut}, {}),
        ("aucun poids donné", {}, {}),
        ("un seul critère : la profondeur", {"profondeur": 5}, {}),
        ("égalités départagées par l'identifiant", {"cadrage_juridique": 1}, {}),
        ("critère inconnu ignoré", {"profondeur": 2, "popularite": 4}, {}),
        ("poids hors bornes ramenés à 0..5", {"profondeur": 9, "inclusion": -2}, {}),
        ("poids écrits en texte", {"profondeur": "3", "inclusion": "beaucoup"}, {}),
        ("filtre IAP2 collaborer ou habiliter", defaut, {"niveau_iap2": ["collaborer", "habiliter"]}),
        ("filtre numérique", defaut, {"format": ["numerique"]}),
        ("filtre tirage au sort", defaut, {"recrutement": ["tirage-au-sort"]}),
        ("filtre coût faible et durée courte", defaut, {"cout": ["faible"], "duree_classe": ["courte"]}),
        ("filtre obligation légale", defaut, {"obligation": ["oui"]}),
        ("filtre sans obligation", {"sobriete": 5, "rapidite": 5}, {"obligation": ["non"]}),
        ("filtres qui excluent tout", defaut, {"cout": ["eleve"], "duree_classe": ["courte"], "niveau_iap2": ["informer"]}),
        ("filtre inconnu ignoré", defaut, {"couleur": ["bleu"]}),
        ("filtre vide ignoré", defaut, {"format": []}),
    ]
    return {"classements": [{"nom": n, "poids": p, "filtres": f, "attendu": dispositifs.classer(p, f).comme_dict()} for n, p, f in cas]}


def vecteurs_priorisation() -> dict:
    """Classements d'idées de référence, erreurs de saisie et imports."""
    idee = lambda n, t, i, f: {"id": f"idee-{n}", "texte": t, "impact": i, "faisabilite": f}
    cas = [
        ("aucune idée", []),
        ("exemple du cours", priorisation.exemple()),
        ("bornes : 3 est haut, 2 est bas", [idee(1, "A", 3, 3), idee(2, "B", 2, 3), idee(3, "C", 3, 2), idee(4, "D", 2, 2)]),
        ("égalités : impact puis identifiant", [idee(3, "C", 4, 4), idee(1, "A", 5, 3), idee(2, "B", 4, 4), idee(10, "J", 3, 5)]),
        ("extrêmes", [idee(1, "Tout", 5, 5), idee(2, "Rien", 1, 1), idee(3, "Impact seul", 5, 1), idee(4, "Facile seul", 1, 5)]),
    ]
    erreurs = [
        ("pas une liste", {"texte": "x"}),
        ("texte vide", [idee(1, "  ", 3, 3)]),
        ("impact hors échelle", [idee(1, "Idée", 6, 3)]),
        ("faisabilité décimale", [idee(1, "Idée", 3, 2.5)]),
        ("faisabilité manquante", [{"id": "idee-1", "texte": "Idée", "impact": 3}]),
        ("impact en texte", [idee(1, "Idée", "4", 3)]),
        ("identifiant en double", [idee(1, "A", 3, 3), idee(1, "B", 3, 3)]),
        ("même idée deux fois", [idee(1, "Une idée", 3, 3), idee(2, "  une IDÉE ", 2, 2)]),
    ]
    resultat = {"classements": [{"nom": n, "idees": i, "attendu": priorisation.prioriser(i)} for n, i in cas], "erreurs": [], "imports": []}
    for nom, idees in erreurs:
        try:
            priorisation.prioriser(idees)
        except priorisation.ErreurPriorisation as e:
            resultat["erreurs"].append({"nom": nom, "idees": idees, "message": str(e)})
        else:
            raise SystemExit(f"« {nom} » devrait échouer")
    for nom, contenu in [
        ("export valide", json.dumps({"format": "atelier.priorisation", "version": 1, "idees": priorisation.exemple()[:2]})),
        ("tronqué", '{"format": "atelier.priorisation", "ide'),
        ("autre format", json.dumps({"format": "atelier.parcours", "version": 1})),
        ("version future", json.dumps({"format": "atelier.priorisation", "version": 2, "idees": []})),
        ("idée invalide dans le fichier", json.dumps({"format": "atelier.priorisation", "version": 1, "idees": [idee(1, "X", 0, 3)]})),
    ]:
        try:
            resultat["imports"].append({"nom": nom, "contenu": contenu, "idees": priorisation.importer(contenu)})
        except priorisation.ErreurPriorisation as e:
            resultat["imports"].append({"nom": nom, "contenu": contenu, "message": str(e)})
    return resultat


def vecteurs_obligations() -> dict:
    """Obligations légales (seuils aux bornes), erreurs de saisie, durées légales et
    calendrier (fériés, Alsace-Moselle, vacances A/B/C, période de l'art. L52-1)."""
    from atelier import calendrier as cal
    from atelier import obligations as obl

    commune = lambda pop, **k: {"type": "commune", "population": pop, **k}
    epci = lambda pop: {"type": "epci", "population": pop}
    cas = [
        ("commune de 19 999 habitants : pas de conseils de quartier", commune(19999), "autre"),
        ("commune de 20 000 habitants : conseils de quartier possibles", commune(20000), "autre"),
        ("commune de 79 999 habitants : conseils de quartier encore facultatifs", commune(79999), "autre"),
        ("commune de 80 000 habitants : conseils de quartier obligatoires", commune(80000), "autre"),
        ("commune de 10 000 habitants : pas de CCSPL obligatoire (« plus de 10 000 »)", commune(10000), "service-public-local"),
        ("commune de 10 001 habitants : CCSPL obligatoire", commune(10001), "service-public-local"),
        ("EPCI de 19 999 habitants", epci(19999), "projet-de-territoire"),
        ("EPCI de 20 000 habitants, service public : CCSPL possible", epci(20000), "service-public-local"),
        ("EPCI de 50 000 habitants, service public : CCSPL encore facultative", epci(50000), "service-public-local"),
        ("EPCI de 50 000 habitants : conseil de développement encore facultatif (« plus de 50 000 »)", epci(50000), "projet-de-territoire"),
        ("EPCI de 50 001 habitants : conseil de développement obligatoire", epci(50001), "projet-de-territoire"),
        ("EPCI de 50 001 habitants, service public : CCSPL obligatoire", epci(50001), "service-public-local"),
        ("département, projet soumis à évaluation environnementale", {"type": "departement", "population": 650000}, "projet-evaluation-environnementale"),
        ("région, budget participatif", {"type": "region", "population": 5000000}, "budget-participatif"),
        ("commune fictive de l'exemple (Vaudrenac), aménagement d'un espace public", commune(12400, nom="Vaudrenac (commune fictive)", zone_scolaire="B", alsace_moselle=False), "amenagement-espace-public"),
        ("population écrite en texte avec espace insécable", commune("80\u00a0000"), "autre"),
        ("type de projet vide : « autre »", commune(3000), ""),
    ]
    erreurs = [
        ("pas un objet", [1, 2], "autre"),
        ("type manquant", {"population": 1000}, "autre"),
        ("type inconnu", {"type": "ville", "population": 1000}, "autre"),
        ("type qui n'est pas un texte", {"type": 3, "population": 1000}, "autre"),
        ("population manquante", {"type": "commune"}, "autre"),
        ("population vide", commune("  "), "autre"),
        ("population nulle", commune(0), "autre"),
        ("population négative", commune(-3), "autre"),
        ("population négative en texte", commune("-3"), "autre"),
        ("population en lettres", commune("beaucoup"), "autre"),
        ("population décimale", commune(12.5), "autre"),
        ("population décimale en texte", commune("12,5"), "autre"),
        ("population booléenne", commune(True), "autre"),
        ("population en liste", commune([12]), "autre"),
        ("zone inconnue", commune(1000, zone_scolaire="D"), "autre"),
        ("zone vide", commune(1000, zone_scolaire=""), "autre"),
        ("Alsace-Moselle en texte", commune(1000, alsace_moselle="oui"), "autre"),
        ("type de projet inconnu", commune(1000), "stade"),
    ]
    resultat = {"obligations": [], "erreurs": [], "durees_legales": [], "durees": [], "feries": [], "vacances": [], "periodes": [], "verifie": [], "erreurs_calendrier": []}
    for nom, c, t in cas:
        resultat["obligations"].append({"nom": nom, "collectivite": c, "type_projet": t, "attendu": [o.comme_dict() for o in obl.obligations_applicables(c, t)]})
    for nom, c, t in erreurs:
        try:
            obl.obligations_applicables(c, t)
        except ValueError as e:
            resultat["erreurs"].append({"nom": nom, "collectivite": c, "type_projet": t, "message": str(e)})
        else:
            raise SystemExit(f"« {nom} » devrait échouer")
    for t in [None, "projet-evaluation-environnementale", "autre"]:
        resultat["durees_legales"].append({"type_projet": t, "attendu": obl.durees_legales(t)})
    for nom, d, debut, fin, t in [
        ("enquête publique de 29 jours (évaluation environnementale) : trop courte", "enquete-publique", "2027-01-01", "2027-01-29", "projet-evaluation-environnementale"),
        ("enquête publique de 30 jours, dates incluses : conforme", "enquete-publique", "2027-01-01", "2027-01-30", "projet-evaluation-environnementale"),
        ("enquête publique de 15 jours sans évaluation environnementale : conforme", "enquete-publique", "2027-03-01", "2027-03-15", "autre"),
        ("enquête publique de 14 jours sans évaluation environnementale : trop courte", "enquete-publique", "2027-03-01", "2027-03-14", "autre"),
        ("débat public de quatre mois exactement : conforme", "debat-public", "2027-01-31", "2027-05-30", None),
        ("débat public d'un jour de plus : prolongation nécessaire", "debat-public", "2027-01-31", "2027-05-31", None),
        ("débat public de six mois exactement : dans la prolongation", "debat-public", "2027-01-31", "2027-07-30", None),
        ("débat public au-delà de six mois : trop long", "debat-public", "2027-01-31", "2027-07-31", None),
        ("débat public commencé un 31 octobre : fin de février bissextile", "debat-public", "2027-10-31", "2028-02-29", None),
        ("dispositif sans durée légale", "balade-urbaine", "2027-01-01", "2027-12-31", None),
    ]:
        resultat["durees"].append({"nom": nom, "dispositif": d, "debut": debut, "fin": fin, "type_projet": t, "attendu": obl.ecart_duree_legale(d, debut, fin, t)})
    for nom, d, debut, fin in [("date impossible", "enquete-publique", "2027-02-30", "2027-03-30"), ("date au format français", "enquete-publique", "01/02/2027", "2027-03-30")]:
        try:
            obl.ecart_duree_legale(d, debut, fin)
        except ValueError as e:
            resultat["erreurs_calendrier"].append({"nom": nom, "fonction": "ecartDureeLegale", "args": [d, debut, fin, None], "message": str(e)})
    verifie = lambda iso: cal.calendrier_verifie(iso)
    for nom, iso, am in [
        ("veille du 8 mai", "2027-05-07", False), ("8 mai", "2027-05-08", False),
        ("veille du 14 juillet", "2026-07-13", False), ("14 juillet", "2026-07-14", False),
        ("lundi de Pentecôte", "2027-05-17", False), ("24 décembre", "2027-12-24", False), ("Noël", "2027-12-25", False),
        ("26 décembre hors Alsace-Moselle", "2027-12-26", False), ("26 décembre en Alsace-Moselle", "2027-12-26", True),
        ("Vendredi saint hors Alsace-Moselle", "2027-03-26", False), ("Vendredi saint en Alsace-Moselle", "2027-03-26", True),
        ("Vendredi saint 2026 en Alsace-Moselle", "2026-04-03", True), ("Vendredi saint 2029 en Alsace-Moselle", "2029-03-30", True),
        ("jour ordinaire en Alsace-Moselle", "2028-06-06", True), ("1er janvier 2026 (début de plage)", "2026-01-01", False),
        ("31 décembre 2029 (fin de plage)", "2029-12-31", False),
        ("hors plage : 1er janvier 2030", "2030-01-01", False), ("hors plage : Noël 2025", "2025-12-25", True),
    ]:
        dans = verifie(iso)["feries"]
        resultat["feries"].append({"nom": nom, "date": iso, "alsace_moselle": am, "dans_plage": dans, "attendu": cal.jour_ferie(iso, am) if dans else cal.NON_VERIFIE})
    for nom, iso, zone in [
        ("hiver 2027, zone C en vacances dès le 6 février", "2027-02-08", "C"), ("hiver 2027, zone A pas encore", "2027-02-08", "A"),
        ("hiver 2027, zone B pas encore", "2027-02-08", "B"), ("veille des vacances d'hiver de la zone A", "2027-02-12", "A"),
        ("premier jour des vacances d'hiver de la zone A", "2027-02-13", "A"), ("dernier jour des vacances d'hiver de la zone B", "2027-03-07", "B"),
        ("lendemain des vacances d'hiver de la zone B", "2027-03-08", "B"), ("Noël 2026, zone A", "2026-12-19", "A"),
        ("pont de l'Ascension 2027, zone C", "2027-05-07", "C"), ("printemps 2028, zone B", "2028-04-10", "B"),
        ("printemps 2028, zone A", "2028-04-10", "A"), ("dernier jour connu (été 2028)", "2028-08-31", "A"),
        ("après le dernier jour connu : non vérifié", "2028-09-01", "A"), ("hiver 2029 : non vérifié", "2029-02-15", "C"),
        ("hors plage : non vérifié", "2030-02-15", "B"),
    ]:
        attendu = cal.vacances_scolaires(iso, zone) if verifie(iso)["feries"] else cal.NON_VERIFIE
        resultat["vacances"].append({"nom": nom, "date": iso, "zone": zone, "attendu": attendu})
    for nom, iso, t in [
        ("veille de la période de la présidentielle", "2026-09-30", "commune"),
        ("premier jour de la période de la présidentielle (1er octobre 2026)", "2026-10-01", "commune"),
        ("présidentielle, intercommunalité", "2027-01-15", "epci"),
        ("dernier jour possible du second tour de la présidentielle", "2027-05-02", "region"),
        ("lendemain de la présidentielle", "2027-05-03", "departement"),
        ("veille de la période des départementales et régionales", "2027-08-31", "departement"),
        ("premier jour de la période des départementales et régionales, département", "2027-09-01", "departement"),
        ("départementales et régionales, commune : si un ou une élue de la majorité est candidate", "2027-09-01", "commune"),
        ("départementales et régionales, intercommunalité", "2028-03-31", "epci"),
        ("après les départementales et régionales", "2028-04-01", "region"),
        ("premier jour possible de la période des législatives", "2028-10-01", "epci"),
        ("municipales 2032, commune", "2031-09-01", "commune"),
        ("municipales 2032, département non concerné", "2031-09-01", "departement"),
    ]:
        resultat["periodes"].append({"nom": nom, "date": iso, "type": t, "attendu": cal.periode_preelectorale(iso, t)})
    for iso in ["2025-12-31", "2026-01-01", "2028-08-31", "2028-09-01", "2029-12-31", "2030-01-01"]:
        resultat["verifie"].append({"date": iso, "attendu": cal.calendrier_verifie(iso)})
    for nom, fonction, args, appel in [
        ("jour férié, date impossible", "jourFerie", ["2027-13-01", False], lambda: cal.jour_ferie("2027-13-01")),
        ("jour férié, date vide", "jourFerie", ["", False], lambda: cal.jour_ferie("")),
        ("vacances, zone inconnue", "vacancesScolaires", ["2027-02-08", "D"], lambda: cal.vacances_scolaires("2027-02-08", "D")),
        ("vacances, zone en minuscule", "vacancesScolaires", ["2027-02-08", "a"], lambda: cal.vacances_scolaires("2027-02-08", "a")),
        ("période, type inconnu", "periodePreelectorale", ["2027-01-15", "ville"], lambda: cal.periode_preelectorale("2027-01-15", "ville")),
    ]:
        try:
            appel()
        except ValueError as e:
            resultat["erreurs_calendrier"].append({"nom": nom, "fonction": fonction, "args": args, "message": str(e)})
        else:
            raise SystemExit(f"« {nom} » devrait échouer")
    return resultat



# Plans d'essai de la feuille de route (vecteurs et tests/test_feuille_de_route.py).
def action_d_essai(i, phase, intitule, dispositif, debut, fin=None, niveau="consulter", publics=("habitants",), budget=0, temps_public=True, retour=False, **autres):
    a = {"id": i, "phase": phase, "intitule": intitule, "dispositif": dispositif, "debut": debut, "fin": debut if fin is None else fin,
         "responsable": "Adjointe à la participation", "budget": budget, "publics": list(publics), "niveau_iap2": niveau,
         "indicateur": "Nombre de participants", "temps_public": temps_public, "retour_participants": retour}
    a.update(autres)
    return a

def plan_d_essai() -> dict:
    """Plan sans alerte autre que les informations (niveaux IAP2, budget) : mai-juin 2027, hors période préélectorale."""
    return {
        "format": "atelier-feuille-de-route", "version": 1,
        "collectivite": {"nom": "Commune d'essai (fictive)", "type": "commune", "population": 8000, "zone_scolaire": "B", "alsace_moselle": False},
        "projet": {"intitule": "Nouveau parc", "type": "amenagement-espace-public", "objectif": "Un parc pour tous", "non_negociable": "Le budget"},
        "phases": [
            {"id": "p1", "nom": "Diagnostic partagé", "debut": "2027-05-10", "fin": "2027-05-31"},
            {"id": "p2", "nom": "Co-construction", "debut": "2027-06-01", "fin": "2027-06-30"},
        ],
        "actions": [
            action_d_essai("a1", "p1", "Balade urbaine", "balade-urbaine", "2027-05-22", budget=500, publics=["habitants", "jeunes", "personnes-agees", "quartiers-prioritaires"]),
            action_d_essai("a2", "p2", "Atelier de co-construction", "atelier-de-concertation", "2027-06-12", niveau="collaborer", budget=1200,
                   publics=["eloignes-numerique", "handicap", "familles-monoparentales", "etrangers-non-electeurs"]),
            action_d_essai("a3", "p2", "Réunion de restitution", "reunion-publique", "2027-06-26", niveau="informer", retour=True),
        ],
    }


def vecteurs_feuille_de_route() -> dict:
    """Feuille de route (A2) : vérifications, synthèses, exports, erreurs et imports,
    avec le contexte que le navigateur reçoit (``contexte_navigateur()``)."""
    import copy
    from datetime import datetime, timezone

    from atelier import feuille_de_route as fdr

    horodatage = "2026-12-02T10:00:00Z"
    action, base = action_d_essai, plan_d_essai


    def variante(nom, modifier):
        plan = base()
        modifier(plan)
        return nom, plan

    def regler(chemin, valeur):
        def faire(plan):
            cible = plan
            for cle in chemin[:-1]:
                cible = cible[cle]
            cible[chemin[-1]] = valeur
        return faire

    def plusieurs(*modifs):
        def faire(plan):
            for m in modifs:
                m(plan)
        return faire

    def ajouter(*actions):
        return lambda plan: plan["actions"].extend(actions)

    injection = "<script>alert('x')</script> <img src=x onerror=alert(1)> *gras* _souligné_ [lien](http://x) | # titre & « guillemets » \"citation\""
    texte_long = "Atelier « habiter la place » : écoute, dessins, maquettes, votes ; compte rendu publié — 🌳 arbres et bancs \\ fin, suite; encore\\N"

    verifications = [
        ("plan de base : seulement les informations", base()),
        ("exemple du cours", fdr.FeuilleDeRoute.exemple().comme_dict()),
        variante("plan-vide : des phases, aucune action", regler(["actions"], [])),
        variante("plan-vide : ni phase ni action", plusieurs(regler(["actions"], []), regler(["phases"], []))),
        variante("type-projet-inconnu", regler(["projet", "type"], "zoo-municipal")),
        variante("dates-incoherentes : une phase et une action finissent avant de commencer", plusieurs(
            lambda p: p["phases"][1].update(debut="2027-06-30", fin="2027-06-01"),
            lambda p: p["actions"][0].update(debut="2027-05-22", fin="2027-05-20"))),
        variante("phases-ordre : la deuxième phase commence avant la première", lambda p: p["phases"].reverse()),
        variante("phases-chevauchement sur plusieurs jours", lambda p: p["phases"][0].update(fin="2027-06-05")),
        variante("phases-chevauchement d'un seul jour", lambda p: p["phases"][0].update(fin="2027-06-01")),
        variante("phase-inconnue : phase absente et phase vide", plusieurs(lambda p: p["actions"][0].update(phase="p9"), lambda p: p["actions"][1].update(phase=""))),
        variante("action-hors-phase", lambda p: p["actions"][0].update(debut="2027-06-02", fin="2027-06-02")),
        variante("dispositif-inconnu", lambda p: p["actions"][0].update(dispositif="tirage-de-cartes")),
        variante("public-inconnu : un puis deux publics", plusieurs(
            lambda p: p["actions"][0]["publics"].append("martiens"), lambda p: p["actions"][1]["publics"].extend(["x", "y"]))),
        variante("duree-legale : enquête publique trop courte, débat public prolongé ou trop long", plusieurs(
            regler(["projet", "type"], "projet-evaluation-environnementale"),
            regler(["phases", 1, "fin"], "2027-12-31"),
            ajouter(action("a4", "p2", "Enquête publique", "enquete-publique", "2027-06-01", "2027-06-20", temps_public=False),
                    action("a5", "p2", "Débat public prolongé", "debat-public", "2027-06-01", "2027-10-15", temps_public=False),
                    action("a6", "p2", "Débat public trop long", "debat-public", "2027-06-01", "2027-12-31", temps_public=False),
                    action("a7", "p2", "Débat public de quatre mois", "debat-public", "2027-06-01", "2027-09-30", temps_public=False)))),
        variante("duree-legale : enquête publique de 15 jours hors évaluation environnementale (conforme)",
                 ajouter(action("a4", "p2", "Enquête publique", "enquete-publique", "2027-06-01", "2027-06-15", temps_public=False))),
        variante("retour-manquant : plus de restitution", lambda p: p["actions"][2].update(retour_participants=False)),
        variante("retour-manquant : restitution avant la fin de l'action", lambda p: p["actions"][2].update(debut="2027-06-05", fin="2027-06-05")),
        variante("retour-manquant : action non datée couverte par un retour", ajouter(action("a4", "p2", "Questionnaire", "consultation-en-ligne", "", "", temps_public=False))),
        variante("retour-manquant : action non datée sans aucun retour", plusieurs(
            lambda p: p["actions"][2].update(retour_participants=False),
            ajouter(action("a4", "p2", "Questionnaire", "consultation-en-ligne", "", "", temps_public=False)))),
        variante("jour-ferie : lundi de Pentecôte, et plusieurs jours fériés dans une action de plusieurs jours", plusieurs(
            regler(["phases", 0, "debut"], "2027-05-01"),
            lambda p: p["actions"][0].update(debut="2027-05-17", fin="2027-05-17"),
            ajouter(action("a4", "p1", "Exposition en plein air", "", "2027-05-01", "2027-05-31", niveau="informer", retour=True)))),
        variante("jour-ferie : la date n'est pas un temps public", lambda p: p["actions"][0].update(debut="2027-05-17", fin="2027-05-17", temps_public=False)),
        variante("jour-ferie en Alsace-Moselle (26 décembre)", plusieurs(
            regler(["collectivite", "alsace_moselle"], True), regler(["phases", 1, "fin"], "2027-12-31"),
            lambda p: p["actions"][2].update(debut="2027-12-26", fin="2027-12-26"))),
        variante("vacances-scolaires : pendant et en partie pendant", plusieurs(
            regler(["phases", 1, "fin"], "2027-07-10"),
            lambda p: p["actions"][1].update(debut="2027-07-03", fin="2027-07-03"),
            lambda p: p["actions"][2].update(debut="2027-06-30", fin="2027-07-05"))),
        variante("vacances-scolaires : zone A", plusieurs(regler(["collectivite", "zone_scolaire"], "A"), lambda p: p["actions"][0].update(debut="2027-05-08", fin="2027-05-08"))),
        variante("periode-preelectorale : une seule action (présidentielle)", plusieurs(
            regler(["phases", 0, "debut"], "2027-04-01"), lambda p: p["actions"][0].update(debut="2027-04-20", fin="2027-04-20"))),
        variante("periode-preelectorale : plusieurs actions, département directement concerné", plusieurs(
            regler(["collectivite", "type"], "departement"),
            lambda p: p["phases"][1].update(fin="2027-10-31"),
            lambda p: p["actions"][1].update(debut="2027-09-20", fin="2027-09-20"),
            lambda p: p["actions"][2].update(debut="2027-10-02", fin="2027-10-02"))),
        variante("periode-preelectorale : étape interne non concernée", plusieurs(
            regler(["phases", 1, "fin"], "2027-10-31"),
            ajouter(action("a4", "p2", "Délibération", "", "2027-10-14", niveau="", temps_public=False, publics=["elus"])))),
        variante("calendrier-non-verifie : hors des années couvertes et vacances inconnues", plusieurs(
            regler(["phases", 1, "fin"], "2031-12-31"),
            ajouter(action("a4", "p2", "Bilan", "reunion-publique", "2031-03-03", niveau="informer", retour=True),
                    action("a5", "p2", "Marche", "marche-exploratoire", "2028-09-12")))),
        variante("publics-oublies : aucun public éloigné", plusieurs(
            lambda p: p["actions"][0].update(publics=["habitants"]), lambda p: p["actions"][1].update(publics=["commercants", "associations"]))),
        variante("publics-oublies : deux publics éloignés oubliés", lambda p: p["actions"][1].update(publics=["eloignes-numerique", "handicap"])),
        variante("niveaux-iap2 : les cinq niveaux", ajouter(
            action("a4", "p2", "Comité", "comite-consultatif", "2027-06-14", niveau="impliquer", temps_public=False),
            action("a5", "p2", "Budget participatif", "budget-participatif", "2027-06-15", niveau="habiliter", temps_public=False))),
        variante("niveaux-iap2 : seulement des étapes internes", lambda p: [a.update(niveau_iap2="", dispositif="") for a in p["actions"]]),
        variante("budget-total : aucun budget nul", lambda p: p["actions"][2].update(budget=150)),
        variante("noms vides : « n° 2 » dans les messages", plusieurs(
            lambda p: p["phases"][1].update(nom=""), lambda p: p["actions"][1].update(intitule="", phase="p1"))),
        variante("une seule date : l'action dure ce jour-là", lambda p: p["actions"][0].update(debut="", fin="2027-05-17")),
        variante("identifiants piégeux pour un objet JavaScript (__proto__, constructor)", plusieurs(
            lambda p: p["phases"][0].update(id="__proto__"), lambda p: p["phases"][1].update(id="constructor"),
            lambda p: p["actions"][0].update(id="toString", phase="__proto__", publics=["__proto__", "jeunes"], dispositif="constructor"),
            lambda p: p["actions"][1].update(id="hasOwnProperty", phase="constructor"),
            lambda p: p["actions"][2].update(id="valueOf", phase="toString"),
            regler(["projet", "type"], "__proto__"))),
    ]
    exports = [
        ("plan de base", base()),
        ("exemple du cours", fdr.FeuilleDeRoute.exemple().comme_dict()),
        ("plan vide", plusieurs(regler(["actions"], []), regler(["phases"], []))(base()) or None),
        variante("texte saisi avec du HTML et du Markdown partout", plusieurs(
            regler(["collectivite", "nom"], injection), regler(["projet", "intitule"], injection), regler(["projet", "objectif"], injection + "\nligne 2"),
            regler(["projet", "non_negociable"], "=SOMME(A1:A3)"), lambda p: p["phases"][0].update(nom=injection),
            lambda p: p["actions"][0].update(intitule=injection, responsable="-Mme X; \"cheffe\"", indicateur="@compte\r\nligne"),
            lambda p: p["actions"][1].update(intitule=texte_long, indicateur=texte_long * 2, responsable="+33 1 23 45 67 89"))),
        variante("actions non datées, sans phase, sans dispositif, publics inconnus", plusieurs(
            ajouter(action("a4", "", "Action à classer", "", "", "", niveau="", publics=["martiens"], temps_public=False),
                    action("a5", "p1", "Questionnaire à dater", "consultation-en-ligne", "", "", temps_public=False),
                    action("a6", "p9", "Action d'une phase supprimée", "tirage-de-cartes", "2027-06-03", "2027-06-01")),
            lambda p: p["phases"].append({"id": "p3", "nom": "", "debut": "", "fin": ""}))),
        variante("Alsace-Moselle, intercommunalité, type de projet inconnu", plusieurs(
            regler(["collectivite", "alsace_moselle"], True), regler(["collectivite", "type"], "epci"), regler(["projet", "type"], "zoo"), regler(["projet", "intitule"], ""))),
    ]
    exports = [(n, p if p is not None else {**base(), "phases": [], "actions": []}) for n, p in exports]
    erreurs = []

    def erreur(nom, modifier=None, objet=None):
        if objet is None:
            objet = base()
            modifier(objet)
        erreurs.append((nom, objet))

    erreur("pas un objet", objet=[1, 2, 3])
    erreur("format inconnu", regler(["format"], "atelier.priorisation"))
    erreur("format absent", lambda p: p.pop("format"))
    erreur("version future", regler(["version"], 2))
    erreur("version 0", regler(["version"], 0))
    erreur("version en texte", regler(["version"], "1"))
    erreur("version décimale", regler(["version"], 1.5))
    erreur("version absente", lambda p: p.pop("version"))
    erreur("collectivité absente", lambda p: p.pop("collectivite"))
    erreur("type de collectivité inconnu", regler(["collectivite", "type"], "canton"))
    erreur("population nulle", regler(["collectivite", "population"], 0))
    erreur("population négative", regler(["collectivite", "population"], -5))
    erreur("population en texte", regler(["collectivite", "population"], "12 400"))
    erreur("population décimale", regler(["collectivite", "population"], 2.5))
    erreur("population trop grande", regler(["collectivite", "population"], 200000000))
    erreur("population démesurée", regler(["collectivite", "population"], 1e20))
    erreur("population absente", lambda p: p["collectivite"].pop("population"))
    erreur("zone inconnue", regler(["collectivite", "zone_scolaire"], "D"))
    erreur("Alsace-Moselle en texte", regler(["collectivite", "alsace_moselle"], "oui"))
    erreur("nom de collectivité qui n'est pas du texte", regler(["collectivite", "nom"], 12))
    erreur("projet absent", lambda p: p.pop("projet"))
    erreur("type de projet vide", regler(["projet", "type"], ""))
    erreur("objectif qui n'est pas du texte", regler(["projet", "objectif"], ["a"]))
    erreur("phases qui ne sont pas une liste", regler(["phases"], {"p1": {}}))
    erreur("phase qui n'est pas un objet", lambda p: p["phases"].append("p3"))
    erreur("phase sans identifiant", lambda p: p["phases"][1].pop("id"))
    erreur("date inexistante (30 février)", lambda p: p["phases"][0].update(debut="2027-02-30"))
    erreur("date au format français", lambda p: p["actions"][0].update(fin="15/03/2027"))
    erreur("date en nombre", lambda p: p["actions"][0].update(debut=20270315))
    erreur("date très longue", lambda p: p["actions"][0].update(debut="x" * 80))
    erreur("budget négatif", lambda p: p["actions"][0].update(budget=-200))
    erreur("budget négatif d'une action sans intitulé", lambda p: p["actions"][1].update(budget=-1500, intitule=""))
    erreur("budget en texte", lambda p: p["actions"][0].update(budget="800 €"))
    erreur("budget décimal", lambda p: p["actions"][0].update(budget=12.5))
    erreur("budget booléen", lambda p: p["actions"][0].update(budget=True))
    erreur("budget trop grand", lambda p: p["actions"][0].update(budget=5_000_000_000_000))
    erreur("publics en texte", lambda p: p["actions"][0].update(publics="habitants"))
    erreur("niveau IAP2 inconnu", lambda p: p["actions"][0].update(niveau_iap2="participer"))
    erreur("identifiant en double (phase et action)", lambda p: p["actions"][0].update(id="p1"))
    erreur("identifiant d'action vide", lambda p: p["actions"][2].update(id="  "))
    erreur("temps public en texte", lambda p: p["actions"][0].update(temps_public="oui"))
    erreur("retour null", lambda p: p["actions"][0].update(retour_participants=None))
    erreur("intitulé qui n'est pas du texte", lambda p: p["actions"][0].update(intitule=12))
    erreur("action qui n'est pas un objet", lambda p: p["actions"].insert(0, None))
    valides = [
        ("champs facultatifs absents (valeurs par défaut)", {**base(), "actions": [{"id": "a1", "phase": "p1", "intitule": "Balade"}],
                                                             "collectivite": {"type": "epci", "population": 60000.0, "zone_scolaire": "C"},
                                                             "projet": {"type": "autre"}}),
        ("valeurs nulles et publics en double", plusieurs(lambda p: p["actions"][0].update(budget=None, niveau_iap2=None, publics=["jeunes", "jeunes", "habitants"], responsable=None, debut=None)), ),
    ]
    valides = [(n, p if isinstance(p, dict) else (lambda b: (p(b), b)[1])(base())) for n, p in valides]

    resultat = {"contexte": fdr.contexte_navigateur(), "horodatage": horodatage, "verifications": [], "exports": [], "validations": [], "imports": []}
    for nom, plan in verifications:
        f = fdr.FeuilleDeRoute.depuis_dict(plan)
        resultat["verifications"].append({"nom": nom, "plan": plan, "alertes": [a.comme_dict() for a in f.verifier()], "synthese": f.synthese()})
    moment = datetime(2026, 12, 2, 10, 0, 0, tzinfo=timezone.utc)
    for nom, plan in exports:
        f = fdr.FeuilleDeRoute.depuis_dict(plan)
        resultat["exports"].append({"nom": nom, "plan": plan, "csv": f.vers_csv(), "markdown": f.vers_markdown(), "html": f.vers_html(), "ics": f.vers_ics(moment), "json": f.vers_json()})
    for nom, objet in erreurs:
        try:
            fdr.valider_plan(copy.deepcopy(objet))
        except ValueError as e:
            resultat["validations"].append({"nom": nom, "objet": objet, "message": str(e)})
        else:
            raise SystemExit(f"« {nom} » devrait être refusé")
    for nom, objet in valides:
        resultat["validations"].append({"nom": nom, "objet": objet, "plan": fdr.valider_plan(copy.deepcopy(objet))})
    exemple = fdr.FeuilleDeRoute.depuis_dict(base()).vers_json()
    for nom, texte in [
        ("export valide (exemple du cours)", fdr.FeuilleDeRoute.exemple().vers_json()),
        ("export avec BOM", "\ufeff" + exemple),
        ("JSON tronqué", exemple[: len(exemple) // 2]),
        ("fichier vide", ""),
        ("NaN n'est pas du JSON", '{"format": "atelier-feuille-de-route", "version": NaN}'),
        ("pas un objet", "[1, 2]"),
        ("autre format", json.dumps({"format": "atelier.priorisation", "version": 1, "idees": []})),
        ("version future", exemple.replace('"version": 1', '"version": 7', 1)),
        ("budget négatif dans le fichier", exemple.replace('"budget": 500', '"budget": -500', 1)),
    ]:
        try:
            resultat["imports"].append({"nom": nom, "texte": texte, "plan": fdr.lire_plan(texte)})
        except ValueError as e:
            resultat["imports"].append({"nom": nom, "texte": texte, "message": str(e)})
    return resultat


def vecteurs_questionnaires() -> dict:
    """Questionnaires (positionnement, évaluation) : validation des réponses, état,
    export JSON, import et export CSV. Les questionnaires déployés sont joints aux
    vecteurs (le test Python vérifie qu'ils sont à jour)."""
    from atelier import questionnaires as qs

    niveaux = lambda prefixe, v: {f"{prefixe}.{o['id']}": v for o in qs.charger("positionnement")["sections"][-1]["questions"][0]["lignes"]}
    complet = {"pseudo": "Camille", "mandat": "adjoint", "premier_mandat": "oui", "delegation": "Vie des quartiers", "type_collectivite": "commune", "taille": "2000-9999", "qpv": "non",
               "dispositifs": ["reunion-publique", "budget-participatif"], "animation": "une-fois", "attentes": ["regles", "instances"], "situation": "Un conseil de quartier à relancer.", **niveaux("niveau", 2)}
    minimal = {"mandat": "maire", "type_collectivite": "epci", "taille": "80000-plus", "animation": "jamais", "attentes": ["numerique"], **niveaux("niveau", 4)}
    evaluation = {"satisfaction_contenu.programme": 4, "satisfaction_animation.rythme": 2, "recommandation": "peut-etre", "niveau_avant.j2-confiance": 1, "niveau_apres.j2-confiance": 3, "apprecie": "Les études de cas ; les échanges."}
    valides = [
        ("aucune réponse", "positionnement", {}),
        ("réponses complètes", "positionnement", complet),
        ("textes : espaces retirés, texte vide = pas de réponse", "positionnement", {"pseudo": "  Anne  ", "delegation": "   "}),
        ("choix multiple remis dans l'ordre des options, sans doublon", "positionnement", {"attentes": ["regles", "innover", "regles"]}),
        ("choix unique vide, liste vide et null : pas de réponse", "positionnement", {"mandat": "", "dispositifs": [], "qpv": None}),
        ("option exclusive cochée seule", "positionnement", {"dispositifs": ["aucun"]}),
        ("niveau écrit 3.0 : lu comme 3", "positionnement", {"niveau.j1-innovation": 3.0}),
        ("texte de 200 caractères exactement", "positionnement", {"pseudo": "é" * 200}),
        ("texte qui contient des balises : gardé tel quel", "positionnement", {"situation": "<img src=x onerror=alert(1)> et <script>alert(2)</script>"}),
        ("évaluation : satisfaction, niveaux avant et après, commentaire", "evaluation", evaluation),
    ]
    erreurs = [
        ("champ inconnu", "positionnement", {"xyz": 1}),
        ("grille sans ligne", "positionnement", {"niveau": 3}),
        ("option inconnue", "positionnement", {"mandat": "roi"}),
        ("choix unique qui n'est pas un texte", "positionnement", {"mandat": 3}),
        ("choix multiple qui n'est pas une liste", "positionnement", {"attentes": "innover"}),
        ("choix multiple avec une option inconnue", "positionnement", {"attentes": ["innover", "autre"]}),
        ("option exclusive avec une autre", "positionnement", {"dispositifs": ["plateforme", "aucun"]}),
        ("trop de choix", "positionnement", {"attentes": ["innover", "regles", "conduire", "numerique"]}),
        ("niveau 0", "positionnement", {"niveau.j1-innovation": 0}),
        ("niveau 5", "positionnement", {"niveau.j1-innovation": 5}),
        ("niveau décimal", "positionnement", {"niveau.j1-innovation": 2.5}),
        ("niveau écrit en texte", "positionnement", {"niveau.j1-innovation": "3"}),
        ("niveau booléen", "positionnement", {"niveau.j1-innovation": True}),
        ("texte trop long (201 caractères)", "positionnement", {"pseudo": "a" * 201}),
        ("texte qui n'est pas une chaîne", "positionnement", {"pseudo": 12}),
        ("réponses qui ne sont pas un objet (liste)", "positionnement", []),
        ("réponses nulles", "positionnement", None),
        ("évaluation : accord hors échelle", "evaluation", {"satisfaction_organisation.duree": 7}),
    ]
    resultat = {"questionnaires": {n: qs.charger(n) for n in qs.QUESTIONNAIRES}, "validations": [], "erreurs": [], "etats": [], "exports": [], "imports": [], "csv": []}
    for nom, q, r in valides:
        resultat["validations"].append({"nom": nom, "questionnaire": q, "reponses": r, "attendu": qs.valider(q, r)})
    for nom, q, r in erreurs:
        try:
            qs.valider(q, r)
        except qs.ErreurQuestionnaire as e:
            resultat["erreurs"].append({"nom": nom, "questionnaire": q, "reponses": r, "message": str(e)})
        else:
            raise SystemExit(f"« {nom} » devrait échouer")
    for nom, q, r in [("vide", "positionnement", {}), ("une réponse", "positionnement", {"mandat": "maire"}), ("réponses facultatives seulement", "positionnement", {"pseudo": "Lou", "qpv": "oui"}),
                      ("obligatoires complètes", "positionnement", minimal), ("tout rempli", "positionnement", complet), ("évaluation partielle", "evaluation", evaluation)]:
        resultat["etats"].append({"nom": nom, "questionnaire": q, "reponses": r, "attendu": qs.etat(q, r)})
    date = "2026-04-30T16:00:00+00:00"
    for nom, q, r in [("positionnement complet", "positionnement", complet), ("évaluation partielle", "evaluation", evaluation), ("vide", "positionnement", {})]:
        resultat["exports"].append({"nom": nom, "questionnaire": q, "reponses": r, "exporte_le": date, "attendu": json.loads(qs.exporter(q, r, exporte_le=date))})
    export = qs.exporter("positionnement", complet, exporte_le=date)
    autre = qs.exporter("evaluation", evaluation, exporte_le=date)
    base = {"format": qs.FORMAT, "version": qs.VERSION, "questionnaire": "positionnement", "exporte_le": date}
    for nom, q, contenu in [
        ("export valide", "positionnement", export),
        ("JSON tronqué", "positionnement", export[:120]),
        ("autre format", "positionnement", json.dumps({"format": "atelier.parcours", "version": 1, "entrees": []})),
        ("version future", "positionnement", json.dumps({**base, "version": 2, "reponses": {}})),
        ("export d'un autre questionnaire", "positionnement", autre),
        ("questionnaire non précisé", "positionnement", json.dumps({"format": qs.FORMAT, "version": 1, "reponses": {}})),
        ("réponses qui ne sont pas un objet", "positionnement", json.dumps({**base, "reponses": [1, 2]})),
        ("réponse hors échelle dans le fichier", "positionnement", json.dumps({**base, "reponses": {"niveau.j3-numerique": 9}})),
        ("pas un objet", "positionnement", "[1, 2, 3]"),
    ]:
        try:
            resultat["imports"].append({"nom": nom, "questionnaire": q, "contenu": contenu, "reponses": qs.importer(q, contenu)})
        except qs.ErreurQuestionnaire as e:
            resultat["imports"].append({"nom": nom, "questionnaire": q, "contenu": contenu, "message": str(e)})
    for nom, q, r in [
        ("vide", "positionnement", {}),
        ("complet : libellés des options, niveaux en chiffres", "positionnement", complet),
        ("guillemets, point-virgule et retour à la ligne entre guillemets", "positionnement", {"situation": 'Le « conseil » ; dit "non"\net après', "pseudo": "Zoé"}),
        ("texte qui commence par = : précédé d'une apostrophe", "positionnement", {"delegation": "=SOMME(A1:A9)", "pseudo": "-1", "situation": "'=déjà protégé"}),
        ("apostrophes puis @ : une apostrophe de plus, retirée à la lecture", "positionnement", {"situation": "''@deux apostrophes"}),
        ("évaluation partielle", "evaluation", evaluation),
    ]:
        resultat["csv"].append({"nom": nom, "questionnaire": q, "reponses": r, "attendu": qs.vers_csv(q, r)})
    return resultat


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["feuille_de_route"]:  # seulement les vecteurs de la feuille de route
        ecrire("feuille_de_route.json", vecteurs_feuille_de_route())
    else:
        main()
