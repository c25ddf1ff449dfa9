// Grille comparative des dispositifs : miroir JavaScript de atelier/dispositifs.py
// (filtres et classement pondéré) et affichage. Vecteurs : tests/vecteurs/dispositifs.json.

const FILTRES = {
  niveau_iap2: "Niveau de participation (IAP2)", format: "Format", recrutement: "Recrutement",
  cout: "Coût", duree_classe: "Durée", obligation: "Obligation légale",
};
const VALEURS_FILTRES = {
  niveau_iap2: ["informer", "consulter", "impliquer", "collaborer", "habiliter"],
  format: ["presentiel", "numerique", "hybride"],
  recrutement: ["ouvert", "volontariat", "tirage-au-sort", "designation"],
  cout: ["faible", "moyen", "eleve"],
  duree_classe: ["courte", "moyenne", "longue"],
  obligation: ["oui", "non"],
};
const LIBELLES_VALEURS = {
  informer: "Informer", consulter: "Consulter", impliquer: "Impliquer", collaborer: "Collaborer", habiliter: "Habiliter",
  presentiel: "Présentiel", numerique: "Numérique", hybride: "Hybride",
  ouvert: "Ouvert à tous", volontariat: "Volontariat", "tirage-au-sort": "Tirage au sort", designation: "Désignation",
  faible: "Faible", moyen: "Moyen", eleve: "Élevé", courte: "Courte (moins d'un jour)", moyenne: "Moyenne (jusqu'à 3 mois)", longue: "Longue (plus de 3 mois)",
  oui: "Obligatoire dans certains cas", non: "Sans obligation",
};

function valeurs(d, filtre) {
  if (filtre === "obligation") return [d.base_legale.obligation ? "oui" : "non"];
  return Array.isArray(d[filtre]) ? d[filtre] : [d[filtre]];
}

export function classer(catalogue, poids = {}, filtres = {}) {
  const ids = catalogue.criteres.map((c) => c.id);
  const remarques = [];
  const inconnus = Object.keys(poids || {}).filter((k) => !ids.includes(k)).sort();
  if (inconnus.length) remarques.push(`Critères inconnus ignorés${NBSP}: ${inconnus.join(", ")}.`);
  const propres = {};
  for (const c of ids) {
    let v = (poids || {})[c];
    v = v === undefined || v === null || v === "" ? 0 : Number(v);
    if (Number.isNaN(v)) { v = 0; remarques.push(`Poids illisible pour «${NBSP}${c}${NBSP}»${NBSP}: compté comme 0.`); }
    propres[c] = Math.min(5, Math.max(0, v));
  }
  const filtresInconnus = Object.keys(filtres || {}).filter((k) => !(k in FILTRES)).sort();
  if (filtresInconnus.length) remarques.push(`Filtres inconnus ignorés${NBSP}: ${filtresInconnus.join(", ")}.`);
  const actifs = Object.entries(filtres || {}).filter(([k, v]) => k in FILTRES && v && v.length);
  const retenus = catalogue.dispositifs.filter((d) => actifs.every(([f, v]) => valeurs(d, f).some((x) => v.includes(x))));
  let total = 0;
  for (const c of ids) total += propres[c];
  if (total === 0) return { resultats: [], message: `Tous les poids sont à zéro${NBSP}: donnez de l'importance à au moins un critère pour obtenir un classement.`, remarques };
  if (!retenus.length) return { resultats: [], message: `Aucun dispositif ne satisfait tous les filtres${NBSP}: retirez un filtre ou cochez davantage de valeurs.`, remarques };
  const resultats = retenus.map((d) => {
    const points = {};
    for (const c of ids) points[c] = propres[c] * (d.notes[c] - 1) * 25 / total;
    let score = 0;
    for (const c of ids) score += points[c];
    return { id: d.id, nom: d.nom, score, points };
  });
  resultats.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  resultats.forEach((r, i) => { r.rang = i + 1; });
  const s = resultats.length > 1 ? "s" : "";
  return { resultats, message: `${resultats.length} dispositif${s} classé${s} sur ${catalogue.dispositifs.length}.`, remarques };
}

// --- Affichage ----------------------------------------------------------------

const CLE = "atelier:grille-dispositifs";
const TAILLE = 320;
const MARGE = 44;

function etatInitial(model) {
  return { poids: { ...(model.get("poids") || {}) }, filtres: { ...(model.get("filtres") || {}) }, comparaison: [...(model.get("comparaison") || [])] };
}

