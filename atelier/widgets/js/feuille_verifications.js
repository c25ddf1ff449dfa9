// Feuille de route (J3) : validation du plan, vérifications, synthèse et exports.
// Fonctions pures, miroir exact de atelier/feuille_de_route.py (mêmes messages, même
// ordre, exports texte identiques octet pour octet, sauf DTSTAMP de l'iCalendar),
// vérifiées par les vecteurs partagés tests/vecteurs/feuille_de_route.json.
//
// Concaténé après commun.js et obligations.js (A1 : calendrierVerifie, jourFerie,
// vacancesScolaires, periodePreelectorale, ecartDureeLegale, obligationsApplicables),
// dans la même portée. Les noms internes commencent par « fdr ».
//
// `contexte` = {catalogue, regles, calendrier, referentiel} (voir
// atelier.feuille_de_route.contexte_navigateur). Les dates sont des chaînes ISO
// AAAA-MM-JJ et des numéros de jour UTC : jamais l'heure locale.

const FDR_NB = "\u00a0";
const FDR_FORMAT = "atelier-feuille-de-route";
const FDR_VERSION = 1;
const FDR_NIVEAUX = ["informer", "consulter", "impliquer", "collaborer", "habiliter"];
const FDR_TYPES_COLLECTIVITE = ["commune", "epci", "departement", "region"];
const FDR_ZONES = ["A", "B", "C"];
const FDR_POPULATION_MAX = 100000000;
const FDR_BUDGET_MAX = 1000000000000;
const FDR_MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
const FDR_NATURES = { obligation: "obligation", possibilite: "possibilité", procedure: "procédure selon le projet" };
const FDR_NIVEAUX_LIBELLES = { erreur: "Erreur", attention: "Attention", info: "Information" };
const FDR_JOUR_MS = 86400000;

/** Les codes d'alerte, dans l'ordre où verifierFeuille les rend. */
export const CODES_ALERTES = [
  "plan-vide", "type-projet-inconnu", "dates-incoherentes", "phases-ordre", "phases-chevauchement", "phase-inconnue",
  "action-hors-phase", "dispositif-inconnu", "public-inconnu", "duree-legale", "retour-manquant", "jour-ferie",
  "vacances-scolaires", "periode-preelectorale", "calendrier-non-verifie", "publics-oublies", "niveaux-iap2", "budget-total",
];

/** Migrations des anciens formats : FDR_MIGRATIONS[n] transforme un plan de version n en version n + 1. */
const FDR_MIGRATIONS = {};

// --- Petits outils de texte (miroirs exacts de Python) --------------------------

const fdrG = (texte) => `«${FDR_NB}${texte}${FDR_NB}»`;

function fdrListe(elements) {
  if (elements.length <= 1) return elements.join("");
  return `${elements.slice(0, -1).join(", ")} et ${elements[elements.length - 1]}`;
}

function fdrNombre(n) {
  const signe = n < 0 ? "-" : "";
  let chiffres = String(Math.abs(n));
  const groupes = [];
  while (chiffres.length > 3) {
    groupes.unshift(chiffres.slice(-3));
    chiffres = chiffres.slice(0, -3);
  }
  groupes.unshift(chiffres);
  return signe + groupes.join(FDR_NB);
}

const fdrEuros = (n) => `${fdrNombre(n)}${FDR_NB}€`;

function fdrDateFr(iso) {
  const a = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const j = Number(iso.slice(8, 10));
  return `${j === 1 ? "1er" : j} ${FDR_MOIS[m - 1]} ${a}`;
}

const fdrQuand = (debut, fin) => (debut === fin ? fdrDateFr(debut) : `du ${fdrDateFr(debut)} au ${fdrDateFr(fin)}`);
const fdrLe = (debut, fin) => (debut === fin ? `le ${fdrDateFr(debut)}` : fdrQuand(debut, fin));
const fdrVide = (texte) => /^[ \t\n\r\u00a0\u202f]*$/.test(texte);
const fdrInitialeMinuscule = (texte) => texte.slice(0, 1).toLowerCase() + texte.slice(1);
const fdrEstObjet = (x) => x !== null && typeof x === "object" && !Array.isArray(x);

function fdrMontrer(valeur) {
  if (valeur === null || valeur === undefined || valeur === "") return "rien";
  if (typeof valeur === "boolean") return valeur ? "vrai" : "faux";
  if (typeof valeur === "number") {
    if (!Number.isFinite(valeur)) return "un nombre trop grand";
    if (!Number.isInteger(valeur)) return "un nombre à virgule";
    return Math.abs(valeur) < 1e15 ? String(valeur) : "un nombre trop grand";
  }
  if (typeof valeur === "string") {
    const car = Array.from(valeur);
    return fdrG(car.length <= 60 ? valeur : `${car.slice(0, 60).join("")}…`);
  }
  if (Array.isArray(valeur)) return "une liste";
  return "un objet";
}

const fdrEntier = (valeur) => (typeof valeur === "number" && Number.isInteger(valeur) && Math.abs(valeur) < 1e15 ? valeur : null);

/** Numéro de jour UTC d'une date ISO valide. */
function fdrJour(iso) {
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round(d.getTime() / FDR_JOUR_MS);
}

function fdrIsoDeJour(n) {
  const d = new Date(n * FDR_JOUR_MS);
  const deux = (x) => String(x).padStart(2, "0");
  return `${String(d.getUTCFullYear()).padStart(4, "0")}-${deux(d.getUTCMonth() + 1)}-${deux(d.getUTCDate())}`;
}

/** La date ISO si valide, "" si vide, null si invalide. */
function fdrDateIso(valeur) {
  if (valeur === null || valeur === undefined || valeur === "") return "";
  if (typeof valeur !== "string") return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(valeur);
  if (!m) return null;
  const a = Number(m[1]);
  const mois = Number(m[2]);
  const j = Number(m[3]);
  if (a < 1 || mois < 1 || mois > 12 || j < 1) return null;
  return fdrIsoDeJour(fdrJour(valeur)) === valeur ? valeur : null;
}

function fdrSlug(texte, longueur = 40) {
  const ascii = texte.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
  return ascii.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, longueur).replace(/^-+|-+$/g, "");
}

// --- Validation ---------------------------------------------------------------

function fdrNomElement(genre, obj, cle, position) {
  const texte = fdrEstObjet(obj) ? obj[cle] : undefined;
  if (typeof texte === "string" && !fdrVide(texte)) return `${genre} ${fdrG(texte)}`;
  return position !== null ? `${genre} n°${FDR_NB}${position}` : `${genre} sans nom`;
}

function fdrTexte(obj, cle, libelle, deQuoi) {
  const valeur = obj[cle];
  if (valeur === undefined || valeur === null) return "";
  if (typeof valeur !== "string") throw new Error(`${libelle} ${deQuoi} doit être du texte (reçu${FDR_NB}: ${fdrMontrer(valeur)}).`);
  return valeur;
}

