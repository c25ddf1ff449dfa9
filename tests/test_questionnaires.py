"""Questionnaires de positionnement et d'évaluation : schéma, validation (vecteurs
partagés avec le JavaScript), export, lecture tolérante des fichiers d'un groupe
(encodages, séparateurs, doublons, colonnes inattendues) et widget."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import traitlets
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from atelier import questionnaires as qs
from atelier.donnees import chemin
from atelier.widgets import Questionnaire

VECTEURS = json.loads((Path(__file__).parent / "vecteurs" / "questionnaires.json").read_text(encoding="utf-8"))
NB = "\u00a0"
EXEMPLE = chemin("exemples/positionnement/fictif-01.json").parent


@pytest.mark.parametrize("nom", qs.QUESTIONNAIRES)
def test_questionnaires_conformes_au_schema(nom):
    schema = json.loads(chemin("questionnaires/questionnaire.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(chemin(f"questionnaires/{nom}.yaml").read_text(encoding="utf-8")), schema)


def test_le_schema_refuse_une_grille_sans_echelle():
    schema = json.loads(chemin("questionnaires/questionnaire.schema.json").read_text(encoding="utf-8"))
    donnees = yaml.safe_load(chemin("questionnaires/positionnement.yaml").read_text(encoding="utf-8"))
    del donnees["sections"][-1]["questions"][0]["echelle"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(donnees, schema)


def test_auto_evaluation_sur_chaque_objectif_du_cours():
    objectifs = [o["id"] for o in yaml.safe_load(chemin("objectifs.yaml").read_text(encoding="utf-8"))["objectifs"]]
    assert [c["ligne"] for c in qs.champs("positionnement", "niveau")] == objectifs
    assert [c["ligne"] for c in qs.champs("evaluation", "niveau_avant")] == objectifs
    assert [c["ligne"] for c in qs.champs("evaluation", "niveau_apres")] == objectifs
    # Même échelle avant et après la formation, et au positionnement.
    assert qs.echelle("positionnement", "niveau") == qs.echelle("evaluation", "niveau_avant") == qs.echelle("evaluation", "niveau_apres")


def test_les_questionnaires_des_vecteurs_sont_a_jour():
    """Les vecteurs embarquent les questionnaires déployés : s'ils ont changé, relancez generer.py."""
    for nom in qs.QUESTIONNAIRES:
        assert VECTEURS["questionnaires"][nom] == qs.charger(nom)


@pytest.mark.parametrize("cas", VECTEURS["validations"], ids=lambda c: c["nom"])
def test_vecteurs_validations(cas):
    assert qs.valider(cas["questionnaire"], cas["reponses"]) == cas["attendu"]


@pytest.mark.parametrize("cas", VECTEURS["erreurs"], ids=lambda c: c["nom"])
def test_vecteurs_erreurs(cas):
    with pytest.raises(qs.ErreurQuestionnaire) as erreur:
        qs.valider(cas["questionnaire"], cas["reponses"])
    assert str(erreur.value) == cas["message"]


@pytest.mark.parametrize("cas", VECTEURS["etats"], ids=lambda c: c["nom"])
def test_vecteurs_etats(cas):
    assert qs.etat(cas["questionnaire"], cas["reponses"]) == cas["attendu"]


@pytest.mark.parametrize("cas", VECTEURS["exports"], ids=lambda c: c["nom"])
def test_vecteurs_exports(cas):
    assert json.loads(qs.exporter(cas["questionnaire"], cas["reponses"], exporte_le=cas["exporte_le"])) == cas["attendu"]


@pytest.mark.parametrize("cas", VECTEURS["imports"], ids=lambda c: c["nom"])
def test_vecteurs_imports(cas):
    if "message" in cas:
        with pytest.raises(qs.ErreurQuestionnaire) as erreur:
            qs.importer(cas["questionnaire"], cas["contenu"])
        assert str(erreur.value) == cas["message"]
    else:
        assert qs.importer(cas["questionnaire"], cas["contenu"]) == cas["reponses"]


@pytest.mark.parametrize("cas", VECTEURS["csv"], ids=lambda c: c["nom"])
def test_vecteurs_csv(cas):
    assert qs.vers_csv(cas["questionnaire"], cas["reponses"]) == cas["attendu"]


