// Exercices notés : miroir JavaScript de atelier/exercices.py (correction) et
// affichage. Les vecteurs tests/vecteurs/exercices.json sont vérifiés des deux côtés.

const SYNONYMES_UNITES = {
  "%": ["%", "pour cent", "pourcent", "pourcents", "pourcentage"],
  habitants: ["habitants", "habitant", "hab", "hab."],
  heures: ["heures", "heure", "h"],
  minutes: ["minutes", "minute", "min", "mn"],
  jours: ["jours", "jour", "j"],
  euros: ["euros", "euro", "€", "eur"],
  personnes: ["personnes", "personne", "pers", "pers."],
};

export function lireNombre(texte) {
  if (typeof texte === "boolean") return null;
  if (typeof texte === "number") return Number.isFinite(texte) ? [texte, ""] : null;
  const m = /^\s*([-+]?[\d\s\u00a0\u202f.,]*\d)\s*(.*?)\s*$/su.exec(String(texte));
  if (!m) return null;
  let chiffres = m[1].replace(/[\s\u00a0\u202f]/gu, "");
  const unite = m[2].trim();
  if (/^[-+]?\d{1,3}(\.\d{3})+$/.test(chiffres)) chiffres = chiffres.replace(/\./g, "");
  else if ((chiffres.match(/,/g) || []).length === 1 && !chiffres.includes(".")) chiffres = chiffres.replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(chiffres)) return null;
  return [parseFloat(chiffres), unite];
}

export function uniteAcceptee(saisie, attendue) {
  if (!saisie || !attendue) return !saisie || !attendue;
  const possibles = [...(SYNONYMES_UNITES[attendue] || [attendue]), attendue].map(normaliser);
  return possibles.includes(normaliser(saisie));
}

const pluriel = (n, s, p) => `${n} ${n <= 1 ? s : p}`;
const relire = (ex) => (ex.relire ? ` À relire${NBSP}: «${NBSP}${ex.relire.texte}${NBSP}».` : "");
const resultat = (reussi, score, message, details = []) => ({ reussi, score, message, details });
const bravo = (ex) => resultat(true, 1, `Bonne réponse. ${ex.explication || ""}`.trim());
const commeListe = (r) => (r === null || r === undefined || r === "" ? [] : Array.isArray(r) ? [...r] : [r]);

function choixUnique(ex, reponse) {
  const choix = commeListe(reponse);
  if (!choix.length) return resultat(false, 0, "Choisissez une réponse.");
  const option = ex.options.find((o) => o.id === choix[0]);
  if (choix.length !== 1 || !option) return resultat(false, 0, "Choisissez une seule réponse parmi celles proposées.");
  if (ex.solution.includes(choix[0])) return bravo(ex);
  return resultat(false, 0, `Ce n'est pas la bonne réponse. ${option.retour}${relire(ex)}`);
}

function choixMultiple(ex, reponse) {
  const choix = commeListe(reponse);
  if (!choix.length) return resultat(false, 0, "Cochez au moins une réponse.");
  if (choix.some((c) => !ex.options.some((o) => o.id === c))) return resultat(false, 0, "Cochez uniquement des réponses proposées.");
  const solution = new Set(ex.solution);
  const coches = new Set(choix);
  const bonnes = [...coches].filter((c) => solution.has(c)).length;
  const fausses = coches.size - bonnes;
  if (fausses === 0 && bonnes === solution.size) return bravo(ex);
  const details = [
    ...ex.options.filter((o) => coches.has(o.id) && !solution.has(o.id)).map((o) => `«${NBSP}${o.texte}${NBSP}»${NBSP}: ${o.retour}`),
    ...ex.options.filter((o) => solution.has(o.id) && !coches.has(o.id)).map((o) => `Il manquait «${NBSP}${o.texte}${NBSP}»${NBSP}: ${o.retour}`),
  ];
  let message = `Pas tout à fait${NBSP}: ${pluriel(bonnes, "bonne réponse cochée", "bonnes réponses cochées")} sur ${solution.size}`;
  message += fausses ? `, ${pluriel(fausses, "réponse cochée à tort", "réponses cochées à tort")}.` : ".";
  return resultat(false, Math.max(0, (bonnes - fausses) / solution.size), message + relire(ex), details);
}

