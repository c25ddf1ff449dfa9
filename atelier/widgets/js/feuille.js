// Constructeur de feuille de route (J3) : l'interface.
//
// Ce fichier est concaténé après commun.js, obligations.js (A1 : obligations et
// calendrier) et feuille_verifications.js (A2 : validation, vérifications,
// synthèse et exports), dans la même portée : il appelle leurs fonctions pures
// (obligationsApplicables, validerFeuille, verifierFeuille, syntheseFeuille,
// versHTML, versMarkdown, versCSV, versICS, versJSON) et ne refait aucun calcul
// métier. Ses propres noms commencent par « ihm » pour ne pas entrer en
// collision avec ceux des deux autres fichiers.
//
// Règles de l'interface : tout texte saisi est inséré comme texte (creer) ; une
// saisie invalide reste affichée telle quelle avec un message à côté du champ
// et n'est pas appliquée au plan ; le plan et les saisies en cours sont
// enregistrés dans le stockage local à chaque saisie (et, dans Jupyter,
// synchronisés avec le noyau).

const IHM_MOIS_COURTS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
const IHM_JOURS = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];
const IHM_TYPES_COLLECTIVITE = [["commune", "Commune"], ["epci", "Intercommunalité (EPCI)"], ["departement", "Département"], ["region", "Région"]];
const IHM_NIVEAUX = [["informer", "Informer"], ["consulter", "Consulter"], ["impliquer", "Impliquer"], ["collaborer", "Collaborer"], ["habiliter", "Habiliter"]];
const IHM_NATURES = [
  ["obligation", "Ce que la loi impose"],
  ["possibilite", "Ce que la loi permet"],
  ["procedure", "Les procédures à examiner pour ce projet"],
];
const IHM_DUREE_PHASE = 28; // jours proposés pour une nouvelle phase, modifiables

// --- Dates ------------------------------------------------------------------

// Numéros de jour et dates ISO : fdrJour, fdrIsoDeJour et fdrDateIso de feuille_verifications.js.
const ihmDateValide = (iso) => Boolean(fdrDateIso(iso));

function ihmDateLongue(iso) {
  if (!ihmDateValide(iso)) return "date à préciser";
  const d = new Date(fdrJour(iso) * FDR_JOUR_MS);
  const j = d.getUTCDate();
  return `${IHM_JOURS[d.getUTCDay()]} ${j === 1 ? "1er" : j} ${FDR_MOIS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Début et fin d'une phase ou d'une action ; une seule date donnée : un jour ; aucune : null. */
function ihmBornes(x) {
  const d = ihmDateValide(x.debut) ? x.debut : null;
  const f = ihmDateValide(x.fin) ? x.fin : null;
  if (!d && !f) return null;
  return [d || f, f || d];
}

function ihmDuree(debut, fin) {
  if (!ihmDateValide(debut) || !ihmDateValide(fin)) return "–";
  const n = fdrJour(fin) - fdrJour(debut) + 1;
  if (n < 1) return "fin avant le début";
  return n === 1 ? "1 jour" : `${n} jours`;
}

function ihmAujourdhui() {
  const d = new Date();
  return Math.round(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / FDR_JOUR_MS);
}

// --- Nombres ------------------------------------------------------------------

function ihmMilliers(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
}

function ihmEuros(n) {
  return typeof n === "number" && Number.isFinite(n) ? `${ihmMilliers(Math.round(n))}${NBSP}€` : "–";
}

/** Lit un entier saisi (« 12 400 », « 800 € ») ; renvoie {valeur} ou {erreur} en français. */
function ihmLireEntier(brut, { nom, min, unite }) {
  const texte = String(brut).trim();
  if (!texte) return { erreur: `Indiquez ${nom} en chiffres.` };
  const net = texte.replace(/[\s\u00a0\u202f]/g, "").replace(/(€|euros?|habitants?|hab\.?)$/i, "");
  if (/^[-−]\d+$/.test(net)) return { erreur: `${ihmMajuscule(nom)} ne peut pas être ${nom.startsWith("la ") ? "négative" : "négatif"}${NBSP}: la saisie «${NBSP}${texte}${NBSP}» n'est pas enregistrée.` };
  if (/^\d+[.,]\d+$/.test(net)) return { erreur: `${ihmMajuscule(nom)} s'écrit en nombre entier${unite ? ` (${unite})` : ""}, sans virgule${NBSP}: la saisie «${NBSP}${texte}${NBSP}» n'est pas enregistrée.` };
  if (!/^\d+$/.test(net)) return { erreur: `«${NBSP}${texte}${NBSP}» n'est pas un nombre${NBSP}: écrivez ${nom} en chiffres, par exemple 1${NBSP}500.` };
  const valeur = Number(net);
  if (!Number.isSafeInteger(valeur)) return { erreur: `«${NBSP}${texte}${NBSP}» est un nombre trop grand.` };
  if (valeur < min) return { erreur: min === 1 ? `${ihmMajuscule(nom)} doit être d'au moins 1${NBSP}: la saisie «${NBSP}${texte}${NBSP}» n'est pas enregistrée.` : `${ihmMajuscule(nom)} doit être d'au moins ${min}.` };
  return { valeur };
}

function ihmMajuscule(texte) {
  return texte.charAt(0).toUpperCase() + texte.slice(1);
}

function ihmCopie(objet) {
  return JSON.parse(JSON.stringify(objet));
}

function ihmSlug(texte) {
  const s = String(texte || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 50).replace(/-+$/, "");
  return s ? `feuille-de-route-${s}` : "feuille-de-route";
}

function ihmIdLibre(elements, prefixe) {
  const pris = new Set(elements.map((e) => e.id));
  let n = elements.length + 1;
  while (pris.has(`${prefixe}${n}`)) n += 1;
  return `${prefixe}${n}`;
}