function fdrValiderEntete(donnees) {
  if (!fdrEstObjet(donnees) || donnees.format !== FDR_FORMAT) {
    throw new Error(`Ce fichier n'est pas un export de la feuille de route (format inconnu)${FDR_NB}: `
      + "choisissez un fichier JSON enregistré par le constructeur de feuille de route du cours.");
  }
  let version = fdrEntier(donnees.version);
  if (version !== null && version > FDR_VERSION) {
    throw new Error(`Ce fichier vient d'une version plus récente du cours (feuille de route au format ${version})${FDR_NB}; `
      + `cette version du cours lit les fichiers jusqu'au format ${FDR_VERSION}. Ouvrez-le avec la version à jour du cours.`);
  }
  if (version === null || version < 1) {
    throw new Error(`Version de feuille de route inconnue (${fdrMontrer(donnees.version)})${FDR_NB}: le champ ${fdrG("version")} `
      + `doit être un nombre entier (${FDR_VERSION} pour les fichiers de cette version du cours). Le fichier a peut-être été modifié à la main.`);
  }
  while (version < FDR_VERSION) {
    donnees = FDR_MIGRATIONS[version](JSON.parse(JSON.stringify(donnees)));
    version += 1;
    donnees.version = version;
  }
  return donnees;
}

function fdrValiderCollectivite(obj) {
  if (!fdrEstObjet(obj)) {
    throw new Error(`La feuille de route ne décrit pas la collectivité (champ ${fdrG("collectivite")} absent ou mal formé).`);
  }
  const nom = fdrTexte(obj, "nom", "Le nom", "de la collectivité");
  const type = obj.type;
  if (!FDR_TYPES_COLLECTIVITE.includes(type)) {
    throw new Error(`Type de collectivité inconnu (${fdrMontrer(type)})${FDR_NB}: choisissez commune, epci, departement ou region.`);
  }
  const brut = obj.population;
  const population = fdrEntier(brut);
  if (population === null || population <= 0) {
    throw new Error(`La population de la collectivité doit être un nombre entier d'habitants, supérieur à 0 (reçu${FDR_NB}: ${fdrMontrer(brut)}).`);
  }
  if (population > FDR_POPULATION_MAX) {
    throw new Error(`La population indiquée (${fdrNombre(population)} habitants) est trop grande${FDR_NB}: vérifiez le nombre d'habitants.`);
  }
  const zone = obj.zone_scolaire;
  if (!FDR_ZONES.includes(zone)) throw new Error(`Zone de vacances scolaires inconnue (${fdrMontrer(zone)})${FDR_NB}: indiquez A, B ou C.`);
  const alsace = obj.alsace_moselle === undefined ? false : obj.alsace_moselle;
  if (typeof alsace !== "boolean") {
    throw new Error(`L'indication Alsace-Moselle doit être vrai ou faux (reçu${FDR_NB}: ${fdrMontrer(alsace)}).`);
  }
  return { nom, type, population, zone_scolaire: zone, alsace_moselle: alsace };
}

function fdrValiderProjet(obj) {
  if (!fdrEstObjet(obj)) throw new Error(`La feuille de route ne décrit pas le projet (champ ${fdrG("projet")} absent ou mal formé).`);
  const intitule = fdrTexte(obj, "intitule", "L'intitulé", "du projet");
  const type = obj.type;
  if (typeof type !== "string" || !type) {
    throw new Error(`Choisissez le type de projet (reçu${FDR_NB}: ${fdrMontrer(type)})${FDR_NB}: il détermine les obligations légales qui s'appliquent.`);
  }
  return {
    intitule,
    type,
    objectif: fdrTexte(obj, "objectif", "L'objectif", "du projet"),
    non_negociable: fdrTexte(obj, "non_negociable", `Le champ ${fdrG("non négociable")}`, "du projet"),
  };
}

function fdrValiderId(obj, quoi) {
  const id = obj.id;
  if (typeof id !== "string" || fdrVide(id)) {
    throw new Error(`${quoi[0].toUpperCase()}${quoi.slice(1)} n'a pas d'identifiant (champ ${fdrG("id")})${FDR_NB}: chaque phase et chaque action en a un, unique.`);
  }
  return id;
}

function fdrValiderDates(obj, quoi) {
  const dates = [];
  for (const [cle, mot] of [["debut", "de début"], ["fin", "de fin"]]) {
    const iso = fdrDateIso(obj[cle]);
    if (iso === null) {
      throw new Error(`La date ${mot} de ${quoi} est mal formée ou n'existe pas (${fdrMontrer(obj[cle])})${FDR_NB}: `
        + "écrivez-la sous la forme AAAA-MM-JJ, par exemple 2027-03-15.");
    }
    dates.push(iso);
  }
  return dates;
}

function fdrValiderPhase(obj, position) {
  if (!fdrEstObjet(obj)) {
    throw new Error(`La phase n°${FDR_NB}${position} est mal formée (ce n'est pas un objet avec un identifiant, un nom et des dates).`);
  }
  const quoi = fdrNomElement("la phase", obj, "nom", position);
  const id = fdrValiderId(obj, quoi);
  const nom = fdrTexte(obj, "nom", "Le nom", `de ${quoi}`);
  const [debut, fin] = fdrValiderDates(obj, quoi);
  return { id, nom, debut, fin };
}

function fdrBooleen(obj, cle, libelle, quoi) {
  const valeur = obj[cle] === undefined ? false : obj[cle];
  if (typeof valeur !== "boolean") {
    throw new Error(`La case ${fdrG(libelle)} de ${quoi} doit valoir vrai ou faux (reçu${FDR_NB}: ${fdrMontrer(valeur)}).`);
  }
  return valeur;
}

function fdrValiderAction(obj, position) {
  if (!fdrEstObjet(obj)) {
    throw new Error(`L'action n°${FDR_NB}${position} est mal formée (ce n'est pas un objet avec un identifiant, une phase et un intitulé).`);
  }
  const quoi = fdrNomElement("l'action", obj, "intitule", position);
  const id = fdrValiderId(obj, quoi);
  const phase = fdrTexte(obj, "phase", "La phase", `de ${quoi}`);
  const intitule = fdrTexte(obj, "intitule", "L'intitulé", `de ${quoi}`);
  const dispositif = fdrTexte(obj, "dispositif", "Le dispositif", `de ${quoi}`);
  const [debut, fin] = fdrValiderDates(obj, quoi);
  const responsable = fdrTexte(obj, "responsable", "Le responsable", `de ${quoi}`);
  const brut = obj.budget === undefined ? 0 : obj.budget;
  const budget = fdrEntier(brut === null ? 0 : brut);
  if (budget === null) {
    throw new Error(`Le budget de ${quoi} doit être un nombre entier d'euros, sans virgule ni symbole, par exemple 800 (reçu${FDR_NB}: ${fdrMontrer(brut)}).`);
  }
  if (budget < 0) {
    throw new Error(`Le budget de ${quoi} est négatif (${fdrEuros(budget)})${FDR_NB}: indiquez un montant en euros positif, ou 0 si l'action ne coûte rien.`);
  }
  if (budget > FDR_BUDGET_MAX) throw new Error(`Le budget de ${quoi} est trop grand (${fdrEuros(budget)})${FDR_NB}: vérifiez le montant.`);
  let publics = obj.publics === undefined || obj.publics === null ? [] : obj.publics;
  if (!Array.isArray(publics) || !publics.every((p) => typeof p === "string")) {
    throw new Error(`Les publics de ${quoi} doivent être une liste d'identifiants de publics (reçu${FDR_NB}: ${fdrMontrer(publics)}).`);
  }
  let niveau = obj.niveau_iap2 === undefined || obj.niveau_iap2 === null ? "" : obj.niveau_iap2;
  if (niveau !== "" && !FDR_NIVEAUX.includes(niveau)) {
    throw new Error(`Niveau de participation inconnu pour ${quoi} (${fdrMontrer(niveau)})${FDR_NB}: choisissez informer, consulter, impliquer, `
      + "collaborer ou habiliter, ou laissez vide pour une étape interne.");
  }
  publics = [...new Set(publics)];
  return {
    id, phase, intitule, dispositif, debut, fin, responsable, budget, publics, niveau_iap2: niveau,
    indicateur: fdrTexte(obj, "indicateur", "L'indicateur", `de ${quoi}`),
    temps_public: fdrBooleen(obj, "temps_public", "temps public", quoi),
    retour_participants: fdrBooleen(obj, "retour_participants", "retour aux participants", quoi),
  };
}

