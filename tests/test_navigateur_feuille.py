"""Le constructeur de feuille de route sur le site statique (Chromium) : un plan de
trois actions construit au clavier et à la souris, des alertes qui apparaissent puis
disparaissent, des saisies invalides expliquées sans rien perdre, le plan retrouvé
après rechargement, les exports (JSON, iCalendar, HTML) vérifiés, l'effacement puis
l'import, le texte saisi toujours affiché comme du texte, aucune erreur de console
et aucune violation axe-core grave ou critique."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest

from atelier.feuille_de_route import FeuilleDeRoute, referentiel
from atelier.typographie import problemes
from conftest import jupyterlab_sur, ouvrir_widgets
from test_site_navigateur import audit_axe

PAGE = "chapters/j3/j3-4-strategie-et-feuille-de-route.html"
PIEGE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def onglet(page, url_site):
    """La page du constructeur, avec le relevé des erreurs de console et des boîtes de dialogue."""
    constat = {"erreurs": [], "dialogues": []}
    page.on("console", lambda m: m.type == "error" and constat["erreurs"].append(m.text))
    page.on("pageerror", lambda e: constat["erreurs"].append(str(e)))
    page.on("dialog", lambda d: (constat["dialogues"].append(d.message), d.dismiss()))
    ouvrir_widgets(page, url_site + PAGE)
    page.constat = constat
    yield page
    assert constat["erreurs"] == [], "erreurs dans la console"
    assert constat["dialogues"] == [], "une boîte de dialogue s'est ouverte (texte saisi interprété comme du code ?)"


def widget(page):
    return page.locator(".feuille-de-route")


def champ(page, cle: str):
    return widget(page).locator(f'[data-cle="{cle}"]')


def alertes(page) -> list[dict]:
    return widget(page).locator("ul.alertes > li").evaluate_all(
        "lis => lis.map(li => ({code: li.dataset.code, cible: li.dataset.cible || null, message: li.querySelector('.texte').textContent}))"
    )


def codes(page) -> set[tuple[str, str | None]]:
    return {(a["code"], a["cible"]) for a in alertes(page)}


def plan_stocke(page) -> dict:
    """Le plan tel que le widget l'a enregistré dans le stockage local."""
    cle = page.evaluate("Object.keys(localStorage).find(k => k.startsWith('atelier:feuille-de-route:'))")
    return json.loads(page.evaluate("(k) => localStorage.getItem(k)", cle))


def telecharger(page, bouton: str, dossier: Path) -> str:
    with page.expect_download() as attente:
        widget(page).get_by_role("button", name=bouton).click()
    fichier = dossier / attente.value.suggested_filename
    attente.value.save_as(fichier)
    return fichier


def test_l_exemple_donne_les_memes_alertes_qu_en_python(onglet):
    attendues = [a.comme_dict() for a in FeuilleDeRoute.exemple().verifier()]
    assert alertes(onglet) == [{k: a[k] for k in ("code", "cible", "message")} for a in attendues]
    # Chaque alerte visant une action ou une phase y mène.
    bouton = widget(onglet).locator("ul.alertes > li[data-code=jour-ferie] button.aller")
    cible = widget(onglet).locator("ul.alertes > li[data-code=jour-ferie]").get_attribute("data-cible")
    bouton.click()
    assert onglet.evaluate("document.activeElement.dataset.cle") == f"a:{cible}:intitule"
    # La région des annonces est polie ; le stockage reste vide tant que rien n'est saisi.
    assert widget(onglet).locator(".annonce-alertes").get_attribute("aria-live") == "polite"
    assert widget(onglet).locator("svg.frise").get_attribute("role") == "img"
    assert widget(onglet).locator("table.calendrier tbody tr").count() == 5 + 12


