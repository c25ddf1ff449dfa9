// Chargeur des widgets du cours sur le site statique (quelques Ko, aucun hôte tiers).
//
// myst-nb intègre à la page l'état des widgets (script
// application/vnd.jupyter.widget-state+json) et, à la place de chaque widget, une
// vue (script application/vnd.jupyter.widget-view+json). Pour chaque vue d'un
// widget anywidget, ce chargeur importe le module du widget (son _esm, intégré à
// l'état) et l'affiche avec un modèle local qui offre la même interface que
// dans Jupyter (get, set, save_changes, on, off, send). Le modèle porte
// « statique = true » : le widget sait qu'il doit garder les saisies dans le
// navigateur.

const TYPE_ETAT = "application/vnd.jupyter.widget-state+json";
const TYPE_VUE = "application/vnd.jupyter.widget-view+json";
// Un widget présent plusieurs fois dans la page n'y a son module (_esm) et sa
// feuille de style (_css) qu'une fois : les autres modèles portent
// « atelier-partage:<id du modèle qui les a> » (atelier.sphinx_publication).
const PARTAGE = "atelier-partage:";

function resoudre(etat, modele) {
  const valeurs = { ...modele.state };
  for (const cle of ["_esm", "_css"]) {
    const valeur = valeurs[cle];
    if (typeof valeur === "string" && valeur.startsWith(PARTAGE)) {
      valeurs[cle] = etat[valeur.slice(PARTAGE.length)]?.state?.[cle];
    }
  }
  return valeurs;
}

class ModeleLocal {
  constructor(etat) {
    this._etat = { ...etat };
    this._ecouteurs = new Map();
    this.statique = true;
  }
  get(cle) { return this._etat[cle]; }
  set(cle, valeur) {
    this._etat[cle] = valeur;
    this._emettre(`change:${cle}`);
    this._emettre("change");
  }
  save_changes() { /* pas de noyau : rien à synchroniser */ }
  send() { /* pas de noyau : aucun message */ }
  on(nom, rappel) {
    if (!this._ecouteurs.has(nom)) this._ecouteurs.set(nom, new Set());
    this._ecouteurs.get(nom).add(rappel);
  }
  off(nom, rappel) {
    if (!nom) this._ecouteurs.clear();
    else if (!rappel) this._ecouteurs.delete(nom);
    else this._ecouteurs.get(nom)?.delete(rappel);
  }
  _emettre(nom) {
    for (const rappel of [...(this._ecouteurs.get(nom) ?? [])]) rappel();
  }
}

const modules = new Map();
const styles = new Set();

function importerModule(esm) {
  if (!modules.has(esm)) {
    const url = URL.createObjectURL(new Blob([esm], { type: "text/javascript" }));
    modules.set(esm, import(url));
  }
  return modules.get(esm);
}

function lireEtat() {
  const script = document.querySelector(`script[type="${TYPE_ETAT}"]`);
  if (!script) return {};
  try {
    return JSON.parse(script.textContent).state ?? {};
  } catch (e) {
    console.error("État des widgets illisible", e);
    return {};
  }
}

async function monter(script, etat) {
  const hote = document.createElement("div");
  hote.className = "atelier-widget-hote";
  script.after(hote);
  let modele;
  try {
    modele = etat[JSON.parse(script.textContent).model_id];
  } catch (e) {
    modele = undefined;
  }
  const valeurs = modele?.state ? resoudre(etat, modele) : {};
  if (!modele || modele.model_module !== "anywidget" || !valeurs._esm) {
    hote.textContent = "Ce contenu interactif ne peut pas s'afficher sur le site\u00a0: ouvrez la page comme carnet pour l'utiliser.";
    return;
  }
  const { _css: css, _esm: esm } = valeurs;
  if (css && !styles.has(css)) {
    const style = document.createElement("style");
    style.textContent = css;
    document.head.append(style);
    styles.add(css);
  }
  try {
    const module = await importerModule(esm);
    const widget = module.default ?? module;
    const local = new ModeleLocal(valeurs);
    if (widget.initialize) await widget.initialize({ model: local });
    await widget.render({ model: local, el: hote });
  } catch (e) {
    hote.textContent = "Le contenu interactif n'a pas pu se charger. Rechargez la page\u00a0; si le problème persiste, ouvrez la page comme carnet.";
    console.error("Widget non chargé", e);
  }
}

async function monterTout() {
  const etat = lireEtat();
  const vues = [...document.querySelectorAll(`script[type="${TYPE_VUE}"]`)];
  await Promise.all(vues.map((vue) => monter(vue, etat)));
  document.documentElement.dataset.widgetsPrets = String(vues.length);
}

monterTout();