def test_les_messages_respectent_la_typographie():
    from atelier.typographie import problemes

    messages = [c["message"] for c in VECTEURS["erreurs"] + VECTEURS["imports"] if "message" in c]
    messages += [c["attendu"]["message"] for c in VECTEURS["etats"]]
    assert [m for m in messages if problemes(m)] == []


# --- Propriétés : ce qui est exporté se relit à l'identique ---------------------------

Q = qs.charger("positionnement")


def _reponses_st():
    strategies = {}
    for c in Q["champs"]:
        qu = qs.question(Q, c["question"])
        if c["type"] == "choix-unique":
            strategies[c["id"]] = st.sampled_from([o["id"] for o in qu["options"]])
        elif c["type"] == "choix-multiple":
            ordinaires = [o["id"] for o in qu["options"] if not o.get("exclusive")]
            strategies[c["id"]] = st.lists(st.sampled_from(ordinaires), min_size=1, max_size=qu.get("max_choix", len(ordinaires)), unique=True)
        elif c["type"] == "grille":
            strategies[c["id"]] = st.integers(1, 4)
        else:
            strategies[c["id"]] = st.text(alphabet="abcé ;\"'=-,\n«»", min_size=1, max_size=30).filter(str.strip)
    return st.fixed_dictionaries({}, optional=strategies)


@settings(max_examples=150, deadline=None)
@given(_reponses_st())
def test_export_import_et_csv_se_relisent(reponses):
    propres = qs.valider(Q, reponses)
    assert qs.importer(Q, qs.exporter(Q, reponses)) == propres
    # Le CSV exporté par une personne se relit comme une ligne de groupe.
    rep = qs.lire_reponses(Q, [pd.read_csv(__import__("io").StringIO(qs.vers_csv(Q, reponses).lstrip("\ufeff")), sep=";", dtype=str, keep_default_na=False)])
    if not {k for k in propres if k != "pseudo"}:
        assert rep.effectif == 0
        return
    relues = rep.reponses(rep.tableau.index[0])
    assert relues == propres


# --- Lecture des fichiers d'un groupe -------------------------------------------------------


def test_groupe_d_exemple_lu_avec_ses_problemes_expliques():
    rep = qs.lire_reponses("positionnement", EXEMPLE)
    # 4 exports JSON (dont un avec BOM ; sa copie est écartée), 3 lignes de formulaire en ligne, 3 lignes de tableur Latin-1.
    assert rep.effectif == 10
    texte = "\n".join(rep.problemes)
    assert f"export-tronque.json{NB}: Ce fichier n'est pas un export de questionnaire (JSON illisible ou tronqué)." in texte
    assert "comptées une seule fois" in texte and "fictif-02-copie.json" in texte
    assert f"colonnes de données personnelles ignorées (inutiles à l'analyse){NB}: Adresse e-mail" in texte
    assert f"colonnes inattendues ignorées (aucune question correspondante){NB}: Commentaire du secrétariat" in texte
    assert f"«{NB}Personne fictive 1 (2){NB}»" in texte
    assert f"Personne fictive 8{NB}: réponses obligatoires manquantes (Nombre d'habitants, Niveau de départ (3 sur 11))" in texte
    assert f"Réponse illisible pour «{NB}Mandat{NB}»{NB}: «{NB}Présidente{NB}»" in texte
    # Une valeur illisible n'efface pas le reste de la personne.
    p9 = rep.reponses("Personne fictive 9")
    assert "mandat" not in p9 and p9["type_collectivite"] == "departement" and p9["niveau.j1-innovation"] == 4
    # Latin-1 et libellés : accents lus, libellés convertis en identifiants.
    p7 = rep.reponses("Personne fictive 7")
    assert p7["attentes"] == ["instances", "feuille-route"] and p7["situation"] == "Créer un conseil des sages."
    # Formulaire en ligne : choix multiples séparés par des virgules alors que les libellés en contiennent.
    p6 = rep.reponses("Personne fictive 6")
    assert p6["attentes"] == ["innover", "regles", "conduire"] and p6["niveau.j3-numerique"] == 3