def test_construire_verifier_recharger_exporter_importer(onglet, tmp_path):
    page = onglet
    w = widget(page)
    # Repartir d'un plan vide (avec confirmation).
    w.get_by_role("button", name="Tout effacer").click()
    assert page.evaluate("document.activeElement.textContent") == "Confirmer l'effacement de tout le plan"
    page.keyboard.press("Enter")
    assert w.locator("fieldset.carte-phase").count() == 0
    assert codes(page) >= {("plan-vide", None)}

    # La collectivité et le projet, au clavier.
    champ(page, "c:nom").fill("")
    champ(page, "c:nom").focus()
    page.keyboard.type("Testville")
    page.keyboard.press("Tab")  # type de collectivité
    page.keyboard.press("Tab")  # population
    page.keyboard.press("Control+A")
    page.keyboard.type("12 400")
    champ(page, "j:intitule").focus()
    page.keyboard.type("Plan vélo de Testville")
    champ(page, "j:type").select_option("autre")
    assert w.locator(".etape-obligations li").count() > 0

    # Une phase, à la souris puis au clavier (le nom proposé est sélectionné).
    w.get_by_role("button", name="Ajouter une phase").click()
    assert page.evaluate("document.activeElement.dataset.cle") == "p:p1:nom"
    page.keyboard.type("Diagnostic partagé")
    champ(page, "p:p1:debut").fill("2027-05-10")
    champ(page, "p:p1:fin").fill("2027-06-30")
    assert w.locator("fieldset.carte-phase legend").first.inner_text() == "Phase 1\u00a0: Diagnostic partagé"

    # Action 1, au clavier : intitulé piégé, dispositif choisi au clavier, date saisie au clavier.
    w.get_by_role("button", name="Ajouter une action à cette phase").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.cle") == "a:a1:intitule"
    page.keyboard.type(f"Balade urbaine {PIEGE}")
    page.keyboard.press("Tab")  # phase
    page.keyboard.press("Tab")  # dispositif
    assert page.evaluate("document.activeElement.dataset.cle") == "a:a1:dispositif"
    page.keyboard.press("b")  # « Balade urbaine… », premier dispositif en B
    assert champ(page, "a:a1:dispositif").input_value() == "balade-urbaine"
    # Le niveau et le temps public du dispositif sont proposés.
    assert champ(page, "a:a1:niveau").input_value() == "consulter"
    assert champ(page, "a:a1:temps_public").is_checked()
    page.keyboard.press("Tab")  # niveau
    page.keyboard.press("Tab")  # temps public
    page.keyboard.press("Tab")  # début
    assert page.evaluate("document.activeElement.dataset.cle") == "a:a1:debut"
    # L'ordre jour/mois d'un champ de date suit la langue de Chromium : on le remplit directement.
    # (la touche Tab y passe du jour au mois puis à l'année, avant le champ suivant).
    champ(page, "a:a1:debut").fill("2027-05-22")
    champ(page, "a:a1:fin").fill("2027-05-22")
    assert champ(page, "a:a1:fin").input_value() == "2027-05-22"

    # Action 2, à la souris.
    w.locator("fieldset.carte-phase[data-id=p1] > button.ajouter-action").click()
    champ(page, "a:a2:intitule").fill("Questionnaire en ligne et sur papier")
    champ(page, "a:a2:dispositif").select_option("consultation-en-ligne")
    assert not champ(page, "a:a2:temps_public").is_checked()
    champ(page, "a:a2:debut").fill("2027-05-17")
    champ(page, "a:a2:fin").fill("2027-06-13")
    champ(page, "a:a2:budget").fill("1500")
    publics = w.locator("fieldset.carte-action[data-id=a2] details.publics")
    assert publics.evaluate("d => d.open")  # ouvert pour une nouvelle action
    publics.get_by_label("Jeunes (public éloigné de la participation)").check()
    publics.get_by_label("Personnes éloignées du numérique (public éloigné de la participation)").check()
    assert "(2)" in publics.locator("summary").inner_text()

    # Action 3 : une réunion de restitution, d'abord un jour férié (Ascension).
    w.locator("fieldset.carte-phase[data-id=p1] > button.ajouter-action").click()
    champ(page, "a:a3:intitule").fill("Réunion publique de restitution")
    champ(page, "a:a3:dispositif").select_option("reunion-publique")
    champ(page, "a:a3:debut").fill("2027-05-06")
    champ(page, "a:a3:fin").fill("2027-05-06")
    champ(page, "a:a3:budget").fill("300")
    champ(page, "a:a3:retour").check()
    # Alertes : jour férié, et retour manquant pour les deux consultations qui finissent après.
    attendu = {("jour-ferie", "a3"), ("retour-manquant", "a1"), ("retour-manquant", "a2")}
    assert attendu <= codes(page)
    ferie = next(a for a in alertes(page) if a["code"] == "jour-ferie")
    assert "Ascension" in ferie["message"]
    assert "Ascension" in w.locator("fieldset.carte-action[data-id=a3] ul.alertes-cible").inner_text()
    page.wait_for_function("document.querySelector('.feuille-de-route .annonce-alertes').textContent.includes('alerte')")
    # Corriger la date : les trois alertes disparaissent.
    champ(page, "a:a3:debut").fill("2027-06-24")
    champ(page, "a:a3:fin").fill("2027-06-24")
    assert not attendu & codes(page)
    assert {c for c, _ in codes(page)} <= {"publics-oublies", "niveaux-iap2", "budget-total"}
    # Les alertes du navigateur sont celles de Python pour le même plan.
    stocke = plan_stocke(page)
    assert alertes(page) == [{k: a.comme_dict()[k] for k in ("code", "cible", "message")} for a in FeuilleDeRoute.depuis_dict(stocke["plan"]).verifier()]
    plan = stocke["plan"]
    assert [a["intitule"] for a in plan["actions"]] == [f"Balade urbaine {PIEGE}", "Questionnaire en ligne et sur papier", "Réunion publique de restitution"]
    assert plan["collectivite"]["nom"] == "Testville" and plan["collectivite"]["population"] == 12400

    # Le texte piégé est affiché comme du texte.
    assert w.locator("img").count() == 0
    assert f"Action\u00a0: Balade urbaine {PIEGE}" in w.locator("fieldset.carte-action[data-id=a1] > legend").inner_text()
    assert PIEGE in w.locator("table.calendrier").inner_text()

    # Le texte affiché par le widget respecte la typographie française.
    assert problemes(w.inner_text()) == []

    # Recharger : le plan est retrouvé.
    ouvrir_widgets(page, page.url)
    w = widget(page)
    assert plan_stocke(page)["plan"] == plan
    assert champ(page, "a:a1:intitule").input_value() == f"Balade urbaine {PIEGE}"
    assert champ(page, "a:a2:budget").input_value() == "1500"
    assert champ(page, "c:population").input_value() == "12400"
    assert w.locator("fieldset.carte-action").count() == 3

    # Exports.
    sauvegarde = telecharger(page, "Sauvegarde complète (JSON)", tmp_path)
    assert sauvegarde.name == "feuille-de-route-plan-velo-de-testville.json"
    assert FeuilleDeRoute.depuis_json(sauvegarde.read_bytes()).comme_dict() == plan
    agenda = telecharger(page, "Agenda des jalons (.ics)", tmp_path)
    calendrier = icalendar.Calendar.from_ical(agenda.read_bytes())
    evenements = {str(e["SUMMARY"]) for e in calendrier.walk("VEVENT")}
    assert any(PIEGE in s for s in evenements) and any("Réunion publique de restitution" in s for s in evenements)
    imprimable = telecharger(page, "Feuille de route imprimable (HTML)", tmp_path).read_text(encoding="utf-8")
    assert "Plan vélo de Testville" in imprimable and "&lt;img src=x onerror=alert(1)&gt;" in imprimable
    assert PIEGE not in imprimable
    autre = page.context.new_page()
    autre.on("dialog", lambda d: (page.constat["dialogues"].append(d.message), d.dismiss()))
    autre.set_content(imprimable)
    assert autre.locator("img").count() == 0
    assert PIEGE in autre.locator("body").inner_text()
    autre.close()

    # Import d'un fichier tronqué : message français, plan conservé.
    tronque = tmp_path / "tronque.json"
    tronque.write_text(sauvegarde.read_text(encoding="utf-8")[:200], encoding="utf-8")
    w.locator("input[type=file]").set_input_files(str(tronque))
    page.wait_for_function("document.querySelector('.feuille-de-route .messages .alerte').textContent.includes('Import impossible')")
    assert "JSON illisible ou tronqué" in w.locator(".messages .alerte").inner_text()
    assert "Votre plan en cours est conservé." in w.locator(".messages .alerte").inner_text()
    assert plan_stocke(page)["plan"] == plan

    # Tout effacer, puis réimporter : le plan revient à l'identique.
    w.get_by_role("button", name="Tout effacer").click()
    w.get_by_role("button", name="Confirmer l'effacement de tout le plan").click()
    assert w.locator("fieldset.carte-action").count() == 0
    assert plan_stocke(page)["plan"]["actions"] == []
    w.locator("input[type=file]").set_input_files(str(sauvegarde))
    page.wait_for_function("document.querySelector('.feuille-de-route .statut').textContent.includes('importée')")
    assert plan_stocke(page)["plan"] == plan
    assert w.locator("fieldset.carte-action").count() == 3
    assert champ(page, "a:a1:intitule").input_value() == f"Balade urbaine {PIEGE}"