function ihmTronquer(texte, n) {
  const t = String(texte || "");
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

// --- Le plan ------------------------------------------------------------------

/** Un plan sans projet, sans phase ni action. La description de la collectivité
 *  (type, population, zone, Alsace-Moselle) est gardée : le format exige une
 *  population, et le widget n'en invente pas. */
function ihmPlanVide(collectivite) {
  return {
    format: FDR_FORMAT,
    version: FDR_VERSION,
    collectivite: { ...collectivite, nom: "" },
    projet: { intitule: "", type: "autre", objectif: "", non_negociable: "" },
    phases: [],
    actions: [],
  };
}

// --- La frise -----------------------------------------------------------------

const IHM_LARGEUR = 820;
const IHM_GAUCHE = 232;
const IHM_HAUT = 40;
const IHM_LIGNE = 24;

function ihmLignesFrise(plan) {
  const lignes = [];
  const connues = new Set(plan.phases.map((p) => p.id));
  for (const phase of plan.phases) {
    lignes.push({ nature: "phase", element: phase, phase });
    for (const a of plan.actions.filter((x) => x.phase === phase.id)) lignes.push({ nature: "action", element: a, phase });
  }
  for (const a of plan.actions.filter((x) => !connues.has(x.phase))) lignes.push({ nature: "action", element: a, phase: null });
  return lignes;
}

function ihmDessinerFrise(svg, plan) {
  const lignes = ihmLignesFrise(plan);
  const jours = [];
  for (const l of lignes) for (const d of ihmBornes(l.element) || []) jours.push(fdrJour(d));
  const garder = [svg.querySelector("title"), svg.querySelector("desc")];
  if (!jours.length) {
    svg.setAttribute("viewBox", `0 0 ${IHM_LARGEUR} 60`);
    svg.replaceChildren(...garder, creer("text", { x: 12, y: 34, text: "Ajoutez des phases et des actions datées pour voir la frise." }));
    return;
  }
  let j0 = Math.min(...jours);
  let j1 = Math.max(...jours) + 1;
  // Du 1er du mois du début au 1er du mois qui suit la fin.
  const premier = (j) => { const d = new Date(j * 86400000); return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 86400000); };
  const suivant = (j) => { const d = new Date(j * 86400000); return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 86400000); };
  j0 = premier(j0);
  j1 = premier(j1) === j1 ? j1 : suivant(j1);
  const droite = IHM_LARGEUR - 12;
  const x = (j) => IHM_GAUCHE + ((j - j0) / (j1 - j0)) * (droite - IHM_GAUCHE);
  const hauteur = IHM_HAUT + lignes.length * IHM_LIGNE + 12;
  svg.setAttribute("viewBox", `0 0 ${IHM_LARGEUR} ${hauteur}`);
  const elements = [];
  const mois = [];
  for (let j = j0; j < j1; j = suivant(j)) mois.push(j);
  const pas = mois.length > 24 ? 6 : mois.length > 12 ? 3 : 1;
  let anneeAffichee = null;
  mois.forEach((j, n) => {
    const d = new Date(j * 86400000);
    elements.push(creer("line", { class: "repere", x1: x(j).toFixed(1), y1: IHM_HAUT - 6, x2: x(j).toFixed(1), y2: hauteur - 8 }));
    if (n % pas === 0) {
      // L'année est écrite au premier mois affiché, puis à chaque changement d'année.
      const annee = d.getUTCFullYear() !== anneeAffichee ? ` ${d.getUTCFullYear()}` : "";
      anneeAffichee = d.getUTCFullYear();
      elements.push(creer("text", { class: "mois", x: (x(j) + 3).toFixed(1), y: IHM_HAUT - 12, text: `${IHM_MOIS_COURTS[d.getUTCMonth()]}${annee}` }));
    }
  });
  lignes.forEach((l, n) => {
    const y = IHM_HAUT + n * IHM_LIGNE;
    const e = l.element;
    const nom = l.nature === "phase" ? (e.nom || "Phase sans nom") : (e.intitule || "Action sans intitulé");
    const groupe = [];
    const bornes = ihmBornes(e);
    groupe.push(creer("title", { text: `${l.nature === "phase" ? "Phase" : "Action"}${NBSP}: ${nom} (${bornes ? `${ihmDateLongue(bornes[0])} – ${ihmDateLongue(bornes[1])}` : "dates à préciser"})` }));
    groupe.push(creer("text", { class: l.nature === "phase" ? "nom-phase" : "nom-action", x: l.nature === "phase" ? 6 : 18, y: y + 16, text: ihmTronquer(nom, l.nature === "phase" ? 34 : 32) }));
    if (bornes && fdrJour(bornes[1]) >= fdrJour(bornes[0])) {
      const xa = x(fdrJour(bornes[0]));
      const xb = x(fdrJour(bornes[1]) + 1);
      if (l.nature === "action" && bornes[0] === bornes[1]) {
        const cx = (xa + xb) / 2;
        groupe.push(creer("polygon", { class: "jalon", points: `${cx},${y + 5} ${cx + 7},${y + 12} ${cx},${y + 19} ${cx - 7},${y + 12}` }));
      } else {
        groupe.push(creer("rect", { class: l.nature === "phase" ? "barre-phase" : "barre-action", x: xa.toFixed(1), y: y + (l.nature === "phase" ? 3 : 6), width: Math.max(3, xb - xa).toFixed(1), height: l.nature === "phase" ? 18 : 12, rx: 3 }));
      }
    } else {
      groupe.push(creer("text", { class: "sans-date", x: IHM_GAUCHE + 4, y: y + 16, text: bornes ? "fin avant le début\u00a0: à corriger" : "dates à préciser" }));
    }
    elements.push(creer("g", { class: `ligne-${l.nature}`, "data-id": e.id }, groupe));
  });
  svg.replaceChildren(...garder, ...elements);
}

// --- L'interface --------------------------------------------------------------