@pytest.mark.parametrize(
    "encodage, bom, separateur",
    [("utf-8", False, ","), ("utf-8", True, ";"), ("latin-1", False, ";"), ("cp1252", False, "\t")],
    ids=["utf8-virgule", "utf8-bom-point-virgule", "latin1-point-virgule", "windows-tabulation"],
)
def test_encodages_et_separateurs(tmp_path, encodage, bom, separateur):
    lignes = [["pseudo", "mandat", "taille", "niveau.j2-confiance"], ["Hélène", "Adjoint ou adjointe au maire", "De 2 000 à 9 999 habitants", "J'en ai des notions"]]
    texte = "\n".join(separateur.join(l) for l in lignes) + "\n"
    octets = ("\ufeff" if bom else "").encode(encodage if encodage != "latin-1" else "latin-1") + texte.encode(encodage)
    fichier = tmp_path / "reponses.csv"
    fichier.write_bytes(octets)
    rep = qs.lire_reponses("positionnement", fichier)
    assert rep.reponses("Hélène") == {"pseudo": "Hélène", "mandat": "adjoint", "taille": "2000-9999", "niveau.j2-confiance": 2}


def test_doublon_exact_compte_une_fois_et_homonyme_garde(tmp_path):
    export = qs.exporter("positionnement", {"pseudo": "Lou", "mandat": "maire"})
    (tmp_path / "a.json").write_text(export, encoding="utf-8")
    (tmp_path / "b.json").write_text(export, encoding="utf-8")
    (tmp_path / "c.json").write_text(qs.exporter("positionnement", {"pseudo": "Lou", "mandat": "adjoint"}), encoding="utf-8")
    rep = qs.lire_reponses("positionnement", tmp_path)
    assert list(rep.tableau.index) == ["Lou", "Lou (2)"]
    assert any("b.json (Lou)" in p and "comptées une seule fois" in p for p in rep.problemes)
    assert any(f"«{NB}Lou{NB}» apparaît plusieurs fois" in p for p in rep.problemes)


