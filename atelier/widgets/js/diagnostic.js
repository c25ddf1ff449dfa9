// Diagnostic de confiance : miroir JavaScript de atelier/diagnostic.py.
// Le calcul doit rester identique à la référence Python : les vecteurs partagés
// tests/vecteurs/diagnostic.json sont vérifiés des deux côtés.

const MAX_FORCES = 2;
const MAX_PRIORITES = 2;

export function lireValeur(q, valeur, id) {
  if (valeur === null || valeur === undefined || (typeof valeur === "string" && !valeur.trim())) return null;
  let saisie = valeur;
  if (typeof valeur === "string") {
    const texte = valeur.trim();
    const libelle = q.echelle.find((e) => normaliser(e.libelle) === normaliser(texte));
    if (libelle) return libelle.valeur;
    const nombre = Number(texte.replace(",", "."));
    if (Number.isNaN(nombre)) {
      throw new Error(`Réponse illisible pour «${NBSP}${id}${NBSP}»${NBSP}: «${NBSP}${texte}${NBSP}» (attendu${NBSP}: un nombre de 1 à 5 ou un libellé de l'échelle, par exemple «${NBSP}Plutôt d'accord${NBSP}»).`);
    }
    saisie = texte;
    valeur = nombre;
  }
  if (typeof valeur === "number" && Number.isInteger(valeur) && valeur >= 1 && valeur <= 5) return valeur;
  throw new Error(`Réponse hors échelle pour «${NBSP}${id}${NBSP}»${NBSP}: ${saisie} (attendu${NBSP}: un entier de 1 à 5).`);
}

export function validerReponses(q, reponses) {
  if (reponses === null || typeof reponses !== "object" || Array.isArray(reponses)) {
    throw new Error("Les réponses doivent être un dictionnaire {identifiant d'affirmation: valeur de 1 à 5}.");
  }
  const ids = q.affirmations.map((a) => a.id);
  const propres = {};
  for (const [id, valeur] of Object.entries(reponses)) {
    if (!ids.includes(id)) throw new Error(`Affirmation inconnue${NBSP}: «${NBSP}${id}${NBSP}».`);
    const lue = lireValeur(q, valeur, id);
    if (lue !== null) propres[id] = lue;
  }
  const ordonnees = {};
  for (const id of ids) if (id in propres) ordonnees[id] = propres[id];
  return ordonnees;
}

function bande(dimension, score) {
  return dimension.bandes.find((b) => score < b.max) || dimension.bandes[dimension.bandes.length - 1];
}

export function scorer(q, reponses) {
  const propres = validerReponses(q, reponses);
  const dims = q.dimensions.map((dim, ordre) => {
    const items = q.affirmations.filter((a) => a.dimension === dim.id);
    const valeurs = items.filter((a) => a.id in propres).map((a) => (a.inverse ? 6 - propres[a.id] : propres[a.id]));
    const n = valeurs.length;
    if (n === 0) return { id: dim.id, ordre, score: null, niveau: null, interpretation: null, repondues: 0, total: items.length };
    const somme = valeurs.reduce((s, v) => s + v, 0);
    const score = ((somme - n) * 100) / (4 * n);
    const b = bande(dim, score);
    return { id: dim.id, ordre, score, niveau: b.niveau, interpretation: b.interpretation, repondues: n, total: items.length };
  });
  const evalues = dims.filter((d) => d.score !== null);
  const haute = (d) => d.niveau === q.dimensions[d.ordre].bandes[q.dimensions[d.ordre].bandes.length - 1].niveau;
  const forces = evalues.filter(haute).sort((a, b) => b.score - a.score || a.ordre - b.ordre).slice(0, MAX_FORCES).map((d) => d.id);
  const priorites = evalues.filter((d) => !haute(d)).sort((a, b) => a.score - b.score || a.ordre - b.ordre).slice(0, MAX_PRIORITES).map((d) => d.id);
  const actions = [];
  for (const p of priorites) {
    for (const a of q.dimensions.find((d) => d.id === p).actions) actions.push({ dimension: p, texte: a.texte, dispositif: a.dispositif ?? null });
  }
  return {
    repondues: Object.keys(propres).length,
    total: q.affirmations.length,
    scores: Object.fromEntries(dims.map((d) => [d.id, d.score])),
    niveaux: Object.fromEntries(dims.map((d) => [d.id, d.niveau])),
    forces,
    priorites,
    actions,
    dimensions: dims,
  };
}

