// Questionnaire générique (positionnement, évaluation) : miroir JavaScript de
// atelier/questionnaires.py (valider, manquantes, etat, exporter, importer, versCsv)
// et formulaire accessible au clavier. Les réponses restent dans ce navigateur
// (stockage local) ; elles s'exportent en JSON et en CSV. Vecteurs :
// tests/vecteurs/questionnaires.json.

const FORMAT_Q = "atelier.questionnaire";
const VERSION_Q = 1;
const LONGUEURS = { texte: 200, "texte-long": 3000 };
const SEPARATEUR_MULTIPLE = " | ";
const SEPARATEUR_CSV = ";";

function apercu(valeur) {
  return typeof valeur === "string" ? valeur : JSON.stringify(valeur ?? null);
}

function pluriel(n, singulier, plurielle) {
  return `${n} ${n <= 1 ? singulier : plurielle}`;
}

function questionDe(q, id) {
  for (const section of q.sections) for (const qu of section.questions) if (qu.id === id) return qu;
  throw new Error(`Question inconnue${NBSP}: «${NBSP}${id}${NBSP}».`);
}

function validerValeur(q, champ, valeur) {
  if (valeur === null || valeur === undefined) return null;
  const qu = questionDe(q, champ.question);
  const nom = `«${NBSP}${champ.libelle}${NBSP}»`;
  const t = champ.type;
  if (t in LONGUEURS) {
    if (typeof valeur !== "string") throw new Error(`Réponse invalide pour ${nom}${NBSP}: un texte est attendu.`);
    const texte = valeur.trim();
    const longueur = [...texte].length;
    if (longueur > LONGUEURS[t]) throw new Error(`Réponse trop longue pour ${nom}${NBSP}: ${longueur} caractères (${LONGUEURS[t]} au plus).`);
    return texte || null;
  }
  if (t === "choix-unique") {
    if (valeur === "") return null;
    if (typeof valeur !== "string" || !qu.options.some((o) => o.id === valeur)) {
      throw new Error(`Réponse inconnue pour ${nom}${NBSP}: «${NBSP}${apercu(valeur)}${NBSP}».`);
    }
    return valeur;
  }
  if (t === "choix-multiple") {
    if (!Array.isArray(valeur)) throw new Error(`Réponse invalide pour ${nom}${NBSP}: une liste de réponses est attendue.`);
    for (const v of valeur) {
      if (typeof v !== "string" || !qu.options.some((o) => o.id === v)) throw new Error(`Réponse inconnue pour ${nom}${NBSP}: «${NBSP}${apercu(v)}${NBSP}».`);
    }
    const cochees = qu.options.filter((o) => valeur.includes(o.id));
    if (!cochees.length) return null;
    const exclusive = cochees.find((o) => o.exclusive);
    if (exclusive && cochees.length > 1) throw new Error(`«${NBSP}${exclusive.libelle}${NBSP}» ne se coche pas avec d'autres réponses (${nom}).`);
    if (qu.max_choix && cochees.length > qu.max_choix) throw new Error(`Trop de réponses pour ${nom}${NBSP}: ${cochees.length} cochées, ${qu.max_choix} au plus.`);
    return cochees.map((o) => o.id);
  }
  const valeurs = q.echelles[qu.echelle].map((e) => e.valeur);
  if (typeof valeur === "number" && Number.isFinite(valeur) && Number.isInteger(valeur) && valeurs.includes(valeur)) return valeur;
  const attendu = valeurs.slice(0, -1).join(", ") + ` ou ${valeurs[valeurs.length - 1]}`;
  throw new Error(`Réponse hors échelle pour ${nom}${NBSP}: ${apercu(valeur)} (attendu${NBSP}: ${attendu}).`);
}

export function valider(q, reponses) {
  if (reponses === null || typeof reponses !== "object" || Array.isArray(reponses)) {
    throw new Error("Les réponses doivent être un dictionnaire (champ → valeur).");
  }
  const parId = new Map(q.champs.map((c) => [c.id, c]));
  const propres = {};
  for (const [cle, valeur] of Object.entries(reponses)) {
    if (!parId.has(cle)) throw new Error(`Question inconnue${NBSP}: «${NBSP}${cle}${NBSP}».`);
    const lue = validerValeur(q, parId.get(cle), valeur);
    if (lue !== null) propres[cle] = lue;
  }
  const ordonnees = {};
  for (const c of q.champs) if (c.id in propres) ordonnees[c.id] = propres[c.id];
  return ordonnees;
}

export function manquantes(q, reponses) {
  const propres = valider(q, reponses);
  return q.champs.filter((c) => c.obligatoire && !(c.id in propres)).map((c) => c.id);
}