function nuage(svg, catalogue, retenus) {
  const echelle = (v) => MARGE + ((v - 1) / 4) * (TAILLE - 2 * MARGE);
  const groupes = new Map();
  for (const d of retenus) {
    const cle = `${d.notes.portee}-${d.notes.profondeur}`;
    groupes.set(cle, [...(groupes.get(cle) || []), d]);
  }
  const elements = [
    creer("line", { class: "axe", x1: MARGE, y1: TAILLE - MARGE, x2: TAILLE - MARGE / 2, y2: TAILLE - MARGE }),
    creer("line", { class: "axe", x1: MARGE, y1: TAILLE - MARGE, x2: MARGE, y2: MARGE / 2 }),
    creer("text", { x: TAILLE / 2, y: TAILLE - 8, "text-anchor": "middle", text: "Nombre de personnes touchées (1 à 5) →" }),
    creer("text", { x: 14, y: TAILLE / 2, "text-anchor": "middle", transform: `rotate(-90 14 ${TAILLE / 2})`, text: "Profondeur de la participation (1 à 5) →" }),
  ];
  for (let v = 1; v <= 5; v++) {
    elements.push(creer("text", { class: "graduation", x: echelle(v), y: TAILLE - MARGE + 14, "text-anchor": "middle", text: String(v) }));
    elements.push(creer("text", { class: "graduation", x: MARGE - 8, y: TAILLE - echelle(v) + 4, "text-anchor": "end", text: String(v) }));
  }
  for (const groupe of groupes.values()) {
    groupe.forEach((d, i) => {
      const angle = (2 * Math.PI * i) / groupe.length;
      const decalage = groupe.length > 1 ? 9 : 0;
      const x = echelle(d.notes.portee) + decalage * Math.cos(angle);
      const y = TAILLE - echelle(d.notes.profondeur) + decalage * Math.sin(angle);
      elements.push(creer("circle", { class: "point", cx: x.toFixed(1), cy: y.toFixed(1), r: 5 }, [creer("title", { text: `${d.nom}${NBSP}: portée ${d.notes.portee}, profondeur ${d.notes.profondeur}` })]));
    });
  }
  svg.replaceChildren(svg.querySelector("title"), svg.querySelector("desc"), ...elements);
}

