"""Restitution des ateliers : lecture des fichiers des groupes (y compris difficiles),
messages en français, regroupement des idées, votes, synthèses J1, J2 et J3."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from atelier import diagnostic
from atelier import restitution as R
from atelier.typographie import problemes

NB = "\u00a0"


def messages(r: R.Restitution) -> str:
    return "\n".join(str(s) for s in r.signalements)


# --- Les exemples synthétiques --------------------------------------------------------------


@pytest.fixture(scope="module")
def j1():
    return R.lire_restitution(R.exemple("J1"), "J1")


@pytest.fixture(scope="module")
def j2():
    return R.lire_restitution(R.exemple("J2"), "J2")


@pytest.fixture(scope="module")
def j3():
    return R.lire_restitution(R.exemple("J3"), "J3")


def test_exemple_j1_lu_malgre_les_fichiers_difficiles(j1):
    assert j1.groupes == ["Groupe 1", "Groupe 2", "Groupe 3", "Groupe 4"]
    par_groupe = {g: [i.texte for i in j1.idees if i.groupe == g] for g in j1.groupes}
    assert [len(par_groupe[g]) for g in j1.groupes] == [6, 5, 5, 6]
    # Latin-1 et notes à virgule (« 4,0 ») du tableur du groupe 3.
    assert "Procuration écrite pour qu'un proche dépose le dossier" in par_groupe["Groupe 3"]
    soiree = next(i for i in j1.idees if i.groupe == "Groupe 3" and i.texte.startswith("Soirée"))
    assert (soiree.impact, soiree.faisabilite, soiree.theme) == (4, 4, "Horaires et lieux")
    # UTF-8 avec BOM du groupe 4 : la première colonne est bien reconnue.
    assert all(i.groupe == "Groupe 4" for i in j1.idees if i.source == "groupe-4-idees.csv")
    texte = messages(j1)
    assert "colonnes inattendues, non utilisées\u00a0: commentaire" in texte
    assert "ligne 6\u00a0: «\u00a0Créneaux de rendez-vous le samedi matin\u00a0» figure déjà" in texte
    assert "ligne 7\u00a0: note d'impact illisible (« haute »".replace("« ", f"«{NB}").replace(" »", f"{NB}»") in texte
    assert "ligne 8\u00a0: note de faisabilité manquante" in texte
    assert "Groupe 4\u00a0: il manque sa fiche de restitution." in texte
    assert "rubriques inattendues, gardées dans «\u00a0Autres rubriques\u00a0»\u00a0: remarques." in texte


def test_aucune_ligne_valide_ecartee_en_silence(j1):
    """Chaque ligne non vide des tableaux d'idées est une idée, ou est signalée par son numéro."""
    for nom in ("groupe-3-idees-tableur.csv", "groupe-4-idees.csv"):
        df = R.lire_tableau((R.exemple("J1") / nom).read_bytes())
        for numero in range(len(df)):
            ligne = numero + 2
            texte = " ".join(str(df.iloc[numero, 1]).split())
            gardee = any(i.source == nom and i.texte == texte for i in j1.idees)
            signalee = any(s.fichier == nom and s.message.startswith(f"ligne {ligne}{NB}:") for s in j1.signalements)
            assert gardee or signalee, (nom, ligne)
    # Une idée à la note illisible est gardée (hors matrice), pas écartée.
    borne = next(i for i in j1.idees if i.texte.startswith("Borne"))
    assert borne.impact is None and borne.faisabilite == 2