/** Le plan vérifié, sous sa forme canonique (version courante) ; Error au message identique à Python. */
export function validerFeuille(objet) {
  const donnees = fdrValiderEntete(objet);
  const collectivite = fdrValiderCollectivite(donnees.collectivite);
  const projet = fdrValiderProjet(donnees.projet);
  const vus = new Set();
  const listes = {};
  for (const [cle, valider, mot] of [["phases", fdrValiderPhase, "phases"], ["actions", fdrValiderAction, "actions"]]) {
    const brut = donnees[cle] === undefined || donnees[cle] === null ? [] : donnees[cle];
    if (!Array.isArray(brut)) throw new Error(`La liste des ${mot} est mal formée (champ ${fdrG(cle)})${FDR_NB}: ce doit être une liste.`);
    listes[cle] = brut.map((obj, n) => {
      const propre = valider(obj, n + 1);
      if (vus.has(propre.id)) {
        throw new Error(`L'identifiant ${fdrG(propre.id)} est utilisé deux fois${FDR_NB}: chaque phase et chaque action doit avoir le sien.`);
      }
      vus.add(propre.id);
      return propre;
    });
  }
  return { format: FDR_FORMAT, version: FDR_VERSION, collectivite, projet, phases: listes.phases, actions: listes.actions };
}

/** Le plan lu dans le texte d'un fichier JSON exporté (miroir de FeuilleDeRoute.depuis_json). */
export function depuisJSON(texte) {
  if (typeof texte !== "string") throw new Error("Le contenu d'une feuille de route doit être du texte JSON.");
  if (texte.startsWith("\ufeff")) texte = texte.slice(1);
  let donnees;
  try {
    donnees = JSON.parse(texte);
  } catch (e) {
    throw new Error(`Ce fichier n'est pas un export lisible de la feuille de route (JSON illisible ou tronqué)${FDR_NB}: `
      + "il est peut-être incomplet. Exportez de nouveau la feuille de route, ou ouvrez une copie complète du fichier.");
  }
  return validerFeuille(donnees);
}

/** Le plan en JSON (forme canonique, sans perte). */
export function versJSON(plan) {
  return `${JSON.stringify(validerFeuille(plan), null, 2)}\n`;
}

// --- Contexte -----------------------------------------------------------------

function fdrContexte(contexte) {
  const regles = contexte.regles;
  const calendrier = contexte.calendrier;
  return {
    catalogue: contexte.catalogue,
    referentiel: contexte.referentiel,
    typesProjet: Object.fromEntries(regles.types_projet.map((t) => [t.id, t.nom])),
    plage: { debut: calendrier.debut, fin: calendrier.fin, vacances_jusqu_au: calendrier.vacances.connues_jusqu_au },
    verifie: (iso) => calendrierVerifie(calendrier, iso),
    ferie: (iso, am) => jourFerie(calendrier, iso, am),
    vacances: (iso, zone) => vacancesScolaires(calendrier, iso, zone),
    preelectorale: (iso, type) => periodePreelectorale(calendrier, iso, type),
    ecartDuree: (dispositif, debut, fin, type) => ecartDureeLegale(regles, dispositif, debut, fin, type),
    obligations: (collectivite, type) => obligationsApplicables(regles, collectivite, type),
  };
}

const fdrPossede = (objet, cle) => Object.prototype.hasOwnProperty.call(objet, cle);

function fdrObligations(plan, ctx) {
  if (!fdrPossede(ctx.typesProjet, plan.projet.type)) return [];
  return ctx.obligations(plan.collectivite, plan.projet.type);
}

function fdrNomPhase(plan, id) {
  const p = plan.phases.find((x) => x.id === id);
  return p ? p.nom : "";
}

const fdrNomDispositif = (ctx, id) => (fdrPossede(ctx.catalogue, id) ? ctx.catalogue[id].nom : id);

function fdrNomPublic(ctx, id) {
  const p = ctx.referentiel.publics.find((x) => x.id === id);
  return p ? p.libelle : id;
}

function fdrBornes(x) {
  const debut = x.debut || x.fin;
  const fin = x.fin || x.debut;
  return debut ? [debut, fin] : null;
}

function fdrCoherent(x) {
  const b = fdrBornes(x);
  return b && b[0] <= b[1] ? b : null;
}

function fdrJours(debut, fin) {
  const j0 = fdrJour(debut);
  const j1 = fdrJour(fin);
  const jours = [];
  for (let j = j0; j <= j1; j += 1) jours.push(fdrIsoDeJour(j));
  return jours;
}

const fdrNom = (x, cle, position) => (fdrVide(x[cle]) ? `n°${FDR_NB}${position}` : fdrG(x[cle]));

// --- Vérifications ------------------------------------------------------------

