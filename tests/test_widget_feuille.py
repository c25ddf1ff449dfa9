"""Le constructeur de feuille de route côté Python (et dans un vrai noyau) : le plan
est un objet FeuilleDeRoute, une valeur invalide fixée depuis Python est refusée en
français sans rien perdre, sauvegarder puis charger redonne le même plan, un
fichier abîmé laisse le plan intact."""

from __future__ import annotations

import copy
import json

import nbformat
import pytest
import traitlets
from nbclient import NotebookClient

from atelier.feuille_de_route import FeuilleDeRoute
from atelier.widgets import ConstructeurFeuilleDeRoute


def codes(alertes) -> list[tuple[str, str | None]]:
    return [(a.code, a.cible) for a in alertes]


def test_par_defaut_le_plan_d_exemple_et_ses_verifications():
    w = ConstructeurFeuilleDeRoute()
    exemple = FeuilleDeRoute.exemple()
    assert w.feuille() == exemple
    assert w.plan == exemple.comme_dict()
    assert [a.comme_dict() for a in w.verifier()] == [a.comme_dict() for a in exemple.verifier()]
    assert repr(w) == f"<ConstructeurFeuilleDeRoute : «\u00a0{exemple.projet['intitule']}\u00a0», 5 phases, 12 actions>"


def test_changer_le_plan_change_les_verifications():
    w = ConstructeurFeuilleDeRoute.exemple()
    assert ("retour-manquant", "a11") in codes(w.verifier())
    plan = copy.deepcopy(w.plan)
    # Un compte rendu publié après la marche exploratoire (a11) : l'alerte disparaît.
    a11 = next(a for a in plan["actions"] if a["id"] == "a11")
    plan["actions"].append(
        dict(a11, id="a99", intitule="Compte rendu de la marche exploratoire", dispositif="", niveau_iap2="informer",
             debut=a11["fin"], fin=a11["fin"], temps_public=False, retour_participants=True, budget=0, publics=["habitants"])
    )
    w.plan = plan
    assert ("retour-manquant", "a11") not in codes(w.verifier())
    # Une fin avant le début : le plan est gardé, l'alerte l'explique.
    plan = copy.deepcopy(w.plan)
    plan["actions"][0]["fin"] = "2027-01-01"
    w.plan = plan
    alerte = next(a for a in w.verifier() if a.code == "dates-incoherentes")
    assert alerte.niveau == "erreur" and alerte.cible == plan["actions"][0]["id"]
    assert "avant de commencer" in alerte.message


@pytest.mark.parametrize(
    "modifier, message",
    [
        (lambda p: p["collectivite"].update(population=0), "supérieur à 0"),
        (lambda p: p["collectivite"].update(population="douze mille"), "nombre entier d'habitants"),
        (lambda p: p["actions"][0].update(budget=-5), "négatif"),
        (lambda p: p["actions"][0].update(debut="2027-02-30"), "mal formée ou n'existe pas"),
        (lambda p: p["phases"].append(dict(p["phases"][0])), "utilisé deux fois"),
        (lambda p: p.update(format="autre-chose"), "format inconnu"),
    ],
)
def test_valeur_invalide_fixee_depuis_python(modifier, message):
    w = ConstructeurFeuilleDeRoute.exemple()
    avant = copy.deepcopy(w.plan)
    mauvais = copy.deepcopy(w.plan)
    modifier(mauvais)
    with pytest.raises(traitlets.TraitError, match=message) as erreur:
        w.plan = mauvais
    assert "Traceback" not in str(erreur.value)
    assert w.plan == avant


@pytest.mark.parametrize("valeur", ["mon plan", None, 42, ["p1"]])
def test_valeur_d_un_autre_type_refusee_en_francais(valeur):
    w = ConstructeurFeuilleDeRoute.exemple()
    avant = copy.deepcopy(w.plan)
    with pytest.raises(traitlets.TraitError, match="Le plan doit être un dictionnaire au format de la feuille de route"):
        w.plan = valeur
    assert w.plan == avant


def test_un_objet_feuille_de_route_est_accepte():
    plan = FeuilleDeRoute.exemple()
    plan.projet["intitule"] = "Plan vélo"
    w = ConstructeurFeuilleDeRoute(plan)
    assert w.plan["projet"]["intitule"] == "Plan vélo" and isinstance(w.plan, dict)
    w.plan = FeuilleDeRoute.exemple()
    assert w.feuille() == FeuilleDeRoute.exemple()