def test_idees_regroupees_et_votes_j1(j1):
    df = R.idees_regroupees(j1)
    assert len(df) == 19 and list(df["N°"]) == list(range(1, 20))
    soiree = df[df["Idée"] == "Soirée d'inscription sur rendez-vous le jeudi"].iloc[0]
    assert soiree["Autres formulations"] == "Soirée d'inscription sur rendez-vous"
    assert soiree["Groupes"] == "Groupe 1, Groupe 3" and soiree["Impact"] == 4.5
    assert soiree["Quadrant"] == "À lancer en premier"
    fiche = df[df["Idée"] == "Fiche unique d'inscription d'une page"].iloc[0]
    assert fiche["Nb de groupes"] == 2
    # Deux idées qui partagent « la liste des pièces » ne sont pas confondues.
    assert "Pictogrammes sur la liste des pièces" in set(df["Idée"])
    assert df[df["Idée"].str.startswith("Borne")]["Quadrant"].iloc[0] == R.QUADRANT_NON_NOTE
    prio = R.priorites_j1(j1)
    assert prio["Votes"].tolist()[:3] == [7, 7, 6]
    assert prio.iloc[0]["Idée"].startswith("Procuration")  # 6 votes d'un point + un vote de 2 points
    # 36 lignes de vote, dont une de 2 points (37 points) ; un doublon écarté à la lecture, un vote « 99 » non rattaché.
    assert len(j1.votes) == 35 and prio["Votes"].sum() == 37 - 1 - 1
    texte = messages(j1)
    assert "«\u00a0Personne 05\u00a0» a donné 4 points (3 prévus)" in texte
    assert "vote de «\u00a0Personne 08\u00a0» pour «\u00a099\u00a0»\u00a0: aucune idée ne correspond" in texte
    assert "ligne 9\u00a0: vote en double de «\u00a0Personne 03\u00a0»" in texte


def test_exemple_j2(j2):
    assert j2.groupes == ["Groupe A", "Groupe B", "Groupe C", "Groupe D"]
    assert set(j2.diagnostics) == set(j2.groupes)
    scores = R.scores_j2(j2)
    assert list(scores.index) == j2.groupes
    for groupe, reponses in j2.diagnostics.items():
        attendu = diagnostic.scorer(reponses).scores()
        assert scores.loc[groupe, list(attendu)].tolist() == pytest.approx(list(attendu.values()))
    texte = messages(j2)
    assert "diagnostic du groupe «\u00a0Groupe C\u00a0» en double, identique\u00a0: compté une fois." in texte
    assert "«\u00a0Jury citoyens\u00a0» rapproché du dispositif du catalogue «\u00a0Jury citoyen\u00a0»." in texte
    assert "«\u00a0Café-débat du samedi\u00a0» ne figure pas au catalogue" in texte
    assert "niveau promis «\u00a0Co-construction\u00a0»\u00a0: aucun niveau de l'IAP2 reconnu" in texte
    dispositifs = R.dispositifs_j2(j2).set_index("Dispositif")
    assert dispositifs.loc["Jury citoyen", "Nb de groupes"] == 2
    assert dispositifs.loc["Permanences et porte-à-porte (aller-vers)", "Groupes"] == "Groupe A, Groupe C"
    assert dispositifs.loc["Café-débat du samedi", "Niveau IAP2 (catalogue)"] == "hors catalogue"
    # La fiche en Latin-1 est lue, accents compris.
    assert j2.fiches["Groupe D"]["diagnostic"][0] == "La défiance est la plus forte sur l'équité."
    promesses = R.promesses_j2(j2).set_index("Groupe")
    assert promesses.loc["Groupe A", "Niveau le plus haut promis"] == "collaborer"
    assert promesses.loc["Groupe D", "Niveau le plus haut promis"] == "—"


def test_exemple_j3(j3):
    from atelier import feuille_de_route

    assert j3.groupes == ["Stagiaire 1", "Stagiaire 2", "Stagiaire 3"]
    assert set(j3.feuilles) == {"Stagiaire 1", "Stagiaire 2"}  # rattachées par la rubrique « feuille_de_route » des fiches
    texte = messages(j3)
    assert "stagiaire-3-feuille-de-route.json\u00a0: fichier JSON illisible ou tronqué" in texte
    assert "Stagiaire 3\u00a0: il manque sa feuille de route (export JSON)." in texte
    assert "fiche de la personne «\u00a0Stagiaire 2\u00a0» incomplète, rubriques vides\u00a0: publics_eloignes." in texte
    df = R.feuilles_j3(j3).set_index("Stagiaire")
    for stagiaire, plan in j3.feuilles.items():
        assert df.loc[stagiaire, "Budget (€)"] == feuille_de_route.synthese(plan)["budget_total"]
    assert df.loc["Stagiaire 2", "Retours aux participants"] == 0
    alertes = R.alertes_j3(j3)
    assert any(a.startswith("Aucune action ne rend compte aux participants") for a in alertes[alertes["Stagiaire"] == "Stagiaire 2"]["Alerte"])
    dispositifs = R.dispositifs_j3(j3).set_index("Dispositif")
    assert dispositifs.loc["Jury citoyen", "Stagiaires"] == "Stagiaire 1" and dispositifs.loc["Jury citoyen", "Nb de stagiaires"] == 1


