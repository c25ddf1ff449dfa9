// Matrice de priorisation impact × faisabilité : miroir JavaScript de
// atelier/priorisation.py et affichage. Vecteurs : tests/vecteurs/priorisation.json.

const SEUIL = 3;
const QUADRANTS = {
  lancer: "À lancer en premier",
  structurer: "Projet structurant à préparer",
  bonus: "Petit plus si les moyens le permettent",
  ecarter: "À écarter pour l'instant",
};
const ORDRE = Object.keys(QUADRANTS);
const FORMAT = "atelier.priorisation";
const VERSION = 1;

export function quadrant(impact, faisabilite) {
  if (impact >= SEUIL) return faisabilite >= SEUIL ? "lancer" : "structurer";
  return faisabilite >= SEUIL ? "bonus" : "ecarter";
}

function note(valeur, nom, texte) {
  if (typeof valeur !== "number" || !Number.isInteger(valeur) || valeur < 1 || valeur > 5) {
    throw new Error(`${nom} hors échelle pour «${NBSP}${texte}${NBSP}»${NBSP}: ${JSON.stringify(valeur ?? null)} (attendu${NBSP}: un entier de 1 à 5).`);
  }
  return valeur;
}

export function validerIdees(idees) {
  if (!Array.isArray(idees)) throw new Error("Les idées doivent être une liste.");
  const propres = [];
  const ids = new Set();
  const textes = new Set();
  for (const idee of idees) {
    if (!idee || typeof idee !== "object" || Array.isArray(idee)) throw new Error("Chaque idée doit avoir un texte, un impact et une faisabilité.");
    const texte = String(idee.texte ?? "").trim();
    if (!texte) throw new Error("Une idée n'a pas de texte.");
    const id = String(idee.id ?? "").trim();
    if (!id || ids.has(id)) throw new Error(`Identifiant manquant ou en double pour «${NBSP}${texte}${NBSP}».`);
    if (textes.has(normaliser(texte))) throw new Error(`L'idée «${NBSP}${texte}${NBSP}» figure deux fois.`);
    ids.add(id);
    textes.add(normaliser(texte));
    propres.push({ id, texte, impact: note(idee.impact, "Impact", texte), faisabilite: note(idee.faisabilite, "Faisabilité", texte) });
  }
  return propres;
}