function fdrVerifier(plan, ctx) {
  const NB = FDR_NB;
  const alertes = [];
  const alerte = (code, niveau, message, cible = null) => alertes.push({ code, niveau, message, cible });
  const { phases, actions, collectivite, projet } = plan;
  const nomP = Object.create(null);
  phases.forEach((p, n) => { nomP[p.id] = fdrNom(p, "nom", n + 1); });
  const nomA = Object.create(null);
  actions.forEach((a, n) => { nomA[a.id] = fdrNom(a, "intitule", n + 1); });
  const phaseParId = Object.create(null);
  for (const p of phases) phaseParId[p.id] = p;
  const niveaux = Object.create(null);
  for (const n of ctx.referentiel.niveaux_iap2) niveaux[n.id] = n;
  const typeConnu = fdrPossede(ctx.typesProjet, projet.type);

  if (!actions.length) {
    alerte("plan-vide", "info", `Le plan ne contient encore aucune action${NB}: ajoutez les phases de la démarche puis, dans chaque phase, `
      + "les actions prévues (dispositif, dates, publics, responsable).");
  }

  if (!typeConnu) {
    alerte("type-projet-inconnu", "erreur", `Le type de projet ${fdrG(projet.type)} est inconnu${NB}: choisissez-en un dans la liste. `
      + "Sans lui, les obligations légales et les durées légales ne peuvent pas être vérifiées.");
  }

  for (const [groupe, noms, genre, mot] of [[phases, nomP, "La phase", "cette phase"], [actions, nomA, "L'action", "cette action"]]) {
    for (const x of groupe) {
      const b = fdrBornes(x);
      if (b && b[0] > b[1]) {
        alerte("dates-incoherentes", "erreur", `${genre} ${noms[x.id]} se termine le ${fdrDateFr(b[1])}, avant de commencer le ${fdrDateFr(b[0])}${NB}: `
          + `corrigez l'une des deux dates. Les autres vérifications de dates ignorent ${mot} en attendant.`, x.id);
      }
    }
  }

  let precedente = null;
  for (const p of phases) {
    const b = fdrCoherent(p);
    if (!b) continue;
    if (precedente && b[0] < precedente[1][0]) {
      alerte("phases-ordre", "attention", `La phase ${nomP[p.id]} commence le ${fdrDateFr(b[0])}, avant la phase ${nomP[precedente[0].id]} `
        + `(qui commence le ${fdrDateFr(precedente[1][0])}) alors qu'elle la suit dans le plan${NB}: `
        + "remettez les phases dans l'ordre chronologique ou corrigez leurs dates.", p.id);
    }
    precedente = [p, b];
  }

  const datees = phases.filter((p) => fdrCoherent(p)).map((p) => [p, fdrCoherent(p)]);
  datees.forEach(([p, bp], i) => {
    for (const [q, bq] of datees.slice(i + 1)) {
      const debut = bp[0] > bq[0] ? bp[0] : bq[0];
      const fin = bp[1] < bq[1] ? bp[1] : bq[1];
      if (debut <= fin) {
        alerte("phases-chevauchement", "attention", `Les phases ${nomP[p.id]} et ${nomP[q.id]} se chevauchent ${fdrLe(debut, fin)}. `
          + `Si c'est voulu (par exemple une évaluation qui commence pendant la mise en œuvre), vous pouvez l'ignorer${NB}; `
          + "sinon, décalez l'une des deux.", q.id);
      }
    }
  });

  for (const a of actions) {
    if (!fdrPossede(phaseParId, a.phase)) {
      const message = !fdrVide(a.phase)
        ? `L'action ${nomA[a.id]} est rattachée à une phase qui n'existe pas (${fdrG(a.phase)})${NB}: choisissez l'une des phases du plan.`
        : `L'action ${nomA[a.id]} n'est rattachée à aucune phase${NB}: choisissez l'une des phases du plan.`;
      alerte("phase-inconnue", "erreur", message, a.id);
    }
  }

  for (const a of actions) {
    const p = fdrPossede(phaseParId, a.phase) ? phaseParId[a.phase] : null;
    const ba = fdrCoherent(a);
    const bp = p ? fdrCoherent(p) : null;
    if (ba && bp && (ba[0] < bp[0] || ba[1] > bp[1])) {
      alerte("action-hors-phase", "attention", `L'action ${nomA[a.id]} (${fdrQuand(...ba)}) déborde de sa phase ${nomP[p.id]} (${fdrQuand(...bp)})${NB}: `
        + "ajustez les dates de l'action ou celles de la phase.", a.id);
    }
  }

  for (const a of actions) {
    if (a.dispositif && !fdrPossede(ctx.catalogue, a.dispositif)) {
      alerte("dispositif-inconnu", "erreur", `L'action ${nomA[a.id]} utilise un dispositif inconnu du catalogue du cours (${fdrG(a.dispositif)})${NB}: `
        + "choisissez un dispositif de la liste, ou aucun s'il s'agit d'une étape interne (délibération, étude…).", a.id);
    }
  }

  const connus = new Set(ctx.referentiel.publics.map((p) => p.id));
  for (const a of actions) {
    const inconnus = a.publics.filter((p) => !connus.has(p));
    if (inconnus.length) {
      const s = inconnus.length > 1 ? "s" : "";
      alerte("public-inconnu", "erreur", `L'action ${nomA[a.id]} cible ${s ? "des" : "un"} public${s} inconnu${s} du référentiel du cours `
        + `(${fdrListe(inconnus.map(fdrG))})${NB}: choisissez les publics dans la liste proposée.`, a.id);
    }
  }

  if (typeConnu) {
    for (const a of actions) {
      const b = fdrCoherent(a);
      if (!b || !a.dispositif) continue;
      const ecart = ctx.ecartDuree(a.dispositif, b[0], b[1], projet.type);
      if (ecart === null || ecart === undefined) continue;
      const nomDisp = fdrNomDispositif(ctx, a.dispositif);
      const jours = `${fdrNombre(ecart.jours)} jour${ecart.jours > 1 ? "s" : ""}`;
      const debut = `L'action ${nomA[a.id]} (${nomDisp}) dure ${jours} (${fdrQuand(...b)}). ${ecart.texte}`;
      let conseil;
      if (ecart.ecart === "trop-court") conseil = `Allongez-la à au moins ${fdrNombre(ecart.limite)} jours.`;
      else if (ecart.ecart === "prolongation") {
        conseil = `Au-delà du ${fdrDateFr(ecart.limite)}, il faut la prolongation prévue par la loi${NB}: raccourcissez-la ou vérifiez qu'elle sera décidée.`;
      } else {
        conseil = typeof ecart.limite === "string"
          ? `Raccourcissez-la pour qu'elle se termine au plus tard le ${fdrDateFr(ecart.limite)}.`
          : `Raccourcissez-la à ${fdrNombre(ecart.limite)} jours au plus.`;
      }
      alerte("duree-legale", "attention", `${debut} ${conseil}`, a.id);
    }
  }

  const retours = actions.filter((a) => a.retour_participants);
  for (const a of actions) {
    if (a.retour_participants || !FDR_NIVEAUX.slice(1).includes(a.niveau_iap2)) continue;
    const b = fdrBornes(a);
    const couvert = retours.some((r) => r.id !== a.id && (b === null || fdrBornes(r) === null || fdrBornes(r)[0] >= b[1]));
    if (couvert) continue;
    const niveau = niveaux[a.niveau_iap2].libelle.toLowerCase();
    const quand = b ? `qui se termine le ${fdrDateFr(b[1])}` : "qui n'est pas encore datée";
    const apres = b ? `à partir du ${fdrDateFr(b[1])}` : "après elle";
    alerte("retour-manquant", "attention", `Aucune action ne rend compte aux participants de l'action ${nomA[a.id]} (niveau ${fdrG(niveau)}), ${quand}${NB}: `
      + `ajoutez un retour ${apres} (réunion de restitution, compte rendu publié, courrier…) et cochez ${fdrG("retour aux participants")}. `
      + "Sans retour, les personnes ne savent pas ce que leur avis est devenu.", a.id);
  }

  // Calendrier, là où il couvre les dates.
  const couverture = Object.create(null);
  for (const a of actions) {
    const b = fdrCoherent(a);
    if (b) couverture[a.id] = fdrJours(...b).map((j) => [j, ctx.verifie(j)]);
  }
  for (const a of actions) {
    const b = fdrCoherent(a);
    if (!b || !a.temps_public) continue;
    const feries = [];
    for (const [j, v] of couverture[a.id]) {
      const n = v.feries ? ctx.ferie(j, collectivite.alsace_moselle) : null;
      if (n) feries.push([j, n]);
    }
    if (feries.length) {
      const un = feries.length === 1;
      alerte("jour-ferie", "attention", `L'action ${nomA[a.id]} (${fdrQuand(...b)}) tombe ${un ? "un jour férié" : "sur des jours fériés"}${NB}: `
        + `${fdrListe(feries.map(([j, n]) => `${fdrDateFr(j)} (${n})`))}. Une partie du public sera absente ou indisponible${NB}: `
        + "choisissez une autre date.", a.id);
    }
  }
  for (const a of actions) {
    const b = fdrCoherent(a);
    if (!b || !a.temps_public) continue;
    const jours = couverture[a.id];
    const noms = [];
    for (const [j, v] of jours) {
      const n = v.vacances ? ctx.vacances(j, collectivite.zone_scolaire) : null;
      if (n) noms.push(n);
    }
    if (noms.length) {
      const partie = noms.length === jours.length ? "pendant" : "en partie pendant";
      alerte("vacances-scolaires", "attention", `L'action ${nomA[a.id]} (${fdrQuand(...b)}) tombe ${partie} les vacances scolaires de la zone ${collectivite.zone_scolaire} `
        + `(${fdrListe([...new Set(noms)].map(fdrInitialeMinuscule))}). Les familles seront moins disponibles${NB}: déplacez-la, ou prévoyez `
        + "un format qui leur convient (horaires, accueil des enfants).", a.id);
    }
  }
  const periodes = new Map();
  for (const a of actions) {
    const b = fdrCoherent(a);
    if (!b || !a.niveau_iap2) continue;
    for (const [j, v] of couverture[a.id]) {
      const p = v.feries ? ctx.preelectorale(j, collectivite.type) : null;
      if (!p) continue;
      if (!periodes.has(p.election)) periodes.set(p.election, [p, []]);
      const concernees = periodes.get(p.election)[1];
      if (!concernees.includes(a)) concernees.push(a);
    }
  }
  for (const [p, concernees] of periodes.values()) {
    const reserve = p.reserve ? ` À noter${NB}: ${p.reserve}` : "";
    let debut;
    let fin;
    if (concernees.length === 1) {
      const a = concernees[0];
      debut = `L'action ${nomA[a.id]} (${fdrQuand(...fdrCoherent(a))}) se tient pendant une période préélectorale.`;
      fin = "Faites relire les supports de communication de cette action, ou déplacez-la.";
    } else {
      debut = `Les actions ${fdrListe(concernees.map((a) => nomA[a.id]))} se tiennent pendant une période préélectorale.`;
      fin = "Faites relire les supports de communication de ces actions, ou déplacez-les.";
    }
    alerte("periode-preelectorale", "attention", `${debut} ${p.texte}${reserve} ${fin}`, concernees.length === 1 ? concernees[0].id : null);
  }

  const hors = actions.filter((a) => fdrPossede(couverture, a.id)
    && couverture[a.id].some(([, v]) => !v.feries || (a.temps_public && !v.vacances)));
  if (hors.length) {
    const plage = ctx.plage;
    const quoi = hors.length === 1 ? "de l'action" : "des actions";
    const vacances = plage.vacances_jusqu_au
      ? `les vacances scolaires jusqu'au ${fdrDateFr(plage.vacances_jusqu_au)} (derniers calendriers publiés)`
      : "les vacances scolaires ne sont pas connues";
    alerte("calendrier-non-verifie", "info", `Le calendrier du cours ne couvre pas toutes les dates ${quoi} ${fdrListe(hors.map((a) => nomA[a.id]))}${NB}: `
      + `il vérifie les jours fériés et les périodes préélectorales du ${fdrDateFr(plage.debut)} au ${fdrDateFr(plage.fin)}, et ${vacances}. `
      + "Vérifiez vous-même les autres dates.");
  }

  if (actions.length) {
    const touches = new Set(actions.flatMap((a) => a.publics));
    const eloignes = ctx.referentiel.publics.filter((p) => p.eloigne);
    const oublies = eloignes.filter((p) => !touches.has(p.id));
    if (oublies.length && oublies.length === eloignes.length) {
      alerte("publics-oublies", "attention", `Aucune action ne cible un public éloigné de la participation${NB}: les habitués risquent d'être les seuls à participer. `
        + `Allez vers au moins certains de ces publics${NB}: ${fdrListe(oublies.map((p) => fdrInitialeMinuscule(p.libelle)))}.`);
    } else if (oublies.length) {
      alerte("publics-oublies", "info", `Publics éloignés de la participation que le plan ne cible pas encore${NB}: ${fdrListe(oublies.map((p) => fdrInitialeMinuscule(p.libelle)))}. `
        + `Sont-ils concernés par le projet${NB}? Si oui, prévoyez une façon d'aller vers eux.`);
    }
    const couverts = FDR_NIVEAUX.filter((n) => actions.some((a) => a.niveau_iap2 === n));
    let message;
    if (couverts.length) {
      const manquants = FDR_NIVEAUX.filter((n) => !couverts.includes(n));
      message = `Niveaux de participation couverts (spectre de l'IAP2)${NB}: ${fdrListe(couverts)}.`;
      if (manquants.length) message += ` Non couverts${NB}: ${fdrListe(manquants)}.`;
    } else {
      message = `Aucune action n'a de niveau de participation${NB}: le plan ne comporte que des étapes internes.`;
    }
    alerte("niveaux-iap2", "info", message);
    const total = actions.reduce((s, a) => s + a.budget, 0);
    const sans = actions.filter((a) => a.budget === 0).length;
    const n = actions.length;
    message = `Budget total prévu${NB}: ${fdrEuros(total)} pour ${n} action${n > 1 ? "s" : ""}`;
    message += sans ? ` (dont ${sans} à 0${NB}€).` : ".";
    alerte("budget-total", "info", message);
  }
  return alertes;
}