def test_l_atelier_j3_individuel_ne_parle_pas_de_groupes(j1, j3, tmp_path):
    """L'atelier J3 est individuel : aucun texte affiché de sa synthèse (colonnes, résumés,
    signalements, page imprimable) ne parle de « groupe », sauf le nom technique de la
    rubrique « groupe » des fiches ; les ateliers J1 et J2, en groupes, gardent leurs mots."""
    s = R.synthese(j3)
    assert s.blocs[0].texte.startswith("3 stagiaires\u00a0: Stagiaire 1, Stagiaire 2, Stagiaire 3.")
    tableaux = [b.tableau for b in s.blocs if b.tableau is not None] + [R.signalements(j3), R.fiches(j3)]
    entetes = [str(c) for df in tableaux for c in df.columns]
    assert "Stagiaire" in entetes and "Question aux autres stagiaires" in entetes and "Fichier ou stagiaire" in entetes
    assert [c for c in entetes if "groupe" in c.lower()] == []
    textes = [s.titre] + [t for b in s.blocs for t in (b.titre, b.texte, b.legende, b.alt)] + [m.message for m in j3.signalements]
    assert [t for t in textes if "groupe" in t.lower()] == []
    page = s.enregistrer(tmp_path / "j3.html").read_text(encoding="utf-8")
    assert "Une ligne par stagiaire" in page and "Les fiches des stagiaires" in page
    assert re.findall(r"[^_]groupes?\b", page, flags=re.IGNORECASE) == []
    vide = R.lire_restitution(tmp_path / "absent", "J3")
    assert "aucune personne trouvée\u00a0: vérifiez le dossier" in messages(vide)
    # Les ateliers en groupes gardent « groupe ».
    s1 = R.synthese(j1)
    assert s1.blocs[0].texte.startswith("4 groupes\u00a0:") and "Les fiches des groupes" in [b.titre for b in s1.blocs]
    assert "Groupe" in R.fiches(j1).columns and "Fichier ou groupe" in R.signalements(j1).columns


def test_intitules_des_ateliers_ceux_des_pages_et_du_deroule():
    """Un atelier porte le même intitulé dans le code, sur sa page et dans le déroulé."""
    from atelier.programme import sequences

    racine = Path(__file__).resolve().parents[1]
    seq = sequences()
    for atelier, description in R.ATELIERS.items():
        page = racine / "chapters" / atelier.lower() / f"{atelier.lower()}-5-atelier.md"
        titre = next(l[2:].strip() for l in page.read_text(encoding="utf-8").splitlines() if l.startswith("# "))
        assert description.titre == titre, atelier
        assert titre in set(seq.loc[(seq["jour"] == atelier) & (seq["modalite"] == "atelier"), "sequence"]), atelier


