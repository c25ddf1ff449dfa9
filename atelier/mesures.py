"""« make bench » : les chiffres de la construction, du poids des pages et des tests.

Imprime, en une exécution :
- le temps d'une construction propre avec exécution des carnets ;
- le temps d'une reconstruction sans changement ;
- le temps d'une construction sans exécution (le plancher) ;
- la taille totale du site ;
- pour l'accueil, la page la plus lourde et la page à widgets la plus lourde : les
  octets téléchargés par le navigateur (bruts et compressés gzip), le nombre de
  requêtes, et le respect des plafonds (toute page ≤ 300 Kio gzip ; les widgets d'une
  page ajoutent au plus 50 Kio gzip à la même page en texte seul), que
  tests/test_poids.py vérifie aussi ;
- les scores Lighthouse (performance, accessibilité ; téléphone et ordinateur) de
  l'accueil et de la page du diagnostic, servies en local avec compression gzip ;
- la latence du radar et la durée de « make test ».

``python -m atelier.mesures --site _build/html`` ne mesure que les pages et
Lighthouse, sur un site déjà construit.

Aucun test n'est chronométré : les chiffres sont donnés ici, à lire et comparer.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from .publication import CHROMIUM, Silencieux, chromium, servir

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


# Plafonds des pages (issue « pages plus légères ») : octets téléchargés par le
# navigateur, cache vide, compressés gzip. Vérifiés par tests/test_poids.py.
PLAFOND_PAGE = 300 * 1024  # toute page
SURCOUT_WIDGETS = 50 * 1024  # une page à widgets, au-delà de la même page en texte seul
PAGE_TEXTE = "chapters/accueil.html"  # page de texte de référence pour les rapports


def mesurer_page(navigateur, url: str) -> dict[str, int]:
    """Octets qu'une page fait télécharger à Chromium (cache vide), bruts et gzip, et
    nombre de requêtes. Seules les réponses du réseau comptent (pas les modules
    créés dans la page en blob: ou data:)."""
    contexte = navigateur.new_context()
    onglet = contexte.new_page()
    corps: list[bytes] = []

    def noter(reponse):
        if reponse.ok and reponse.request.method == "GET" and reponse.url.startswith("http"):
            corps.append(reponse.body())

    onglet.on("response", noter)
    onglet.goto(url)
    onglet.wait_for_load_state("networkidle")
    if onglet.locator('script[type="application/vnd.jupyter.widget-view+json"]').count():
        onglet.wait_for_selector("html[data-widgets-prets]")
        onglet.wait_for_load_state("networkidle")
    contexte.close()
    return {
        "requetes": len(corps),
        "brut": sum(len(c) for c in corps),
        "gzip": sum(len(gzip.compress(c, 6)) for c in corps),
    }


def a_des_widgets(site: Path, page: str) -> bool:
    return 'type="application/vnd.jupyter.widget-view+json"' in (site / page).read_text(encoding="utf-8")


ETAT_ET_VUES = r'<script type="application/vnd\.jupyter\.widget-(?:state|view)\+json">.*?</script>'
SCRIPTS_WIDGETS = re.compile(
    ETAT_ET_VUES + r'|<script type="module" src="[^"]*atelier-widgets/chargeur\.js[^"]*"></script>',
    flags=re.S,
)


def surcout_widgets(site: Path, page: str) -> int:
    """Octets (gzip) que les widgets ajoutent à une page par rapport à la même page en
    texte seul : différence entre la page et la page sans l'état ni les vues des
    widgets, plus le chargeur. Le module d'un widget est dans son état : il compte."""
    html = (site / page).read_text(encoding="utf-8")
    sans = SCRIPTS_WIDGETS.sub("", html)
    chargeur = (site / "_static" / "atelier-widgets" / "chargeur.js").read_bytes()
    return len(gzip.compress(html.encode(), 6)) - len(gzip.compress(sans.encode(), 6)) + len(gzip.compress(chargeur, 6))


