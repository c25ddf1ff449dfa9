"""Les données du cours respectent leur schéma (paquet de données Frictionless)."""

from pathlib import Path

import pytest
import yaml
from frictionless import Package

DONNEES = Path(__file__).resolve().parent.parent / "data"


def test_paquet_de_donnees_valide():
    rapport = Package(str(DONNEES / "datapackage.yaml")).validate()
    erreurs = [f"{t.name}: {e.message}" for t in rapport.tasks for e in t.errors]
    assert rapport.valid, erreurs


def test_chaque_fichier_de_donnees_est_decrit_avec_ses_sources():
    paquet = yaml.safe_load((DONNEES / "datapackage.yaml").read_text(encoding="utf-8"))
    schemas = {r["jsonschema"] for r in paquet["resources"] if "jsonschema" in r}
    decrits = {r["path"] for r in paquet["resources"]} | schemas | {"datapackage.yaml"}
    presents = {p.relative_to(DONNEES).as_posix() for p in DONNEES.rglob("*") if p.is_file()}
    assert presents <= decrits, f"fichiers sans schéma : {presents - decrits}"
    assert all(r.get("sources") for r in paquet["resources"]), "chaque ressource cite ses sources"


def test_fichiers_yaml_conformes_a_leur_schema_json():
    """Frictionless ne valide pas le YAML contre un schéma JSON : jsonschema le fait."""
    import json

    import jsonschema

    paquet = yaml.safe_load((DONNEES / "datapackage.yaml").read_text(encoding="utf-8"))
    ressources = [r for r in paquet["resources"] if "jsonschema" in r]
    assert ressources
    for r in ressources:
        schema = json.loads((DONNEES / r["jsonschema"]).read_text(encoding="utf-8"))
        jsonschema.validate(yaml.safe_load((DONNEES / r["path"]).read_text(encoding="utf-8")), schema)


def test_un_fichier_invalide_est_refuse(tmp_path):
    """Le schéma mord : une modalité inconnue et une heure mal formée sont signalées."""
    paquet = yaml.safe_load((DONNEES / "datapackage.yaml").read_text(encoding="utf-8"))
    (tmp_path / "jours.csv").write_text((DONNEES / "jours.csv").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "deroule.csv").write_text(
        "jour,ordre,sequence,debut,duree_min,modalite,point_programme\nJ1,1,Accueil,9h,30,sieste,Accueil\n",
        encoding="utf-8",
    )
    (tmp_path / "datapackage.yaml").write_text(yaml.safe_dump(paquet, allow_unicode=True), encoding="utf-8")
    rapport = Package(str(tmp_path / "datapackage.yaml")).validate()
    assert not rapport.valid
    champs = {e.field_name for t in rapport.tasks for e in t.errors if hasattr(e, "field_name")}
    assert {"debut", "modalite"} <= champs