@pytest.mark.parametrize(
    "cle, saisie, message",
    [
        ("c:population", "0", "au moins 1"),
        ("c:population", "douze mille", "n'est pas un nombre"),
        ("a:a1:budget", "-200", "ne peut pas être négatif"),
        ("a:a1:budget", "800,50", "nombre entier"),
        ("a:a2:budget", "beaucoup", "n'est pas un nombre"),
    ],
)
def test_saisie_invalide_expliquee_sans_rien_perdre(onglet, cle, saisie, message):
    page = onglet
    exemple = FeuilleDeRoute.exemple().comme_dict()
    entree = champ(page, cle)
    entree.fill(saisie)
    # Le message est à côté du champ, relié par aria-describedby ; la saisie reste affichée.
    assert entree.get_attribute("aria-invalid") == "true"
    assert entree.input_value() == saisie
    id_message = entree.get_attribute("aria-describedby").split()[-1]
    texte = page.locator(f"#{id_message}").inner_text()
    assert message in texte and problemes(texte) == []
    # Rien n'est appliqué au plan : le plan enregistré est toujours l'exemple.
    assert plan_stocke(page)["plan"] == exemple
    # Après rechargement, la saisie et son message sont toujours là.
    ouvrir_widgets(page, page.url)
    entree = champ(page, cle)
    assert entree.input_value() == saisie and entree.get_attribute("aria-invalid") == "true"
    # axe-core ne signale rien de grave sur le widget avec un champ invalide.
    assert audit_axe(page) == []
    # Corriger : le message disparaît et la valeur est appliquée.
    entree.fill("12 500" if cle.startswith("c:") else "700")
    assert entree.get_attribute("aria-invalid") is None
    stocke = plan_stocke(page)
    assert stocke["brouillons"] == {}
    if cle.startswith("c:"):
        assert stocke["plan"]["collectivite"]["population"] == 12500
    else:
        action = next(a for a in stocke["plan"]["actions"] if a["id"] == cle.split(":")[1])
        assert action["budget"] == 700


