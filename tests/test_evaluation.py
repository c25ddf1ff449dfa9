"""Évaluation de la formation : chiffres du rapport calculés à la main sur de petits
groupes, lecture des exports « Mon parcours » (JSON, CSV, doublons, fichiers égarés),
rapport HTML imprimable."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from atelier import evaluation as ev
from atelier import questionnaires as qs
from atelier.donnees import chemin

NB = "\u00a0"
EXEMPLES = chemin("exemples/evaluation/reponses/fictif-01.json").parent.parent


def personne(pseudo, sat=None, avant=None, apres=None, **autres):
    r = {"pseudo": pseudo, **autres}
    for champ, v in (sat or {}).items():
        r[f"satisfaction_{champ}"] = v
    for o, v in (avant or {}).items():
        r[f"niveau_avant.{o}"] = v
    for o, v in (apres or {}).items():
        r[f"niveau_apres.{o}"] = v
    return r


@pytest.fixture
def petit_groupe():
    return qs.lire_reponses(
        "evaluation",
        [
            personne("A", {"contenu.programme": 4, "contenu.cas": 2, "animation.rythme": 3}, {"j2-confiance": 1, "j3-numerique": 2}, {"j2-confiance": 3, "j3-numerique": 2}, recommandation="oui", apprecie="Les cas."),
            personne("B", {"contenu.programme": 3, "contenu.cas": 1, "organisation.duree": 1}, {"j2-confiance": 2}, {"j2-confiance": 2, "j3-numerique": 4}, recommandation="non"),
            personne("C", {"contenu.programme": 2}, {}, {"j2-confiance": 4}, recommandation="oui", ameliorer="<b>Plus</b> de pauses"),
        ],
    )


def test_satisfaction_par_affirmation_et_domaine(petit_groupe):
    sat = ev.satisfaction(petit_groupe).set_index("Affirmation")
    ligne = sat.loc["Le contenu correspondait au programme annoncé"]
    assert (ligne["Réponses"], ligne["Favorables"], ligne["Part favorable (%)"]) == (3, 2, 67)
    assert ligne["Tout à fait d'accord"] == 1 and ligne["Plutôt pas d'accord"] == 1
    assert sat.loc["Le rythme était adapté", "Part favorable (%)"] == 100
    assert pd.isna(sat.loc["Les informations pratiques sont arrivées à temps", "Part favorable (%)"])
    dom = ev.satisfaction_par_domaine(petit_groupe).set_index("Domaine")
    # Contenu : 5 réponses (3 + 2), 2 favorables ; ensemble : 7 réponses, 3 favorables.
    assert (dom.loc["Contenu", "Réponses"], dom.loc["Contenu", "Favorables"], dom.loc["Contenu", "Part favorable (%)"]) == (5, 2, 40)
    assert (dom.loc["Ensemble", "Réponses"], dom.loc["Ensemble", "Favorables"], dom.loc["Ensemble", "Part favorable (%)"]) == (7, 3, 43)


def test_progression_et_atteinte(petit_groupe):
    prog = ev.progression(petit_groupe).set_index("id")
    conf = prog.loc["j2-confiance"]
    # Paires avant/après : A (1 → 3), B (2 → 2) ; C n'a pas de niveau avant.
    assert conf["Avant et après"] == 2 and conf["Moyenne avant"] == 1.5 and conf["Moyenne après"] == 2.5
    assert conf["Progression moyenne"] == 1.0 and conf["En progrès"] == 1
    # Atteinte : niveau après ≥ 3 parmi les 3 réponses après (A 3, B 2, C 4) → 2 sur 3.
    assert conf["Niveau après (réponses)"] == 3 and conf["Objectif atteint"] == 2 and conf["Taux d'atteinte (%)"] == 67
    num = prog.loc["j3-numerique"]
    assert num["Avant et après"] == 1 and num["Progression moyenne"] == 0 and num["Taux d'atteinte (%)"] == 50
    assert pd.isna(prog.loc["j1-innovation", "Taux d'atteinte (%)"])


def test_chiffres_cles(petit_groupe):
    chiffres = ev.chiffres_cles(petit_groupe, inscrits=4).set_index("Indicateur")["Valeur"]
    assert chiffres["Questionnaires d'évaluation reçus"] == "3"
    assert chiffres["Taux de réponse"] == f"75{NB}%"
    assert chiffres["Appréciations recueillies"] == "7"
    assert chiffres["Appréciations favorables — contenu"] == f"40{NB}%"
    assert chiffres["Appréciations favorables — organisation"] == f"0{NB}%"
    assert chiffres["Appréciations favorables — ensemble"] == f"43{NB}%"
    assert chiffres["Commentaires écrits"] == "2"
    # Atteinte globale : paires après ≥ 3 : A (3 ; 2), B (2 ; 4), C (4) → 3 sur 5.
    assert chiffres["Taux d'atteinte des objectifs (auto-évalué)"] == f"60{NB}%"
    # Progrès : paires avant et après : A conf (1→3), A num (2→2), B conf (2→2) → 1 sur 3.
    assert chiffres["Objectifs en progrès (auto-évalué)"] == f"33{NB}%"
    assert chiffres["Recommanderaient la formation"] == f"67{NB}%"
    sans = ev.chiffres_cles(petit_groupe).set_index("Indicateur")["Valeur"]
    assert sans["Taux de réponse"] == "non calculé"


def test_groupe_vide():
    vide = qs.lire_reponses("evaluation", [])
    chiffres = ev.chiffres_cles(vide, inscrits=12).set_index("Indicateur")["Valeur"]
    assert chiffres["Taux de réponse"] == f"0{NB}%" and chiffres["Taux d'atteinte des objectifs (auto-évalué)"] == "–"
    assert chiffres["Appréciations favorables — ensemble"] == "–"


def test_commentaires(petit_groupe):
    c = ev.commentaires(petit_groupe)
    assert c["Ce que vous avez le plus apprécié"] == ["Les cas."]
    assert c["Ce qui serait à améliorer"] == ["<b>Plus</b> de pauses"]


# --- « Mon parcours » ---------------------------------------------------------------------


def export_parcours(entrees):
    return json.dumps({"format": "atelier.parcours", "version": 1, "exporte_le": "2026-04-30T10:00:00+00:00", "entrees": entrees})


def test_lecture_des_parcours(tmp_path):
    (tmp_path / "alice.json").write_text(export_parcours([
        {"id": "j2-confiance-maire", "score": 1.0, "reussi": True, "tentatives": 1},
        {"id": "j2-echelle-arnstein", "score": 0.0, "reussi": False, "tentatives": 2},
        {"id": "j2-reflexion-diagnostic", "reponse": "Mon texte", "score": None, "tentatives": 0},
        {"id": "exercice-disparu", "score": 1, "tentatives": 1},
    ]), encoding="utf-8")
    (tmp_path / "alice-bis.json").write_text((tmp_path / "alice.json").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bob.csv").write_bytes("id;titre;jour;type;reussi;score;tentatives;date\r\nj2-confiance-maire;La confiance;J2;choix-unique;false;0,5;1;\r\nj1-double-diamant;Double;J1;choix-unique;true;1;0;\r\n".encode("cp1252"))
    (tmp_path / "abime.json").write_text('{"format": "atelier.parcours", "ver', encoding="utf-8")
    (tmp_path / "tableau.csv").write_text("nom,note\nA,3\n", encoding="utf-8")
    parc = ev.lire_parcours(tmp_path)
    assert parc.personnes == 2
    assert sorted(parc.tableau["personne"]) == ["alice-bis", "alice-bis", "bob"] or sorted(parc.tableau["personne"]) == ["alice", "alice", "bob"]
    texte = "\n".join(parc.problemes)
    assert "comptée une seule fois" in texte
    assert f"abime.json{NB}: Ce fichier n'est pas un export de «{NB}Mon parcours{NB}» (JSON illisible ou tronqué)." in texte
    assert "1 exercice(s) inconnu(s) ignoré(s)" in texte
    assert f"tableau.csv{NB}: ce tableau n'est pas un export" in texte
    # La réflexion (non notée) et l'exercice à 0 tentative ne comptent pas ; le score « 0,5 » est lu.
    assert sorted(parc.tableau["score"]) == [0.0, 0.5, 1.0]
    scores = ev.scores_par_objectif(parc).set_index("id")
    conf = scores.loc["j2-confiance"]
    # j2-confiance : j2-confiance-maire (alice 1.0, bob 0.5) → 75 %, 1 réussi sur 2.
    assert (conf["Exercices faits"], conf["Personnes"], conf["Score moyen (%)"], conf["Réussis (%)"]) == (2, 2, 75, 50)
    assert scores.loc["j2-debat-public", "Score moyen (%)"] == 0
    assert pd.isna(scores.loc["j1-design-thinking", "Score moyen (%)"])


def test_parcours_introuvable_et_dossier_vide(tmp_path):
    parc = ev.lire_parcours([tmp_path / "nulle-part", tmp_path])
    assert parc.personnes == 0
    assert any("introuvable" in p for p in parc.problemes) and any("dossier sans fichier" in p for p in parc.problemes)


# --- Exemple et rapport -------------------------------------------------------------------


@pytest.fixture(scope="module")
def rapport():
    return ev.rapport(EXEMPLES / "reponses", EXEMPLES / "parcours", inscrits=10, session="Session fictive")


def test_rapport_de_l_exemple(rapport):
    assert rapport.reponses.effectif == 7 and rapport.parcours.personnes == 6
    chiffres = rapport.chiffres().set_index("Indicateur")["Valeur"]
    assert chiffres["Taux de réponse"] == f"70{NB}%"
    texte = "\n".join(rapport.problemes)
    assert "diagnostic-confiance.json" in texte and "comptées une seule fois" in texte and "comptée une seule fois" in texte


def test_incoherence_inscrits_signalee():
    r = ev.rapport(EXEMPLES / "reponses", None, inscrits=5)
    assert any("Plus de questionnaires reçus (7) que de personnes inscrites (5)" in p for p in r.problemes)


def test_rapport_html(rapport):
    html = ev.page_html(rapport, mention="Exemple construit avec des données fictives.")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert "<script" not in html  # le commentaire « <script>alert('test')</script> » est échappé
    assert "&lt;script&gt;alert(&#x27;test&#x27;)&lt;/script&gt;" in html
    assert html.count("<img ") == 3 and "Taux de réponse" in html and "Remarques sur les données" in html
    assert ev.telecharger(rapport)._repr_html_().startswith('<p class="telechargement"><a download="rapport-evaluation.html"')


def test_textes_alternatifs_decrivent_les_donnees(rapport):
    figures = rapport.graphiques()
    assert "Affirmation la moins approuvée" in figures["satisfaction"].alt
    assert "Plus forte progression" in figures["progression"].alt
    assert "Score le plus bas" in figures["scores"].alt
    assert figures["progression"]._repr_html_().startswith('<figure><img src="data:image/png;base64,')