/** Les alertes du plan ({code, niveau, message, cible}), dans l'ordre de CODES_ALERTES puis du plan. */
export function verifierFeuille(plan, contexte) {
  return fdrVerifier(validerFeuille(plan), fdrContexte(contexte));
}

function fdrSynthese(plan, ctx) {
  const actions = plan.actions;
  const dates = [];
  for (const x of [...plan.phases, ...actions]) for (const d of [x.debut, x.fin]) if (d) dates.push(d);
  dates.sort();
  const touches = new Set(actions.flatMap((a) => a.publics));
  return {
    nb_phases: plan.phases.length,
    nb_actions: actions.length,
    nb_temps_publics: actions.filter((a) => a.temps_public).length,
    nb_retours: actions.filter((a) => a.retour_participants).length,
    budget_total: actions.reduce((s, a) => s + a.budget, 0),
    niveaux_iap2: FDR_NIVEAUX.filter((n) => actions.some((a) => a.niveau_iap2 === n)),
    niveaux_iap2_absents: FDR_NIVEAUX.filter((n) => !actions.some((a) => a.niveau_iap2 === n)),
    publics: ctx.referentiel.publics.filter((p) => touches.has(p.id)).map((p) => p.id),
    publics_eloignes_oublies: ctx.referentiel.publics.filter((p) => p.eloigne && !touches.has(p.id)).map((p) => p.id),
    debut: dates.length ? dates[0] : null,
    fin: dates.length ? dates[dates.length - 1] : null,
  };
}

/** Budget total, niveaux IAP2 couverts, publics touchés et publics éloignés oubliés, dates de début et de fin. */
export function syntheseFeuille(plan, contexte) {
  return fdrSynthese(validerFeuille(plan), fdrContexte(contexte));
}

// --- Exports ------------------------------------------------------------------

