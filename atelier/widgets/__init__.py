"""Les widgets du cours : une couche mince au-dessus de la logique métier.

Chaque widget est un widget anywidget dont le module JavaScript (``js/``) fait le
travail interactif : le même widget fonctionne en direct dans Jupyter (état
synchronisé avec les attributs Python) et sur le site statique (chargé par
``atelier-widgets/chargeur.js`` à partir de l'état intégré à la page).
"""

from __future__ import annotations

import json
from pathlib import Path

import anywidget
import pandas as pd
import traitlets

from .. import diagnostic
from .. import dispositifs as disp_
from .. import priorisation as prio_
from .. import exercices as ex_
from .. import questionnaires as qs_

ICI = Path(__file__).resolve().parent


def module_js(*noms: str) -> str:
    """Le module d'un widget : les outils communs suivis des fichiers du widget
    (``js/<nom>.js``, dans l'ordre donné : les fonctions pures d'abord, l'interface ensuite)."""
    return "\n".join((ICI / "js" / f"{nom}.js").read_text(encoding="utf-8") for nom in ("commun", *noms))


def _valider_trait(fonction, valeur):
    """Valide une valeur fixée depuis Python : l'erreur française devient une
    TraitError, et l'attribut garde sa valeur précédente."""
    try:
        return fonction(valeur)
    except ValueError as erreur:
        raise traitlets.TraitError(str(erreur)) from None


def feuille_css(nom: str) -> str:
    return (ICI / "css" / "commun.css").read_text(encoding="utf-8") + "\n" + (ICI / "css" / f"{nom}.css").read_text(encoding="utf-8")


class DiagnosticConfiance(anywidget.AnyWidget):
    """Le diagnostic de confiance (J2).

    >>> w = DiagnosticConfiance()
    >>> w.repondre("rea-1", 4)
    >>> w.resultats()  # DataFrame des scores par dimension

    Sur le site, les réponses restent dans le navigateur (stockage local) et
    s'exportent en fichier ; ici, ``sauvegarder`` et ``charger`` font de même."""

    _esm = module_js("diagnostic")
    _css = feuille_css("diagnostic")

    questionnaire = traitlets.Dict().tag(sync=True)
    reponses = traitlets.Dict().tag(sync=True)
    cle_stockage = traitlets.Unicode("diagnostic-confiance").tag(sync=True)

    def __init__(self, reponses: dict | None = None, **kwargs) -> None:
        super().__init__(questionnaire=diagnostic.vers_dict(), **kwargs)
        if reponses:
            self.reponses = reponses

    @traitlets.validate("reponses")
    def _valider(self, proposition):
        return _valider_trait(diagnostic.valider_reponses, proposition["value"])

    def repondre(self, identifiant: str, valeur: object) -> None:
        """Répond à une affirmation (1 à 5, ou le libellé de l'échelle) ; None efface."""
        nouvelles = dict(self.reponses)
        if valeur is None:
            nouvelles.pop(identifiant, None)
            diagnostic.questionnaire().affirmation(identifiant)
        else:
            nouvelles[identifiant] = valeur
        self.reponses = nouvelles

    def resultat(self) -> diagnostic.Resultat:
        return diagnostic.scorer(self.reponses)

    def resultats(self) -> pd.DataFrame:
        """Scores (0 à 100), niveau et nombre de réponses par dimension."""
        return self.resultat().tableau()

    def sauvegarder(self, chemin: str | Path) -> Path:
        """Écrit les réponses dans un fichier (le même format que l'export du site)."""
        chemin = Path(chemin)
        chemin.write_text(diagnostic.exporter(self.reponses), encoding="utf-8")
        return chemin

    def charger(self, chemin: str | Path) -> None:
        """Recharge des réponses exportées ; si le fichier est abîmé, les réponses
        actuelles sont conservées et l'erreur est expliquée."""
        self.reponses = diagnostic.importer(Path(chemin).read_bytes())

    def __repr__(self) -> str:
        r = self.resultat()
        return f"<DiagnosticConfiance : {r.repondues}/{r.total} affirmations répondues>"


