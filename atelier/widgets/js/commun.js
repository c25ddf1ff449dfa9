// Outils communs aux widgets du cours (concaténés en tête de chaque module).
// Aucun import : le module doit se charger tel quel, depuis le site ou dans Jupyter.

/** Crée un élément : creer("p", {class: "x", text: "…"}, [enfants]). Le texte est
 *  toujours inséré comme texte (jamais comme HTML). */
function creer(balise, attributs = {}, enfants = []) {
  const svg = ["svg", "g", "line", "polygon", "circle", "text", "title", "desc", "path", "rect"].includes(balise);
  const el = svg ? document.createElementNS("http://www.w3.org/2000/svg", balise) : document.createElement(balise);
  for (const [cle, valeur] of Object.entries(attributs)) {
    if (valeur === undefined || valeur === null || valeur === false) continue;
    if (cle === "text") el.textContent = valeur;
    else if (cle.startsWith("on")) el.addEventListener(cle.slice(2), valeur);
    else el.setAttribute(cle, valeur === true ? "" : String(valeur));
  }
  for (const enfant of enfants) if (enfant) el.append(enfant);
  return el;
}

/** Identifiants uniques dans la page (plusieurs widgets peuvent coexister). */
let compteurIds = 0;
function nouvelId(prefixe) {
  compteurIds += 1;
  return `${prefixe}-${compteurIds}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Espace insécable pour la typographie française. */
const NBSP = "\u00a0";

function normaliser(texte) {
  return String(texte).replace(/\u2019/g, "'").replace(/\u00a0/g, " ")
    .normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
}

/** Stockage local du navigateur, sans erreur si indisponible (navigation privée). */
const stockage = {
  lire(cle) {
    try { const t = window.localStorage.getItem(cle); return t === null ? null : JSON.parse(t); } catch (e) { return null; }
  },
  ecrire(cle, valeur) {
    try { window.localStorage.setItem(cle, JSON.stringify(valeur)); return true; } catch (e) { return false; }
  },
  effacer(cle) {
    try { window.localStorage.removeItem(cle); } catch (e) { /* rien */ }
  },
};

/** Propose un fichier au téléchargement. */
function telecharger(nom, contenu, type = "application/json") {
  const url = URL.createObjectURL(new Blob([contenu], { type }));
  const lien = creer("a", { href: url, download: nom });
  document.body.append(lien);
  lien.click();
  lien.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** JupyterLab intercepte les touches (flèches, etc.) des sorties : on les garde pour le widget. */
function garderClavier(el) {
  el.addEventListener("keydown", (e) => e.stopPropagation());
}

/** Format français d'un nombre arrondi : 66.67 → « 67 ». */
function arrondi(x) {
  return x === null || x === undefined ? "–" : String(Math.round(x));
}

/** Le contenu vérifié d'un fichier d'export JSON du cours (miroir de atelier.lecture.lire_export). */
function lireExport(texte, format, version, description) {
  let donnees;
  try {
    donnees = JSON.parse(texte);
  } catch (e) {
    throw new Error(`Ce fichier n'est pas un export ${description} (JSON illisible ou tronqué).`);
  }
  if (donnees === null || typeof donnees !== "object" || Array.isArray(donnees) || donnees.format !== format) {
    throw new Error(`Ce fichier n'est pas un export ${description} (format inconnu).`);
  }
  if (donnees.version !== version) {
    throw new Error(`Version d'export non prise en charge${NBSP}: ${JSON.stringify(donnees.version ?? null)} (attendue${NBSP}: ${version}).`);
  }
  return donnees;
}

/** Un champ « Importer un fichier » (libellé + champ) : ``traiter(texte, nomFichier)``
 *  applique le contenu et renvoie le message de réussite ; en cas d'erreur, le
 *  message explique pourquoi et rien de ce que la personne avait saisi n'est perdu. */
function champImport(libelle, traiter, statut, alerte, conserve) {
  const id = nouvelId("import");
  const champ = creer("input", { type: "file", id, accept: ".json,application/json" });
  champ.addEventListener("change", async () => {
    const fichier = champ.files && champ.files[0];
    if (!fichier) return;
    try {
      statut.textContent = await traiter(await fichier.text(), fichier.name);
      alerte.textContent = "";
    } catch (e) {
      alerte.textContent = `Import impossible${NBSP}: ${e.message} ${conserve}`;
    }
    champ.value = "";
  });
  return [creer("label", { for: id, class: "importer", text: libelle }), champ];
}