function fdrActionsOrdonnees(plan) {
  const rang = Object.create(null);
  plan.phases.forEach((p, n) => { rang[p.id] = n; });
  const nbPhases = plan.phases.length;
  const cles = plan.actions.map((a, n) => {
    const b = fdrBornes(a);
    return [[fdrPossede(rang, a.phase) ? rang[a.phase] : nbPhases, b ? 0 : 1, b ? b[0] : "", n], a];
  });
  cles.sort((x, y) => {
    for (let k = 0; k < 4; k += 1) {
      if (x[0][k] < y[0][k]) return -1;
      if (x[0][k] > y[0][k]) return 1;
    }
    return 0;
  });
  return cles.map(([, a]) => a);
}

function fdrGroupes(plan) {
  const ordonnees = fdrActionsOrdonnees(plan);
  const groupes = plan.phases.map((p) => [p, ordonnees.filter((a) => a.phase === p.id)]);
  const ids = new Set(plan.phases.map((p) => p.id));
  const orphelines = ordonnees.filter((a) => !ids.has(a.phase));
  if (orphelines.length) groupes.push([null, orphelines]);
  return groupes;
}

function fdrDatesTexte(x) {
  const b = fdrBornes(x);
  return b ? fdrQuand(...b) : "à dater";
}

function fdrLibelleType(plan, ctx) {
  const t = ctx.referentiel.types_collectivite.find((x) => x.id === plan.collectivite.type);
  return t ? t.libelle : plan.collectivite.type;
}

function fdrEnteteCollectivite(plan, ctx) {
  const c = plan.collectivite;
  const morceaux = [fdrLibelleType(plan, ctx), `${fdrNombre(c.population)} habitants`, `zone de vacances scolaires ${c.zone_scolaire}`];
  if (c.alsace_moselle) morceaux.push("Alsace-Moselle");
  return morceaux.join(", ");
}