function numerique(ex, reponse) {
  if (reponse === null || reponse === undefined || (typeof reponse === "string" && !reponse.trim())) return resultat(false, 0, "Saisissez un nombre.");
  const lu = lireNombre(reponse);
  if (lu === null) return resultat(false, 0, `«${NBSP}${String(reponse).trim()}${NBSP}» n'est pas un nombre. Écrivez par exemple «${NBSP}80 000${NBSP}» ou «${NBSP}12,5${NBSP}».`);
  const [valeur, unite] = lu;
  if (!uniteAcceptee(unite, ex.unite)) return resultat(false, 0, `Unité attendue${NBSP}: «${NBSP}${ex.unite}${NBSP}» (vous avez écrit «${NBSP}${unite}${NBSP}»).`);
  const tolerance = Number(ex.tolerance || 0);
  if (Math.abs(valeur - Number(ex.solution)) <= tolerance + 1e-9) return bravo(ex);
  const piege = (ex.pieges || []).find((p) => Math.abs(valeur - Number(p.valeur)) <= tolerance + 1e-9);
  return resultat(false, 0, `Ce n'est pas la bonne réponse. ${piege ? piege.retour : ex.retour_defaut}${relire(ex)}`);
}

function ordre(ex, reponse) {
  const attendu = ex.elements.map((e) => e.id);
  const donne = commeListe(reponse);
  if ([...donne].map(String).sort().join("\u0000") !== [...attendu].sort().join("\u0000")) {
    return resultat(false, 0, "Classez tous les éléments proposés, chacun une fois.");
  }
  if (donne.every((e, i) => e === attendu[i])) return bravo(ex);
  const places = donne.filter((e, i) => e === attendu[i]).length;
  const premier = donne.find((e, i) => e !== attendu[i]);
  const element = ex.elements.find((e) => e.id === premier);
  let message = `Pas encore${NBSP}: ${pluriel(places, "élément", "éléments")} sur ${attendu.length} à la bonne place. `;
  message += `«${NBSP}${element.texte}${NBSP}» n'est pas à sa place. `;
  message += (element.retour ? `${element.retour} ` : "") + ex.retour_defaut + relire(ex);
  return resultat(false, places / attendu.length, message);
}

function association(ex, reponse) {
  const donnees = reponse && typeof reponse === "object" && !Array.isArray(reponse) ? reponse : {};
  const categories = new Set(ex.categories.map((c) => c.id));
  const faites = Object.fromEntries(Object.entries(donnees).filter(([, v]) => categories.has(v)));
  const n = ex.elements.length;
  if (ex.elements.some((e) => !(e.id in faites))) {
    return resultat(false, 0, `Associez chaque élément à une catégorie (${Object.keys(faites).length} sur ${n} associés).`);
  }
  const justes = ex.elements.filter((e) => faites[e.id] === e.solution).length;
  if (justes === n) return bravo(ex);
  const details = ex.elements.filter((e) => faites[e.id] !== e.solution).map((e) => `«${NBSP}${e.texte}${NBSP}»${NBSP}: ${e.retour}`);
  return resultat(false, justes / n, `Pas encore${NBSP}: ${pluriel(justes, "association correcte", "associations correctes")} sur ${n}.${relire(ex)}`, details);
}

function reflexion(ex, reponse) {
  const texte = String(reponse ?? "").trim();
  if (!texte) return resultat(null, 0, `Écrivez votre réflexion${NBSP}: elle sera gardée dans votre journal.`);
  const mots = texte.split(/\s+/).length;
  return resultat(null, 0, `Réflexion enregistrée dans votre journal (${pluriel(mots, "mot", "mots")}).`);
}

const CORRECTEURS = { "choix-unique": choixUnique, "choix-multiple": choixMultiple, numerique, ordre, association, reflexion };

export function corriger(ex, reponse) {
  if (ex.type === "code") return resultat(false, 0, `Exercice de code${NBSP}: exécutez la cellule de vérification du carnet.`);
  return CORRECTEURS[ex.type](ex, reponse);
}

function formatNombre(x) {
  return new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 10 }).format(x).replace(/\u202f/g, NBSP);
}