class Exercice(anywidget.AnyWidget):
    """Un exercice noté (ou une réflexion) défini dans ``data/exercices/*.yaml``.

    Le navigateur corrige la réponse (sur le site comme dans Jupyter) et garde la
    progression dans le stockage local ; ``corriger()`` donne la même correction
    en Python."""

    _esm = module_js("exercice")
    _css = feuille_css("exercice")

    exercice = traitlets.Dict().tag(sync=True)
    reponse = traitlets.Any(None, allow_none=True).tag(sync=True)

    def __init__(self, identifiant: str, **kwargs) -> None:
        super().__init__(exercice=ex_.exercice(identifiant), **kwargs)

    def corriger(self, reponse: object = None) -> ex_.Correction:
        """Corrige ``reponse`` (par défaut, la réponse saisie dans le widget)."""
        return ex_.corriger(self.exercice, self.reponse if reponse is None else reponse)

    def __repr__(self) -> str:
        return f"<Exercice {self.exercice['id']} ({self.exercice['type']})>"


def exercice(identifiant: str) -> Exercice:
    """Affiche l'exercice ``identifiant`` (raccourci pour les pages et les carnets)."""
    return Exercice(identifiant)


class MonParcours(anywidget.AnyWidget):
    """La progression de la personne, lue dans le stockage local du navigateur."""

    _esm = module_js("parcours")
    _css = feuille_css("exercice")

    exercices = traitlets.List().tag(sync=True)

    def __init__(self, pages: dict[str, str] | None = None, **kwargs) -> None:
        pages = pages or {}
        liste = [
            {"id": e["id"], "titre": e["titre"], "jour": e["jour"], "type": e["type"], "page": pages.get(e["id"])}
            for e in ex_.exercices()
        ]
        super().__init__(exercices=liste, **kwargs)

    def __repr__(self) -> str:
        return f"<MonParcours : {len(self.exercices)} exercices>"


POIDS_PAR_DEFAUT = {"profondeur": 3, "inclusion": 3, "portee": 2, "sobriete": 2, "rapidite": 2, "cadrage_juridique": 1}


class GrilleDispositifs(anywidget.AnyWidget):
    """La grille comparative des dispositifs participatifs (J2, J3).

    Filtres, poids des critères, classement expliqué, comparaison de deux à
    quatre dispositifs ; ``classement()`` donne le même résultat en Python."""

    _esm = module_js("grille")
    _css = feuille_css("grille")

    catalogue = traitlets.Dict().tag(sync=True)
    poids = traitlets.Dict().tag(sync=True)
    poids_defaut = traitlets.Dict().tag(sync=True)
    filtres = traitlets.Dict().tag(sync=True)
    comparaison = traitlets.List().tag(sync=True)

    def __init__(self, poids: dict | None = None, filtres: dict | None = None, **kwargs) -> None:
        depart = dict(POIDS_PAR_DEFAUT, **(poids or {}))
        super().__init__(catalogue=disp_.catalogue(), poids=depart, poids_defaut=dict(POIDS_PAR_DEFAUT), filtres=dict(filtres or {}), **kwargs)

    def classement(self) -> disp_.Classement:
        return disp_.classer(self.poids, self.filtres)

    def resultats(self):
        """Le classement courant en tableau (rang, score, points par critère)."""
        return self.classement().tableau()

    def __repr__(self) -> str:
        return f"<GrilleDispositifs : {len(self.classement().resultats)} dispositifs classés>"


