"""Régénère les vecteurs partagés Python/JavaScript à partir de la référence Python.

    .venv/bin/python tests/vecteurs/generer.py

À ne relancer que lorsque la règle de calcul change volontairement ; relisez alors
le différentiel (git diff) : les cas annotés « à la main » y sont vérifiables."""

import json
from pathlib import Path

from atelier import diagnostic

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
    cible = Path(__file__).with_name("diagnostic.json")
    cible.write_text(json.dumps(vecteurs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{cible} : {sum(len(v) for v in vecteurs.values())} vecteurs")


if __name__ == "__main__":
    main()
