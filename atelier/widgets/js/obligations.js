// Obligations légales de participation et calendrier (fériés, vacances scolaires,
// période préélectorale) : fonctions pures, miroir de atelier/obligations.py et
// atelier/calendrier.py, vérifiées par les vecteurs tests/vecteurs/obligations.json.
// Elles lisent les données fournies par Python : `regles` (regles_pour_navigateur())
// et `calendrier` (calendrier_pour_navigateur()). Aucune dépendance.

const OBL_NB = "\u00a0";
const OBL_ZONES = ["A", "B", "C"];

function oblRepr(valeur) {
  if (typeof valeur === "number" && !Number.isFinite(valeur)) return "null";
  return JSON.stringify(valeur);
}

function oblTexte(valeur) {
  return typeof valeur === "string" ? valeur : oblRepr(valeur);
}

function oblNombre(x) {
  return Number.isInteger(x) ? String(x) : String(x).replace(".", ",");
}

function oblListe(ids) {
  return ids.map((id) => `«${OBL_NB}${id}${OBL_NB}»`).join(", ");
}

const oblPossede = (objet, cle) => Object.prototype.hasOwnProperty.call(objet, cle);

/** La collectivité vérifiée et normalisée ; lève une Error au message identique à Python. */
export function validerCollectivite(regles, collectivite) {
  const NB = OBL_NB;
  if (collectivite === null || typeof collectivite !== "object" || Array.isArray(collectivite)) {
    throw new Error("La collectivité doit être décrite par son type et sa population.");
  }
  const types = regles.types_collectivite.map((t) => t.id);
  const type = collectivite.type;
  if (type === undefined || type === null || type === "") {
    throw new Error(`Choisissez le type de collectivité${NB}: ${oblListe(types)}.`);
  }
  if (typeof type !== "string" || !types.includes(type)) {
    throw new Error(`Type de collectivité inconnu${NB}: «${NB}${oblTexte(type)}${NB}». Types possibles${NB}: ${oblListe(types)}.`);
  }
  let population = collectivite.population;
  if (typeof population === "string") {
    const recu = ` (reçu${NB}: «${NB}${population}${NB}»)`;
    const texte = population.replace(/[ \t\n\r\u00a0\u202f]/g, "");
    if (texte === "") population = null;
    else if (/^[+-]?[0-9]+([.,][0-9]+)?$/.test(texte)) population = Number(texte.replace(",", "."));
    else throw new Error(`La population doit être un nombre d'habitants${recu}.`);
  }
  if (population === undefined || population === null) {
    throw new Error("Indiquez la population de la collectivité (nombre d'habitants).");
  }
  if (typeof population !== "number" || !Number.isFinite(population)) {
    throw new Error(`La population doit être un nombre d'habitants (reçu${NB}: ${oblRepr(population)}).`);
  }
  if (population <= 0) throw new Error(`La population doit être supérieure à zéro (reçu${NB}: ${oblNombre(population)}).`);
  if (!Number.isInteger(population)) throw new Error(`La population doit être un nombre entier d'habitants (reçu${NB}: ${oblNombre(population)}).`);
  if (oblPossede(collectivite, "zone_scolaire")) {
    const zone = collectivite.zone_scolaire;
    if (zone === null || zone === undefined || zone === "") throw new Error("Choisissez la zone de vacances scolaires de la collectivité (A, B ou C).");
    if (typeof zone !== "string" || !OBL_ZONES.includes(zone)) {
      throw new Error(`Zone de vacances scolaires inconnue${NB}: «${NB}${oblTexte(zone)}${NB}». Zones possibles${NB}: A, B ou C.`);
    }
  }
  if (oblPossede(collectivite, "alsace_moselle") && typeof collectivite.alsace_moselle !== "boolean") {
    throw new Error("L'indication Alsace-Moselle doit être oui ou non (vrai ou faux).");
  }
  return { ...collectivite, type, population };
}