def test_fin_avant_debut_signalee_a_cote_du_champ_et_dans_les_alertes(onglet):
    page = onglet
    fin = champ(page, "a:a1:fin")
    fin.fill("2027-05-01")  # l'action a1 de l'exemple commence le 22 mai 2027
    assert fin.get_attribute("aria-invalid") == "true"
    assert "est avant le début" in page.locator(f"#{fin.get_attribute('aria-describedby').split()[-1]}").inner_text()
    assert ("dates-incoherentes", "a1") in codes(page)
    assert widget(page).locator("fieldset.carte-action[data-id=a1]").evaluate("f => f.classList.contains('a-erreur')")
    fin.fill("2027-05-22")
    assert fin.get_attribute("aria-invalid") is None
    assert ("dates-incoherentes", "a1") not in codes(page)


def test_supprimer_puis_retablir_une_action_et_une_phase(onglet):
    page = onglet
    w = widget(page)
    avant = FeuilleDeRoute.exemple().comme_dict()
    w.get_by_role("button", name="Supprimer l'action\u00a0: Questionnaire sur les usages").click()
    assert w.locator("fieldset.carte-action[data-id=a2]").count() == 0
    w.locator("button.retablir").click()
    assert plan_stocke(page)["plan"] == avant
    # Supprimer une phase demande confirmation (elle emporte ses actions).
    w.locator("fieldset.carte-phase[data-id=p1] > .outils-carte > button.supprimer").click()
    assert w.locator("fieldset.carte-phase[data-id=p1]").count() == 1
    confirmer = w.locator("fieldset.carte-phase[data-id=p1] > .outils-carte > button.confirmer")
    assert "et ses 4 actions" in confirmer.inner_text()
    confirmer.click()
    assert [p["id"] for p in plan_stocke(page)["plan"]["phases"]] == ["p2", "p3", "p4", "p5"]
    w.locator("button.retablir").click()
    assert plan_stocke(page)["plan"] == avant


