import type { ActorKind } from '../../actors/domain/actor';
import { isCameoEventCode } from '../../records/domain/cameo-goldstein';
import type { RecordKind, ThreatInstrument } from '../../records/domain/record';

/**
 * CAMEO, as GDELT and ICEWS use it. Source: Schrodt, P. A. (2012), "CAMEO Conflict and
 * Mediation Event Observations Event and Actor Codebook", v1.1b3 (event codes, ch. 2;
 * actor codes, ch. 4), and the GDELT 2.0 Event Codebook V2.0 (QuadClass, actor type
 * codes: http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf).
 */

export type QuadClass = 1 | 2 | 3 | 4;

/**
 * An event code the CAMEO codebook lists (`043`, `1312`): the importers skip any other
 * row as `unknown-code`, a shape-valid but unlisted `0999` as much as GDELT's `---`.
 */
export function isCameoCode(code: string): boolean {
  return isCameoEventCode(code);
}

/**
 * The QuadClass of a CAMEO root: 01–05 verbal cooperation, 06–09 material cooperation,
 * 10–14 verbal conflict, 15–20 material conflict. This is GDELT's own QuadClass by root
 * (checked on every row of the 2015-02-18 23:00 export: no exception), used for ICEWS,
 * which ships no QuadClass.
 */
export function quadClassOfCode(code: string): QuadClass {
  const root = Number(code.slice(0, 2));
  if (root <= 5) return 1;
  if (root <= 9) return 2;
  if (root <= 14) return 3;
  return 4;
}

/**
 * What a threat threatens, by its CAMEO code (ch. 2, root 13 THREATEN): 1311 threaten
 * to reduce or stop aid → economic; 1312 threaten to boycott, embargo or sanction →
 * sanction; 1313 threaten to reduce or break relations, 134 to halt negotiations, 135
 * to halt mediation, 136 to halt international involvement → diplomatic; 138 threaten
 * with military force (1381 blockade … 1385 WMD) → military; anything else (130, 131,
 * 132x administrative sanctions, 133 dissent, 137 repression, 139 ultimatum) → other.
 */
export function threatInstrumentOf(code: string): ThreatInstrument {
  if (code === '1312') return 'sanction';
  if (code === '1311') return 'economic';
  if (code === '1313' || ['134', '135', '136'].some((base) => code.startsWith(base))) {
    return 'diplomatic';
  }
  if (code.startsWith('138')) return 'military';
  return 'other';
}

/** CAMEO 016, "deny responsibility": the one code that is a denial. */
export const CAMEO_DENY_RESPONSIBILITY = '016';

/**
 * The record kind of a CAMEO-coded row: root 13 a threat, 016 a denial, then verbal
 * rows (QuadClass 1 and 3) statements and material ones (2 and 4) actions.
 */
export function kindOfCameo(code: string, quadClass: QuadClass): RecordKind {
  if (code.startsWith('13')) return 'threat';
  if (code === CAMEO_DENY_RESPONSIBILITY) return 'denial';
  return quadClass === 1 || quadClass === 3 ? 'statement' : 'action';
}

/**
 * CAMEO's region codes (codebook ch. 4, "Regions"): they stand where a country code
 * would, but name no state. A region is an actor of its own (`afr`, "Africa", a
 * coalition), affiliated to nothing; the actors below it are affiliated to it.
 */
export const CAMEO_REGION_NAMES: ReadonlyMap<string, string> = new Map([
  ['AFR', 'Africa'],
  ['ASA', 'Asia'],
  ['BLK', 'Balkans'],
  ['CRB', 'Caribbean'],
  ['CAU', 'Caucasus'],
  ['CFR', 'Central Africa'],
  ['CAS', 'Central Asia'],
  ['CEU', 'Central Europe'],
  ['EIN', 'East Indies'],
  ['EAF', 'Eastern Africa'],
  ['EEU', 'Eastern Europe'],
  ['EUR', 'Europe'],
  ['LAM', 'Latin America'],
  ['MEA', 'Middle East'],
  ['MDT', 'Mediterranean'],
  ['NAF', 'North Africa'],
  ['NMR', 'North America'],
  ['PGS', 'Persian Gulf'],
  ['SCN', 'Scandinavia'],
  ['SAM', 'South America'],
  ['SAS', 'South Asia'],
  ['SEA', 'Southeast Asia'],
  ['SAF', 'Southern Africa'],
  ['WAF', 'West Africa'],
  ['WST', 'The West'],
]);