def test_sauvegarder_puis_charger(tmp_path):
    w = ConstructeurFeuilleDeRoute.exemple()
    plan = copy.deepcopy(w.plan)
    plan["projet"]["intitule"] = "Place <img src=x onerror=alert(1)> « rénovée »"
    plan["actions"][1]["budget"] = 0
    w.plan = plan
    fichier = w.sauvegarder(tmp_path / "ma-feuille.json")
    assert json.loads(fichier.read_text(encoding="utf-8")) == w.plan
    autre = ConstructeurFeuilleDeRoute(FeuilleDeRoute.exemple())
    autre.charger(fichier)
    assert autre.plan == w.plan
    assert autre.feuille() == w.feuille()


@pytest.mark.parametrize(
    "contenu, message",
    [
        (None, "JSON illisible ou tronqué"),  # le fichier exporté, coupé au milieu
        ('{"format": "atelier-feuille-de-route", "version": 7}', "version plus récente"),
        ('{"format": "atelier.priorisation", "version": 1, "idees": []}', "format inconnu"),
        ("", "JSON illisible ou tronqué"),
    ],
)
def test_charger_un_fichier_abime_garde_le_plan(tmp_path, contenu, message):
    w = ConstructeurFeuilleDeRoute.exemple()
    avant = copy.deepcopy(w.plan)
    if contenu is None:
        texte = w.feuille().vers_json()
        contenu = texte[: len(texte) // 2]
    abime = tmp_path / "abime.json"
    abime.write_text(contenu, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        w.charger(abime)
    assert w.plan == avant


def test_charger_un_fichier_absent(tmp_path):
    w = ConstructeurFeuilleDeRoute.exemple()
    with pytest.raises(ValueError, match="Fichier introuvable"):
        w.charger(tmp_path / "absent.json")


def test_etat_synchronise_contient_le_module_et_le_contexte():
    w = ConstructeurFeuilleDeRoute.exemple(cle_stockage="ma-page")
    etat = w.get_state()
    esm = etat["_esm"]
    # Le module : outils communs, puis A1, puis A2, puis l'interface, dans cet ordre.
    positions = [esm.index(m) for m in ("function creer(", "export function obligationsApplicables(", "export function verifierFeuille(", "export function render(")]
    assert positions == sorted(positions)
    assert "innerHTML" not in esm
    assert etat["cle_stockage"] == "ma-page"
    contexte = etat["contexte"]
    assert set(contexte) >= {"catalogue", "regles", "calendrier", "referentiel", "exemple"}
    assert contexte["exemple"] == FeuilleDeRoute.exemple().comme_dict()
    # Temps public proposé par défaut : vrai pour un dispositif en présentiel seulement.
    assert contexte["catalogue"]["reunion-publique"]["temps_public"] is True
    assert contexte["catalogue"]["balade-urbaine"]["temps_public"] is True
    assert contexte["catalogue"]["consultation-en-ligne"]["temps_public"] is False
    assert contexte["catalogue"]["enquete-publique"]["temps_public"] is False


def test_dans_un_noyau_le_plan_fixe_en_python_est_celui_du_carnet():
    """Un vrai noyau (nbclient) : on change le plan depuis Python, on lit les
    vérifications, et l'état enregistré dans le carnet (celui que le site affiche)
    contient ce plan."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from atelier.widgets import ConstructeurFeuilleDeRoute\nw = ConstructeurFeuilleDeRoute.exemple()\nw"),
        nbformat.v4.new_code_cell(
            "p = dict(w.plan)\np['actions'] = [a for a in p['actions'] if a['id'] != 'a11']\nw.plan = p\n"
            "print(sorted({a.cible for a in w.verifier() if a.code == 'retour-manquant'}))"
        ),
    ]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    assert nb.cells[1].outputs[0]["text"].strip() == "['a12']"
    etat = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    modeles = [m["state"] for m in etat.values() if m["model_module"] == "anywidget"]
    assert modeles and [a["id"] for a in modeles[0]["plan"]["actions"]] == [f"a{n}" for n in range(1, 13) if n != 11]