def test_fichiers_inattendus_et_autre_questionnaire(tmp_path):
    (tmp_path / "evaluation.json").write_text(qs.exporter("evaluation", {"recommandation": "oui"}), encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    (tmp_path / "vide.csv").write_bytes(b"")
    (tmp_path / "autre.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    rep = qs.lire_reponses("positionnement", tmp_path)
    assert rep.effectif == 0
    texte = "\n".join(rep.problemes)
    assert f"evaluation.json{NB}: Ce fichier contient les réponses d'un autre questionnaire («{NB}evaluation{NB}»)" in texte
    assert f"fichiers ignorés (ni .json ni .csv){NB}: notes.docx" in texte
    assert f"vide.csv{NB}: Le fichier est vide." in texte
    assert f"autre.csv{NB}: aucune colonne ne correspond à une question" in texte
    assert "Aucune réponse lue." in texte


def test_formulaire_en_ligne_colonnes_et_valeurs():
    q = qs.charger("positionnement")
    assert qs.colonne_vers_champ(q, "mandat - Votre mandat principal") == "mandat"
    assert qs.colonne_vers_champ(q, "\ufeffniveau.j3-instances") == "niveau.j3-instances"
    assert qs.colonne_vers_champ(q, "Où en êtes-vous aujourd’hui sur chaque objectif de la formation ? [Maîtriser le débat public]") == "niveau.j2-debat-public"
    assert qs.colonne_vers_champ(q, "combien d'habitants compte cette collectivite ?") == "taille"
    assert qs.colonne_vers_champ(q, "Commentaire") is None
    assert qs.lire_valeur(q, "niveau.j1-innovation", "3 - Je sais le faire") == (3, None)
    assert qs.lire_valeur(q, "niveau.j1-innovation", "4,0") == (4, None)
    assert qs.lire_valeur(q, "mandat", "  adjoint OU ADJOINTE au maire ") == ("adjoint", None)
    valeur, remarque = qs.lire_valeur(q, "attentes", "innover | regles | conduire | numerique")
    assert valeur == ["innover", "regles", "conduire", "numerique"] and "4 réponses cochées" in remarque and "toutes gardées" in remarque
    with pytest.raises(qs.ErreurQuestionnaire, match="Réponse illisible"):
        qs.lire_valeur(q, "niveau.j1-innovation", "beaucoup")
    assert qs.lire_valeur(q, "situation", "'=1+1") == ("=1+1", None)


def test_repartition_niveaux_et_parts():
    rep = qs.lire_reponses("positionnement", [{"mandat": "maire", "attentes": ["innover"], "niveau.j1-innovation": 1}, {"mandat": "maire", "attentes": ["innover", "regles"], "niveau.j1-innovation": 4}, {"pseudo": "X", "mandat": "adjoint"}])
    rep_mandat = qs.repartition(rep, "mandat")
    assert rep_mandat.set_index("Réponse").loc["Maire", "Personnes"] == 2 and rep_mandat.attrs["repondants"] == 3
    assert qs.compter(rep, "attentes", ["regles"]) == (1, 2)
    niv = qs.niveaux(rep, "niveau").set_index("id").loc["j1-innovation"]
    assert niv["Réponses"] == 2 and niv["Je découvre"] == 1 and niv["Moyenne"] == 2.5
    assert qs.pourcentage(1, 8) == 13 and qs.pourcentage(1, 3) == 33 and qs.pourcentage(0, 0) is None
    assert qs.format_part(2, 3) == f"2 sur 3 (67{NB}%)"


def test_disposition_csv_et_modele():
    disp = qs.disposition_csv("positionnement", par_question=False)
    assert list(disp["Colonne"]) == [c["id"] for c in qs.champs("positionnement")]
    assert disp.set_index("Colonne").loc["mandat", "Obligatoire"] == "oui"
    compacte = qs.disposition_csv("evaluation")
    assert len(compacte) == sum(len(s["questions"]) for s in qs.charger("evaluation")["sections"])
    assert compacte["Colonne"].str.startswith("niveau_apres.<ligne>, une colonne par ligne").sum() == 1
    from atelier.typographie import problemes
    assert [t for t in compacte["Question"].tolist() + compacte["Réponses acceptées"].tolist() if problemes(t)] == []
    assert qs.modele_csv("evaluation").lstrip("\ufeff").split(";")[0] == "pseudo"


# --- Widget ---------------------------------------------------------------------------------


def test_widget_repondre_refuser_sans_perte(tmp_path):
    w = Questionnaire("positionnement")
    w.repondre("mandat", "maire")
    w.repondre("attentes", ["regles", "innover"])
    assert w.reponses == {"mandat": "maire", "attentes": ["innover", "regles"]}
    with pytest.raises(traitlets.TraitError, match="hors échelle"):
        w.repondre("niveau.j1-innovation", 9)
    with pytest.raises(traitlets.TraitError, match="ne se coche pas"):
        w.repondre("dispositifs", ["aucun", "plateforme"])
    assert w.reponses == {"mandat": "maire", "attentes": ["innover", "regles"]}
    assert "réponses obligatoires manquent" in w.etat()["message"]
    w.repondre("mandat", None)
    assert "mandat" not in w.reponses and "mandat" in w.manquantes()
    fichier = w.sauvegarder(tmp_path / "q.json")
    autre = Questionnaire("positionnement")
    autre.charger(fichier)
    assert autre.reponses == w.reponses
    (tmp_path / "abime.json").write_text('{"format": "atelier.questionnaire", "vers', encoding="utf-8")
    with pytest.raises(qs.ErreurQuestionnaire, match="JSON illisible"):
        autre.charger(tmp_path / "abime.json")
    assert autre.reponses == w.reponses
    assert w.vers_csv().startswith("\ufeffpseudo;mandat;")


def test_widget_evaluation_et_etat_initial():
    w = Questionnaire("evaluation", reponses={"recommandation": "oui"})
    assert w.questionnaire["id"] == "evaluation" and w.reponses == {"recommandation": "oui"}
    assert "Questionnaire evaluation : 1/" in repr(w)
    with pytest.raises(qs.ErreurQuestionnaire, match="Questionnaire inconnu"):
        Questionnaire("satisfaction")


def test_reponses_identiques_sans_identification_gardees(tmp_path):
    """Deux lignes identiques sans pseudonyme ni horodatage : deux personnes ont pu
    répondre de la même façon ; les deux sont gardées et c'est signalé."""
    (tmp_path / "a.csv").write_text("mandat;taille\nMaire;Moins de 2 000 habitants\nMaire;Moins de 2 000 habitants\n", encoding="utf-8")
    rep = qs.lire_reponses("positionnement", tmp_path / "a.csv")
    assert rep.effectif == 2
    assert any("les deux sont gardées, vérifiez" in p for p in rep.problemes)
    # Même horodatage de formulaire : un envoi en double, compté une fois.
    (tmp_path / "b.csv").write_text("Horodateur,mandat\n2026/03/24 09:12:40,Maire\n2026/03/24 09:12:40,Maire\n2026/03/24 10:00:00,Maire\n", encoding="utf-8")
    rep = qs.lire_reponses("positionnement", tmp_path / "b.csv")
    assert rep.effectif == 2 and any("comptées une seule fois" in p for p in rep.problemes)
