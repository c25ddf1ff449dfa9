"""Le programme des trois journées (data/deroule.csv, data/jours.csv)."""

import pytest

from atelier import programme


@pytest.mark.parametrize("minutes, attendu", [(90, "1 h 30"), (60, "1 h"), (45, "45 min"), (425, "7 h 05"), (0, "0 min")])
def test_format_duree(minutes, attendu):
    assert programme.format_duree(minutes) == attendu


def test_format_duree_refuse_le_negatif():
    with pytest.raises(ValueError, match="Durée négative"):
        programme.format_duree(-5)


def test_chaque_journee_a_la_duree_de_la_plaquette():
    """7 h + 7 h + 6 h = 20 h, comme l'annonce la plaquette de la formation."""
    seq = programme.sequences()
    minutes = seq.groupby("jour")["duree_min"].sum().to_dict()
    assert minutes == {"J1": 420, "J2": 420, "J3": 360}
    prevues = programme.jours().set_index("jour")["duree_min"].to_dict()
    assert minutes == prevues


def test_les_sequences_s_enchainent_sans_chevauchement():
    for jour, seq in programme.sequences().groupby("jour"):
        seq = seq.sort_values("ordre")
        assert list(seq["ordre"]) == list(range(1, len(seq) + 1)), jour
        for fin, debut_suivant in zip(seq["fin"].iloc[:-1], seq["debut"].iloc[1:]):
            assert fin <= debut_suivant, f"{jour} : une séquence commence à {debut_suivant} avant la fin de la précédente ({fin})"


def test_chaque_journee_a_un_atelier_et_chaque_point_du_programme_est_traite():
    seq = programme.sequences()
    assert set(seq.loc[seq["modalite"] == "atelier", "jour"]) == {"J1", "J2", "J3"}
    plaquette = {
        "Les attentes des Français vis-à-vis du politique et des élus locaux",
        "État d'esprit et principes de la démarche / prototyper et tester la solution",
        "Identification des conditions du rétablissement de la confiance",
        "Tour d'horizon des différents dispositifs participatifs",
        "Stratégie et feuille de route",
    }
    assert plaquette <= set(seq["point_programme"])


def test_deroule_d_une_journee():
    df = programme.deroule("j2")
    assert list(df.columns) == ["Horaire", "Séquence", "Durée", "Modalité", "Point du programme"]
    assert df["Horaire"].iloc[0].startswith("09 h 00 – ")
    assert len(df) == (programme.sequences()["jour"] == "J2").sum()


def test_journee_inconnue_message_en_francais():
    with pytest.raises(ValueError, match="Journée inconnue\u00a0: «\u00a0J4\u00a0»"):
        programme.deroule("J4")


def test_synthese_des_trois_journees():
    df = programme.synthese_jours()
    assert list(df["Journée"]) == ["J1", "J2", "J3"]
    assert list(df["Durée"]) == ["7 h", "7 h", "6 h"]
    assert (df["Séquences"] > 0).all()


def test_tableau_affichable_avec_legende():
    html = programme.afficher_deroule("J1").to_html()
    assert "<caption>Déroulé de la journée J1</caption>" in html
    assert 'class="tableau-cours"' in html
    assert html == programme.afficher_deroule("J1").to_html(), "le rendu doit être stable d'une construction à l'autre"


def test_deroule_de_l_atelier_d_une_journee():
    """L'atelier de chaque journée et sa restitution (et la clôture le J3), sans les
    séquences « atelier » du matin ni le bilan du jour."""
    assert programme.deroule_atelier("J1")["Séquence"].tolist() == [
        "Atelier J1\u00a0: du problème au plan de test d'un prototype",
        "Restitution de l'atelier J1",
    ]
    assert programme.deroule_atelier("J2")["Séquence"].str.contains("atelier J2", case=False).all()
    j3 = programme.deroule_atelier("J3")
    assert j3["Modalité"].tolist() == ["Atelier", "Atelier", "Évaluation"]
    assert j3["Séquence"].iloc[0].startswith("Atelier J3")