/** La solution en clair, pour le bouton « Voir la solution ». */
export function solutionEnClair(ex) {
  if (ex.type === "choix-unique" || ex.type === "choix-multiple") {
    return ex.options.filter((o) => ex.solution.includes(o.id)).map((o) => o.texte);
  }
  if (ex.type === "numerique") return [`${formatNombre(ex.solution)}${ex.unite ? NBSP + ex.unite : ""}`];
  if (ex.type === "ordre") return ex.elements.map((e, i) => `${i + 1}. ${e.texte}`);
  if (ex.type === "association") {
    return ex.elements.map((e) => `${e.texte} → ${ex.categories.find((c) => c.id === e.solution).texte}`);
  }
  return [];
}

/** Mélange déterministe (le même à chaque visite), jamais déjà dans le bon ordre. */
function melanger(elements, graine) {
  let h = 2166136261;
  for (const c of graine) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const copie = [...elements];
  for (let i = copie.length - 1; i > 0; i--) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    const j = h % (i + 1);
    [copie[i], copie[j]] = [copie[j], copie[i]];
  }
  if (copie.every((e, i) => e === elements[i])) copie.push(copie.shift());
  return copie;
}

// --- Affichage ----------------------------------------------------------------

const CLE = (id) => `atelier:exercice:${id}`;
const LIBELLES_TYPE = {
  "choix-unique": "Question à choix unique", "choix-multiple": "Question à choix multiples", numerique: "Réponse chiffrée",
  ordre: "Remettre dans l'ordre", association: "Associer", reflexion: "Réflexion personnelle (non notée)",
};

function lienRelire(ex) {
  if (!ex.relire) return null;
  const racine = document.documentElement.dataset.content_root;
  const texte = `À relire${NBSP}: ${ex.relire.texte}`;
  if (racine === undefined) return creer("p", { class: "relire", text: `${texte} (${ex.relire.page}.md)` });
  const href = `${racine}${ex.relire.page}.html${ex.relire.ancre ? "#" + ex.relire.ancre : ""}`;
  return creer("p", { class: "relire" }, [creer("a", { href, text: texte })]);
}