export const CAMEO_REGIONS: ReadonlySet<string> = new Set(CAMEO_REGION_NAMES.keys());

/**
 * CAMEO's country codes that are not ISO 3166-1 alpha-3 (codebook ch. 4 keeps a few
 * older codes), to the ISO code of the same state.
 */
export const CAMEO_NON_ISO_COUNTRIES: ReadonlyMap<string, string> = new Map([
  ['ROM', 'ROU'], // Romania
  ['ZAR', 'COD'], // Zaire: Democratic Republic of the Congo
  ['TMP', 'TLS'], // East Timor: Timor-Leste
]);

/**
 * Codes that begin an international or transnational actor (codebook ch. 4: IGO
 * inter-governmental organisation, NGO non-governmental organisation, NGM
 * non-governmental movement, MNC multinational corporation). GDELT sometimes fills
 * such an actor's country column (`NGOUSAJEWGOV`, country `USA`), which would wrongly
 * make it a part of that state, so each is an actor of its own (`igo-uno`), affiliated
 * to nothing, unless the actor map places it.
 */
export const CAMEO_TRANSNATIONAL_PREFIXES: readonly string[] = ['IGO', 'NGO', 'NGM', 'MNC'];

/**
 * CAMEO's actor role (type) codes, the three letters after a country code (`USAGOV`):
 * the English label, and the parley actor kind an actor with that first role takes.
 * State institutions are `government`; every other role names a sector or a group of
 * people, for which `organisation` is parley's nearest kind. An unlisted code keeps the
 * code as its label and is an organisation.
 */
export const CAMEO_ROLES: ReadonlyMap<
  string,
  { readonly label: string; readonly kind: ActorKind }
> = new Map<string, { label: string; kind: ActorKind }>([
  ['GOV', { label: 'government', kind: 'government' }],
  ['MIL', { label: 'military', kind: 'government' }],
  ['COP', { label: 'police', kind: 'government' }],
  ['JUD', { label: 'judiciary', kind: 'government' }],
  ['LEG', { label: 'legislature', kind: 'government' }],
  ['SPY', { label: 'state intelligence', kind: 'government' }],
  ['OPP', { label: 'political opposition', kind: 'organisation' }],
  ['PTY', { label: 'political party', kind: 'organisation' }],
  ['REB', { label: 'rebels', kind: 'organisation' }],
  ['INS', { label: 'insurgents', kind: 'organisation' }],
  ['SEP', { label: 'separatist rebels', kind: 'organisation' }],
  ['UAF', { label: 'unaligned armed forces', kind: 'organisation' }],
  ['AGR', { label: 'agriculture', kind: 'organisation' }],
  ['BUS', { label: 'business', kind: 'organisation' }],
  ['CRM', { label: 'criminal', kind: 'organisation' }],
  ['CVL', { label: 'civilians', kind: 'organisation' }],
  ['DEV', { label: 'development', kind: 'organisation' }],
  ['EDU', { label: 'education', kind: 'organisation' }],
  ['ELI', { label: 'elites', kind: 'organisation' }],
  ['ENV', { label: 'environmental', kind: 'organisation' }],
  ['HLH', { label: 'health', kind: 'organisation' }],
  ['HRI', { label: 'human rights', kind: 'organisation' }],
  ['LAB', { label: 'labour', kind: 'organisation' }],
  ['MED', { label: 'media', kind: 'organisation' }],
  ['REF', { label: 'refugees', kind: 'organisation' }],
  ['MOD', { label: 'moderate', kind: 'organisation' }],
  ['RAD', { label: 'radical', kind: 'organisation' }],
  ['SET', { label: 'settlers', kind: 'organisation' }],
]);