export function render({ model, el }) {
  const statique = model.statique === true;
  const contexte = model.get("contexte") || {};
  const catalogue = contexte.catalogue || {};
  const regles = contexte.regles || {};
  const referentiel = contexte.referentiel || {};
  const cle = `atelier:feuille-de-route:${model.get("cle_stockage")}`;
  const uid = nouvelId("fdr");

  let plan;
  try {
    plan = validerFeuille(ihmCopie(model.get("plan")));
  } catch (e) {
    el.replaceChildren(creer("p", { class: "alerte", text: `Le plan transmis au widget est invalide${NBSP}: ${e.message}` }));
    return () => {};
  }
  let brouillons = {};
  const sauvegarde = stockage.lire(cle);
  let sauvegardeValide = null;
  if (sauvegarde && sauvegarde.plan) {
    try {
      sauvegardeValide = { plan: validerFeuille(ihmCopie(sauvegarde.plan)), brouillons: sauvegarde.brouillons && typeof sauvegarde.brouillons === "object" ? sauvegarde.brouillons : {} };
    } catch (e) { sauvegardeValide = null; /* sauvegarde ancienne ou abîmée : ignorée */ }
  }
  if (statique && sauvegardeValide) {
    plan = sauvegardeValide.plan;
    brouillons = ihmBrouillonsPropres(sauvegardeValide.brouillons);
  }

  function ihmBrouillonsPropres(b) {
    const propres = {};
    for (const [k, v] of Object.entries(b || {})) {
      if (/:(debut|fin)$/.test(k)) continue;
      if (v && typeof v === "object" && typeof v.valeur === "string" && typeof v.message === "string") propres[k] = { valeur: v.valeur, message: v.message };
    }
    return propres;
  }

  // Éléments permanents.
  const racine = creer("div", { class: "atelier-widget feuille-de-route", lang: "fr" });
  garderClavier(racine);
  const statut = creer("p", { class: "statut", role: "status", "aria-live": "polite" });
  const alerteImport = creer("p", { class: "alerte", role: "alert" });
  const annonce = creer("p", { class: "annonce-alertes visually-hidden", "aria-live": "polite" });
  const champs = new Map(); // clé → {input, message, lire, poser}

  // Champ générique : libellé, saisie, message d'erreur relié (aria-describedby).
  function champ({ cle: k, libelle, type = "texte", valeur, lire, poser, aide, options, attributs = {}, classe }) {
    const id = nouvelId("fdr-champ"); // les identifiants du plan peuvent contenir n'importe quel caractère
    const idMessage = `${id}-message`;
    const idAide = aide ? `${id}-aide` : null;
    let input;
    if (type === "choix") {
      input = creer("select", { id, ...attributs }, options.map(([v, t]) => creer("option", { value: v, text: t, selected: v === valeur })));
    } else if (type === "case") {
      input = creer("input", { type: "checkbox", id, checked: valeur === true, ...attributs });
    } else if (type === "multiligne") {
      input = creer("textarea", { id, rows: 2, ...attributs });
      input.value = valeur ?? "";
    } else if (type === "date") {
      input = creer("input", { type: "date", id, ...attributs });
      input.value = ihmDateValide(valeur) ? valeur : "";
    } else {
      input = creer("input", { type: "text", id, autocomplete: "off", spellcheck: type === "texte" ? "true" : "false", inputmode: type === "entier" ? "numeric" : undefined, ...attributs });
      input.value = valeur ?? "";
    }
    const message = creer("p", { class: "message-champ", id: idMessage, hidden: true });
    input.setAttribute("aria-describedby", [idAide, idMessage].filter(Boolean).join(" "));
    input.dataset.cle = k;
    const c = { cle: k, input, message, lire, poser, type };
    champs.set(k, c);
    const evenement = type === "choix" || type === "case" || type === "date" ? "change" : "input";
    input.addEventListener(evenement, () => saisir(c));
    if (type === "date") input.addEventListener("input", () => saisir(c));
    const brouillon = brouillons[k];
    if (brouillon && type !== "date") { input.value = brouillon.valeur; }
    if (brouillon) marquer(c, brouillon.message);
    const libelleEl = creer("label", { for: id, text: libelle });
    if (type === "case") return creer("div", { class: `champ case ${classe || ""}`.trim() }, [input, libelleEl, message]);
    return creer("div", { class: `champ ${classe || ""}`.trim() }, [libelleEl, aide ? creer("p", { class: "aide", id: idAide, text: aide }) : null, input, message]);
  }

  function marquer(c, texte) {
    if (texte) {
      c.input.setAttribute("aria-invalid", "true");
      c.message.textContent = texte;
      c.message.hidden = false;
    } else {
      c.input.removeAttribute("aria-invalid");
      c.message.textContent = "";
      c.message.hidden = true;
    }
  }

  function brut(c) {
    if (c.type === "case") return c.input.checked;
    return c.input.value;
  }

  // Une saisie : lue, vérifiée, appliquée au plan (ou gardée en brouillon).
  function saisir(c) {
    const valeurBrute = brut(c);
    let lu;
    if (c.type === "date") {
      lu = c.input.validity && c.input.validity.badInput ? { erreur: "Date incomplète ou invalide\u00a0: complétez le jour, le mois et l'année." } : { valeur: c.input.value };
    } else {
      lu = c.lire ? c.lire(valeurBrute) : { valeur: valeurBrute };
    }
    if (lu.erreur) {
      brouillons[c.cle] = { valeur: c.type === "date" || c.type === "case" ? "" : String(valeurBrute), message: ihmNbsp(lu.erreur) };
      marquer(c, brouillons[c.cle].message);
      if (c.cle === "c:population") afficherObligations();
      enregistrer();
      return;
    }
    const candidat = ihmCopie(plan);
    c.poser(candidat, lu.valeur);
    try {
      plan = validerFeuille(candidat);
    } catch (e) {
      brouillons[c.cle] = { valeur: c.type === "date" || c.type === "case" ? "" : String(valeurBrute), message: `${e.message} La saisie n'est pas enregistrée dans le plan.` };
      marquer(c, brouillons[c.cle].message);
      if (c.cle === "c:population") afficherObligations();
      enregistrer();
      return;
    }
    delete brouillons[c.cle];
    marquer(c, "");
    if (c.apres) c.apres(lu.valeur);
    planChange();
  }

  function ihmNbsp(texte) {
    return texte.replace(/ ([:;!?])/g, `${NBSP}$1`);
  }

  // --- Section 1 : collectivité et projet -------------------------------------

  const typesProjet = Array.isArray(regles.types_projet) ? regles.types_projet : [];
  const optionsTypesProjet = () => {
    const opts = typesProjet.map((t) => [t.id, t.nom || t.libelle || t.id]);
    if (!opts.some(([v]) => v === plan.projet.type)) opts.push([plan.projet.type, `${plan.projet.type} (type inconnu)`]);
    return opts;
  };
  const blocCollectivite = creer("div", { class: "bloc-collectivite" });

  function construireCollectivite() {
    for (const k of [...champs.keys()]) if (k.startsWith("c:") || k.startsWith("j:")) champs.delete(k);
    const c = plan.collectivite;
    const p = plan.projet;
    blocCollectivite.replaceChildren(
      creer("fieldset", { class: "groupe" }, [
        creer("legend", { text: "Votre collectivité" }),
        champ({ cle: "c:nom", libelle: "Nom", valeur: c.nom, poser: (x, v) => { x.collectivite.nom = v; } }),
        champ({ cle: "c:type", libelle: "Type de collectivité", type: "choix", valeur: c.type, options: IHM_TYPES_COLLECTIVITE, poser: (x, v) => { x.collectivite.type = v; } }),
        champ({
          cle: "c:population", libelle: "Population (nombre d'habitants)", type: "entier", valeur: String(c.population),
          lire: (b) => ihmLireEntier(b, { nom: "la population", min: 1, unite: "en habitants" }), poser: (x, v) => { x.collectivite.population = v; },
        }),
        champ({ cle: "c:zone", libelle: "Zone de vacances scolaires", type: "choix", valeur: c.zone_scolaire, options: [["A", "Zone A"], ["B", "Zone B"], ["C", "Zone C"]], poser: (x, v) => { x.collectivite.zone_scolaire = v; } }),
        champ({ cle: "c:alsace", libelle: "Alsace-Moselle (jours fériés locaux)", type: "case", valeur: c.alsace_moselle, poser: (x, v) => { x.collectivite.alsace_moselle = v; } }),
      ]),
      creer("fieldset", { class: "groupe" }, [
        creer("legend", { text: "Votre projet" }),
        champ({ cle: "j:intitule", libelle: "Intitulé du projet", valeur: p.intitule, poser: (x, v) => { x.projet.intitule = v; } }),
        champ({ cle: "j:type", libelle: "Type de projet", type: "choix", valeur: p.type, options: optionsTypesProjet(), poser: (x, v) => { x.projet.type = v; } }),
        champ({ cle: "j:objectif", libelle: "Objectif de la démarche", type: "multiligne", valeur: p.objectif, aide: "Ce que vous voulez obtenir en associant les habitants.", poser: (x, v) => { x.projet.objectif = v; } }),
        champ({ cle: "j:non_negociable", libelle: "Ce qui n'est pas négociable", type: "multiligne", valeur: p.non_negociable, aide: "Le cadre que la concertation ne peut pas remettre en cause (budget, contraintes légales, calendrier)\u00a0: le dire dès le départ évite les déceptions.", poser: (x, v) => { x.projet.non_negociable = v; } }),
      ]),
    );
  }

  // --- Section 2 : obligations --------------------------------------------------

  const blocObligations = creer("div", { class: "obligations" });
  let signatureObligations = "";

  function afficherObligations() {
    const enSaisie = Boolean(brouillons["c:population"]);
    const signature = JSON.stringify([plan.collectivite, plan.projet.type, enSaisie]);
    if (signature === signatureObligations) return;
    signatureObligations = signature;
    let liste;
    try {
      liste = obligationsApplicables(regles, plan.collectivite, plan.projet.type);
    } catch (e) {
      blocObligations.replaceChildren(creer("p", { class: "aide", text: `Obligations non calculées${NBSP}: ${e.message}` }));
      return;
    }
    if (!liste.length) {
      blocObligations.replaceChildren(creer("p", { text: "Aucune obligation ni possibilité particulière n'est répertoriée pour ce type de collectivité et de projet." }));
      return;
    }
    const blocs = [];
    for (const [nature, titre] of IHM_NATURES) {
      const ici = liste.filter((o) => o.nature === nature);
      if (!ici.length) continue;
      blocs.push(creer("h4", { text: titre }), creer("ul", { class: `liste-obligations nature-${nature}` }, ici.map((o) => creer("li", {}, [
        creer("strong", { text: o.titre }),
        creer("p", { text: o.explication }),
        o.reserve ? creer("p", { class: "reserve", text: `À vérifier${NBSP}: ${o.reserve}` }) : null,
        (o.sources || []).length ? creer("p", { class: "sources" }, [
          (o.sources.length > 1 ? "Sources" : "Source") + `${NBSP}: `,
          ...o.sources.flatMap((s, n) => [n ? "\u00a0; " : "", s.url ? creer("a", { href: s.url, rel: "noopener", text: s.titre || s.url }) : (s.titre || "")]).filter(Boolean),
        ]) : null,
      ]))));
    }
    if (enSaisie) blocs.unshift(creer("p", { class: "reserve", text: `La population saisie n'est pas valide${NBSP}: ces règles sont calculées avec la dernière population valide (${ihmMilliers(plan.collectivite.population)} habitants).` }));
    blocObligations.replaceChildren(...blocs);
  }

  // --- Section 3 : phases et actions ---------------------------------------------

  const blocPlan = creer("div", { class: "plan" });
  const publicsRef = Array.isArray(referentiel.publics) ? referentiel.publics : [];
  const phasesTypes = Array.isArray(referentiel.phases_types) ? referentiel.phases_types : [];
  const niveauxRef = Array.isArray(referentiel.niveaux_iap2) ? referentiel.niveaux_iap2 : [];
  const libelleNiveau = (id) => { const n = niveauxRef.find((x) => x.id === id); return n ? (n.nom || n.libelle || id) : (IHM_NIVEAUX.find(([v]) => v === id) || [id, id])[1]; };
  const optionsNiveaux = [["", "Aucun (action interne)"], ...IHM_NIVEAUX.map(([v]) => [v, libelleNiveau(v)])];
  const dispositifsTries = Object.entries(catalogue).sort((a, b) => (a[1].nom || a[0]).localeCompare(b[1].nom || b[0], "fr"));
  const optionsDispositifs = (actuel) => {
    const opts = [["", "Aucun (action interne)"], ...dispositifsTries.map(([id, d]) => [id, d.nom || id])];
    if (actuel && !catalogue[actuel]) opts.push([actuel, `${actuel} (inconnu du catalogue)`]);
    return opts;
  };
  const nomPhase = (p, n) => `Phase ${n + 1}${NBSP}: ${p.nom || "sans nom"}`;
  const nomAction = (a) => a.intitule || "Action sans intitulé";
  const legendes = new Map(); // id → élément legend (mis à jour quand le nom change)
  const alertesCible = new Map(); // id → ul des alertes de l'élément
  const cartes = new Map(); // id → fieldset
  const publicsOuverts = new Set(); // actions dont la liste des publics est dépliée

  function construirePlan(focus) {
    for (const k of [...champs.keys()]) if (k.startsWith("p:") || k.startsWith("a:")) champs.delete(k);
    legendes.clear(); alertesCible.clear(); cartes.clear();
    const enfants = [];
    plan.phases.forEach((p, n) => enfants.push(cartePhase(p, n)));
    const orphelines = plan.actions.filter((a) => !plan.phases.some((p) => p.id === a.phase));
    if (orphelines.length) {
      enfants.push(creer("section", { class: "orphelines" }, [
        creer("h4", { text: "Actions rattachées à une phase inconnue" }),
        creer("p", { class: "aide", text: "Choisissez pour chacune une phase du plan." }),
        ...orphelines.map((a) => carteAction(a)),
      ]));
    }
    if (!plan.phases.length) enfants.push(creer("p", { class: "aide", text: "Votre plan n'a pas encore de phase. Ajoutez-en une, ou partez des phases types proposées." }));
    const bPhase = creer("button", { type: "button", class: "ajouter-phase", text: "Ajouter une phase" });
    bPhase.addEventListener("click", () => ajouterPhase());
    const bTypes = creer("button", { type: "button", class: "phases-types", text: "Proposer les phases types" });
    bTypes.addEventListener("click", () => proposerPhasesTypes());
    enfants.push(creer("div", { class: "ajouts" }, [bPhase, phasesTypes.length ? bTypes : null]));
    blocPlan.replaceChildren(...enfants);
    if (focus) {
      const cible = typeof focus === "string" ? champs.get(focus)?.input : focus;
      if (cible) cible.focus();
    }
  }

  function cartePhase(p, n) {
    const legende = creer("legend", { text: nomPhase(p, n) });
    legendes.set(p.id, legende);
    const ul = creer("ul", { class: "alertes-cible" });
    alertesCible.set(p.id, ul);
    const bAction = creer("button", { type: "button", class: "ajouter-action", text: "Ajouter une action à cette phase" });
    bAction.addEventListener("click", () => ajouterAction(p.id));
    const bSuppr = creer("button", { type: "button", class: "supprimer", text: "Supprimer la phase", "aria-label": `Supprimer la phase ${n + 1}${NBSP}: ${p.nom || "sans nom"}` });
    const bConfirmer = creer("button", { type: "button", class: "confirmer", hidden: true });
    const nb = plan.actions.filter((a) => a.phase === p.id).length;
    bConfirmer.textContent = nb ? `Confirmer${NBSP}: supprimer la phase et ses ${nb} action${nb > 1 ? "s" : ""}` : "Confirmer la suppression de la phase";
    bSuppr.addEventListener("click", () => { bConfirmer.hidden = false; bConfirmer.focus(); });
    bConfirmer.addEventListener("click", () => supprimerPhase(p.id));
    const i = plan.phases.findIndex((x) => x.id === p.id);
    const monter = creer("button", { type: "button", class: "deplacer", text: "Monter", disabled: i === 0, "aria-label": `Monter la phase ${n + 1}` });
    monter.addEventListener("click", () => deplacerPhase(p.id, -1));
    const descendre = creer("button", { type: "button", class: "deplacer", text: "Descendre", disabled: i === plan.phases.length - 1, "aria-label": `Descendre la phase ${n + 1}` });
    descendre.addEventListener("click", () => deplacerPhase(p.id, 1));
    const actions = plan.actions.filter((a) => a.phase === p.id).map((a) => carteAction(a));
    const carte = creer("fieldset", { class: "carte-phase", "data-id": p.id }, [
      legende,
      creer("div", { class: "ligne-champs" }, [
        champ({ cle: `p:${p.id}:nom`, libelle: "Nom de la phase", valeur: p.nom, poser: (x, v) => { x.phases.find((y) => y.id === p.id).nom = v; } }),
        champ({ cle: `p:${p.id}:debut`, libelle: "Début", type: "date", valeur: p.debut, poser: (x, v) => { x.phases.find((y) => y.id === p.id).debut = v; } }),
        champ({ cle: `p:${p.id}:fin`, libelle: "Fin", type: "date", valeur: p.fin, poser: (x, v) => { x.phases.find((y) => y.id === p.id).fin = v; } }),
      ]),
      ul,
      creer("div", { class: "outils-carte" }, [monter, descendre, bSuppr, bConfirmer]),
      creer("div", { class: "actions-phase" }, actions),
      bAction,
    ]);
    cartes.set(p.id, carte);
    return carte;
  }

  function carteAction(a) {
    const legende = creer("legend", { text: `Action${NBSP}: ${nomAction(a)}` });
    legendes.set(a.id, legende);
    const ul = creer("ul", { class: "alertes-cible" });
    alertesCible.set(a.id, ul);
    const trouver = (x) => x.actions.find((y) => y.id === a.id);
    const optionsPhases = plan.phases.map((p, n) => [p.id, nomPhase(p, n)]);
    if (!plan.phases.some((p) => p.id === a.phase)) optionsPhases.unshift([a.phase, `${a.phase} (phase inconnue)`]);
    const bSuppr = creer("button", { type: "button", class: "supprimer", text: "Supprimer l'action", "aria-label": `Supprimer l'action${NBSP}: ${nomAction(a)}` });
    bSuppr.addEventListener("click", () => supprimerAction(a.id));
    const resumePublics = creer("span", { class: "resume-publics" });
    const majResume = () => {
      const act = plan.actions.find((y) => y.id === a.id) || a;
      const noms = (act.publics || []).map(nomPublic);
      resumePublics.textContent = noms.length
        ? ` (${noms.length})${NBSP}: ${noms.slice(0, 3).join(", ")}${noms.length > 3 ? ` et ${noms.length - 3} autre${noms.length > 4 ? "s" : ""}` : ""}`
        : `${NBSP}: aucun pour l'instant`;
    };
    majResume();
    const cases = creer("fieldset", { class: "publics" }, [
      creer("legend", { class: "visually-hidden", text: `Publics ciblés par l'action${NBSP}: ${nomAction(a)}` }),
      ...publicsRef.map((pub) => {
        const id = nouvelId("fdr-public");
        const k = `a:${a.id}:public:${pub.id}`;
        const input = creer("input", { type: "checkbox", id, checked: (a.publics || []).includes(pub.id), "data-cle": k });
        input.addEventListener("change", () => {
          const c = {
            cle: k, input, type: "case", message: creer("p"),
            poser: (x, v) => {
              const act = trouver(x);
              const ensemble = new Set(act.publics || []);
              if (v) ensemble.add(pub.id); else ensemble.delete(pub.id);
              act.publics = publicsRef.map((r) => r.id).filter((idp) => ensemble.has(idp)).concat((act.publics || []).filter((idp) => !publicsRef.some((r) => r.id === idp)));
            },
          };
          saisir(c);
          majResume();
        });
        const eloigne = pub.eloigne === true;
        return creer("label", { class: "choix", for: id }, [input, creer("span", { text: pub.libelle || pub.nom || pub.id }), eloigne ? creer("span", { class: "eloigne", text: " (public éloigné de la participation)" }) : null]);
      }),
    ]);
    const publics = creer("details", { class: "publics", open: publicsOuverts.has(a.id) }, [
      creer("summary", {}, [creer("span", { class: "titre-publics", text: "Publics ciblés" }), resumePublics]),
      cases,
    ]);
    publics.addEventListener("toggle", () => { if (publics.open) publicsOuverts.add(a.id); else publicsOuverts.delete(a.id); });
    const champDispositif = champ({
      cle: `a:${a.id}:dispositif`, libelle: "Dispositif (catalogue du cours)", type: "choix", valeur: a.dispositif, options: optionsDispositifs(a.dispositif),
      poser: (x, v) => {
        const act = trouver(x);
        act.dispositif = v;
        const d = catalogue[v];
        if (d) {
          if (d.niveau_iap2) act.niveau_iap2 = d.niveau_iap2;
          if (typeof d.temps_public === "boolean") act.temps_public = d.temps_public;
        } else if (v === "") {
          act.niveau_iap2 = "";
        }
      },
    });
    champs.get(`a:${a.id}:dispositif`).apres = (v) => {
      const act = plan.actions.find((y) => y.id === a.id);
      const niveau = champs.get(`a:${a.id}:niveau`);
      const temps = champs.get(`a:${a.id}:temps_public`);
      if (niveau) { niveau.input.value = act.niveau_iap2; delete brouillons[niveau.cle]; marquer(niveau, ""); }
      if (temps) { temps.input.checked = act.temps_public === true; }
      const d = catalogue[v];
      statut.textContent = d
        ? `Dispositif «${NBSP}${d.nom || v}${NBSP}»${NBSP}: niveau proposé «${NBSP}${libelleNiveau(act.niveau_iap2)}${NBSP}», ${act.temps_public ? "temps public (rassemble le public à une date)" : "pas de temps public à une date donnée"}. Vous pouvez les modifier.`
        : "Action interne, sans dispositif participatif.";
    };
    const carte = creer("fieldset", { class: "carte-action", "data-id": a.id }, [
      legende,
      creer("div", { class: "ligne-champs" }, [
        champ({ cle: `a:${a.id}:intitule`, libelle: "Intitulé de l'action", valeur: a.intitule, classe: "large", poser: (x, v) => { trouver(x).intitule = v; } }),
        champ({ cle: `a:${a.id}:phase`, libelle: "Phase", type: "choix", valeur: a.phase, options: optionsPhases, poser: (x, v) => { trouver(x).phase = v; } }),
      ]),
      creer("div", { class: "ligne-champs" }, [
        champDispositif,
        champ({ cle: `a:${a.id}:niveau`, libelle: "Niveau de participation (IAP2)", type: "choix", valeur: a.niveau_iap2, options: optionsNiveaux, poser: (x, v) => { trouver(x).niveau_iap2 = v; } }),
        champ({ cle: `a:${a.id}:temps_public`, libelle: "Temps public (rassemble le public à une date)", type: "case", valeur: a.temps_public, poser: (x, v) => { trouver(x).temps_public = v; } }),
      ]),
      creer("div", { class: "ligne-champs" }, [
        champ({ cle: `a:${a.id}:debut`, libelle: "Début", type: "date", valeur: a.debut, poser: (x, v) => { trouver(x).debut = v; } }),
        champ({ cle: `a:${a.id}:fin`, libelle: "Fin", type: "date", valeur: a.fin, poser: (x, v) => { trouver(x).fin = v; } }),
        champ({ cle: `a:${a.id}:responsable`, libelle: "Responsable", valeur: a.responsable, poser: (x, v) => { trouver(x).responsable = v; } }),
        champ({
          cle: `a:${a.id}:budget`, libelle: "Budget (euros)", type: "entier", valeur: String(a.budget),
          lire: (b) => ihmLireEntier(b, { nom: "le budget", min: 0, unite: "en euros" }), poser: (x, v) => { trouver(x).budget = v; },
        }),
      ]),
      publics,
      creer("div", { class: "ligne-champs" }, [
        champ({ cle: `a:${a.id}:indicateur`, libelle: "Indicateur de suivi", valeur: a.indicateur, classe: "large", poser: (x, v) => { trouver(x).indicateur = v; } }),
        champ({ cle: `a:${a.id}:retour`, libelle: "Cette action rend compte aux participants (retour, restitution)", type: "case", valeur: a.retour_participants, poser: (x, v) => { trouver(x).retour_participants = v; } }),
      ]),
      ul,
      creer("div", { class: "outils-carte" }, [bSuppr]),
    ]);
    cartes.set(a.id, carte);
    return carte;
  }

  // Changements de structure (ajout, suppression, déplacement).
  let derniereSuppression = null;
  const bRetablir = creer("button", { type: "button", class: "retablir", hidden: true });
  bRetablir.addEventListener("click", () => {
    if (!derniereSuppression) return;
    const { phases, actions, libelle, focus } = derniereSuppression;
    const candidat = ihmCopie(plan);
    candidat.phases = phases;
    candidat.actions = actions;
    try { remplacerStructure(candidat, `${libelle} rétablie.`, focus); } catch (e) { alerteImport.textContent = e.message; }
    derniereSuppression = null;
    bRetablir.hidden = true;
  });

  // Les saisies en cours d'une phase ou d'une action qui n'existe plus sont oubliées.
  function purgerBrouillons() {
    for (const k of Object.keys(brouillons)) {
      const m = /^[pa]:([^:]+):/.exec(k);
      if (m && !plan.phases.some((p) => p.id === m[1]) && !plan.actions.some((a) => a.id === m[1])) delete brouillons[k];
    }
  }

  function remplacerStructure(candidat, message, focus) {
    plan = validerFeuille(candidat);
    purgerBrouillons();
    construirePlan(focus);
    planChange();
    if (message) statut.textContent = message;
  }

  function jourPropose() {
    const fins = [...plan.phases.map((p) => p.fin), ...plan.actions.map((a) => a.fin)].filter(ihmDateValide).map(fdrJour);
    return fins.length ? Math.max(...fins) + 1 : ihmAujourdhui() + 14;
  }

  function nouvellePhase(nom, debut, duree) {
    return { id: ihmIdLibre(plan.phases, "p"), nom, debut: fdrIsoDeJour(debut), fin: fdrIsoDeJour(debut + duree - 1) };
  }

  function ajouterPhase() {
    const candidat = ihmCopie(plan);
    const p = nouvellePhase(`Phase ${plan.phases.length + 1}`, jourPropose(), IHM_DUREE_PHASE);
    candidat.phases.push(p);
    try { remplacerStructure(candidat, `Phase ajoutée${NBSP}: «${NBSP}${p.nom}${NBSP}», du ${ihmDateLongue(p.debut)} au ${ihmDateLongue(p.fin)}. Renommez-la et ajustez ses dates.`, `p:${p.id}:nom`); } catch (e) { alerteImport.textContent = e.message; }
    champs.get(`p:${p.id}:nom`)?.input.select();
  }

  function proposerPhasesTypes() {
    const presentes = new Set(plan.phases.map((p) => normaliser(p.nom)));
    const candidat = ihmCopie(plan);
    let debut = jourPropose();
    const ajoutees = [];
    for (const t of phasesTypes) {
      const nom = t.nom || t.libelle || t.id;
      if (presentes.has(normaliser(nom))) continue;
      const duree = Number.isInteger(t.duree_jours) && t.duree_jours > 0 ? t.duree_jours : Number.isInteger(t.duree_semaines) && t.duree_semaines > 0 ? 7 * t.duree_semaines : IHM_DUREE_PHASE;
      const p = { id: ihmIdLibre(candidat.phases, "p"), nom, debut: fdrIsoDeJour(debut), fin: fdrIsoDeJour(debut + duree - 1) };
      candidat.phases.push(p);
      ajoutees.push(p);
      debut += duree;
    }
    if (!ajoutees.length) { statut.textContent = "Toutes les phases types figurent déjà dans votre plan."; return; }
    try {
      remplacerStructure(candidat, `${ajoutees.length} phase${ajoutees.length > 1 ? "s" : ""} type${ajoutees.length > 1 ? "s" : ""} ajoutée${ajoutees.length > 1 ? "s" : ""}${NBSP}: ${ajoutees.map((p) => p.nom).join(", ")}. Leurs dates sont indicatives${NBSP}: ajustez-les.`, `p:${ajoutees[0].id}:nom`);
    } catch (e) { alerteImport.textContent = e.message; }
  }

  function ajouterAction(idPhase) {
    const phase = plan.phases.find((p) => p.id === idPhase);
    const candidat = ihmCopie(plan);
    const debut = phase && ihmDateValide(phase.debut) ? phase.debut : fdrIsoDeJour(jourPropose());
    const a = {
      id: ihmIdLibre(plan.actions, "a"), phase: idPhase, intitule: "Nouvelle action", dispositif: "", debut, fin: debut,
      responsable: "", budget: 0, publics: [], niveau_iap2: "", indicateur: "", temps_public: false, retour_participants: false,
    };
    candidat.actions.push(a);
    publicsOuverts.add(a.id);
    try { remplacerStructure(candidat, `Action ajoutée à la phase «${NBSP}${phase ? phase.nom : idPhase}${NBSP}»${NBSP}: donnez-lui un intitulé et choisissez son dispositif.`, `a:${a.id}:intitule`); } catch (e) { alerteImport.textContent = e.message; return; }
    champs.get(`a:${a.id}:intitule`)?.input.select();
  }

  function supprimerAction(id) {
    const a = plan.actions.find((x) => x.id === id);
    const candidat = ihmCopie(plan);
    derniereSuppression = { phases: ihmCopie(plan.phases), actions: ihmCopie(plan.actions), libelle: `Action «${NBSP}${nomAction(a)}${NBSP}»`, focus: `a:${id}:intitule` };
    candidat.actions = candidat.actions.filter((x) => x.id !== id);
    const phase = plan.phases.find((p) => p.id === a.phase);
    try { remplacerStructure(candidat, `Action supprimée${NBSP}: «${NBSP}${nomAction(a)}${NBSP}».`, phase ? null : null); } catch (e) { alerteImport.textContent = e.message; return; }
    bRetablir.textContent = `Rétablir l'action «${NBSP}${nomAction(a)}${NBSP}»`;
    bRetablir.hidden = false;
    const carte = phase ? cartes.get(phase.id) : null;
    (carte ? carte.querySelector(".ajouter-action") : bRetablir).focus();
  }

  function supprimerPhase(id) {
    const i = plan.phases.findIndex((x) => x.id === id);
    const p = plan.phases[i];
    derniereSuppression = { phases: ihmCopie(plan.phases), actions: ihmCopie(plan.actions), libelle: `Phase «${NBSP}${p.nom}${NBSP}»`, focus: `p:${id}:nom` };
    const candidat = ihmCopie(plan);
    candidat.phases = candidat.phases.filter((x) => x.id !== id);
    candidat.actions = candidat.actions.filter((x) => x.phase !== id);
    try { remplacerStructure(candidat, `Phase supprimée${NBSP}: «${NBSP}${p.nom}${NBSP}».`); } catch (e) { alerteImport.textContent = e.message; return; }
    bRetablir.textContent = `Rétablir la phase «${NBSP}${p.nom}${NBSP}»`;
    bRetablir.hidden = false;
    const voisine = plan.phases[Math.min(i, plan.phases.length - 1)];
    (voisine ? champs.get(`p:${voisine.id}:nom`)?.input : blocPlan.querySelector(".ajouter-phase"))?.focus();
  }

  function deplacerPhase(id, sens) {
    const candidat = ihmCopie(plan);
    const i = candidat.phases.findIndex((x) => x.id === id);
    const j = i + sens;
    if (j < 0 || j >= candidat.phases.length) return;
    [candidat.phases[i], candidat.phases[j]] = [candidat.phases[j], candidat.phases[i]];
    try { remplacerStructure(candidat, `Phase «${NBSP}${candidat.phases[j].nom}${NBSP}» déplacée en position ${j + 1}.`); } catch (e) { alerteImport.textContent = e.message; return; }
    const carte = cartes.get(id);
    const bouton = carte && carte.querySelectorAll(".deplacer")[sens < 0 ? 0 : 1];
    (bouton && !bouton.disabled ? bouton : champs.get(`p:${id}:nom`)?.input)?.focus();
  }

  // --- Section 4 : alertes -------------------------------------------------------

  const resumeAlertes = creer("p", { class: "resume-alertes" });
  const listeAlertes = creer("ul", { class: "alertes" });
  let alertesAnnoncees = null;
  let minuterieAnnonce = null;

  function libelleCible(id) {
    const a = plan.actions.find((x) => x.id === id);
    if (a) return `l'action «${NBSP}${nomAction(a)}${NBSP}»`;
    const n = plan.phases.findIndex((x) => x.id === id);
    if (n >= 0) return `la phase «${NBSP}${plan.phases[n].nom || "sans nom"}${NBSP}»`;
    return null;
  }

  function allerA(id) {
    const premier = champs.get(plan.actions.some((x) => x.id === id) ? `a:${id}:intitule` : `p:${id}:nom`);
    if (premier) {
      premier.input.scrollIntoView({ block: "center" });
      premier.input.focus();
    }
  }

  function afficherAlertes() {
    let alertes;
    try {
      alertes = verifierFeuille(plan, contexte);
    } catch (e) {
      resumeAlertes.textContent = `Vérifications impossibles${NBSP}: ${e.message}`;
      listeAlertes.replaceChildren();
      return;
    }
    const compte = { erreur: 0, attention: 0, info: 0 };
    for (const a of alertes) compte[a.niveau] = (compte[a.niveau] || 0) + 1;
    const morceaux = [];
    if (compte.erreur) morceaux.push(`${compte.erreur} erreur${compte.erreur > 1 ? "s" : ""}`);
    if (compte.attention) morceaux.push(`${compte.attention} point${compte.attention > 1 ? "s" : ""} d'attention`);
    if (compte.info) morceaux.push(`${compte.info} information${compte.info > 1 ? "s" : ""}`);
    resumeAlertes.textContent = morceaux.length ? `${ihmMajuscule(morceaux.join(", "))}.` : "Aucune alerte.";
    listeAlertes.replaceChildren(...alertes.map((a) => {
      const cible = a.cible ? libelleCible(a.cible) : null;
      let lien = null;
      if (cible) {
        lien = creer("button", { type: "button", class: "aller", text: `Aller à ${cible}` });
        lien.addEventListener("click", () => allerA(a.cible));
      }
      return creer("li", { class: `alerte-${a.niveau}`, "data-code": a.code, "data-cible": a.cible || "" }, [
        creer("span", { class: "niveau", text: `${FDR_NIVEAUX_LIBELLES[a.niveau] || a.niveau}${NBSP}: ` }),
        creer("span", { class: "texte", text: a.message }),
        lien ? " " : null, lien,
      ]);
    }));
    for (const [id, ul] of alertesCible) {
      const ici = alertes.filter((a) => a.cible === id && a.niveau !== "info");
      ul.replaceChildren(...ici.map((a) => creer("li", { class: `alerte-${a.niveau}` }, [
        creer("span", { class: "niveau", text: `${FDR_NIVEAUX_LIBELLES[a.niveau] || a.niveau}${NBSP}: ` }), a.message,
      ])));
      const carte = cartes.get(id);
      if (carte) {
        carte.classList.toggle("a-erreur", ici.some((a) => a.niveau === "erreur"));
        carte.classList.toggle("a-attention", ici.some((a) => a.niveau === "attention"));
      }
    }
    // Annonce polie des alertes nouvelles ou levées (après une courte pause de saisie).
    // Une alerte est « la même » tant que son code et sa cible ne changent pas (son
    // texte suit les noms saisis) : seules les alertes nouvelles ou levées sont annoncées.
    const rangs = new Map();
    const cles = new Map(alertes.filter((a) => a.niveau !== "info").map((a) => {
      const base = `${a.code}|${a.cible}`;
      rangs.set(base, (rangs.get(base) || 0) + 1);
      return [`${base}|${rangs.get(base)}`, a];
    }));
    const phrase = (a) => { const m = /^.+?[.!?](?=\s|$)/.exec(a.message); return m ? m[0] : a.message; };
    if (alertesAnnoncees === null) { alertesAnnoncees = cles; return; }
    clearTimeout(minuterieAnnonce);
    minuterieAnnonce = setTimeout(() => {
      const nouvelles = [...cles.keys()].filter((k) => !alertesAnnoncees.has(k)).map((k) => cles.get(k));
      const levees = [...alertesAnnoncees.keys()].filter((k) => !cles.has(k)).map((k) => alertesAnnoncees.get(k));
      alertesAnnoncees = cles;
      const phrases = [];
      if (nouvelles.length) phrases.push(`${nouvelles.length > 1 ? `${nouvelles.length} nouvelles alertes` : "Nouvelle alerte"}${NBSP}: ${nouvelles.slice(0, 2).map(phrase).join(" ")}`);
      if (levees.length) phrases.push(`${levees.length > 1 ? `${levees.length} alertes levées` : "Alerte levée"}${NBSP}: ${levees.slice(0, 2).map(phrase).join(" ")}`);
      if (phrases.length) annonce.textContent = phrases.join(" ");
    }, 700);
  }

  // Messages à côté des dates : fin avant début (l'alerte détaillée est dans la liste).
  function marquerDates() {
    for (const e of [...plan.phases.map((p) => ["p", p]), ...plan.actions.map((a) => ["a", a])]) {
      const [t, x] = e;
      const c = champs.get(`${t}:${x.id}:fin`);
      if (!c || brouillons[c.cle]) continue;
      if (ihmDateValide(x.debut) && ihmDateValide(x.fin) && x.fin < x.debut) marquer(c, `La fin (${ihmDateLongue(x.fin)}) est avant le début (${ihmDateLongue(x.debut)}).`);
      else marquer(c, "");
    }
  }

  // --- Section 5 : frise, tableau, synthèse -------------------------------------

  const idFrise = `${uid}-frise`;
  const svg = creer("svg", { class: "frise", role: "img", "aria-labelledby": `${idFrise}-t ${idFrise}-d`, viewBox: `0 0 ${IHM_LARGEUR} 60` }, [
    creer("title", { id: `${idFrise}-t`, text: "Frise chronologique des phases et des actions" }),
    creer("desc", { id: `${idFrise}-d`, text: "Chaque phase est une barre claire, chaque action une barre foncée, et une action d'un seul jour un losange. Le tableau qui suit donne les mêmes dates." }),
  ]);
  const corpsCalendrier = creer("tbody");
  const tableauCalendrier = creer("table", { class: "calendrier" }, [
    creer("caption", { text: "Calendrier des phases et des actions (la frise en tableau)" }),
    creer("thead", {}, [creer("tr", {}, ["Phase ou action", "Début", "Fin", "Durée", "Dispositif", "Responsable", "Budget"].map((t) => creer("th", { scope: "col", text: t })))]),
    corpsCalendrier,
  ]);
  const blocSynthese = creer("dl", { class: "synthese" });

  function cellulesDates(e) {
    const b = ihmBornes(e);
    if (!b) return [creer("td", { text: "à préciser" }), creer("td", { text: "à préciser" }), creer("td", { text: "–" })];
    return [creer("td", { text: ihmDateLongue(b[0]) }), creer("td", { text: ihmDateLongue(b[1]) }), creer("td", { text: ihmDuree(b[0], b[1]) })];
  }

  function afficherCalendrier() {
    ihmDessinerFrise(svg, plan);
    corpsCalendrier.replaceChildren(...ihmLignesFrise(plan).map((l) => {
      const e = l.element;
      if (l.nature === "phase") {
        return creer("tr", { class: "ligne-phase" }, [
          creer("th", { scope: "row", text: `Phase${NBSP}: ${e.nom || "sans nom"}` }),
          ...cellulesDates(e),
          creer("td", { text: "" }), creer("td", { text: "" }), creer("td", { text: "" }),
        ]);
      }
      const d = catalogue[e.dispositif];
      return creer("tr", {}, [
        creer("th", { scope: "row", class: "action", text: nomAction(e) }),
        ...cellulesDates(e),
        creer("td", { text: e.dispositif ? (d ? d.nom : e.dispositif) : "action interne" }),
        creer("td", { text: e.responsable || "–" }), creer("td", { text: ihmEuros(e.budget) }),
      ]);
    }));
  }

  function afficherSynthese() {
    let s;
    try {
      s = syntheseFeuille(plan, contexte);
    } catch (e) {
      blocSynthese.replaceChildren(creer("dt", { text: "Synthèse" }), creer("dd", { text: `non calculée${NBSP}: ${e.message}` }));
      return;
    }
    const lignes = ihmLignesSynthese(s);
    blocSynthese.replaceChildren(...lignes.flatMap(([terme, valeur]) => [creer("dt", { text: terme }), creer("dd", { text: valeur })]));
  }

  function nomPublic(id) {
    const p = publicsRef.find((x) => x.id === id);
    return p ? (p.libelle || p.nom || id) : id;
  }

  function ihmLignesSynthese(s) {
    const liste = (v, nom, vide) => (Array.isArray(v) && v.length ? v.map(nom).join(", ") : vide);
    const pluriel = (n, mot) => `${n} ${mot}${n > 1 ? "s" : ""}`;
    return [
      ["Calendrier", s.debut ? `du ${ihmDateLongue(s.debut)} au ${ihmDateLongue(s.fin)}` : "à préciser"],
      ["Phases et actions", `${pluriel(s.nb_phases, "phase")}, ${pluriel(s.nb_actions, "action")}, dont ${pluriel(s.nb_temps_publics, "temps public")} et ${pluriel(s.nb_retours, "retour")} aux participants`],
      ["Budget total", ihmEuros(s.budget_total)],
      ["Niveaux de participation couverts", liste(s.niveaux_iap2, libelleNiveau, "aucun")],
      ["Niveaux non couverts", liste(s.niveaux_iap2_absents, libelleNiveau, "aucun")],
      ["Publics ciblés", liste(s.publics, nomPublic, "aucun")],
      ["Publics éloignés de la participation pas encore ciblés", liste(s.publics_eloignes_oublies, nomPublic, "aucun")],
    ];
  }

  // --- Enregistrement et synchronisation -------------------------------------------

  let enCours = false;
  function enregistrer() {
    stockage.ecrire(cle, { version: FDR_VERSION, plan, brouillons, enregistre_le: new Date().toISOString().slice(0, 19) });
  }

  function synchroniser() {
    enCours = true;
    model.set("plan", ihmCopie(plan));
    model.save_changes();
    enCours = false;
  }

  function majLegendes() {
    plan.phases.forEach((p, n) => { const l = legendes.get(p.id); if (l) l.textContent = nomPhase(p, n); });
    for (const a of plan.actions) { const l = legendes.get(a.id); if (l) l.textContent = `Action${NBSP}: ${nomAction(a)}`; }
    // Les listes de phases des actions suivent le nom des phases.
    for (const a of plan.actions) {
      const c = champs.get(`a:${a.id}:phase`);
      if (!c) continue;
      for (const opt of c.input.options) {
        const n = plan.phases.findIndex((p) => p.id === opt.value);
        if (n >= 0) opt.textContent = nomPhase(plan.phases[n], n);
      }
    }
  }

  function planChange() {
    enregistrer();
    synchroniser();
    majDerive();
  }

  function majDerive() {
    majLegendes();
    marquerDates();
    afficherObligations();
    afficherAlertes();
    afficherCalendrier();
    afficherSynthese();
  }

  function toutReconstruire(focus) {
    signatureObligations = "";
    construireCollectivite();
    construirePlan(focus);
    majDerive();
  }

  // Une action change de phase : la carte se déplace (structure), le focus la suit.
  const changementPhase = (e) => {
    const k = e.target?.dataset?.cle;
    if (k && /^a:[^:]+:phase$/.test(k) && !brouillons[k]) construirePlan(k) || majDerive();
  };
  blocPlan.addEventListener("change", changementPhase);

  // --- Section 6 : exports, import, exemple, effacement -----------------------------

  function exporter(extension, fabriquer, type, description) {
    const nom = `${ihmSlug(plan.projet.intitule)}.${extension}`;
    let contenu;
    try {
      contenu = fabriquer(plan, contexte);
    } catch (e) {
      alerteImport.textContent = `Export impossible${NBSP}: ${e.message}`;
      return;
    }
    telecharger(nom, contenu, type);
    alerteImport.textContent = "";
    statut.textContent = `${description}${NBSP}: fichier «${NBSP}${nom}${NBSP}» proposé au téléchargement.`;
  }
  const boutonsExport = [
    ["Feuille de route imprimable (HTML)", "html", (p, c) => versHTML(p, c), "text/html", "Feuille de route imprimable"],
    ["Texte mis en forme (Markdown)", "md", (p, c) => versMarkdown(p, c), "text/markdown", "Feuille de route en Markdown"],
    ["Tableau des actions (CSV)", "csv", (p, c) => versCSV(p, c), "text/csv", "Tableau des actions"],
    ["Agenda des jalons (.ics)", "ics", (p, c) => versICS(p, c), "text/calendar", "Agenda des jalons"],
    ["Sauvegarde complète (JSON)", "json", (p) => versJSON(p), "application/json", "Sauvegarde du plan"],
  ].map(([texte, ext, f, type, desc]) => {
    const b = creer("button", { type: "button", "data-export": ext, text: texte });
    b.addEventListener("click", () => exporter(ext, f, type, desc));
    return b;
  });

  const importer_ = champImport("Importer une feuille de route (JSON)", (texte, nom) => {
    const importe = depuisJSON(texte);
    remplacerTout(importe);
    return `Feuille de route importée depuis «${NBSP}${nom}${NBSP}»${NBSP}: ${importe.phases.length} phase${importe.phases.length > 1 ? "s" : ""}, ${importe.actions.length} action${importe.actions.length > 1 ? "s" : ""}.`;
  }, statut, alerteImport, "Votre plan en cours est conservé.");

  function remplacerTout(nouveau) {
    plan = validerFeuille(ihmCopie(nouveau));
    brouillons = {};
    derniereSuppression = null;
    bRetablir.hidden = true;
    toutReconstruire();
    enregistrer();
    synchroniser();
  }

  const bExemple = creer("button", { type: "button", class: "exemple", text: "Charger l'exemple" });
  const bConfirmerExemple = creer("button", { type: "button", class: "confirmer", hidden: true, text: `Confirmer${NBSP}: remplacer mon plan par l'exemple` });
  const planEstVide = () => !plan.phases.length && !plan.actions.length && !plan.projet.intitule && !plan.collectivite.nom;
  function chargerExemple() {
    bConfirmerExemple.hidden = true;
    if (!contexte.exemple) { alerteImport.textContent = "L'exemple n'est pas disponible dans cette page."; return; }
    try { remplacerTout(contexte.exemple); } catch (e) { alerteImport.textContent = e.message; return; }
    alerteImport.textContent = "";
    statut.textContent = `Exemple chargé${NBSP}: ${plan.projet.intitule} (${plan.collectivite.nom}).`;
  }
  bExemple.addEventListener("click", () => {
    if (planEstVide()) { chargerExemple(); return; }
    statut.textContent = "L'exemple remplacera votre plan actuel. Exportez-le d'abord (JSON) si vous voulez le garder.";
    bConfirmerExemple.hidden = false;
    bConfirmerExemple.focus();
  });
  bConfirmerExemple.addEventListener("click", chargerExemple);

  const bEffacer = creer("button", { type: "button", class: "effacer", text: "Tout effacer" });
  const bConfirmerEffacer = creer("button", { type: "button", class: "confirmer", hidden: true, text: "Confirmer l'effacement de tout le plan" });
  bEffacer.addEventListener("click", () => {
    statut.textContent = "Le projet, les phases et les actions seront effacés, dans cette page et dans ce navigateur. Exportez d'abord le plan (JSON) si vous voulez le garder.";
    bConfirmerEffacer.hidden = false;
    bConfirmerEffacer.focus();
  });
  bConfirmerEffacer.addEventListener("click", () => {
    bConfirmerEffacer.hidden = true;
    remplacerTout(ihmPlanVide(plan.collectivite));
    statut.textContent = `Le plan a été effacé. La description de la collectivité (type, population, zone) est gardée${NBSP}: modifiez-la si besoin.`;
    champs.get("c:nom")?.input.focus();
  });

  // Dans Jupyter : une sauvegarde du navigateur différente du plan du noyau est proposée, pas imposée.
  const reprise = creer("div", { class: "reprise", hidden: true });
  if (!statique && sauvegardeValide && JSON.stringify(sauvegardeValide.plan) !== JSON.stringify(plan)) {
    const bReprendre = creer("button", { type: "button", text: "Reprendre le plan enregistré dans ce navigateur" });
    bReprendre.addEventListener("click", () => {
      remplacerTout(sauvegardeValide.plan);
      brouillons = ihmBrouillonsPropres(sauvegardeValide.brouillons);
      toutReconstruire();
      enregistrer();
      reprise.hidden = true;
      statut.textContent = "Plan enregistré dans ce navigateur repris.";
    });
    reprise.append(creer("p", { text: `Ce navigateur a gardé un autre plan pour ce widget${sauvegarde.enregistre_le ? ` (enregistré le ${ihmDateLongue(sauvegarde.enregistre_le.slice(0, 10))})` : ""}${NBSP}: «${NBSP}${sauvegardeValide.plan.projet.intitule || "sans intitulé"}${NBSP}».` }), bReprendre);
    reprise.hidden = false;
  }

  // --- Assemblage -----------------------------------------------------------------

  const section = (titre, classe, enfants) => {
    const id = nouvelId("fdr-section");
    return creer("section", { class: `etape ${classe}`, "aria-labelledby": id }, [creer("h3", { id, text: titre }), ...enfants]);
  };
  racine.append(
    reprise,
    section("1. Votre collectivité et votre projet", "etape-contexte", [blocCollectivite]),
    section("2. Ce que prévoit la loi", "etape-obligations", [
      creer("p", { class: "aide", text: "Calculé à partir du type de collectivité, de sa population et du type de projet. Faites toujours vérifier les textes en vigueur par vos services." }),
      blocObligations,
    ]),
    section(`3. Votre plan${NBSP}: phases et actions`, "etape-plan", [blocPlan]),
    section("4. Les points à vérifier", "etape-alertes", [
      creer("p", { class: "aide", text: "Mis à jour à chaque saisie. Chaque alerte renvoie à la phase ou à l'action concernée." }),
      resumeAlertes, listeAlertes, annonce,
    ]),
    section("5. Calendrier et synthèse", "etape-calendrier", [
      creer("div", { class: "defilement-frise", tabindex: 0, role: "region", "aria-label": "Frise chronologique" }, [svg]),
      creer("div", { class: "defilement", tabindex: 0, role: "region", "aria-label": "Calendrier des phases et des actions" }, [tableauCalendrier]),
      creer("h4", { text: "Synthèse" }),
      blocSynthese,
    ]),
    section("6. Exporter, importer, recommencer", "etape-outils", [
      creer("div", { class: "outils" }, [...boutonsExport]),
      creer("div", { class: "outils" }, [...importer_, bExemple, bConfirmerExemple, bEffacer, bConfirmerEffacer]),
    ]),
    creer("div", { class: "messages" }, [statut, bRetablir, alerteImport]),
  );
  el.replaceChildren(racine);
  toutReconstruire();

  const depuisModele = () => {
    if (enCours) return;
    let nouveau;
    try { nouveau = validerFeuille(ihmCopie(model.get("plan"))); } catch (e) { return; }
    if (JSON.stringify(nouveau) === JSON.stringify(plan)) return;
    plan = nouveau;
    purgerBrouillons(); // un plan changé depuis Python n'efface pas ce que la personne est en train de saisir
    toutReconstruire();
    enregistrer();
  };
  model.on("change:plan", depuisModele);
  if (statique) synchroniser();
  return () => { model.off("change:plan", depuisModele); clearTimeout(minuterieAnnonce); };
}

export default { render };