export function render({ model, el }) {
  const ex = model.get("exercice");
  const statique = model.statique === true;
  const sauvee = stockage.lire(CLE(ex.id));
  let reponse = sauvee && "reponse" in sauvee ? sauvee.reponse : model.get("reponse");
  const id = nouvelId(`ex-${ex.id}`);
  const racine = creer("div", { class: `atelier-widget exercice exercice-${ex.type}`, lang: "fr", "data-exercice": ex.id });
  garderClavier(racine);
  const retour = creer("div", { class: "retour", role: "status", "aria-live": "polite" });
  const zoneSolution = creer("div", { class: "solution", hidden: true });
  let lireReponse;
  let afficherReponse;
  const enonceId = `${id}-enonce`;
  const enonce = creer("p", { id: enonceId, class: "enonce", text: ex.enonce });
  let corps;

  if (ex.type === "choix-unique" || ex.type === "choix-multiple") {
    const unique = ex.type === "choix-unique";
    const inputs = ex.options.map((o) => {
      const input = creer("input", { type: unique ? "radio" : "checkbox", name: id, value: o.id });
      return [o, input, creer("label", { class: "choix" }, [input, creer("span", { text: o.texte })])];
    });
    corps = creer("fieldset", {}, [creer("legend", { class: "visually-hidden", text: ex.enonce }), ...inputs.map(([, , l]) => l)]);
    lireReponse = () => { const c = inputs.filter(([, i]) => i.checked).map(([o]) => o.id); return unique ? (c[0] ?? null) : c; };
    afficherReponse = (r) => { const c = commeListe(r); for (const [o, i] of inputs) i.checked = c.includes(o.id); };
  } else if (ex.type === "numerique") {
    const input = creer("input", { type: "text", inputmode: "decimal", id: `${id}-valeur`, autocomplete: "off", "aria-describedby": enonceId });
    corps = creer("p", { class: "saisie" }, [creer("label", { for: `${id}-valeur`, text: "Votre réponse" }), input, ex.unite ? creer("span", { class: "unite", text: ex.unite }) : null]);
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") verifier(); });
    lireReponse = () => input.value;
    afficherReponse = (r) => { input.value = r ?? ""; };
  } else if (ex.type === "ordre") {
    let ordreCourant = melanger(ex.elements.map((e) => e.id), ex.id);
    const liste = creer("ol", { class: "ordre" });
    const dessiner = (focus) => {
      liste.replaceChildren(...ordreCourant.map((eid, i) => {
        const element = ex.elements.find((e) => e.id === eid);
        const monter = creer("button", { type: "button", class: "monter", text: "↑", "aria-label": `Monter «${NBSP}${element.texte}${NBSP}»`, disabled: i === 0 });
        const descendre = creer("button", { type: "button", class: "descendre", text: "↓", "aria-label": `Descendre «${NBSP}${element.texte}${NBSP}»`, disabled: i === ordreCourant.length - 1 });
        monter.addEventListener("click", () => deplacer(i, -1, "monter"));
        descendre.addEventListener("click", () => deplacer(i, 1, "descendre"));
        return creer("li", { "data-id": eid }, [creer("span", { text: element.texte }), monter, descendre]);
      }));
      if (focus) {
        const bouton = liste.querySelector(`li[data-id="${focus.id}"] .${focus.sens}`);
        (bouton && !bouton.disabled ? bouton : liste.querySelector(`li[data-id="${focus.id}"] button:not([disabled])`))?.focus();
      }
    };
    const deplacer = (i, sens, nom) => {
      const j = i + sens;
      if (j < 0 || j >= ordreCourant.length) return;
      const eid = ordreCourant[i];
      [ordreCourant[i], ordreCourant[j]] = [ordreCourant[j], ordreCourant[i]];
      dessiner({ id: eid, sens: nom });
      annonce.textContent = `«${NBSP}${ex.elements.find((e) => e.id === eid).texte}${NBSP}» est maintenant en position ${j + 1}.`;
      memoriser();
    };
    const annonce = creer("p", { class: "visually-hidden", "aria-live": "polite" });
    corps = creer("div", {}, [creer("p", { class: "aide", text: "Utilisez les boutons ↑ et ↓ pour déplacer chaque élément." }), liste, annonce]);
    lireReponse = () => [...ordreCourant];
    afficherReponse = (r) => { if (Array.isArray(r) && r.length === ordreCourant.length) ordreCourant = [...r]; dessiner(); };
    dessiner();
  } else if (ex.type === "association") {
    const selects = ex.elements.map((e) => {
      const sid = `${id}-${e.id}`;
      const select = creer("select", { id: sid }, [creer("option", { value: "", text: "— choisir —" }), ...ex.categories.map((c) => creer("option", { value: c.id, text: c.texte }))]);
      select.addEventListener("change", memoriser);
      return [e, select, creer("li", {}, [creer("label", { for: sid, text: e.texte }), select])];
    });
    corps = creer("ul", { class: "association" }, selects.map(([, , li]) => li));
    lireReponse = () => Object.fromEntries(selects.filter(([, s]) => s.value).map(([e, s]) => [e.id, s.value]));
    afficherReponse = (r) => { for (const [e, s] of selects) s.value = (r && r[e.id]) || ""; };
  } else if (ex.type === "reflexion") {
    const zone = creer("textarea", { id: `${id}-texte`, rows: 6, "aria-describedby": enonceId });
    let minuterie;
    zone.addEventListener("input", () => { clearTimeout(minuterie); minuterie = setTimeout(verifier, 400); });
    corps = creer("div", {}, [
      ex.pistes ? creer("ul", { class: "pistes" }, ex.pistes.map((p) => creer("li", { text: p }))) : null,
      creer("label", { for: `${id}-texte`, text: "Votre réflexion (gardée dans votre journal, sur cet appareil)" }), zone,
    ]);
    lireReponse = () => zone.value;
    afficherReponse = (r) => { zone.value = r ?? ""; };
  } else {
    corps = creer("p", { text: `Exercice de code${NBSP}: ouvrez le carnet pour l'exécuter.` });
    lireReponse = () => null;
    afficherReponse = () => {};
  }

  function memoriser(correction) {
    const precedente = stockage.lire(CLE(ex.id)) || {};
    const entree = { id: ex.id, titre: ex.titre, jour: ex.jour, type: ex.type, reponse: lireReponse(), date: new Date().toISOString() };
    if (correction) Object.assign(entree, { reussi: correction.reussi, score: correction.score, tentatives: (precedente.tentatives || 0) + 1 });
    else Object.assign(entree, { reussi: precedente.reussi ?? null, score: precedente.score ?? null, tentatives: precedente.tentatives || 0 });
    stockage.ecrire(CLE(ex.id), entree);
    model.set("reponse", entree.reponse);
    model.save_changes();
  }

  function montrer(correction) {
    const classe = correction.reussi === true ? "reussi" : correction.reussi === false ? "a-revoir" : "note";
    const lien = correction.reussi === false ? lienRelire(ex) : null;
    // Le renvoi « À relire » devient un lien cliquable : on ne le répète pas dans le texte.
    const message = lien && lien.querySelector("a") ? correction.message.replace(relire(ex), "") : correction.message;
    retour.className = `retour ${classe}`;
    retour.replaceChildren(...[
      creer("p", { text: message }),
      correction.details.length ? creer("ul", {}, correction.details.map((d) => creer("li", { text: d }))) : null,
      lien,
    ].filter(Boolean));
  }

  function verifier() {
    const correction = corriger(ex, lireReponse());
    memoriser(correction);
    montrer(correction);
  }

  const boutons = creer("div", { class: "outils" });
  if (ex.type !== "reflexion" && ex.type !== "code") {
    const bVerifier = creer("button", { type: "button", class: "verifier", text: "Vérifier" });
    bVerifier.addEventListener("click", verifier);
    const bSolution = creer("button", { type: "button", class: "voir-solution", "aria-expanded": "false", text: "Voir la solution" });
    bSolution.addEventListener("click", () => {
      const ouvrir = zoneSolution.hidden;
      zoneSolution.hidden = !ouvrir;
      bSolution.setAttribute("aria-expanded", String(ouvrir));
      bSolution.textContent = ouvrir ? "Masquer la solution" : "Voir la solution";
    });
    const bRecommencer = creer("button", { type: "button", class: "recommencer", text: "Recommencer" });
    bRecommencer.addEventListener("click", () => {
      afficherReponse(null);
      retour.replaceChildren();
      retour.className = "retour";
      stockage.effacer(CLE(ex.id));
      model.set("reponse", null);
      model.save_changes();
    });
    boutons.append(bVerifier, bSolution, bRecommencer);
    zoneSolution.append(
      creer("p", { class: "titre-solution", text: "Solution" }),
      creer(ex.type === "ordre" ? "ol" : "ul", {}, solutionEnClair(ex).map((t) => creer("li", { text: ex.type === "ordre" ? t.replace(/^\d+\. /, "") : t }))),
      ex.explication ? creer("p", { text: ex.explication }) : null,
    );
  } else if (ex.type === "reflexion") {
    const bJournal = creer("button", { type: "button", text: "Exporter mon journal" });
    bJournal.addEventListener("click", () => telecharger("mon-journal.md", journalMarkdown(), "text/markdown"));
    boutons.append(bJournal);
  }
  if (ex.type !== "reflexion" && ex.type !== "code") {
    corps.addEventListener("change", () => memoriser());
  }

  // Le titre de l'exercice est porté par le titre de section de la page ou du carnet.
  racine.append(
    creer("p", { class: "type-exercice", text: `${LIBELLES_TYPE[ex.type] || "Exercice"} · ${ex.jour}` }),
    enonce, corps, boutons, retour, zoneSolution,
  );
  el.replaceChildren(racine);
  if (reponse !== null && reponse !== undefined) {
    afficherReponse(reponse);
    if (sauvee && sauvee.tentatives) montrer(corriger(ex, reponse));
  }
  void statique;
}

/** Toutes les réflexions gardées dans ce navigateur, en Markdown. */
export function journalMarkdown() {
  const lignes = ["# Mon journal de formation", "", "L'innovation territoriale et la démocratie participative", ""];
  const entrees = [];
  try {
    for (let i = 0; i < window.localStorage.length; i++) {
      const cle = window.localStorage.key(i);
      if (cle.startsWith("atelier:exercice:")) {
        const e = stockage.lire(cle);
        if (e && e.type === "reflexion" && String(e.reponse || "").trim()) entrees.push(e);
      }
    }
  } catch (e) { /* stockage indisponible */ }
  entrees.sort((a, b) => a.id.localeCompare(b.id));
  for (const e of entrees) lignes.push(`## ${e.jour} — ${e.titre}`, "", String(e.reponse).trim(), "");
  if (!entrees.length) lignes.push("(Aucune réflexion enregistrée pour l'instant.)");
  return lignes.join("\n");
}

export default { render };