def depassements(site: Path, poids: dict[str, dict]) -> list[str]:
    """Les pages qui dépassent leur plafond (liste vide si aucune)."""
    fautes = []
    for nom, p in poids.items():
        if p["gzip"] > PLAFOND_PAGE:
            fautes.append(f"{nom} : {_kio(p['gzip'])} gzip > {_kio(PLAFOND_PAGE)}")
        if a_des_widgets(site, nom):
            surcout, plafond = surcout_widgets(site, nom), SURCOUT_WIDGETS
            if surcout > plafond:
                fautes.append(f"{nom} : ses widgets ajoutent {_kio(surcout)} gzip > {_kio(plafond)}")
    return fautes


def poids_des_pages(site: Path, pages: list[str]) -> dict[str, dict]:
    """Octets téléchargés par Chromium pour chaque page (cache vide), bruts et gzip."""
    with servir(site) as base, chromium() as nav:
        return {nom: mesurer_page(nav, base + nom) for nom in pages}


class _Compresse(Silencieux):
    """Sert les fichiers texte compressés gzip, comme GitHub Pages ou tout serveur web
    courant (Lighthouse mesurerait sinon des transferts non compressés)."""

    TYPES = (".html", ".js", ".css", ".json", ".svg", ".txt", ".md", ".ipynb")

    def send_head(self):
        chemin = Path(self.translate_path(self.path))
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not chemin.is_file() or chemin.suffix not in self.TYPES:
            return super().send_head()
        corps = gzip.compress(chemin.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(chemin)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(corps)))
        self.end_headers()
        return io.BytesIO(corps)


