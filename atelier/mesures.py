"""« make bench » : les chiffres de la construction, du poids des pages et des tests.

Imprime, en une exécution :
- le temps d'une construction propre avec exécution des carnets ;
- le temps d'une reconstruction sans changement ;
- le temps d'une construction sans exécution (le plancher) ;
- la taille totale du site ;
- pour l'accueil et pour la page la plus lourde : les octets téléchargés par le
  navigateur (bruts et compressés gzip), et le nombre de requêtes ;
- la durée de « make test ».

Aucun test n'est chronométré : les chiffres sont donnés ici, à lire et comparer.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

RACINE = Path(__file__).resolve().parent.parent
JB = Path(sys.executable).with_name("jb")


def _chrono(commande: list[str], **options) -> float:
    debut = time.perf_counter()
    subprocess.run(commande, cwd=RACINE, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **options)
    return time.perf_counter() - debut


def _construire(sortie: Path, config: Path | None = None) -> float:
    commande = [str(JB), "build", ".", "--warningiserror", "--nitpick", "--keep-going", "--path-output", str(sortie)]
    if config:
        commande += ["--config", str(config)]
    return _chrono(commande)


def _taille_dossier(dossier: Path) -> tuple[int, int]:
    fichiers = [p for p in dossier.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in fichiers), len(fichiers)


class _Silencieux(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def poids_des_pages(site: Path, pages: list[str]) -> dict[str, dict]:
    """Octets téléchargés par Chromium pour chaque page (cache vide), bruts et gzip."""
    from conftest import ARGS_CHROMIUM, CHROMIUM
    from playwright.sync_api import sync_playwright

    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Silencieux, directory=str(site)))
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{serveur.server_address[1]}/"
    resultats = {}
    try:
        with sync_playwright() as p:
            nav = p.chromium.launch(executable_path=CHROMIUM, args=ARGS_CHROMIUM)
            for nom in pages:
                contexte = nav.new_context()
                onglet = contexte.new_page()
                corps: list[bytes] = []
                onglet.on("response", lambda r: corps.append(r.body()) if r.ok and r.request.method == "GET" else None)
                onglet.goto(base + nom)
                onglet.wait_for_load_state("networkidle")
                brut = sum(len(c) for c in corps)
                compresse = sum(len(gzip.compress(c, 6)) for c in corps)
                resultats[nom] = {"requetes": len(corps), "brut": brut, "gzip": compresse}
                contexte.close()
            nav.close()
    finally:
        serveur.shutdown()
    return resultats


PAGE_DIAGNOSTIC = "chapters/j2/j2-2-retablir-la-confiance.html"


def poids_des_widgets(site: Path, page: str) -> dict[str, int]:
    """Octets qu'ajoutent les widgets à une page : l'état intégré (dont le module et
    le questionnaire), les vues, et le chargeur servi par le site ; bruts et gzip."""
    import re

    html = (site / page).read_text(encoding="utf-8")
    morceaux = re.findall(r'<script type="application/vnd\.jupyter\.widget-(?:state|view)\+json">.*?</script>', html, flags=re.S)
    morceaux = [m.encode() for m in morceaux]
    morceaux.append((site / "_static" / "atelier-widgets" / "chargeur.js").read_bytes())
    return {"brut": sum(len(m) for m in morceaux), "gzip": sum(len(gzip.compress(m, 6)) for m in morceaux)}


def latence_radar(site: Path, page: str, essais: int = 80) -> list[float]:
    """Temps (ms) entre un clic sur une réponse et le radar redessiné et mis en page
    (recalcul, DOM, styles, mise en page), mesuré dans Chromium sur la page statique.

    On n'attend pas l'image suivante : Chromium sans écran cadence ses images à
    60 Hz, si bien que cette attente mesurerait la cadence (16,7 ms) et non le widget."""
    from conftest import ARGS_CHROMIUM, CHROMIUM
    from playwright.sync_api import sync_playwright

    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Silencieux, directory=str(site)))
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            nav = p.chromium.launch(executable_path=CHROMIUM, args=ARGS_CHROMIUM)
            onglet = nav.new_page()
            onglet.goto(f"http://127.0.0.1:{serveur.server_address[1]}/{page}")
            onglet.wait_for_selector("html[data-widgets-prets]")
            durees = onglet.evaluate(
                """async (essais) => {
                    const radios = [...document.querySelectorAll('.diagnostic-confiance input[type=radio]')];
                    const image = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                    const durees = [];
                    for (let i = 0; i < essais; i++) {
                        const radio = radios[(i * 7) % radios.length];
                        await image();
                        const t0 = performance.now();
                        radio.click();  // le widget recalcule et redessine pendant l'événement
                        const radar = document.querySelector('.diagnostic-confiance svg.radar polygon.scores');
                        radar.getBoundingClientRect();  // force le calcul des styles et de la mise en page
                        durees.push(performance.now() - t0);
                    }
                    return durees;
                }""",
                essais,
            )
            nav.close()
    finally:
        serveur.shutdown()
    return durees


def _kio(octets: int) -> str:
    return f"{octets / 1024:,.0f} Kio".replace(",", " ")


def main() -> None:
    sys.path.insert(0, str(RACINE / "tests"))
    from conftest import pages_du_sommaire

    chiffres: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        chiffres["construction_propre_s"] = _construire(tmp / "avec")
        chiffres["reconstruction_sans_changement_s"] = _construire(tmp / "avec")
        config = yaml.safe_load((RACINE / "_config.yml").read_text(encoding="utf-8"))
        config["execute"]["execute_notebooks"] = "off"
        fichier_config = tmp / "_config_sans_execution.yml"
        fichier_config.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        chiffres["construction_sans_execution_s"] = _construire(tmp / "sans", fichier_config)

        site = tmp / "avec" / "_build" / "html"
        octets, nombre = _taille_dossier(site)
        chiffres["site_octets"], chiffres["site_fichiers"] = octets, nombre
        poids = poids_des_pages(site, pages_du_sommaire())
        chiffres["pages"] = poids
        chiffres["widgets_diagnostic"] = poids_des_widgets(site, PAGE_DIAGNOSTIC)
        chiffres["latence_radar_ms"] = sorted(latence_radar(site, PAGE_DIAGNOSTIC))

    chiffres["make_test_s"] = _chrono(["make", "test"])

    accueil = poids["chapters/accueil.html"]
    lourde_nom, lourde = max(poids.items(), key=lambda kv: kv[1]["gzip"])
    print("Mesures du cours (make bench)")
    print(f"  Construction propre avec exécution     : {chiffres['construction_propre_s']:6.1f} s")
    print(f"  Reconstruction sans changement          : {chiffres['reconstruction_sans_changement_s']:6.1f} s")
    print(f"  Construction sans exécution (plancher)  : {chiffres['construction_sans_execution_s']:6.1f} s")
    print(f"  Taille du site                          : {octets / 1024 / 1024:6.1f} Mio ({nombre} fichiers)")
    print(f"  Accueil téléchargé                      : {_kio(accueil['brut'])} bruts, {_kio(accueil['gzip'])} gzip, {accueil['requetes']} requêtes")
    print(f"  Page la plus lourde ({lourde_nom})")
    print(f"                                            {_kio(lourde['brut'])} bruts, {_kio(lourde['gzip'])} gzip, {lourde['requetes']} requêtes")
    widgets = chiffres["widgets_diagnostic"]
    latences = chiffres["latence_radar_ms"]
    mediane = latences[len(latences) // 2]
    p95 = latences[min(len(latences) - 1, int(round(0.95 * (len(latences) - 1))))]
    print(f"  Octets ajoutés par le diagnostic        : {_kio(widgets['brut'])} bruts, {_kio(widgets['gzip'])} gzip (état, vue, chargeur)")
    print(f"  Clic → radar redessiné ({len(latences)} essais)      : médiane {mediane:.1f} ms, 95e centile {p95:.1f} ms (objectif : médiane < 16 ms)")
    print(f"  Durée de make test                      : {chiffres['make_test_s']:6.1f} s")
    sortie = RACINE / "_build" / "mesures.json"
    sortie.parent.mkdir(exist_ok=True)
    sortie.write_text(json.dumps(chiffres, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"  (détail par page : {sortie.relative_to(RACINE)})")


if __name__ == "__main__":
    main()