export function render({ model, el }) {
  const catalogue = model.get("catalogue");
  const statique = model.statique === true;
  let etat = etatInitial(model);
  // Sur le site, on reprend les réglages gardés dans le navigateur ; dans Jupyter,
  // ce sont les attributs Python qui font foi.
  const sauve = statique ? stockage.lire(CLE) : null;
  if (sauve && typeof sauve === "object") {
    etat = { poids: { ...etat.poids, ...(sauve.poids || {}) }, filtres: { ...(sauve.filtres || {}) }, comparaison: (sauve.comparaison || []).filter((id) => catalogue.dispositifs.some((d) => d.id === id)) };
  }
  const id = nouvelId("grille");
  const racine = creer("div", { class: "atelier-widget grille-dispositifs", lang: "fr" });
  garderClavier(racine);

  // Poids
  const curseurs = catalogue.criteres.map((c) => {
    const cid = `${id}-${c.id}`;
    const sortie = creer("output", { for: cid });
    const curseur = creer("input", { type: "range", id: cid, min: 0, max: 5, step: 1, value: etat.poids[c.id] ?? 0, "aria-describedby": `${cid}-aide` });
    curseur.addEventListener("input", () => { etat.poids[c.id] = Number(curseur.value); changer(); });
    return { c, curseur, sortie, ligne: creer("div", { class: "poids" }, [
      creer("label", { for: cid, text: c.libelle }), curseur, sortie,
      creer("p", { id: `${cid}-aide`, class: "aide", text: c.description }),
    ]) };
  });

  // Filtres
  const cases = [];
  const blocsFiltres = Object.entries(FILTRES).map(([f, libelle]) => creer("fieldset", { class: "filtre" }, [
    creer("legend", { text: libelle }),
    ...VALEURS_FILTRES[f].map((v) => {
      const input = creer("input", { type: "checkbox", value: v, "data-filtre": f });
      input.addEventListener("change", () => {
        const liste = new Set(etat.filtres[f] || []);
        if (input.checked) liste.add(v); else liste.delete(v);
        etat.filtres[f] = VALEURS_FILTRES[f].filter((x) => liste.has(x));
        changer();
      });
      cases.push(input);
      return creer("label", { class: "choix" }, [input, creer("span", { text: LIBELLES_VALEURS[v] || v })]);
    }),
  ]));

  const message = creer("p", { class: "message", role: "status", "aria-live": "polite" });
  const liste = creer("ol", { class: "classement" });
  const zoneComparaison = creer("div", { class: "comparaison" });
  const svg = creer("svg", { class: "nuage", viewBox: `0 0 ${TAILLE} ${TAILLE}`, role: "img", "aria-labelledby": `${id}-nt ${id}-nd` }, [
    creer("title", { id: `${id}-nt`, text: "Profondeur de la participation selon le nombre de personnes touchées" }),
    creer("desc", { id: `${id}-nd`, text: `Chaque point est un dispositif retenu par les filtres${NBSP}; les valeurs figurent dans le tableau qui suit.` }),
  ]);
  const corpsValeurs = creer("tbody");
  const bReinit = creer("button", { type: "button", text: "Réinitialiser les poids et les filtres" });
  bReinit.addEventListener("click", () => { etat = { poids: { ...(model.get("poids_defaut") || {}) }, filtres: {}, comparaison: [] }; synchroniserControles(); changer(); });

  racine.append(
    creer("div", { class: "reglages" }, [
      creer("section", { class: "bloc-poids", "aria-labelledby": `${id}-tp` }, [creer("p", { id: `${id}-tp`, class: "intertitre", text: "Ce qui compte pour vous (poids de 0 à 5)" }), ...curseurs.map((x) => x.ligne)]),
      creer("section", { class: "bloc-filtres", "aria-labelledby": `${id}-tf` }, [creer("p", { id: `${id}-tf`, class: "intertitre", text: `Filtres (aucune case cochée${NBSP}: pas de filtre)` }), ...blocsFiltres]),
    ]),
    bReinit,
    creer("p", { class: "intertitre", text: "Classement" }), message, liste,
    creer("p", { class: "intertitre", text: "Comparaison côte à côte" }), zoneComparaison,
    creer("p", { class: "intertitre", text: "Profondeur et portée des dispositifs retenus" }), svg,
    creer("details", {}, [creer("summary", { text: "Valeurs du graphique (tableau)" }), creer("table", {}, [
      creer("caption", { text: "Portée et profondeur de chaque dispositif retenu" }),
      creer("thead", {}, [creer("tr", {}, ["Dispositif", "Personnes touchées", "Profondeur"].map((t) => creer("th", { scope: "col", text: t })))]),
      corpsValeurs,
    ])]),
  );
  el.replaceChildren(racine);

  function synchroniserControles() {
    for (const x of curseurs) { x.curseur.value = etat.poids[x.c.id] ?? 0; x.sortie.textContent = String(x.curseur.value); }
    for (const input of cases) input.checked = (etat.filtres[input.dataset.filtre] || []).includes(input.value);
  }

  function dessiner() {
    const r = classer(catalogue, etat.poids, etat.filtres);
    for (const x of curseurs) x.sortie.textContent = String(etat.poids[x.c.id] ?? 0);
    message.textContent = [r.message, ...r.remarques].join(" ");
    const libelles = Object.fromEntries(catalogue.criteres.map((c) => [c.id, c.libelle]));
    liste.replaceChildren(...r.resultats.map((res) => {
      const d = catalogue.dispositifs.find((x) => x.id === res.id);
      const coche = creer("input", { type: "checkbox", id: `${id}-cmp-${res.id}`, checked: etat.comparaison.includes(res.id) });
      coche.addEventListener("change", () => {
        if (coche.checked) {
          if (etat.comparaison.length >= 4) { coche.checked = false; message.textContent = `Quatre dispositifs au plus${NBSP}: décochez-en un pour en ajouter un autre.`; return; }
          etat.comparaison.push(res.id);
        } else etat.comparaison = etat.comparaison.filter((x) => x !== res.id);
        changer();
      });
      return creer("li", { "data-id": res.id }, [
        creer("div", { class: "ligne" }, [
          creer("span", { class: "nom", text: res.nom }),
          creer("span", { class: "barre", "aria-hidden": "true" }, [creer("span", { style: `width:${res.score.toFixed(1)}%` })]),
          creer("span", { class: "score", text: `${Math.round(res.score)}/100` }),
          creer("label", { class: "comparer", for: `${id}-cmp-${res.id}` }, [coche, creer("span", { text: "Comparer" })]),
        ]),
        creer("details", {}, [
          creer("summary", { text: `Pourquoi ${Math.round(res.score)}${NBSP}? Le détail par critère` }),
          creer("p", { text: d.description }),
          creer("table", {}, [
            creer("caption", { text: `Score de ${res.nom}, critère par critère` }),
            creer("thead", {}, [creer("tr", {}, ["Critère", "Note (1 à 5)", "Poids", "Points"].map((t) => creer("th", { scope: "col", text: t })))]),
            creer("tbody", {}, catalogue.criteres.map((c) => creer("tr", {}, [
              creer("th", { scope: "row", text: libelles[c.id] }), creer("td", { text: String(d.notes[c.id]) }),
              creer("td", { text: String(etat.poids[c.id] ?? 0) }), creer("td", { text: res.points[c.id].toFixed(1).replace(".", ",") }),
            ]))),
          ]),
        ]),
      ]);
    }));
    const choisis = etat.comparaison.map((x) => catalogue.dispositifs.find((d) => d.id === x)).filter(Boolean);
    if (choisis.length < 2) {
      zoneComparaison.replaceChildren(creer("p", { class: "aide", text: `Cochez «${NBSP}Comparer${NBSP}» pour deux à quatre dispositifs (${choisis.length} choisi${choisis.length > 1 ? "s" : ""}).` }));
    } else {
      const lignes = [
        ["Niveau IAP2", (d) => LIBELLES_VALEURS[d.niveau_iap2]], ["Échelon d'Arnstein", (d) => String(d.echelon_arnstein)],
        ["Base légale", (d) => d.base_legale.texte], ["Obligation", (d) => d.base_legale.obligation || "aucune"],
        ["Recrutement", (d) => d.recrutement.map((v) => LIBELLES_VALEURS[v]).join(", ")], ["Format", (d) => d.format.map((v) => LIBELLES_VALEURS[v]).join(", ")],
        ["Durée", (d) => d.duree], ["Participants", (d) => d.participants], ["Coût", (d) => LIBELLES_VALEURS[d.cout]],
        ["Forces", (d) => d.forces.join(" ; ")], ["Risques", (d) => d.risques.join(" ; ")],
        ["Exemples", (d) => d.exemples.map((e) => `${e.lieu} (${e.annee})${NBSP}: ${e.texte}`).join(" ; ") || "—"],
      ];
      zoneComparaison.replaceChildren(creer("div", { class: "defilement", tabindex: 0, role: "region", "aria-label": "Tableau de comparaison" }, [creer("table", {}, [
        creer("caption", { text: `Comparaison de ${choisis.map((d) => d.nom).join(", ")}` }),
        creer("thead", {}, [creer("tr", {}, [creer("th", { scope: "col", text: "Caractéristique" }), ...choisis.map((d) => creer("th", { scope: "col", text: d.nom }))])]),
        creer("tbody", {}, lignes.map(([nom, f]) => creer("tr", {}, [creer("th", { scope: "row", text: nom }), ...choisis.map((d) => creer("td", { text: f(d) }))]))),
      ])]));
    }
    const retenus = r.resultats.map((res) => catalogue.dispositifs.find((d) => d.id === res.id));
    nuage(svg, catalogue, retenus);
    corpsValeurs.replaceChildren(...retenus.map((d) => creer("tr", {}, [creer("th", { scope: "row", text: d.nom }), creer("td", { text: String(d.notes.portee) }), creer("td", { text: String(d.notes.profondeur) })])));
  }

  let enCours = false;
  function changer() {
    if (statique) stockage.ecrire(CLE, etat);
    enCours = true;
    model.set("poids", { ...etat.poids });
    model.set("filtres", { ...etat.filtres });
    model.set("comparaison", [...etat.comparaison]);
    model.save_changes();
    enCours = false;
    dessiner();
  }

  // Réglages changés depuis Python (en direct dans Jupyter).
  const depuisModele = () => {
    if (enCours) return;
    etat = etatInitial(model);
    synchroniserControles();
    dessiner();
  };
  for (const nom of ["poids", "filtres", "comparaison"]) model.on(`change:${nom}`, depuisModele);

  if (statique) { enCours = true; model.set("poids", { ...etat.poids }); model.set("filtres", { ...etat.filtres }); model.set("comparaison", [...etat.comparaison]); enCours = false; }
  synchroniserControles();
  dessiner();
  return () => { for (const nom of ["poids", "filtres", "comparaison"]) model.off(`change:${nom}`, depuisModele); };
}

export default { render };