export function etat(q, reponses) {
  const propres = valider(q, reponses);
  const manque = manquantes(q, propres);
  const n = Object.keys(propres).length;
  const total = q.champs.length;
  let message;
  if (!n) message = "Aucune réponse pour l'instant.";
  else if (manque.length) message = `${pluriel(n, "réponse donnée", "réponses données")} sur ${total}${NBSP}; ${pluriel(manque.length, "réponse obligatoire manque", "réponses obligatoires manquent")}.`;
  else message = `${pluriel(n, "réponse donnée", "réponses données")} sur ${total}${NBSP}: toutes les réponses obligatoires sont là.`;
  return { repondues: n, total, manquantes: manque, complet: !manque.length, message };
}

export function exporter(q, reponses, exporteLe) {
  const date = exporteLe || new Date().toISOString().slice(0, 19) + "+00:00";
  return JSON.stringify({ format: FORMAT_Q, version: VERSION_Q, questionnaire: q.id, exporte_le: date, reponses: valider(q, reponses) }, null, 2);
}

export function importer(q, texte) {
  const donnees = lireExport(texte, FORMAT_Q, VERSION_Q, "de questionnaire");
  if (donnees.questionnaire !== q.id) {
    const nom = typeof donnees.questionnaire === "string" && donnees.questionnaire ? donnees.questionnaire : "inconnu";
    throw new Error(`Ce fichier contient les réponses d'un autre questionnaire («${NBSP}${nom}${NBSP}»), pas de «${NBSP}${q.titre}${NBSP}».`);
  }
  if (donnees.reponses === null || typeof donnees.reponses !== "object" || Array.isArray(donnees.reponses)) {
    throw new Error("Ce fichier n'est pas un export de questionnaire (format inconnu).");
  }
  return valider(q, donnees.reponses);
}