export function importer(q, texte) {
  const donnees = lireExport(texte, q.format_export, q.version_export, "du diagnostic de confiance");
  return validerReponses(q, donnees.reponses ?? {});
}

export function exporter(q, reponses) {
  return JSON.stringify({ format: q.format_export, version: q.version_export, exporte_le: new Date().toISOString().slice(0, 19) + "+00:00", reponses: validerReponses(q, reponses) }, null, 2);
}

// --- Affichage ----------------------------------------------------------------

const TAILLE = 300;
const CENTRE = TAILLE / 2;
const RAYON = 105;

function point(i, n, valeur) {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
  const r = (RAYON * valeur) / 100;
  return [CENTRE + r * Math.cos(angle), CENTRE + r * Math.sin(angle)];
}

function dessinerRadar(svg, q, resultat) {
  const n = q.dimensions.length;
  const anneaux = [25, 50, 75, 100].map((v) =>
    creer("polygon", { class: "anneau", points: q.dimensions.map((_, i) => point(i, n, v).join(",")).join(" ") }));
  const axes = q.dimensions.map((d, i) => {
    const [x, y] = point(i, n, 100);
    const [lx, ly] = point(i, n, 122);
    const ancre = Math.abs(lx - CENTRE) < 5 ? "middle" : lx > CENTRE ? "start" : "end";
    return creer("g", {}, [
      creer("line", { class: "axe", x1: CENTRE, y1: CENTRE, x2: x, y2: y }),
      creer("text", { x: lx, y: ly + 4, "text-anchor": ancre, text: d.libelle }),
    ]);
  });
  const valeurs = q.dimensions.map((d, i) => point(i, n, resultat.scores[d.id] ?? 0));
  const forme = creer("polygon", { class: "scores", points: valeurs.map((p) => p.join(",")).join(" ") });
  const sommets = valeurs.map(([x, y], i) => (resultat.scores[q.dimensions[i].id] === null ? null : creer("circle", { class: "sommet", cx: x, cy: y, r: 4 })));
  svg.replaceChildren(svg.querySelector("title"), svg.querySelector("desc"), ...anneaux, ...axes, forme, ...sommets.filter(Boolean));
}

function libelleDimension(q, id) {
  return q.dimensions.find((d) => d.id === id).libelle;
}