/** Le type de projet vérifié (vide → « autre ») ; Error au message identique à Python. */
export function validerTypeProjet(regles, typeProjet) {
  if (typeProjet === undefined || typeProjet === null || typeProjet === "") return "autre";
  const ids = regles.types_projet.map((t) => t.id);
  if (typeof typeProjet !== "string" || !ids.includes(typeProjet)) {
    throw new Error(`Type de projet inconnu${OBL_NB}: «${OBL_NB}${oblTexte(typeProjet)}${OBL_NB}». Types possibles${OBL_NB}: ${oblListe(ids)}.`);
  }
  return typeProjet;
}

function oblSApplique(conditions, c, typeProjet) {
  if (conditions.types_collectivite != null && !conditions.types_collectivite.includes(c.type)) return false;
  if (conditions.population_min != null && c.population < conditions.population_min) return false;
  if (conditions.population_max != null && c.population > conditions.population_max) return false;
  return conditions.types_projet == null || conditions.types_projet.includes(typeProjet);
}

/** Les obligations, possibilités et procédures applicables (ordre du fichier de règles). */
export function obligationsApplicables(regles, collectivite, typeProjet) {
  const c = validerCollectivite(regles, collectivite);
  const type = validerTypeProjet(regles, typeProjet);
  return regles.regles
    .filter((r) => oblSApplique(r.conditions || {}, c, type))
    .map((r) => ({
      id: r.id, nature: r.nature, titre: r.titre, explication: r.explication,
      faits: [...r.faits], sources: r.sources.map((s) => ({ ...s })), reserve: r.reserve ?? null,
    }));
}

/** Durées fixées par la loi, par identifiant de dispositif (voir durees_legales en Python). */
export function dureesLegales(regles, typeProjet) {
  const resultat = {};
  for (const d of regles.durees_legales) {
    const { dispositif, min_jours_sans_evaluation_environnementale: sansEE, ...entree } = d;
    const copie = JSON.parse(JSON.stringify(entree));
    if (sansEE != null && ![undefined, null, "", "projet-evaluation-environnementale"].includes(typeProjet)) copie.min_jours = sansEE;
    resultat[dispositif] = copie;
  }
  return resultat;
}

/** Une date ISO stricte, en jour UTC ; Error au message identique à Python. */
export function oblLireDate(valeur) {
  const texte = typeof valeur === "string" ? valeur : oblRepr(valeur);
  if (valeur === null || valeur === undefined || texte.trim() === "") throw new Error(`Date manquante (attendu${OBL_NB}: AAAA-MM-JJ).`);
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(texte);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || Number(m[1]) < 1 || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new Error(`Date invalide${OBL_NB}: «${OBL_NB}${texte}${OBL_NB}» (attendu${OBL_NB}: AAAA-MM-JJ).`);
  }
  return d;
}

const oblIso = (d) => d.toISOString().slice(0, 10);

/** La même date `mois` mois plus tard, ramenée au dernier jour du mois si besoin. */
function oblAjouterMois(d, mois) {
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + mois;
  const annee = Math.floor(total / 12);
  const m = total - annee * 12;
  const dernier = new Date(Date.UTC(annee, m + 1, 0)).getUTCDate();
  const r = new Date(Date.UTC(2000, m, Math.min(d.getUTCDate(), dernier)));
  r.setUTCFullYear(annee);
  return r;
}

const OBL_JOUR = 86400000;