function celluleCsv(texte) {
  let t = String(texte);
  if (/^'*[=+\-@]/.test(t)) t = "'" + t;
  return /[";\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export function versCsv(q, reponses) {
  const propres = valider(q, reponses);
  const valeurs = q.champs.map((c) => {
    const v = propres[c.id];
    const qu = questionDe(q, c.question);
    const libelle = (id) => qu.options.find((o) => o.id === id).libelle;
    if (v === undefined) return "";
    if (c.type === "choix-unique") return celluleCsv(libelle(v));
    if (c.type === "choix-multiple") return celluleCsv(v.map(libelle).join(SEPARATEUR_MULTIPLE));
    if (c.type === "grille") return String(v);
    return celluleCsv(v);
  });
  return "\ufeff" + q.champs.map((c) => c.id).join(SEPARATEUR_CSV) + "\n" + valeurs.join(SEPARATEUR_CSV) + "\n";
}

// --- Affichage ----------------------------------------------------------------

function marque(qu) {
  return qu.obligatoire ? " (obligatoire)" : "";
}

export function render({ model, el }) {
  const q = model.get("questionnaire");
  const statique = model.statique === true;
  const cle = `atelier:questionnaire:${q.id}${model.get("cle_stockage") ? ":" + model.get("cle_stockage") : ""}`;
  let reponses = {};
  try { reponses = valider(q, model.get("reponses") || {}); } catch (e) { reponses = {}; }
  if (statique) {
    const sauvees = stockage.lire(cle);
    if (sauvees && sauvees.reponses) {
      try { reponses = valider(q, sauvees.reponses); } catch (e) { /* sauvegarde ancienne ou abîmée : ignorée */ }
    }
  }

  const id = nouvelId(`q-${q.id}`);
  const racine = creer("div", { class: "atelier-widget questionnaire", lang: "fr" });
  garderClavier(racine);
  const statut = creer("p", { class: "statut", role: "status", "aria-live": "polite" });
  const alerte = creer("p", { class: "alerte", role: "alert" });
  const progression = creer("progress", { id: `${id}-progression`, max: q.champs.length, value: 0 });
  const texteProgression = creer("span", { class: "texte-progression" });
  const listeManquantes = creer("ul", { class: "manquantes" });
  const blocManquantes = creer("details", { class: "bloc-manquantes" }, [creer("summary", { text: "Réponses obligatoires qui manquent" }), listeManquantes]);
  const controles = new Map(); // champ → fonction de mise à jour de l'affichage

  function champCle(qu, ligne) { return ligne ? `${qu.id}.${ligne.id}` : qu.id; }

  function bouton(texte, etiquette, action) {
    const b = creer("button", { type: "button", class: "effacer-une", text: texte, "aria-label": etiquette });
    b.addEventListener("click", action);
    return b;
  }

  function radios(nomChamp, choix, legende, aide, echelle = false) {
    const nom = nouvelId(`${id}-${nomChamp}`);
    const entrees = choix.map((c) => {
      const input = creer("input", { type: "radio", name: nom, value: String(c.valeur) });
      input.addEventListener("change", () => { if (input.checked) modifier(nomChamp, c.valeur); });
      return { input, valeur: c.valeur, label: creer("label", { class: "choix" }, [input, creer("span", { text: c.libelle })]) };
    });
    controles.set(nomChamp, () => { for (const e of entrees) e.input.checked = reponses[nomChamp] === e.valeur; });
    const idAide = aide ? nouvelId(`${id}-aide`) : null;
    return creer("fieldset", { class: "groupe-choix", "data-champ": nomChamp, "aria-describedby": idAide }, [
      creer("legend", { text: legende }),
      aide ? creer("p", { class: "aide", id: idAide, text: aide }) : null,
      creer("div", { class: echelle ? "options echelle" : "options" }, entrees.map((e) => e.label)),
      bouton("Effacer", `Effacer la réponse${NBSP}: ${legende}`, () => modifier(nomChamp, null)),
    ]);
  }

  function question(qu) {
    const libelle = qu.libelle + marque(qu);
    if (qu.type === "texte" || qu.type === "texte-long") {
      const idChamp = nouvelId(`${id}-${qu.id}`);
      const idAide = qu.aide ? nouvelId(`${id}-aide`) : null;
      const attributs = { id: idChamp, maxlength: LONGUEURS[qu.type], "aria-describedby": idAide, autocomplete: "off", "data-champ": qu.id };
      const champ = qu.type === "texte" ? creer("input", { type: "text", ...attributs }) : creer("textarea", { rows: 4, ...attributs });
      champ.addEventListener("input", () => modifier(qu.id, champ.value, true));
      controles.set(qu.id, () => { if (document.activeElement !== champ) champ.value = reponses[qu.id] ?? ""; });
      return creer("div", { class: "question texte" }, [
        creer("label", { for: idChamp, text: libelle }),
        qu.aide ? creer("p", { class: "aide", id: idAide, text: qu.aide }) : null,
        champ,
      ]);
    }
    if (qu.type === "choix-unique") {
      return creer("div", { class: "question" }, [radios(qu.id, qu.options.map((o) => ({ valeur: o.id, libelle: o.libelle })), libelle, qu.aide)]);
    }
    if (qu.type === "choix-multiple") {
      const cases = qu.options.map((o) => {
        const input = creer("input", { type: "checkbox", value: o.id });
        input.addEventListener("change", () => {
          const actuelles = new Set(reponses[qu.id] || []);
          if (input.checked) {
            if (o.exclusive) actuelles.clear();
            else for (const x of qu.options) if (x.exclusive) actuelles.delete(x.id);
            actuelles.add(o.id);
          } else actuelles.delete(o.id);
          modifier(qu.id, [...actuelles]);
        });
        return { input, o, label: creer("label", { class: "choix" }, [input, creer("span", { text: o.libelle })]) };
      });
      controles.set(qu.id, () => { for (const c of cases) c.input.checked = (reponses[qu.id] || []).includes(c.o.id); });
      const idAide = nouvelId(`${id}-aide`);
      const aide = [qu.aide, qu.max_choix ? `${qu.max_choix} choix au plus.` : null].filter(Boolean).join(" ");
      return creer("div", { class: "question" }, [creer("fieldset", { class: "groupe-choix", "data-champ": qu.id, "aria-describedby": aide ? idAide : null }, [
        creer("legend", { text: libelle }),
        aide ? creer("p", { class: "aide", id: idAide, text: aide }) : null,
        creer("div", { class: "options" }, cases.map((c) => c.label)),
      ])]);
    }
    // grille : un groupe de boutons radio par ligne
    const echelle = q.echelles[qu.echelle].map((e) => ({ valeur: e.valeur, libelle: `${e.valeur}. ${e.libelle}` }));
    const idAide = qu.aide ? nouvelId(`${id}-aide`) : null;
    return creer("fieldset", { class: "question grille", "aria-describedby": idAide }, [
      creer("legend", { text: libelle }),
      qu.aide ? creer("p", { class: "aide", id: idAide, text: qu.aide }) : null,
      ...qu.lignes.map((ligne) => radios(champCle(qu, ligne), echelle, ligne.libelle, null, true)),
    ]);
  }

  const sections = q.sections.map((s) => {
    const idTitre = nouvelId(`${id}-section`);
    return creer("section", { class: "section", "aria-labelledby": idTitre }, [
      creer("h4", { id: idTitre, text: s.titre }),
      s.description ? creer("p", { class: "description", text: s.description }) : null,
      ...s.questions.map(question),
    ]);
  });

  function miseAJour() {
    for (const maj of controles.values()) maj();
    const e = etat(q, reponses);
    progression.value = e.repondues;
    texteProgression.textContent = ` ${e.message}`;
    const libelles = new Map(q.champs.map((c) => [c.id, c.libelle]));
    listeManquantes.replaceChildren(...e.manquantes.map((m) => creer("li", { text: libelles.get(m) })));
    blocManquantes.hidden = !e.manquantes.length;
  }

  let enCours = false;
  function enregistrer(nouvelles) {
    reponses = valider(q, nouvelles);
    if (statique) stockage.ecrire(cle, { version: VERSION_Q, reponses });
    enCours = true;
    model.set("reponses", JSON.parse(JSON.stringify(reponses)));
    model.save_changes();
    enCours = false;
  }

  function modifier(champ, valeur, saisie = false) {
    const nouvelles = { ...reponses };
    if (valeur === null || valeur === undefined) delete nouvelles[champ];
    else nouvelles[champ] = valeur;
    try {
      enregistrer(nouvelles);
      alerte.textContent = "";
    } catch (e) {
      alerte.textContent = `${e.message} Vos autres réponses sont conservées.`;
    }
    if (saisie) {
      // Pendant la frappe, seul le résumé change (le champ garde le texte tapé).
      const e = etat(q, reponses);
      progression.value = e.repondues;
      texteProgression.textContent = ` ${e.message}`;
    } else miseAJour();
  }

  const depuisModele = () => {
    if (enCours) return;
    try { reponses = valider(q, model.get("reponses") || {}); } catch (e) { return; }
    miseAJour();
  };
  model.on("change:reponses", depuisModele);

  const nomFichier = `questionnaire-${q.id}`;
  const bJson = creer("button", { type: "button", text: "Exporter mes réponses (JSON)" });
  const bCsv = creer("button", { type: "button", text: "Exporter mes réponses (CSV)" });
  function avertirExport(nom) {
    const e = etat(q, reponses);
    statut.textContent = `Fichier «${NBSP}${nom}${NBSP}» proposé au téléchargement.` + (e.manquantes.length ? ` Attention${NBSP}: ${pluriel(e.manquantes.length, "réponse obligatoire manque", "réponses obligatoires manquent")}${NBSP}; vous pouvez compléter puis exporter à nouveau.` : "");
  }
  bJson.addEventListener("click", () => { telecharger(`${nomFichier}.json`, exporter(q, reponses)); avertirExport(`${nomFichier}.json`); });
  bCsv.addEventListener("click", () => { telecharger(`${nomFichier}.csv`, versCsv(q, reponses), "text/csv;charset=utf-8"); avertirExport(`${nomFichier}.csv`); });
  const importer_ = champImport("Importer mes réponses (JSON)", (texte, nom) => {
    const importees = importer(q, texte);
    enregistrer(importees);
    miseAJour();
    return `${pluriel(Object.keys(importees).length, "réponse importée", "réponses importées")} depuis «${NBSP}${nom}${NBSP}».`;
  }, statut, alerte, "Vos réponses actuelles sont conservées.");
  const bEffacer = creer("button", { type: "button", text: "Effacer toutes mes réponses" });
  const bConfirmer = creer("button", { type: "button", hidden: true, text: "Confirmer l'effacement de mes réponses" });
  bEffacer.addEventListener("click", () => { bConfirmer.hidden = false; bConfirmer.focus(); });
  bConfirmer.addEventListener("click", () => {
    bConfirmer.hidden = true;
    enregistrer({});
    miseAJour();
    statut.textContent = "Toutes vos réponses ont été effacées.";
  });

  racine.append(
    creer("h3", { class: "titre", text: q.titre }),
    creer("p", { class: "introduction", text: q.introduction + (q.duree ? ` Durée${NBSP}: ${q.duree.charAt(0).toLowerCase()}${q.duree.slice(1)}` : "") }),
    creer("p", { class: "confidentialite", text: q.confidentialite }),
    creer("p", { class: "progression" }, [creer("label", { for: `${id}-progression`, text: "Progression" }), progression, texteProgression]),
    ...sections,
    blocManquantes,
    creer("div", { class: "outils" }, [bJson, bCsv, ...importer_, bEffacer, bConfirmer]),
    statut, alerte,
  );
  el.replaceChildren(racine);
  if (statique) { enCours = true; model.set("reponses", JSON.parse(JSON.stringify(reponses))); enCours = false; }
  miseAJour();
  return () => model.off("change:reponses", depuisModele);
}

export default { render };