export function render({ model, el }) {
  const q = model.get("questionnaire");
  const cle = `atelier:${model.get("cle_stockage")}`;
  const statique = model.statique === true;
  let reponses = {};
  try { reponses = validerReponses(q, model.get("reponses") || {}); } catch (e) { reponses = {}; }
  if (statique) {
    const sauvees = stockage.lire(cle);
    if (sauvees && sauvees.reponses) {
      try { reponses = validerReponses(q, sauvees.reponses); } catch (e) { /* stockage ancien ou abîmé : ignoré */ }
    }
  }

  const racine = creer("div", { class: "atelier-widget diagnostic-confiance", lang: "fr" });
  garderClavier(racine);
  const idTitre = nouvelId("diag-titre");
  const statut = creer("p", { class: "statut", role: "status", "aria-live": "polite" });
  const alerte = creer("p", { class: "alerte", role: "alert" });
  const idProgression = nouvelId("diag-progression");
  const progression = creer("progress", { id: idProgression, max: q.affirmations.length, value: 0 });
  const texteProgression = creer("span", {});
  const radios = new Map();

  const sections = q.dimensions.map((dim) => {
    const compteur = creer("span", { class: "compteur" });
    const items = q.affirmations.filter((a) => a.dimension === dim.id).map((a) => {
      const nom = nouvelId(`diag-${a.id}`);
      const choix = q.echelle.map((e) => {
        const input = creer("input", { type: "radio", name: nom, value: e.valeur, "data-affirmation": a.id });
        input.addEventListener("change", () => changer({ ...reponses, [a.id]: e.valeur }));
        radios.set(`${a.id}:${e.valeur}`, input);
        return creer("label", { class: "choix" }, [input, creer("span", { text: e.libelle })]);
      });
      const effacer = creer("button", { type: "button", class: "effacer-une", text: "Effacer", "aria-label": `Effacer la réponse${NBSP}: ${a.texte}` });
      effacer.addEventListener("click", () => { const r = { ...reponses }; delete r[a.id]; changer(r); });
      return creer("fieldset", { class: "affirmation", "data-id": a.id }, [
        creer("legend", { text: a.texte }), creer("div", { class: "echelle" }, choix), effacer,
      ]);
    });
    const details = creer("details", { class: "dimension", open: true }, [
      creer("summary", {}, [creer("span", { text: dim.libelle }), compteur]),
      creer("p", { class: "description", text: dim.description }),
      ...items,
    ]);
    return { dim, details, compteur };
  });

  const svg = creer("svg", { class: "radar", viewBox: `0 0 ${TAILLE} ${TAILLE}`, role: "img", "aria-labelledby": `${idTitre}-radar-t ${idTitre}-radar-d` }, [
    creer("title", { id: `${idTitre}-radar-t`, text: "Radar des scores par dimension (0 à 100)" }),
    creer("desc", { id: `${idTitre}-radar-d`, text: "Les valeurs exactes figurent dans le tableau qui suit le graphique." }),
  ]);
  const corpsTableau = creer("tbody");
  const tableau = creer("table", { class: "valeurs" }, [
    creer("caption", { text: "Scores par dimension (0 à 100)" }),
    creer("thead", {}, [creer("tr", {}, ["Dimension", "Score", "Niveau", "Répondues", "Lecture"].map((t) => creer("th", { scope: "col", text: t })))]),
    corpsTableau,
  ]);
  const forces = creer("ul", { class: "forces" });
  const priorites = creer("div", { class: "priorites" });
  const contexte = creer("aside", { class: "contexte", "aria-label": "Repère national" }, [
    creer("p", {}, [creer("strong", { text: q.contexte.chiffre }), ` ${q.contexte.texte}`]),
    creer("p", { class: "source", text: `Source${NBSP}: ${q.contexte.source}` }),
    creer("p", { class: "avertissement", text: q.contexte.avertissement }),
  ]);

  const boutonExporter = creer("button", { type: "button", text: "Exporter mes réponses (fichier)" });
  boutonExporter.addEventListener("click", () => {
    telecharger("diagnostic-confiance.json", exporter(q, reponses));
    statut.textContent = "Fichier «\u00a0diagnostic-confiance.json\u00a0» proposé au téléchargement.";
  });
  const importer_ = champImport("Importer un fichier de réponses", (texte, nom) => {
    const importees = importer(q, texte);
    changer(importees);
    return `${Object.keys(importees).length} réponses importées depuis «${NBSP}${nom}${NBSP}».`;
  }, statut, alerte, "Vos réponses actuelles sont conservées.");
  const boutonEffacer = creer("button", { type: "button", class: "effacer-tout", text: "Effacer toutes mes réponses" });
  const boutonConfirmer = creer("button", { type: "button", class: "confirmer", hidden: true, text: "Confirmer l'effacement" });
  boutonEffacer.addEventListener("click", () => { boutonConfirmer.hidden = false; boutonConfirmer.focus(); });
  boutonConfirmer.addEventListener("click", () => { boutonConfirmer.hidden = true; changer({}); statut.textContent = "Toutes les réponses ont été effacées."; });

  racine.append(
    creer("h3", { id: idTitre, class: "titre", text: q.titre }),
    creer("p", { class: "progression" }, [creer("label", { for: idProgression, text: "Progression" }), progression, texteProgression]),
    ...sections.map((s) => s.details),
    creer("section", { class: "resultats", "aria-labelledby": `${idTitre}-res` }, [
      creer("h4", { id: `${idTitre}-res`, text: "Vos résultats" }),
      svg, tableau,
      creer("h5", { text: "Points forts" }), forces,
      creer("h5", { text: "Priorités et actions recommandées" }), priorites,
      contexte,
    ]),
    creer("div", { class: "outils" }, [boutonExporter, ...importer_, boutonEffacer, boutonConfirmer]),
    statut, alerte,
  );
  el.replaceChildren(racine);

  function miseAJour() {
    const r = scorer(q, reponses);
    for (const [cleRadio, input] of radios) {
      const [id, valeur] = cleRadio.split(":");
      input.checked = reponses[id] === Number(valeur);
    }
    progression.value = r.repondues;
    texteProgression.textContent = ` ${r.repondues} affirmations répondues sur ${r.total}` + (r.repondues < r.total ? ` (${r.total - r.repondues} sans réponse)` : "");
    for (const s of sections) {
      const d = r.dimensions.find((x) => x.id === s.dim.id);
      s.compteur.textContent = ` — ${d.repondues}/${d.total}` + (d.score === null ? "" : `, score ${arrondi(d.score)}`);
    }
    dessinerRadar(svg, q, r);
    corpsTableau.replaceChildren(...r.dimensions.map((d) => creer("tr", {}, [
      creer("th", { scope: "row", text: libelleDimension(q, d.id) }),
      creer("td", { text: arrondi(d.score) }),
      creer("td", { text: d.niveau ?? "non évalué" }),
      creer("td", { text: `${d.repondues}/${d.total}` }),
      creer("td", { text: d.interpretation ?? "Répondez à au moins une affirmation de cette dimension." }),
    ])));
    forces.replaceChildren(...(r.forces.length
      ? r.forces.map((id) => creer("li", { text: `${libelleDimension(q, id)} (${arrondi(r.scores[id])})` }))
      : [creer("li", { text: "Aucune dimension n'atteint encore le niveau «\u00a0solide\u00a0»." })]));
    priorites.replaceChildren(...(r.priorites.length
      ? r.priorites.map((id) => creer("div", { class: "priorite" }, [
        creer("p", {}, [creer("strong", { text: `${libelleDimension(q, id)} (${arrondi(r.scores[id])})` })]),
        creer("ul", {}, r.actions.filter((a) => a.dimension === id).map((a) => creer("li", { text: a.texte }))),
      ]))
      : [creer("p", { text: r.repondues ? "Aucune priorité\u00a0: toutes les dimensions évaluées sont solides." : "Répondez aux affirmations pour voir vos priorités." })]));
  }

  // Le modèle prévient de chaque changement (dans Jupyter comme sur le site) :
  // la mise à jour se fait alors une seule fois, dans surChangement.
  let misAJour = false;
  function changer(nouvelles) {
    reponses = validerReponses(q, nouvelles);
    if (statique) stockage.ecrire(cle, { version: q.version_export, reponses });
    misAJour = false;
    model.set("reponses", { ...reponses });
    model.save_changes();
    if (!misAJour) miseAJour();
  }

  const surChangement = () => {
    try { reponses = validerReponses(q, model.get("reponses") || {}); } catch (e) { return; }
    miseAJour();
    misAJour = true;
  };
  model.on("change:reponses", surChangement);
  if (statique) model.set("reponses", { ...reponses });
  miseAJour();
  return () => model.off("change:reponses", surChangement);
}

export default { render };