/** Écart entre la durée d'une action (dates incluses) et la durée légale de son dispositif, ou null. */
export function ecartDureeLegale(regles, dispositif, debut, fin, typeProjet) {
  const regle = dureesLegales(regles, typeProjet)[dispositif];
  if (regle === undefined) return null;
  const d0 = oblLireDate(debut);
  const d1 = oblLireDate(fin);
  const jours = Math.round((d1 - d0) / OBL_JOUR) + 1;
  if (regle.min_jours != null && jours < regle.min_jours) {
    return { dispositif, ecart: "trop-court", jours, limite: regle.min_jours, texte: regle.texte };
  }
  if (regle.max_mois != null) {
    const dernier = new Date(oblAjouterMois(d0, regle.max_mois) - OBL_JOUR);
    if (d1 > dernier) {
      const prolonge = new Date(oblAjouterMois(d0, regle.max_mois + (regle.prolongation_mois || 0)) - OBL_JOUR);
      if (regle.prolongation_mois && d1 <= prolonge) {
        return { dispositif, ecart: "prolongation", jours, limite: oblIso(dernier), texte: regle.texte };
      }
      return { dispositif, ecart: "trop-long", jours, limite: oblIso(prolonge), texte: regle.texte };
    }
  }
  if (regle.max_jours != null && jours > regle.max_jours) {
    return { dispositif, ecart: "trop-long", jours, limite: regle.max_jours, texte: regle.texte };
  }
  return null;
}

const oblDansPlage = (calendrier, iso) => calendrier.debut <= iso && iso <= calendrier.fin;

/** Ce que le calendrier couvre pour cette date : {feries, vacances} (booléens). */
export function calendrierVerifie(calendrier, iso) {
  iso = oblIso(oblLireDate(iso));
  const plage = oblDansPlage(calendrier, iso);
  const v = calendrier.vacances;
  return { feries: plage, vacances: plage && v.connues_jusqu_au !== null && v.connues_depuis <= iso && iso <= v.connues_jusqu_au };
}

/** Nom français du jour férié, null, ou calendrier.non_verifie hors de la plage couverte. */
export function jourFerie(calendrier, iso, alsaceMoselle = false) {
  iso = oblIso(oblLireDate(iso));
  if (!oblDansPlage(calendrier, iso)) return calendrier.non_verifie;
  if (oblPossede(calendrier.feries, iso)) return calendrier.feries[iso];
  if (alsaceMoselle && oblPossede(calendrier.feries_alsace_moselle, iso)) return calendrier.feries_alsace_moselle[iso];
  return null;
}

/** Nom des vacances scolaires de la zone, null, ou calendrier.non_verifie si le calendrier scolaire n'est pas connu. */
export function vacancesScolaires(calendrier, iso, zone) {
  iso = oblIso(oblLireDate(iso));
  if (typeof zone !== "string" || !OBL_ZONES.includes(zone)) {
    throw new Error(`Zone de vacances scolaires inconnue${OBL_NB}: «${OBL_NB}${oblTexte(zone)}${OBL_NB}». Zones possibles${OBL_NB}: A, B ou C.`);
  }
  if (!calendrierVerifie(calendrier, iso).vacances) return calendrier.non_verifie;
  const periode = calendrier.vacances.zones[zone].find(([debut, fin]) => debut <= iso && iso <= fin);
  return periode ? periode[2] : null;
}

/** La période de l'art. L52-1 du Code électoral qui couvre cette date pour ce type de collectivité, ou null. */
export function periodePreelectorale(calendrier, iso, typeCollectivite) {
  iso = oblIso(oblLireDate(iso));
  const types = ["commune", "epci", "departement", "region"];
  if (typeof typeCollectivite !== "string" || !types.includes(typeCollectivite)) {
    throw new Error(`Type de collectivité inconnu${OBL_NB}: «${OBL_NB}${oblTexte(typeCollectivite)}${OBL_NB}».`);
  }
  for (const p of calendrier.elections) {
    if (!(p.debut <= iso && iso <= p.fin)) continue;
    let condition;
    let texte;
    if (p.collectivites.includes(typeCollectivite)) {
      condition = null;
      texte = p.texte;
    } else if (p.collectivites_si_candidat.includes(typeCollectivite)) {
      condition = "si un ou une élue de la majorité est candidate";
      texte = p.texte_si_candidat;
    } else continue;
    return {
      election: p.election, nom: p.nom, statut: p.statut, date_scrutin: p.date_scrutin, debut: p.debut, fin: p.fin,
      texte, condition, reserve: p.reserve ?? null, source: { ...p.source }, sources_date: p.sources_date.map((s) => ({ ...s })),
    };
  }
  return null;
}