class MatricePriorisation(anywidget.AnyWidget):
    """La matrice de priorisation impact × faisabilité (J1).

    >>> m = MatricePriorisation()
    >>> m.ajouter("Permanence le samedi matin", impact=3, faisabilite=4)
    >>> m.resultats()  # rang, idée, impact, faisabilité, quadrant"""

    _esm = module_js("matrice")
    _css = feuille_css("matrice")

    idees = traitlets.List().tag(sync=True)
    cle_stockage = traitlets.Unicode("atelier").tag(sync=True)

    def __init__(self, idees: list[dict] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        if idees:
            self.idees = idees

    @classmethod
    def exemple(cls) -> "MatricePriorisation":
        """Une matrice préremplie avec les idées fictives d'un atelier (accueil des familles)."""
        return cls(idees=prio_.exemple(), cle_stockage="exemple")

    @traitlets.validate("idees")
    def _valider(self, proposition):
        return _valider_trait(prio_.valider_idees, proposition["value"])

    def ajouter(self, texte: str, impact: int, faisabilite: int) -> None:
        self.idees = [*self.idees, {"id": prio_.identifiant_libre(self.idees), "texte": texte, "impact": impact, "faisabilite": faisabilite}]

    def resultats(self):
        return prio_.tableau(self.idees)

    def vers_csv(self) -> str:
        return prio_.vers_csv(self.idees)

    def sauvegarder(self, chemin) -> None:
        from pathlib import Path

        Path(chemin).write_text(prio_.exporter(self.idees), encoding="utf-8")

    def charger(self, chemin) -> None:
        """Recharge des idées exportées ; un fichier abîmé laisse les idées actuelles intactes."""
        from pathlib import Path

        self.idees = prio_.importer(Path(chemin).read_bytes())

    def __repr__(self) -> str:
        return f"<MatricePriorisation : {len(self.idees)} idées>"


class _TraitPlan(traitlets.Any):
    """Le plan : toute valeur (y compris None) passe par la validation du widget,
    qui explique en français ce qui ne va pas et accepte aussi un objet FeuilleDeRoute."""

    allow_none = False


class ConstructeurFeuilleDeRoute(anywidget.AnyWidget):
    """Le constructeur de feuille de route d'une démarche participative (J3).

    >>> w = ConstructeurFeuilleDeRoute.exemple()
    >>> w.verifier()          # alertes en français (liste d'Alerte)
    >>> w.feuille().vers_ics()  # le plan est un objet FeuilleDeRoute

    Le navigateur fait les mêmes vérifications que Python (vecteurs partagés) ; il
    garde le plan dans son stockage local (clé dérivée de ``cle_stockage``) et,
    dans Jupyter, le synchronise avec l'attribut ``plan``."""

    _esm = module_js("obligations", "feuille_verifications", "feuille")
    _css = feuille_css("feuille")

    plan = _TraitPlan().tag(sync=True)
    contexte = traitlets.Dict().tag(sync=True)
    cle_stockage = traitlets.Unicode("feuille-de-route").tag(sync=True)

    def __init__(self, plan: dict | "FeuilleDeRoute" | None = None, **kwargs) -> None:
        """``plan`` : un dict au format JSON, un objet ``FeuilleDeRoute`` ou, par
        défaut, le plan d'exemple du cours (commune fictive)."""
        super().__init__(plan=_fdr().FeuilleDeRoute.exemple() if plan is None else plan, contexte=_contexte_feuille(), **kwargs)

    @classmethod
    def exemple(cls, **kwargs) -> "ConstructeurFeuilleDeRoute":
        """Le constructeur prérempli avec le plan d'exemple (commune fictive)."""
        return cls(_fdr().FeuilleDeRoute.exemple(), **kwargs)

    @traitlets.validate("plan")
    def _valider(self, proposition):
        return _valider_trait(_plan_canonique, proposition["value"])

    def feuille(self) -> "FeuilleDeRoute":
        """Le plan courant en objet ``FeuilleDeRoute`` (vérifications, exports)."""
        return _fdr().FeuilleDeRoute.depuis_dict(self.plan)

    def verifier(self) -> list:
        """Les alertes du plan courant, dans le même ordre et avec les mêmes messages que le navigateur."""
        return self.feuille().verifier()

    def synthese(self) -> dict:
        return self.feuille().synthese()

    def sauvegarder(self, chemin: str | Path) -> Path:
        """Écrit le plan dans un fichier JSON (le même que l'export du site)."""
        chemin = Path(chemin)
        chemin.write_text(self.feuille().vers_json(), encoding="utf-8")
        return chemin

    def charger(self, chemin: str | Path) -> None:
        """Recharge un plan exporté ; si le fichier est abîmé, le plan actuel est
        conservé et l'erreur est expliquée en français (``ValueError``)."""
        chemin = Path(chemin)
        if not chemin.is_file():
            raise ValueError(f"Fichier introuvable\u00a0: «\u00a0{chemin}\u00a0».")
        self.plan = _fdr().FeuilleDeRoute.depuis_json(chemin.read_bytes()).comme_dict()

    def __repr__(self) -> str:
        p = self.plan
        intitule = p["projet"]["intitule"] or "projet sans intitulé"
        n, m = len(p["phases"]), len(p["actions"])
        return f"<ConstructeurFeuilleDeRoute : «\u00a0{intitule}\u00a0», {n} phase{'s' if n > 1 else ''}, {m} action{'s' if m > 1 else ''}>"


def _fdr():
    """Le module du plan (``atelier.feuille_de_route``), importé à l'usage."""
    from .. import feuille_de_route

    return feuille_de_route


def _plan_canonique(valeur: object) -> dict:
    """Le plan au format JSON canonique, depuis un dict ou un objet ``FeuilleDeRoute``."""
    fdr = _fdr()
    if isinstance(valeur, fdr.FeuilleDeRoute):
        return valeur.comme_dict()
    if not isinstance(valeur, dict):
        raise ValueError(
            f"Le plan doit être un dictionnaire au format de la feuille de route ou un objet FeuilleDeRoute "
            f"(reçu\u00a0: {type(valeur).__name__})."
        )
    return fdr.valider_plan(valeur)


def _contexte_feuille() -> dict:
    """Le contexte du navigateur (``feuille_de_route.contexte_navigateur``), avec pour
    chaque dispositif le « temps public » proposé par défaut : vrai si le dispositif
    est uniquement en présentiel (réunion, atelier, balade…), faux sinon (en ligne,
    hybride, procédure de plusieurs semaines). La personne peut le changer."""
    contexte = _fdr().contexte_navigateur()
    for d in contexte["catalogue"].values():
        d["temps_public"] = list(d.get("format", [])) == ["presentiel"]
    return contexte


class Questionnaire(anywidget.AnyWidget):
    """Un questionnaire du cours (``positionnement`` ou ``evaluation``), rempli au
    clavier ; sur le site, les réponses restent dans le navigateur et s'exportent en
    JSON et en CSV.

    >>> w = Questionnaire("positionnement")
    >>> w.repondre("mandat", "maire")
    >>> w.etat()["message"]"""

    _esm = module_js("questionnaire")
    _css = feuille_css("questionnaire")

    questionnaire = traitlets.Dict().tag(sync=True)
    reponses = traitlets.Dict().tag(sync=True)
    cle_stockage = traitlets.Unicode("").tag(sync=True)

    def __init__(self, nom: str = "positionnement", reponses: dict | None = None, **kwargs) -> None:
        super().__init__(questionnaire=qs_.charger(nom), **kwargs)
        if reponses:
            self.reponses = reponses

    @traitlets.validate("reponses")
    def _valider(self, proposition):
        return _valider_trait(lambda r: qs_.valider(self.questionnaire, r), proposition["value"])

    def repondre(self, champ: str, valeur: object) -> None:
        """Répond à un champ (« mandat », « niveau.j1-innovation »…) ; None efface."""
        nouvelles = dict(self.reponses)
        if valeur is None:
            if champ not in {c["id"] for c in self.questionnaire["champs"]}:
                raise qs_.ErreurQuestionnaire(f"Question inconnue\u00a0: «\u00a0{champ}\u00a0».")
            nouvelles.pop(champ, None)
        else:
            nouvelles[champ] = valeur
        self.reponses = nouvelles

    def etat(self) -> dict:
        return qs_.etat(self.questionnaire, self.reponses)

    def manquantes(self) -> list[str]:
        return qs_.manquantes(self.questionnaire, self.reponses)

    def vers_csv(self) -> str:
        return qs_.vers_csv(self.questionnaire, self.reponses)

    def sauvegarder(self, chemin: str | Path) -> Path:
        """Écrit les réponses dans un fichier JSON (le même format que l'export du site)."""
        chemin = Path(chemin)
        chemin.write_text(qs_.exporter(self.questionnaire, self.reponses), encoding="utf-8")
        return chemin

    def charger(self, chemin: str | Path) -> None:
        """Recharge des réponses exportées ; un fichier abîmé laisse les réponses actuelles intactes."""
        self.reponses = qs_.importer(self.questionnaire, Path(chemin).read_bytes())

    def __repr__(self) -> str:
        e = self.etat()
        return f"<Questionnaire {self.questionnaire['id']} : {e['repondues']}/{e['total']} réponses>"


__all__ = ["Questionnaire", "ConstructeurFeuilleDeRoute", "GrilleDispositifs", "MatricePriorisation", "DiagnosticConfiance", "Exercice", "MonParcours", "exercice", "module_js", "feuille_css"]