export function prioriser(idees) {
  const propres = validerIdees(idees).map((i) => ({ ...i, quadrant: quadrant(i.impact, i.faisabilite) }));
  propres.sort((a, b) => ORDRE.indexOf(a.quadrant) - ORDRE.indexOf(b.quadrant)
    || (b.impact + b.faisabilite) - (a.impact + a.faisabilite) || b.impact - a.impact || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  propres.forEach((i, n) => { i.rang = n + 1; });
  const parQuadrant = Object.fromEntries(ORDRE.map((q) => [q, propres.filter((i) => i.quadrant === q).map((i) => i.id)]));
  let message;
  if (!propres.length) message = `Aucune idée pour l'instant${NBSP}: ajoutez-en une, avec son impact et sa faisabilité.`;
  else {
    const s = propres.length > 1 ? "s" : "";
    message = `${propres.length} idée${s} classée${s}, dont ${parQuadrant.lancer.length} à lancer en premier.`;
  }
  return { idees: propres, par_quadrant: parQuadrant, message };
}

export function importer(texte) {
  const donnees = lireExport(texte, FORMAT, VERSION, "de la matrice de priorisation");
  return validerIdees(donnees.idees ?? []);
}

function identifiantLibre(idees) {
  const pris = new Set(idees.map((i) => /^idee-(\d+)$/.exec(i.id)).filter(Boolean).map((m) => Number(m[1])));
  let n = 1;
  while (pris.has(n)) n += 1;
  return `idee-${n}`;
}

function versCsv(idees) {
  const cellule = (v) => { const t = String(v); return /[",;\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t; };
  const lignes = prioriser(idees).idees.map((i) => [i.rang, i.texte, i.impact, i.faisabilite, QUADRANTS[i.quadrant]].map(cellule).join(","));
  return ["rang,idee,impact,faisabilite,quadrant", ...lignes].join("\n") + "\n";
}

// --- Affichage ----------------------------------------------------------------

const TAILLE = 340;
const MARGE = 46;

const NOMS_COURTS = { lancer: "À lancer", structurer: "À préparer", bonus: "Si les moyens le permettent", ecarter: "À écarter" };

function dessiner(svg, r) {
  const haut = 12;
  const bas = TAILLE - MARGE;
  const gauche = MARGE;
  const droite = TAILLE - 12;
  const interieur = droite - gauche;
  const x = (f) => gauche + ((f - 0.5) / 5) * interieur;
  const y = (i) => bas - ((i - 0.5) / 5) * interieur;
  const milieuX = x(SEUIL - 0.5);
  const milieuY = y(SEUIL - 0.5);
  const zones = [
    ["lancer", milieuX, haut, droite - milieuX, milieuY - haut],
    ["structurer", gauche, haut, milieuX - gauche, milieuY - haut],
    ["bonus", milieuX, milieuY, droite - milieuX, bas - milieuY],
    ["ecarter", gauche, milieuY, milieuX - gauche, bas - milieuY],
  ];
  const elements = zones.map(([q, zx, zy, l, h]) => creer("g", { class: `zone zone-${q}` }, [
    creer("rect", { x: zx.toFixed(1), y: zy.toFixed(1), width: l.toFixed(1), height: h.toFixed(1) }),
    creer("text", { class: "nom-zone", x: (zx + 4).toFixed(1), y: (zy + 12).toFixed(1), text: NOMS_COURTS[q] }),
  ]));
  elements.push(
    creer("text", { x: gauche + interieur / 2, y: TAILLE - 10, "text-anchor": "middle", text: "Faisabilité (1 à 5) →" }),
    creer("text", { x: 12, y: TAILLE / 2, "text-anchor": "middle", transform: `rotate(-90 12 ${TAILLE / 2})`, text: "Impact (1 à 5) →" }),
  );
  for (let v = 1; v <= 5; v++) {
    elements.push(creer("text", { class: "graduation", x: x(v), y: bas + 14, "text-anchor": "middle", text: String(v) }));
    elements.push(creer("text", { class: "graduation", x: gauche - 8, y: y(v) + 4, "text-anchor": "end", text: String(v) }));
  }
  const groupes = new Map();
  for (const i of r.idees) groupes.set(`${i.impact}-${i.faisabilite}`, [...(groupes.get(`${i.impact}-${i.faisabilite}`) || []), i]);
  for (const groupe of groupes.values()) {
    groupe.forEach((i, n) => {
      const decalage = groupe.length > 1 ? 11 : 0;
      const angle = (2 * Math.PI * n) / groupe.length;
      const cx = x(i.faisabilite) + decalage * Math.cos(angle);
      const cy = y(i.impact) + decalage * Math.sin(angle);
      elements.push(creer("g", { class: "idee" }, [
        creer("title", { text: `${i.rang}. ${i.texte}${NBSP}: impact ${i.impact}, faisabilité ${i.faisabilite}` }),
        creer("circle", { cx: cx.toFixed(1), cy: cy.toFixed(1), r: 10 }),
        creer("text", { x: cx.toFixed(1), y: (cy + 4).toFixed(1), "text-anchor": "middle", text: String(i.rang) }),
      ]));
    });
  }
  svg.replaceChildren(svg.querySelector("title"), svg.querySelector("desc"), ...elements);
}

export function render({ model, el }) {
  const statique = model.statique === true;
  const cle = `atelier:matrice-priorisation:${model.get("cle_stockage")}`;
  let idees = [];
  try { idees = validerIdees(model.get("idees") || []); } catch (e) { idees = []; }
  if (statique) {
    const sauvees = stockage.lire(cle);
    if (sauvees && Array.isArray(sauvees.idees)) {
      try { idees = validerIdees(sauvees.idees); } catch (e) { /* sauvegarde abîmée : ignorée */ }
    }
  }
  const id = nouvelId("matrice");
  const racine = creer("div", { class: "atelier-widget matrice-priorisation", lang: "fr" });
  garderClavier(racine);
  const statut = creer("p", { class: "statut", role: "status", "aria-live": "polite" });
  const alerte = creer("p", { class: "alerte", role: "alert" });
  const choixNote = (nom, valeur) => creer("select", { id: `${id}-${nom}` }, [1, 2, 3, 4, 5].map((v) => creer("option", { value: v, text: String(v), selected: v === valeur })));
  const champTexte = creer("input", { type: "text", id: `${id}-texte`, autocomplete: "off" });
  const champImpact = choixNote("impact", 3);
  const champFaisabilite = choixNote("faisabilite", 3);
  const bAjouter = creer("button", { type: "button", text: "Ajouter l'idée" });
  const svg = creer("svg", { class: "matrice", viewBox: `0 0 ${TAILLE} ${TAILLE}`, role: "img", "aria-labelledby": `${id}-t ${id}-d` }, [
    creer("title", { id: `${id}-t`, text: "Matrice impact × faisabilité" }),
    creer("desc", { id: `${id}-d`, text: "Chaque idée est un point numéroté selon son rang ; le tableau qui suit donne les mêmes informations et permet de les modifier." }),
  ]);
  const message = creer("p", { class: "message" });
  const corps = creer("tbody");

  function ajouter() {
    const texte = champTexte.value.trim();
    if (!texte) { alerte.textContent = "Écrivez l'idée avant de l'ajouter."; champTexte.focus(); return; }
    const nouvelle = { id: identifiantLibre(idees), texte, impact: Number(champImpact.value), faisabilite: Number(champFaisabilite.value) };
    try {
      changer([...idees, nouvelle]);
    } catch (e) {
      alerte.textContent = e.message;
      return;
    }
    alerte.textContent = "";
    statut.textContent = `Idée ajoutée${NBSP}: «${NBSP}${texte}${NBSP}» (${QUADRANTS[quadrant(nouvelle.impact, nouvelle.faisabilite)]}).`;
    champTexte.value = "";
    champTexte.focus();
  }
  bAjouter.addEventListener("click", ajouter);
  champTexte.addEventListener("keydown", (e) => { if (e.key === "Enter") ajouter(); });

  function modifier(idIdee, champ, valeur, focus) {
    const copie = idees.map((i) => (i.id === idIdee ? { ...i, [champ]: valeur } : i));
    try {
      changer(copie, focus);
      alerte.textContent = "";
    } catch (e) {
      alerte.textContent = `${e.message} La modification n'est pas enregistrée.`;
      afficher();
    }
  }

  function afficher(focus) {
    const r = prioriser(idees);
    message.textContent = r.message;
    dessiner(svg, r);
    corps.replaceChildren(...r.idees.map((i) => {
      const texte = creer("input", { type: "text", value: i.texte, "aria-label": `Texte de l'idée ${i.rang}`, "data-champ": "texte" });
      texte.addEventListener("change", () => {
        if (!texte.value.trim()) { alerte.textContent = "Une idée ne peut pas être vide : texte précédent conservé."; texte.value = i.texte; return; }
        modifier(i.id, "texte", texte.value.trim(), { id: i.id, champ: "texte" });
      });
      const selects = ["impact", "faisabilite"].map((champ) => {
        const s = creer("select", { "aria-label": `${champ === "impact" ? "Impact" : "Faisabilité"} de l'idée ${i.rang}`, "data-champ": champ }, [1, 2, 3, 4, 5].map((v) => creer("option", { value: v, text: String(v), selected: v === i[champ] })));
        s.addEventListener("change", () => modifier(i.id, champ, Number(s.value), { id: i.id, champ }));
        return s;
      });
      const suppr = creer("button", { type: "button", text: "Supprimer", "aria-label": `Supprimer l'idée ${i.rang}${NBSP}: ${i.texte}` });
      suppr.addEventListener("click", () => { changer(idees.filter((x) => x.id !== i.id)); statut.textContent = `Idée supprimée${NBSP}: «${NBSP}${i.texte}${NBSP}».`; champTexte.focus(); });
      return creer("tr", { "data-id": i.id }, [
        creer("td", { text: String(i.rang) }), creer("td", {}, [texte]), creer("td", {}, [selects[0]]), creer("td", {}, [selects[1]]),
        creer("td", { text: QUADRANTS[i.quadrant] }), creer("td", {}, [suppr]),
      ]);
    }));
    if (focus) corps.querySelector(`tr[data-id="${focus.id}"] [data-champ="${focus.champ}"]`)?.focus();
  }

  let enCours = false;
  function changer(nouvelles, focus) {
    idees = validerIdees(nouvelles);
    if (statique) stockage.ecrire(cle, { version: VERSION, idees });
    enCours = true;
    model.set("idees", idees.map((i) => ({ ...i })));
    model.save_changes();
    enCours = false;
    afficher(focus);
  }
  const depuisModele = () => {
    if (enCours) return;
    try { idees = validerIdees(model.get("idees") || []); } catch (e) { return; }
    afficher();
  };
  model.on("change:idees", depuisModele);

  const bJson = creer("button", { type: "button", text: "Exporter (JSON)" });
  bJson.addEventListener("click", () => {
    telecharger("matrice-priorisation.json", JSON.stringify({ format: FORMAT, version: VERSION, exporte_le: new Date().toISOString().slice(0, 19) + "+00:00", idees }, null, 2));
    statut.textContent = "Fichier «\u00a0matrice-priorisation.json\u00a0» proposé au téléchargement.";
  });
  const bCsv = creer("button", { type: "button", text: "Exporter (CSV)" });
  bCsv.addEventListener("click", () => { telecharger("matrice-priorisation.csv", versCsv(idees), "text/csv"); statut.textContent = "Fichier «\u00a0matrice-priorisation.csv\u00a0» proposé au téléchargement."; });
  const importer_ = champImport("Importer des idées (JSON)", (texte, nom) => {
    const importees = importer(texte);
    changer(importees);
    return `${importees.length} idées importées depuis «${NBSP}${nom}${NBSP}».`;
  }, statut, alerte, "Vos idées actuelles sont conservées.");
  const bEffacer = creer("button", { type: "button", text: "Tout effacer" });
  const bConfirmer = creer("button", { type: "button", hidden: true, text: "Confirmer l'effacement des idées" });
  bEffacer.addEventListener("click", () => { bConfirmer.hidden = false; bConfirmer.focus(); });
  bConfirmer.addEventListener("click", () => { bConfirmer.hidden = true; changer([]); statut.textContent = "Toutes les idées ont été effacées."; });

  racine.append(
    creer("div", { class: "ajout" }, [
      creer("label", { for: `${id}-texte`, text: "Nouvelle idée" }), champTexte,
      creer("label", { for: `${id}-impact`, text: "Impact" }), champImpact,
      creer("label", { for: `${id}-faisabilite`, text: "Faisabilité" }), champFaisabilite,
      bAjouter,
    ]),
    statut, alerte, message, svg,
    creer("div", { class: "defilement", tabindex: 0, role: "region", "aria-label": "Tableau des idées" }, [creer("table", { class: "idees" }, [
      creer("caption", { text: "Les idées classées (rang, texte, impact, faisabilité, quadrant)" }),
      creer("thead", {}, [creer("tr", {}, ["Rang", "Idée", "Impact", "Faisabilité", "Quadrant", "Action"].map((t) => creer("th", { scope: "col", text: t })))]),
      corps,
    ])]),
    creer("div", { class: "outils" }, [bJson, bCsv, ...importer_, bEffacer, bConfirmer]),
  );
  el.replaceChildren(racine);
  if (statique) { enCours = true; model.set("idees", idees.map((i) => ({ ...i }))); enCours = false; }
  afficher();
  return () => model.off("change:idees", depuisModele);
}

export default { render };
