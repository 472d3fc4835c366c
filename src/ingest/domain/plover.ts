import type { ThreatInstrument } from '../../records/domain/record';
import type { QuadClass } from './cameo';

/**
 * PLOVER, the ontology POLECAT is coded in. Source: the PLOVER codebook,
 * https://github.com/openeventdata/PLOVER (PLOVER_MANUAL.tex, ch. "Event Categories":
 * each type's quad category; its README's CAMEO → PLOVER table; CAMEO2PLOVER-2021.txt).
 *
 * - `quad`: the codebook's quad category of the type (SANCTION is MATERIAL CONFLICT in
 *   the manual, though the README's summary table lists it as verbal).
 * - `cameoRoot`: the CAMEO root the README's table maps to the type, where it maps one
 *   root only. ASSAULT takes 18, 19 and 20 and keeps no code; ACCUSE takes 11
 *   (disapprove, accuse) and 09 (investigate), chosen by its mode; CRIME has none.
 *
 * DEMAND, DISAPPROVE, INVESTIGATE and CRIME are earlier PLOVER types (the README's quad
 * table), kept so older POLECAT files still map; the manual now has REQUEST and ACCUSE.
 * PLOVER has no denial: CAMEO's 01 MAKE PUBLIC STATEMENT, where 016 DENY RESPONSIBILITY
 * sits, was dropped, so a POLECAT row is never a denial.
 */
export const PLOVER_TYPES: ReadonlyMap<
  string,
  { readonly quad: QuadClass; readonly cameoRoot?: string }
> = new Map<string, { quad: QuadClass; cameoRoot?: string }>([
  ['AGREE', { quad: 1, cameoRoot: '03' }],
  ['CONSULT', { quad: 1, cameoRoot: '04' }],
  ['SUPPORT', { quad: 1, cameoRoot: '05' }],
  ['CONCEDE', { quad: 1, cameoRoot: '08' }],
  ['COOPERATE', { quad: 2, cameoRoot: '06' }],
  ['AID', { quad: 2, cameoRoot: '07' }],
  ['RETREAT', { quad: 2, cameoRoot: '08' }],
  ['REQUEST', { quad: 3, cameoRoot: '10' }],
  ['ACCUSE', { quad: 3, cameoRoot: '11' }],
  ['REJECT', { quad: 3, cameoRoot: '12' }],
  ['THREATEN', { quad: 3, cameoRoot: '13' }],
  ['PROTEST', { quad: 4, cameoRoot: '14' }],
  ['SANCTION', { quad: 4, cameoRoot: '16' }],
  ['MOBILIZE', { quad: 4, cameoRoot: '15' }],
  ['COERCE', { quad: 4, cameoRoot: '17' }],
  ['ASSAULT', { quad: 4 }],
  ['DEMAND', { quad: 3, cameoRoot: '10' }],
  ['DISAPPROVE', { quad: 3, cameoRoot: '11' }],
  ['INVESTIGATE', { quad: 2, cameoRoot: '09' }],
  ['CRIME', { quad: 4 }],
]);

/** The nearest CAMEO root of a PLOVER type and mode, when the codebook gives one. */
export function cameoRootOf(type: string, mode: string): string | undefined {
  if (type === 'ACCUSE' && mode === 'investigate') return '09';
  return PLOVER_TYPES.get(type)?.cameoRoot;
}

/** POLECAT's Quad Code column, by its words. */
export const POLECAT_QUAD_CODES: ReadonlyMap<string, QuadClass> = new Map([
  ['VERBAL COOPERATION', 1],
  ['MATERIAL COOPERATION', 2],
  ['VERBAL CONFLICT', 3],
  ['MATERIAL CONFLICT', 4],
]);

/**
 * What a PLOVER threat threatens. In THREATEN the mode is the threat's content (manual,
 * THREATEN modes); the context says about what (CAMEO2PLOVER-2021.txt maps 1312
 * sanctions to `restrict` + economic, 1381 blockade to `restrict` + military, 138x
 * force to `violence` + military):
 * - `relations` (suspend relations or talks), `expel` (diplomats, peacekeepers, NGOs) → diplomatic
 * - `restrict` with the economic context → sanction; with the military context → military
 * - `territory` (occupy, seize) → military; `violence` with the military or cbrn context → military
 * - anything else (`arrest`, `restrict` or `violence` otherwise, no mode) → other
 */
export function ploverThreatInstrument(
  mode: string,
  contexts: readonly string[],
): ThreatInstrument {
  const military = contexts.includes('military') || contexts.includes('cbrn');
  switch (mode) {
    case 'relations':
    case 'expel':
      return 'diplomatic';
    case 'restrict':
      if (contexts.includes('economic')) return 'sanction';
      return military ? 'military' : 'other';
    case 'territory':
      return 'military';
    case 'violence':
      return military ? 'military' : 'other';
    default:
      return 'other';
  }
}