def lighthouse(site: Path, pages: list[str], formes: tuple[str, ...] = ("mobile", "desktop")) -> dict[str, dict]:
    """Scores Lighthouse (performance, accessibilité, de 0 à 100) de chaque page,
    servie en local avec compression gzip, Chromium de Debian sans écran, sans réseau.
    « mobile » : réglage par défaut de Lighthouse (téléphone, 4G lente simulée) ;
    « desktop » : ordinateur (``--preset=desktop``)."""
    cli = RACINE / "node_modules" / "lighthouse" / "cli" / "index.js"
    resultats: dict[str, dict] = {}
    with servir(site, _Compresse) as base:
        with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
            for nom in pages:
                for forme in formes:
                    rapport = Path(tmp) / "rapport.json"
                    commande = [
                        "node", str(cli), base + nom, "--output=json", f"--output-path={rapport}", "--quiet",
                        "--only-categories=performance,accessibility", "--locale=fr",
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking",
                    ]
                    if forme == "desktop":
                        commande.append("--preset=desktop")
                    subprocess.run(commande, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
                    donnees = json.loads(rapport.read_text(encoding="utf-8"))
                    resultats.setdefault(nom, {})[forme] = {
                        "performance": round(100 * donnees["categories"]["performance"]["score"]),
                        "accessibilite": round(100 * donnees["categories"]["accessibility"]["score"]),
                        "fcp_ms": round(donnees["audits"]["first-contentful-paint"]["numericValue"]),
                        "lcp_ms": round(donnees["audits"]["largest-contentful-paint"]["numericValue"]),
                    }
    return resultats


PAGE_DIAGNOSTIC = "chapters/j2/j2-2-retablir-la-confiance.html"


def poids_des_widgets(site: Path, page: str) -> dict[str, int]:
    """Octets qu'ajoutent les widgets à une page : l'état intégré (dont le module et
    le questionnaire), les vues, et le chargeur servi par le site ; bruts et gzip."""
    html = (site / page).read_text(encoding="utf-8")
    morceaux = re.findall(ETAT_ET_VUES, html, flags=re.S)
    morceaux = [m.encode() for m in morceaux]
    morceaux.append((site / "_static" / "atelier-widgets" / "chargeur.js").read_bytes())
    return {"brut": sum(len(m) for m in morceaux), "gzip": sum(len(gzip.compress(m, 6)) for m in morceaux)}


def latence_radar(site: Path, page: str, essais: int = 80) -> list[float]:
    """Temps (ms) entre un clic sur une réponse et le radar redessiné et mis en page
    (recalcul, DOM, styles, mise en page), mesuré dans Chromium sur la page statique.

    On n'attend pas l'image suivante : Chromium sans écran cadence ses images à
    60 Hz, si bien que cette attente mesurerait la cadence (16,7 ms) et non le widget."""
    with servir(site) as base, chromium() as nav:
        onglet = nav.new_page()
        onglet.goto(base + page)
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
    return durees


def _kio(octets: int) -> str:
    return f"{octets / 1024:,.0f} Kio".replace(",", " ")


def mesures_des_pages(site: Path, pages: list[str]) -> dict[str, object]:
    """Poids de chaque page, plafonds, et scores Lighthouse de l'accueil et d'une page à widgets."""
    poids = poids_des_pages(site, pages)
    return {
        "pages": poids,
        "depassements": depassements(site, poids),
        "lighthouse": lighthouse(site, [PAGE_TEXTE, PAGE_DIAGNOSTIC]),
    }


def imprimer_pages(site: Path, chiffres: dict) -> None:
    poids = chiffres["pages"]
    accueil = poids[PAGE_TEXTE]
    lourde_nom, lourde = max(poids.items(), key=lambda kv: kv[1]["gzip"])
    a_widgets = {n: p for n, p in poids.items() if a_des_widgets(site, n)}
    print(f"  Accueil téléchargé                      : {_kio(accueil['brut'])} bruts, {_kio(accueil['gzip'])} gzip, {accueil['requetes']} requêtes")
    print(f"  Page la plus lourde ({lourde_nom})")
    print(f"                                            {_kio(lourde['brut'])} bruts, {_kio(lourde['gzip'])} gzip, {lourde['requetes']} requêtes")
    if a_widgets:
        nom, p = max(a_widgets.items(), key=lambda kv: kv[1]["gzip"])
        print(f"  Page à widgets la plus lourde ({nom})")
        print(f"                                            {_kio(p['gzip'])} gzip, soit accueil + {_kio(p['gzip'] - accueil['gzip'])}")
        surcouts = {n: surcout_widgets(site, n) for n in a_widgets}
        nom = max(surcouts, key=surcouts.get)
        print(f"  Widgets les plus lourds ({nom})")
        print(f"                                            {_kio(surcouts[nom])} gzip de plus que la même page en texte seul")
    print(f"  Plafonds : toute page ≤ {_kio(PLAFOND_PAGE)} gzip ; widgets d'une page ≤ {_kio(SURCOUT_WIDGETS)} gzip de plus que la page en texte seul")
    for faute in chiffres["depassements"]:
        print(f"    DÉPASSEMENT : {faute}")
    if not chiffres["depassements"]:
        print(f"    respectés par les {len(poids)} pages")
    for nom, formes in chiffres["lighthouse"].items():
        for forme, s in formes.items():
            print(f"  Lighthouse {forme:7} {nom:42} : performance {s['performance']:3}, accessibilité {s['accessibilite']:3} (FCP {s['fcp_ms']} ms, LCP {s['lcp_ms']} ms)")


def main(arguments: list[str] | None = None) -> None:
    """``python -m atelier.mesures`` : toutes les mesures (trois constructions et
    ``make test`` compris) ; ``python -m atelier.mesures --site DOSSIER`` : seulement
    le poids des pages et Lighthouse, sur un site déjà construit."""
    arguments = sys.argv[1:] if arguments is None else arguments
    from .sommaire import pages_html as pages_du_sommaire

    if arguments[:1] == ["--site"]:
        site = Path(arguments[1])
        chiffres = mesures_des_pages(site, pages_du_sommaire())
        print(f"Poids des pages et Lighthouse ({site})")
        imprimer_pages(site, chiffres)
        return

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
        chiffres.update(mesures_des_pages(site, pages_du_sommaire()))
        chiffres["widgets_diagnostic"] = poids_des_widgets(site, PAGE_DIAGNOSTIC)
        chiffres["latence_radar_ms"] = sorted(latence_radar(site, PAGE_DIAGNOSTIC))

        chiffres["make_test_s"] = _chrono(["make", "test"])

        print("Mesures du cours (make bench)")
        print(f"  Construction propre avec exécution     : {chiffres['construction_propre_s']:6.1f} s")
        print(f"  Reconstruction sans changement          : {chiffres['reconstruction_sans_changement_s']:6.1f} s")
        print(f"  Construction sans exécution (plancher)  : {chiffres['construction_sans_execution_s']:6.1f} s")
        print(f"  Taille du site                          : {octets / 1024 / 1024:6.1f} Mio ({nombre} fichiers)")
        imprimer_pages(site, chiffres)
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