@pytest.mark.parametrize("atelier", ["J1", "J2", "J3"])
def test_synthese_de_chaque_atelier(atelier, tmp_path):
    r = R.lire_restitution(R.exemple(atelier), atelier)
    s = R.synthese(r)
    titres = [b.titre for b in s.blocs]
    assert titres[0] == "En bref" and titres[-1] == "Ce qui n'a pas pu être lu tel quel"
    assert all(b.alt for b in s.blocs if b.figure is not None), "chaque graphique a un texte alternatif"
    page = s.enregistrer(tmp_path / "synthese.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and '<html lang="fr">' in page
    assert page.count("<img ") == sum(1 for b in s.blocs if b.figure is not None)
    assert "http://" not in page.replace('"http://www.w3.org', "") and "https://" not in page
    # Les identifiants des tableaux sont uniques dans la page.
    ids = re.findall(r'id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    fragment = s._repr_html_()
    assert "<h4>En bref</h4>" in fragment and "<h2>" not in fragment


def test_tous_les_signalements_respectent_la_typographie(j1, j2, j3):
    fautes = [f"{s}\u00a0: {f}" for r in (j1, j2, j3) for s in r.signalements for f in problemes(s.message)]
    assert fautes == []


# --- Fichiers difficiles, un par un -----------------------------------------------------------


IDEES = "groupe;idée;impact;faisabilité\nGroupe 1;Une permanence au marché;4;3\nGroupe 1;Un guichet unique;5;2\n"


@pytest.mark.parametrize("encodage", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
@pytest.mark.parametrize("separateur", [";", ",", "\t"])
def test_memes_idees_quel_que_soit_l_encodage_et_le_separateur(tmp_path, encodage, separateur):
    (tmp_path / "idees.csv").write_bytes(IDEES.replace(";", separateur).replace("\n", "\r\n").encode(encodage))
    r = R.lire_restitution(tmp_path, "J1")
    assert [(i.groupe, i.texte, i.impact, i.faisabilite) for i in r.idees] == [("Groupe 1", "Une permanence au marché", 4, 3), ("Groupe 1", "Un guichet unique", 5, 2)]
    assert [s.message for s in r.signalements] == ["il manque sa fiche de restitution."]


def test_fichiers_illisibles_signales_en_francais(tmp_path):
    (tmp_path / "tronque.json").write_text('{"format": "atelier.priorisation", "version": 1, "idees": [{"id": "i', encoding="utf-8")
    (tmp_path / "autre.json").write_text('{"format": "autre-outil"}', encoding="utf-8")
    (tmp_path / "diag.json").write_text(diagnostic.exporter({"rea-1": 4}), encoding="utf-8")
    (tmp_path / "version.json").write_text('{"format": "atelier.priorisation", "version": 7, "idees": []}', encoding="utf-8")
    (tmp_path / "casse.yaml").write_text('atelier: J1\ngroupe: "Groupe 1\nquestion: x\n', encoding="utf-8")
    (tmp_path / "liste.yaml").write_text("- a\n- b\n", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / "vide.csv").write_bytes(b"")
    (tmp_path / "inconnu.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    (tmp_path / "j2.yaml").write_text("atelier: J2\ngroupe: Groupe 9\n", encoding="utf-8")
    r = R.lire_restitution(tmp_path, "J1")
    attendus = {
        "tronque.json": "fichier JSON illisible ou tronqué",
        "autre.json": "n'est l'export d'aucun outil du cours",
        "diag.json": "export d'un outil de l'atelier J2, non utilisé pour la synthèse de l'atelier J1.",
        "version.json": "version d'export non prise en charge\u00a0: 7 (attendue\u00a0: 1)",
        "casse.yaml": "fiche YAML illisible vers la ligne",
        "liste.yaml": "ce fichier YAML n'est pas une fiche",
        "photo.png": "format «\u00a0.png\u00a0» non lu",
        "vide.csv": "Le fichier est vide.",
        "inconnu.csv": "tableau non reconnu pour l'atelier J1",
        "j2.yaml": "fiche de l'atelier J2, non utilisée pour la synthèse de l'atelier J1.",
    }
    for fichier, attendu in attendus.items():
        assert any(s.fichier == fichier and attendu in s.message for s in r.signalements), (fichier, messages(r))
    assert r.idees == [] and r.fiches == {}
    assert "aucun groupe trouvé" in messages(r)
    assert "Traceback" not in messages(r)


def test_doublons_de_fichiers_et_de_fiches(tmp_path):
    fiche = "atelier: J1\ngroupe: Groupe 1\npersona: Sabrina\n"
    (tmp_path / "a.yaml").write_text(fiche, encoding="utf-8")
    (tmp_path / "a-copie.yaml").write_bytes(b"\xef\xbb\xbf" + fiche.replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / "b.yaml").write_text("atelier: J1\ngroupe: groupe-1\npersona: Amina\n", encoding="utf-8")
    r = R.lire_restitution(tmp_path, "J1")
    assert "contenu identique à «\u00a0a-copie.yaml\u00a0»\u00a0: lu une seule fois." in messages(r) or "contenu identique à «\u00a0a.yaml\u00a0»" in messages(r)
    # Deux fiches différentes pour le même groupe (« groupe-1 » = « Groupe 1 ») : les deux sont gardées.
    assert sorted(f["persona"] for f in r.fiches.values()) == ["Amina", "Sabrina"]
    assert "deuxième fiche pour le groupe «\u00a0Groupe 1\u00a0»" in messages(r)


def test_fiche_aux_rubriques_mal_formees_gardee_et_expliquee(tmp_path):
    (tmp_path / "g.yaml").write_text(
        "atelier: J1\ngroupe: Groupe 1\nconstats: un seul constat en texte\nidees_produites: trente\nplan_de_test:\n  hypothese: [a, b]\nbonus: oui\n", encoding="utf-8"
    )
    r = R.lire_restitution(tmp_path, "J1")
    texte = messages(r)
    assert "«\u00a0constats\u00a0» devrait être une liste (lu\u00a0: \"un seul constat en texte\")" in texte
    assert "«\u00a0idees_produites\u00a0» devrait être un nombre entier ou vide" in texte
    assert "«\u00a0plan_de_test.hypothese\u00a0» devrait être un texte" in texte
    assert "rubriques inattendues, gardées dans «\u00a0Autres rubriques\u00a0»\u00a0: bonus." in texte
    assert r.fiches["Groupe 1"]["constats"] == "un seul constat en texte"
    assert "Autres rubriques" in R.fiches(r).columns


def test_lignes_vides_ignorees_et_idee_sans_texte_signalee(tmp_path):
    (tmp_path / "i.csv").write_text("groupe,idee,impact,faisabilite\n,,,\nGroupe 1,,4,3\nGroupe 1,Une idée,7,0\n", encoding="utf-8")
    r = R.lire_restitution(tmp_path, "J1")
    texte = messages(r)
    assert "ligne 3\u00a0: idée sans texte (valeurs\u00a0: 4, 3), ignorée." in texte
    assert "ligne 4\u00a0: note d'impact hors échelle («\u00a07\u00a0», attendu\u00a0: un entier de 1 à 5)" in texte
    assert "ligne 2" not in texte
    assert [(i.texte, i.impact, i.faisabilite) for i in r.idees] == [("Une idée", None, None)]


def test_groupe_d_un_fichier_a_plat():
    r = R.Restitution("J1")
    r.groupe("Groupe 1")
    r.groupe("Groupe 10")
    assert R.groupe_du_fichier("groupe-1-matrice.json", r) == "Groupe 1"
    assert R.groupe_du_fichier("Groupe_10_idees.csv", r) == "Groupe 10"
    assert R.groupe_du_fichier("equipe-verte-matrice.json", r) == "equipe verte"


# --- Votes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("choix, attendu", [("3", 2), ("n° 3", 2), ("N°3", 2), ("#3", 2), ("idée 3", 2), ("un guichet unique", 1), ("Guichet unique", 1), ("9", None), ("une idée absente", None)])
def test_rattacher_un_vote(choix, attendu):
    assert R._rattacher(choix, ["Une permanence au marché", "Un guichet unique", "Des horaires du soir"]) == attendu


def test_votes_points_illisibles_et_sans_choix(tmp_path):
    (tmp_path / "i.csv").write_text("groupe,idee,impact,faisabilite\nG1,Une idée,4,4\nG1,Une autre idée,2,2\n", encoding="utf-8")
    (tmp_path / "votes.csv").write_text("votant;choix;points\nAnne;1;deux\nBen;;\nBen;2;2\n;1;\n", encoding="utf-8")
    r = R.lire_restitution(tmp_path, "J1")
    texte = messages(r)
    assert "ligne 2\u00a0: nombre de points illisible («\u00a0deux\u00a0»), compté pour 1." in texte
    assert "ligne 3\u00a0: vote sans choix (votant\u00a0: Ben), ignoré." in texte
    prio = R.priorites_j1(r).set_index("Idée")
    assert prio.loc["Une idée", "Votes"] == 2 and prio.loc["Une autre idée", "Votes"] == 2


def test_votes_sur_les_dispositifs_j2(tmp_path):
    (tmp_path / "g.yaml").write_text("atelier: J2\ngroupe: G\ndispositifs:\n  - dispositif: jury-citoyen\n  - dispositif: Réunion publique\n", encoding="utf-8")
    (tmp_path / "votes.csv").write_text("votant,choix\nA,Jury citoyen\nB,2\nC,Budget participatif\n", encoding="utf-8")
    r = R.lire_restitution(tmp_path, "J2")
    df = R.dispositifs_j2(r).set_index("Dispositif")
    assert df["Votes"].to_dict() == {"Jury citoyen": 1, "Réunion publique": 1}
    assert "vote de «\u00a0C\u00a0» pour «\u00a0Budget participatif\u00a0»\u00a0: aucun dispositif ne correspond" in messages(r)


# --- Propriété : rien n'est perdu ---------------------------------------------------------------

NOTES = st.one_of(st.integers(1, 5).map(str), st.sampled_from(["", "haute", "0", "6", "3,0", "4.5", "2"]))
TEXTES = st.text(alphabet=st.sampled_from("abcdéèàç '-"), min_size=0, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["G1", "G2"]), TEXTES, NOTES, NOTES), max_size=12), st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_chaque_ligne_est_gardee_ou_signalee(tmp_path_factory, lignes, encodage):
    dossier = tmp_path_factory.mktemp("prop")
    contenu = "groupe;idee;impact;faisabilite\n" + "".join(f"{g};{t};{i};{f}\n" for g, t, i, f in lignes)
    (dossier / "idees.csv").write_bytes(contenu.encode(encodage))
    r = R.lire_restitution(dossier, "J1")
    for numero, (g, t, i, f) in enumerate(lignes, 2):
        texte = " ".join(t.split())
        if not texte and not (i or f):
            continue  # ligne sans idée ni note : rien à garder (le groupe seul ne fait pas une réponse)
        gardee = any(x.groupe == g and x.texte == texte for x in r.idees)
        signalee = any(s.message.startswith(f"ligne {numero}{NB}:") for s in r.signalements)
        assert gardee or signalee
    for idee in r.idees:
        assert idee.impact in (None, 1, 2, 3, 4, 5) and idee.faisabilite in (None, 1, 2, 3, 4, 5)


# --- Gabarits et sorties -----------------------------------------------------------------------


@pytest.mark.parametrize("atelier", ["J1", "J2", "J3"])
def test_gabarit_conforme_au_schema_et_complet(atelier):
    import jsonschema

    gabarit = yaml.safe_load(R.gabarit(f"{atelier.lower()}_fiche.yaml").read_text(encoding="utf-8"))
    schema = R.schema_fiche(atelier)
    jsonschema.validate(gabarit, schema)
    assert set(gabarit) == set(schema["properties"])
    commentaires = [l.split("#", 1)[1] for l in R.gabarit(f"{atelier.lower()}_fiche.yaml").read_text(encoding="utf-8").splitlines() if "#" in l]
    assert [f for c in commentaires for f in problemes(c)] == []
    assert all(len(d) > 10 for d in R.rubriques(atelier)["Ce qu'on y écrit"])


def test_gabarits_vides_lus_sans_erreur(tmp_path):
    for nom in ("j1_fiche.yaml", "j1_idees.csv", "votes.csv"):
        (tmp_path / nom).write_bytes(R.gabarit(nom).read_bytes())
    r = R.lire_restitution(tmp_path, "J1")
    assert r.idees == [] and r.votes == []
    assert "fiche du groupe «\u00a0j1\u00a0» incomplète" in messages(r)


def test_le_texte_saisi_reste_du_texte(tmp_path):
    (tmp_path / "g.yaml").write_text('atelier: J1\ngroupe: "<script>alert(1)</script>"\nquestion: "<img src=x onerror=alert(2)>"\n', encoding="utf-8")
    (tmp_path / "i.csv").write_text('groupe,idee,impact,faisabilite\n"<script>alert(1)</script>","<b>gras</b>",4,4\n', encoding="utf-8")
    page = R.synthese(R.lire_restitution(tmp_path, "J1")).vers_html()
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>gras</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_atelier_inconnu():
    with pytest.raises(R.ErreurRestitution, match="Atelier inconnu\u00a0: «\u00a0J4\u00a0»"):
        R.lire_restitution(".", "J4")
