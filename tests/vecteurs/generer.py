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


if __name__ == "__main__":
    main()