def test_phases_types_deplacement_et_exemple(onglet):
    page = onglet
    w = widget(page)
    w.get_by_role("button", name="Tout effacer").click()
    w.get_by_role("button", name="Confirmer l'effacement de tout le plan").click()
    # Les phases types du référentiel, datées à la suite, dans l'ordre.
    w.get_by_role("button", name="Proposer les phases types").click()
    types = [t["nom"] for t in referentiel()["phases_types"]]
    phases = plan_stocke(page)["plan"]["phases"]
    assert [p["nom"] for p in phases] == types
    assert all(a["fin"] < b["debut"] for a, b in zip(phases, phases[1:]))
    assert page.evaluate("document.activeElement.dataset.cle") == "p:p1:nom"
    w.get_by_role("button", name="Proposer les phases types").click()
    assert "figurent déjà" in w.locator(".statut").inner_text()
    # Descendre la première phase : l'ordre change et l'alerte d'ordre des dates apparaît.
    w.get_by_role("button", name="Descendre la phase 1").click()
    assert [p["nom"] for p in plan_stocke(page)["plan"]["phases"]][:2] == [types[1], types[0]]
    assert "phases-ordre" in {c for c, _ in codes(page)}
    w.get_by_role("button", name="Monter la phase 2").click()
    assert [p["nom"] for p in plan_stocke(page)["plan"]["phases"]] == types
    # Charger l'exemple : confirmation demandée, puisque le plan n'est plus vide.
    w.get_by_role("button", name="Charger l'exemple").click()
    assert plan_stocke(page)["plan"]["phases"][0]["nom"] == types[0]
    w.get_by_role("button", name="Confirmer\u00a0: remplacer mon plan par l'exemple").click()
    assert plan_stocke(page)["plan"] == FeuilleDeRoute.exemple().comme_dict()


def test_page_sans_violation_axe(onglet):
    assert audit_axe(onglet) == []


@pytest.fixture(scope="module")
def jupyterlab_feuille(tmp_path_factory):
    """JupyterLab sur un carnet qui affiche le constructeur."""
    cellules = [
        "from atelier.widgets import ConstructeurFeuilleDeRoute\nw = ConstructeurFeuilleDeRoute.exemple(cle_stockage='essai-lab')\nw",
        "a = w.plan['actions'][0]\nprint(a['intitule'], '|', a['budget'])",
        "p = dict(w.plan)\np['projet'] = dict(p['projet'], intitule='Fixé depuis Python')\nw.plan = p",
    ]
    with jupyterlab_sur(tmp_path_factory.mktemp("lab-feuille"), cellules) as url:
        yield url


def executer(page, n: int) -> None:
    page.locator(".jp-Notebook .jp-Cell").nth(n).click()
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+Enter")


def test_en_direct_dans_jupyterlab_le_plan_remonte_au_noyau(navigateur, jupyterlab_feuille):
    contexte = navigateur.new_context(viewport={"width": 1400, "height": 1000})
    page = contexte.new_page()
    page.goto(jupyterlab_feuille + "/lab/tree/essai.ipynb")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60000)
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90000)
    executer(page, 0)
    intitule = page.locator('.feuille-de-route [data-cle="a:a1:intitule"]')
    intitule.wait_for(timeout=60000)
    # Saisie au clavier dans la sortie du carnet : JupyterLab ne doit pas intercepter les touches.
    intitule.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Balade modifiée en direct")
    budget = page.locator('.feuille-de-route [data-cle="a:a1:budget"]')
    budget.fill("-3")  # refusé : le noyau garde l'ancien budget
    assert budget.get_attribute("aria-invalid") == "true"
    executer(page, 1)
    sortie = page.locator(".jp-Notebook .jp-Cell").nth(1).locator(".jp-OutputArea-output")
    sortie.wait_for(timeout=30000)
    assert sortie.inner_text().strip() == "Balade modifiée en direct | 600"
    # Un plan fixé depuis Python s'affiche dans le widget.
    executer(page, 2)
    page.wait_for_function("document.querySelector('.feuille-de-route [data-cle=\"j:intitule\"]').value === 'Fixé depuis Python'", timeout=30000)
    # Le noyau redémarre le widget avec l'exemple : le plan gardé par le navigateur est proposé, pas imposé.
    executer(page, 0)
    reprendre = page.get_by_role("button", name="Reprendre le plan enregistré dans ce navigateur")
    reprendre.wait_for(timeout=60000)
    assert "Fixé depuis Python" in page.locator(".feuille-de-route .reprise").inner_text()
    assert page.locator('.feuille-de-route [data-cle="a:a1:intitule"]').input_value() != "Balade modifiée en direct"
    reprendre.click()
    assert page.locator('.feuille-de-route [data-cle="a:a1:intitule"]').input_value() == "Balade modifiée en direct"
    assert page.locator('.feuille-de-route [data-cle="a:a1:budget"]').input_value() == "-3"  # la saisie en cours aussi
    executer(page, 1)
    page.wait_for_function("document.querySelectorAll('.jp-Notebook .jp-Cell')[1].querySelector('.jp-OutputArea-output')?.textContent.includes('modifiée')", timeout=30000)
    assert page.locator(".jp-Notebook .jp-Cell").nth(1).locator(".jp-OutputArea-output").inner_text().strip() == "Balade modifiée en direct | 600"
    contexte.close()
