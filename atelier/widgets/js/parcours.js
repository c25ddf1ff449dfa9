// « Mon parcours » : la progression gardée dans ce navigateur (aucun envoi), par
// journée ; export JSON et CSV, import JSON. Miroir de atelier/parcours.py.

const FORMAT = "atelier.parcours";
const VERSION = 1;
const PREFIXE = "atelier:exercice:";
const NOTES = ["choix-unique", "choix-multiple", "numerique", "ordre", "association", "code"];

export function synthese(exercices, entrees) {
  const parId = Object.fromEntries(entrees.map((e) => [e.id, e]));
  const jours = [...new Set(exercices.map((e) => e.jour))].sort();
  return jours.map((jour) => {
    const notes = exercices.filter((e) => e.jour === jour && NOTES.includes(e.type));
    const faits = notes.filter((e) => parId[e.id] && typeof parId[e.id].score === "number" && parId[e.id].tentatives > 0);
    const reussis = faits.filter((e) => parId[e.id].reussi === true);
    const reflexions = exercices.filter((e) => e.jour === jour && e.type === "reflexion" && parId[e.id] && String(parId[e.id].reponse ?? "").trim());
    const score = faits.length ? Math.round((100 * faits.reduce((s, e) => s + parId[e.id].score, 0)) / faits.length) : null;
    return { jour, notes: notes.length, faits: faits.length, reussis: reussis.length, score_moyen: score, reflexions: reflexions.length };
  });
}

export function lireImport(exercices, texte) {
  const description = `de «${NBSP}Mon parcours${NBSP}»`;
  const donnees = lireExport(texte, FORMAT, VERSION, description);
  if (!Array.isArray(donnees.entrees)) throw new Error(`Ce fichier n'est pas un export ${description} (format inconnu).`);
  const connus = new Set(exercices.map((e) => e.id));
  const gardees = donnees.entrees.filter((e) => e && connus.has(e.id));
  return { entrees: gardees, ignorees: donnees.entrees.length - gardees.length };
}

function lireEntrees() {
  const entrees = [];
  try {
    for (let i = 0; i < window.localStorage.length; i++) {
      const cle = window.localStorage.key(i);
      if (cle.startsWith(PREFIXE)) {
        const e = stockage.lire(cle);
        if (e && e.id) entrees.push(e);
      }
    }
  } catch (e) { /* stockage indisponible */ }
  return entrees.sort((a, b) => a.id.localeCompare(b.id));
}

function csv(entrees) {
  const colonnes = ["id", "titre", "jour", "type", "reussi", "score", "tentatives", "date"];
  const cellule = (v) => { const t = v === null || v === undefined ? "" : String(v); return /[",;\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t; };
  return [colonnes.join(","), ...entrees.map((e) => colonnes.map((c) => cellule(e[c])).join(","))].join("\n") + "\n";
}

export function render({ model, el }) {
  const exercices = model.get("exercices");
  const racine = creer("div", { class: "atelier-widget parcours", lang: "fr" });
  garderClavier(racine);
  const statut = creer("p", { class: "statut", role: "status", "aria-live": "polite" });
  const alerte = creer("p", { class: "alerte", role: "alert" });
  const corpsSynthese = creer("tbody");
  const corpsDetail = creer("tbody");

  function dessiner() {
    const entrees = lireEntrees();
    const parId = Object.fromEntries(entrees.map((e) => [e.id, e]));
    corpsSynthese.replaceChildren(...synthese(exercices, entrees).map((s) => creer("tr", {}, [
      creer("th", { scope: "row", text: s.jour }),
      creer("td", { text: `${s.faits} sur ${s.notes}` }),
      creer("td", { text: String(s.reussis) }),
      creer("td", { text: s.score_moyen === null ? "–" : `${s.score_moyen}${NBSP}%` }),
      creer("td", { text: String(s.reflexions) }),
    ])));
    corpsDetail.replaceChildren(...exercices.map((ex) => {
      const e = parId[ex.id];
      const etat = ex.type === "reflexion"
        ? (e && String(e.reponse ?? "").trim() ? "écrite" : "à écrire")
        : !e || !e.tentatives ? "non fait" : e.reussi ? "réussi" : "à revoir";
      return creer("tr", {}, [
        creer("td", { text: ex.jour }),
        creer("th", { scope: "row" }, [ex.page ? creer("a", { href: (document.documentElement.dataset.content_root ?? "") + ex.page + ".html", text: ex.titre }) : ex.titre]),
        creer("td", { text: etat }),
        creer("td", { text: e && typeof e.score === "number" && ex.type !== "reflexion" ? `${Math.round(100 * e.score)}${NBSP}%` : "–" }),
      ]);
    }));
  }

  const bJson = creer("button", { type: "button", text: "Exporter ma progression (JSON)" });
  bJson.addEventListener("click", () => {
    telecharger("mon-parcours.json", JSON.stringify({ format: FORMAT, version: VERSION, exporte_le: new Date().toISOString().slice(0, 19) + "+00:00", entrees: lireEntrees() }, null, 2));
    statut.textContent = "Fichier «\u00a0mon-parcours.json\u00a0» proposé au téléchargement.";
  });
  const bCsv = creer("button", { type: "button", text: "Exporter ma progression (CSV)" });
  bCsv.addEventListener("click", () => { telecharger("mon-parcours.csv", csv(lireEntrees()), "text/csv"); statut.textContent = "Fichier «\u00a0mon-parcours.csv\u00a0» proposé au téléchargement."; });
  const importer_ = champImport("Importer une progression (JSON)", (texte, nom) => {
    const { entrees, ignorees } = lireImport(exercices, texte);
    for (const e of entrees) stockage.ecrire(PREFIXE + e.id, e);
    dessiner();
    return `${entrees.length} exercices importés depuis «${NBSP}${nom}${NBSP}»` + (ignorees ? ` (${ignorees} inconnus ignorés).` : ".");
  }, statut, alerte, "Votre progression actuelle est conservée.");
  const bEffacer = creer("button", { type: "button", text: "Effacer ma progression" });
  const bConfirmer = creer("button", { type: "button", hidden: true, text: "Confirmer l'effacement de ma progression" });
  bEffacer.addEventListener("click", () => { bConfirmer.hidden = false; bConfirmer.focus(); });
  bConfirmer.addEventListener("click", () => {
    for (const e of lireEntrees()) stockage.effacer(PREFIXE + e.id);
    bConfirmer.hidden = true;
    statut.textContent = "Progression effacée.";
    dessiner();
  });

  racine.append(
    creer("h3", { class: "titre", text: "Ma progression" }),
    creer("table", { class: "synthese" }, [
      creer("caption", { text: "Par journée" }),
      creer("thead", {}, [creer("tr", {}, ["Journée", "Exercices notés faits", "Réussis", "Score moyen", "Réflexions"].map((t) => creer("th", { scope: "col", text: t })))]),
      corpsSynthese,
    ]),
    creer("details", {}, [
      creer("summary", { text: "Détail par exercice" }),
      creer("table", { class: "detail" }, [
        creer("caption", { text: "Chaque exercice" }),
        creer("thead", {}, [creer("tr", {}, ["Journée", "Exercice", "État", "Score"].map((t) => creer("th", { scope: "col", text: t })))]),
        corpsDetail,
      ]),
    ]),
    creer("div", { class: "outils" }, [bJson, bCsv, ...importer_, bEffacer, bConfirmer]),
    statut, alerte,
  );
  el.replaceChildren(racine);
  dessiner();
  window.addEventListener("storage", dessiner);
  return () => window.removeEventListener("storage", dessiner);
}

export default { render };