function fdrCelluleCsv(valeur, texteLibre = false) {
  let t = String(valeur);
  if (texteLibre && ["=", "+", "-", "@", "\t", "\r"].includes(t.slice(0, 1))) t = `'${t}`;
  if (/[;"\r\n]/.test(t)) t = `"${t.replace(/"/g, '""')}"`;
  return t;
}

function fdrCsv(plan, ctx) {
  const entetes = ["Identifiant", "Phase", "Action", "Dispositif", "Niveau de participation", "Début", "Fin", "Responsable", "Budget (€)", "Publics", "Indicateur", "Temps public", "Retour aux participants"];
  const lignes = [entetes.join(";")];
  for (const a of fdrActionsOrdonnees(plan)) {
    lignes.push([
      fdrCelluleCsv(a.id, true),
      fdrCelluleCsv(fdrNomPhase(plan, a.phase), true),
      fdrCelluleCsv(a.intitule, true),
      fdrCelluleCsv(fdrNomDispositif(ctx, a.dispositif), true),
      fdrCelluleCsv(a.niveau_iap2),
      fdrCelluleCsv(a.debut),
      fdrCelluleCsv(a.fin),
      fdrCelluleCsv(a.responsable, true),
      fdrCelluleCsv(a.budget),
      fdrCelluleCsv(a.publics.map((p) => fdrNomPublic(ctx, p)).join(`${FDR_NB}; `), true),
      fdrCelluleCsv(a.indicateur, true),
      a.temps_public ? "oui" : "non",
      a.retour_participants ? "oui" : "non",
    ].join(";"));
  }
  return `\ufeff${lignes.join("\r\n")}\r\n`;
}

/** Les actions en CSV pour un tableur (séparateur « ; », BOM UTF-8, fins de ligne CRLF). */
export function versCSV(plan, contexte) {
  return fdrCsv(validerFeuille(plan), fdrContexte(contexte));
}

function fdrMd(texte) {
  const t = texte.replace(/[\r\n]+/g, " ").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return t.replace(/([\\`*_[\]|~#])/g, "\\$1");
}

function fdrEnBref(plan, ctx) {
  const s = fdrSynthese(plan, ctx);
  const periode = s.debut ? fdrQuand(s.debut, s.fin) : "pas encore datée";
  const actions = `${s.nb_actions}, dont ${s.nb_temps_publics} temps public${s.nb_temps_publics > 1 ? "s" : ""} et ${s.nb_retours} retour${s.nb_retours > 1 ? "s" : ""} aux participants`;
  const publics = Object.create(null);
  for (const p of ctx.referentiel.publics) publics[p.id] = p.libelle;
  return [
    ["Période", periode],
    ["Budget total", fdrEuros(s.budget_total)],
    ["Actions", actions],
    ["Niveaux de participation couverts", fdrListe(s.niveaux_iap2) || "aucun"],
    ["Publics éloignés de la participation non ciblés", fdrListe(s.publics_eloignes_oublies.map((p) => publics[p])) || "aucun"],
  ];
}

function fdrProjetLignes(plan, ctx) {
  const p = plan.projet;
  const lignes = [["Type de projet", fdrPossede(ctx.typesProjet, p.type) ? ctx.typesProjet[p.type] : p.type]];
  if (!fdrVide(p.objectif)) lignes.push(["Objectif", p.objectif]);
  if (!fdrVide(p.non_negociable)) lignes.push(["Ce qui n'est pas négociable", p.non_negociable]);
  return lignes;
}

function fdrCellulesAction(a, ctx) {
  return [
    a.intitule,
    fdrDatesTexte(a),
    fdrNomDispositif(ctx, a.dispositif) || "étape interne",
    a.niveau_iap2 || "–",
    a.publics.map((p) => fdrNomPublic(ctx, p)).join(", ") || "–",
    a.responsable || "–",
    fdrEuros(a.budget),
    a.indicateur || "–",
  ];
}

const FDR_COLONNES = ["Action", "Dates", "Dispositif", "Niveau", "Publics", "Responsable", "Budget", "Indicateur"];
const FDR_MENTION = "Feuille de route établie avec le constructeur du cours «\u00a0L'innovation territoriale et la démocratie participative\u00a0». "
  + "Vérifiez les dates et les obligations légales avant de la diffuser.";

const fdrTitre = (plan) => (fdrVide(plan.projet.intitule) ? "Feuille de route" : `Feuille de route${FDR_NB}: ${plan.projet.intitule}`);
const fdrMarques = (a) => [...(a.temps_public ? ["temps public"] : []), ...(a.retour_participants ? ["retour aux participants"] : [])];

function fdrMarkdown(plan, ctx) {
  const NB = FDR_NB;
  const c = plan.collectivite;
  const l = [`# ${fdrMd(fdrTitre(plan))}`, ""];
  l.push((!fdrVide(c.nom) ? `**${fdrMd(c.nom)}** — ` : "") + fdrMd(fdrEnteteCollectivite(plan, ctx)));
  l.push("", "## Le projet", "");
  for (const [k, v] of fdrProjetLignes(plan, ctx)) l.push(`- **${fdrMd(k)}${NB}:** ${fdrMd(v)}`);
  l.push("", "## En bref", "");
  for (const [k, v] of fdrEnBref(plan, ctx)) l.push(`- **${fdrMd(k)}${NB}:** ${fdrMd(v)}`);
  l.push("", "## Phases et actions", "");
  if (!plan.actions.length && !plan.phases.length) l.push("Aucune phase ni action pour l'instant.", "");
  fdrGroupes(plan).forEach(([p, actions], i) => {
    const titre = p ? `${i + 1}. ${p.nom || "Phase sans nom"} (${fdrDatesTexte(p)})` : "Actions sans phase";
    l.push(`### ${fdrMd(titre)}`, "");
    if (!actions.length) {
      l.push("Aucune action dans cette phase.", "");
      return;
    }
    l.push(`| ${FDR_COLONNES.join(" | ")} |`);
    l.push(`|${FDR_COLONNES.map((k) => (k === "Budget" ? "---:" : "---")).join("|")}|`);
    for (const a of actions) {
      const cellules = fdrCellulesAction(a, ctx).map(fdrMd);
      if (fdrMarques(a).length) cellules[0] += ` *(${fdrMd(fdrMarques(a).join(", "))})*`;
      l.push(`| ${cellules.join(" | ")} |`);
    }
    l.push("");
  });
  const obligations = fdrObligations(plan, ctx);
  l.push("## Obligations et possibilités légales", "");
  if (obligations.length) {
    for (const o of obligations) l.push(`- ${fdrMd(o.titre)} (${FDR_NATURES[o.nature]})${o.reserve ? " — à vérifier" : ""}`);
  } else l.push("Aucune obligation déterminée (choisissez un type de projet connu).");
  l.push("", `Détail, sources et réserves${NB}: voir la page «${NB}Stratégie et feuille de route${NB}» du cours.`, "");
  const alertes = fdrVerifier(plan, ctx);
  l.push("## Points de vigilance", "");
  if (alertes.length) for (const a of alertes) l.push(`- **${FDR_NIVEAUX_LIBELLES[a.niveau]}${NB}:** ${fdrMd(a.message)}`);
  else l.push("Aucune remarque.");
  l.push("", `*${fdrMd(FDR_MENTION)}*`, "");
  return l.join("\n");
}

/** La feuille de route en Markdown (tout texte saisi échappé : rien n'est interprété comme du HTML). */
export function versMarkdown(plan, contexte) {
  return fdrMarkdown(validerFeuille(plan), fdrContexte(contexte));
}

const FDR_CSS = `@page { size: A4 landscape; margin: 8mm; }
* { box-sizing: border-box; }
body { font-family: "Marianne", "Segoe UI", Arial, sans-serif; color: #1e1e1e; background: #fff; font-size: 10.5pt; line-height: 1.35; max-width: 1120px; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.55rem; margin: 0 0 .2rem; color: #000091; }
h2 { font-size: 1.1rem; margin: 1rem 0 .35rem; border-bottom: 2px solid #000091; padding-bottom: .1rem; }
p { margin: .25rem 0; }
.collectivite { font-size: 1rem; color: #3a3a3a; }
dl.faits { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; margin: 0; }
dl.faits dt { font-weight: bold; }
dl.faits dd { margin: 0; }
.colonnes { display: grid; grid-template-columns: 1.2fr 1fr 1fr; gap: 0 1.5rem; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
caption { text-align: left; font-weight: bold; padding: .2rem 0; }
th, td { border: 1px solid #8a8a8a; padding: .2rem .35rem; text-align: left; vertical-align: top; }
thead th { background: #e3e3fd; }
tbody th[scope=rowgroup] { background: #f0f0f0; font-size: 9.5pt; }
td.budget { text-align: right; white-space: nowrap; }
td.dates { white-space: nowrap; }
.marque { display: inline-block; font-size: 8pt; border: 1px solid #555; border-radius: 3px; padding: 0 .25rem; margin-left: .25rem; }
ul.obligations { padding-left: 1.1rem; margin: .2rem 0; }
ul.alertes { padding-left: 1.1rem; margin: .2rem 0; }
ul.alertes li { margin: .1rem 0; }
.niveau-erreur { color: #b00020; }
.niveau-attention { color: #8a4b00; }
.niveau-info { color: #1f4e79; }
footer { margin-top: 1rem; font-size: 8.5pt; color: #3a3a3a; border-top: 1px solid #8a8a8a; padding-top: .3rem; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 7.5pt; line-height: 1.2; }
  h1 { font-size: 13pt; }
  .collectivite { font-size: 9pt; }
  h2 { font-size: 10pt; margin: .3rem 0 .15rem; break-after: avoid; }
  table { font-size: 7pt; table-layout: fixed; }
  th, td { padding: .05rem .2rem; }
  thead th:nth-child(1) { width: 18%; }
  thead th:nth-child(2) { width: 10%; }
  thead th:nth-child(3) { width: 10%; }
  thead th:nth-child(4) { width: 6%; }
  thead th:nth-child(5) { width: 24%; }
  thead th:nth-child(6) { width: 10%; }
  thead th:nth-child(7) { width: 6%; }
  thead th:nth-child(8) { width: 16%; }
  td.dates { white-space: normal; }
  tbody th[scope=rowgroup] { font-size: 7.5pt; }
  .marque { font-size: 6.5pt; }
  tr { break-inside: avoid; }
  .annexe { break-before: page; }
}`;

const fdrH = (texte) => texte.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

/** Une liste à puces d'éléments déjà échappés, ou la phrase siVide s'il n'y en a aucun. */
function fdrListeHtml(classe, elements, siVide) {
  if (!elements.length) return [`<p>${siVide}</p>`];
  return [`<ul class="${classe}">`, ...elements.map((e) => `<li>${e}</li>`), "</ul>"];
}

function fdrHtml(plan, ctx) {
  const NB = FDR_NB;
  const c = plan.collectivite;
  const titre = fdrTitre(plan);
  const l = [
    "<!DOCTYPE html>",
    '<html lang="fr">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${fdrH(titre)}</title>`,
    "<style>",
    FDR_CSS,
    "</style>",
    "</head>",
    "<body>",
    "<header>",
    `<h1>${fdrH(titre)}</h1>`,
    `<p class="collectivite">${!fdrVide(c.nom) ? `<strong>${fdrH(c.nom)}</strong> — ` : ""}${fdrH(fdrEnteteCollectivite(plan, ctx))}</p>`,
    "</header>",
    "<main>",
    '<div class="colonnes">',
    '<section aria-labelledby="titre-projet">',
    '<h2 id="titre-projet">Le projet</h2>',
    '<dl class="faits">',
  ];
  for (const [k, v] of fdrProjetLignes(plan, ctx)) l.push(`<dt>${fdrH(k)}</dt><dd>${fdrH(v)}</dd>`);
  l.push("</dl>", "</section>", '<section aria-labelledby="titre-bref">', '<h2 id="titre-bref">En bref</h2>', '<dl class="faits">');
  for (const [k, v] of fdrEnBref(plan, ctx)) l.push(`<dt>${fdrH(k)}</dt><dd>${fdrH(v)}</dd>`);
  l.push("</dl>", "</section>", '<section aria-labelledby="titre-obligations">', '<h2 id="titre-obligations">Obligations et possibilités légales</h2>');
  l.push(...fdrListeHtml(
    "obligations",
    fdrObligations(plan, ctx).map((o) => `${fdrH(o.titre)} (${fdrH(FDR_NATURES[o.nature])})${o.reserve ? " — à vérifier" : ""}`),
    "Aucune obligation déterminée (choisissez un type de projet connu).",
  ));
  l.push(
    `<p>Détail, sources et réserves${NB}: voir la page «${NB}Stratégie et feuille de route${NB}» du cours.</p>`,
    "</section>",
    "</div>",
    '<section aria-labelledby="titre-actions">',
    '<h2 id="titre-actions">Phases et actions</h2>',
  );
  const groupes = fdrGroupes(plan);
  if (!groupes.length) l.push("<p>Aucune phase ni action pour l'instant.</p>");
  else {
    l.push("<table>", "<caption>Actions de la feuille de route, par phase</caption>", "<thead>",
      `<tr>${FDR_COLONNES.map((k) => `<th scope="col">${fdrH(k)}</th>`).join("")}</tr>`, "</thead>");
    groupes.forEach(([p, actions], i) => {
      const titrePhase = p ? `${i + 1}. ${p.nom || "Phase sans nom"} (${fdrDatesTexte(p)})` : "Actions sans phase";
      l.push("<tbody>", `<tr><th scope="rowgroup" colspan="${FDR_COLONNES.length}">${fdrH(titrePhase)}</th></tr>`);
      if (!actions.length) l.push(`<tr><td colspan="${FDR_COLONNES.length}">Aucune action dans cette phase.</td></tr>`);
      for (const a of actions) {
        const cel = fdrCellulesAction(a, ctx).map(fdrH);
        cel[0] += fdrMarques(a).map((m) => ` <span class="marque">${fdrH(m)}</span>`).join("");
        const classes = ["", ' class="dates"', "", "", "", "", ' class="budget"', ""];
        l.push(`<tr>${cel.map((x, k) => `<td${classes[k]}>${x}</td>`).join("")}</tr>`);
      }
      l.push("</tbody>");
    });
    l.push("</table>");
  }
  l.push("</section>", '<section class="annexe" aria-labelledby="titre-vigilance">', '<h2 id="titre-vigilance">Points de vigilance</h2>');
  l.push(...fdrListeHtml(
    "alertes",
    fdrVerifier(plan, ctx).map((a) => `<strong class="niveau-${a.niveau}">${fdrH(FDR_NIVEAUX_LIBELLES[a.niveau])}${NB}:</strong> ${fdrH(a.message)}`),
    "Aucune remarque.",
  ));
  l.push("</section>", "</main>", `<footer><p>${fdrH(FDR_MENTION)}</p></footer>`, "</body>", "</html>", "");
  return l.join("\n");
}

/** La feuille de route imprimable : page HTML autonome (CSS intégré, aucun script, tout texte échappé). */
export function versHTML(plan, contexte) {
  return fdrHtml(validerFeuille(plan), fdrContexte(contexte));
}

// --- iCalendar (mêmes octets que la bibliothèque Python icalendar) -------------

const FDR_PRODID = "-//Atelier innovation territoriale et démocratie participative//Feuille de route//FR";
const fdrTexteIcs = (texte) => texte.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, " ");

/** Échappement TEXT de RFC 5545, dans l'ordre de icalendar (_escape_char). */
function fdrEchapperIcs(texte) {
  return texte.split("\\N").join("\n").replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
    .replace(/\r\n/g, "\\n").replace(/\n/g, "\\n").replace(/\r/g, "\\n");
}

function fdrOctets(caractere) {
  const cp = caractere.codePointAt(0);
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

/** Pliage des lignes à 75 octets, comme icalendar (_foldline). */
function fdrPlier(ligne) {
  const plis = [];
  let courant = [];
  let octets = 0;
  for (const c of ligne) {
    const n = fdrOctets(c);
    if (courant.length && octets + n >= 75) {
      if (courant.length > 1 && (courant[courant.length - 1] === "\\" || courant[courant.length - 1] === "^")) {
        const prefixe = courant.pop();
        plis.push(courant.join(""));
        courant = [prefixe];
        octets = fdrOctets(prefixe);
      } else {
        plis.push(courant.join(""));
        courant = [];
        octets = 0;
      }
    }
    courant.push(c);
    octets += n;
  }
  if (courant.length) plis.push(courant.join(""));
  return plis.join("\r\n ");
}

function fdrUid(plan, action) {
  const racine = [fdrSlug(plan.collectivite.nom), fdrSlug(plan.projet.intitule)].filter((s) => s).join("-") || "feuille-de-route";
  return `${action.id}.${racine}@feuille-de-route.atelier`;
}

function fdrDescriptionIcs(plan, a, ctx) {
  const lignes = [
    ["Phase", fdrNomPhase(plan, a.phase) || "sans phase"],
    ["Dispositif", fdrNomDispositif(ctx, a.dispositif) || "étape interne"],
    ["Niveau de participation", a.niveau_iap2 || "étape interne"],
    ["Publics", a.publics.map((p) => fdrNomPublic(ctx, p)).join(", ") || "non précisés"],
    ["Responsable", a.responsable || "à désigner"],
    ["Budget", fdrEuros(a.budget)],
    ["Indicateur", a.indicateur || "à définir"],
    ["Temps public", a.temps_public ? "oui" : "non"],
    ["Retour aux participants", a.retour_participants ? "oui" : "non"],
    ["Projet", [plan.projet.intitule, plan.collectivite.nom].filter((x) => !fdrVide(x)).join(" — ") || "sans titre"],
  ];
  return lignes.map(([k, v]) => `${k}${FDR_NB}: ${v}`).join("\n");
}

function fdrHorodatage(horodatage) {
  const d = horodatage === undefined || horodatage === null ? new Date() : new Date(horodatage);
  const deux = (x) => String(x).padStart(2, "0");
  return `${d.getUTCFullYear()}${deux(d.getUTCMonth() + 1)}${deux(d.getUTCDate())}T${deux(d.getUTCHours())}${deux(d.getUTCMinutes())}${deux(d.getUTCSeconds())}Z`;
}

function fdrIcs(plan, ctx, horodatage) {
  const stamp = fdrHorodatage(horodatage);
  const lignes = ["BEGIN:VCALENDAR", "VERSION:2.0", `PRODID:${fdrEchapperIcs(FDR_PRODID)}`, "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  const dateIcs = (iso) => iso.replace(/-/g, "");
  for (const a of fdrActionsOrdonnees(plan)) {
    const b = fdrCoherent(a);
    if (!b) continue;
    lignes.push(
      "BEGIN:VEVENT",
      `SUMMARY:${fdrEchapperIcs(fdrTexteIcs(fdrVide(a.intitule) ? "Action sans intitulé" : a.intitule))}`,
      `DTSTART;VALUE=DATE:${dateIcs(b[0])}`,
      `DTEND;VALUE=DATE:${dateIcs(fdrIsoDeJour(fdrJour(b[1]) + 1))}`,
      `DTSTAMP:${stamp}`,
      `UID:${fdrEchapperIcs(fdrTexteIcs(fdrUid(plan, a)))}`,
      `DESCRIPTION:${fdrEchapperIcs(fdrTexteIcs(fdrDescriptionIcs(plan, a, ctx)))}`,
      "END:VEVENT",
    );
  }
  lignes.push("END:VCALENDAR");
  return lignes.map((x) => `${fdrPlier(x)}\r\n`).join("");
}

/** Les actions datées en iCalendar (RFC 5545) : un événement d'une ou plusieurs journées
 *  entières par action, UID stable. `horodatage` (ISO ou Date) fixe DTSTAMP ; par défaut, maintenant. */
export function versICS(plan, contexte, horodatage) {
  return fdrIcs(validerFeuille(plan), fdrContexte(contexte), horodatage);
}
