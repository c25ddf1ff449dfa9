"""Le guide du formateur : plan minuté calculé depuis le déroulé, supports de chaque
séquence (pages, sections, diapositives), répartition du temps par méthode."""

from __future__ import annotations

import re

import yaml

from atelier import diapos, guide
from atelier.donnees import RACINE
from atelier.programme import sequences
from atelier.typographie import problemes

NB = "\u00a0"


def test_chaque_sequence_a_des_supports_qui_existent():
    assert guide.problemes_supports() == []


def test_le_plan_couvre_les_20_heures_sans_rien_recopier():
    plan = guide.plan_minute()
    seq = sequences()
    assert len(plan) == len(seq)
    assert list(plan["Séquence"].str.replace("&#x27;", "'")) == list(seq["sequence"])
    assert set(plan["Méthode"]) <= {"Exposé", "Interaction", "Atelier", "Évaluation"}
    assert (plan["Supports"] != "—").all()
    assert plan["Horaire"].iloc[0] == f"09 h 00 – 09 h 30"


def test_les_liens_du_plan_menent_a_des_pages_du_sommaire():
    liens = re.findall(r'href="\.\./\.\./([^"]+)\.html"', " ".join(guide.plan_minute()["Supports"]))
    toc = yaml.safe_load((RACINE / "_toc.yml").read_text(encoding="utf-8"))
    assert liens and set(liens) <= set(guide._pages_du_sommaire())
    assert toc["root"] in guide._pages_du_sommaire()


def test_les_numeros_de_diapositives_suivent_le_diaporama():
    plan = guide.plan_minute()
    ligne = plan[(plan["Journée"] == "J1") & plan["Séquence"].str.startswith("Le design thinking")].iloc[0]
    debut, fin = diapos.plages("J1")[("chapters/j1/j1-2-design-thinking", "")]
    assert f"diaporama J1, diapositives {debut}–{fin}" in ligne["Supports"]
    d = diapos.diaporama("J1", figures=False)
    assert d.diapos[debut - 1].titre == "Le design thinking\u00a0: état d'esprit et principes"
    assert d.diapos[fin - 1].page == "chapters/j1/j1-2-design-thinking" and d.diapos[fin].page != "chapters/j1/j1-2-design-thinking"


def test_repartition_par_methode():
    r = guide.repartition_methodes()
    assert r["Total"].to_dict() == {"J1": 420, "J2": 420, "J3": 360, "Total": 1200}
    # Le guide l'écrit : plus de la moitié du temps en interactions et en ateliers.
    assert r.loc["Total", "interaction"] + r.loc["Total", "atelier"] > 600
    html = guide.afficher_repartition().to_html()
    assert "<caption>Temps par méthode (total\u00a0: 20 h)</caption>" in html


def test_plan_d_une_journee_en_tableau_legende():
    html = guide.afficher_plan("J3").to_html()
    assert "Plan minuté de J3 — Élaborer le projet de territoire avec les citoyens (6 h)" in html
    assert 'href="../../chapters/j3/j3-1-conduire-une-concertation.html"' in html


def test_textes_des_supports_en_typographie_francaise():
    textes = [s.get("outil") or s.get("libelle") or "" for liste in guide.supports().values() for s in liste]
    assert [f for t in textes for f in problemes(t)] == []


def test_graphique_des_methodes():
    assert guide.graphique_methodes()._repr_png_().startswith(b"\x89PNG")
