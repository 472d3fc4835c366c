import type { RecordKind } from './record';

/**
 * Goldstein conflict–cooperation weights for CAMEO event codes, [-10, +10].
 *
 * Source: the CAMEO codebook's Goldstein mapping as distributed with the KEDS/TABARI
 * and Phoenix event-data projects (Goldstein, J. S. 1992, "A Conflict-Cooperation
 * Scale for WEIS Events Data", Journal of Conflict Resolution 36(2); Schrodt 2012,
 * "CAMEO Conflict and Mediation Event Observations Codebook" v1.1b3). Codes not
 * listed take the weight of their nearest listed parent (1312 → 131 → 13).
 *
 * This table is versioned data: changing a weight means bumping `version`, and the
 * tone projection's version with it, so a rebuild re-scores history.
 */
/** A versioned CAMEO → Goldstein table: the weights, and each kind's weight when a record has no code. */
export interface IntensityTable {
  readonly version: number;
  readonly weights: Readonly<Record<string, number>>;
  /** `code` is the kind's generic CAMEO code, or `''` when the kind has none. */
  readonly kindDefaults: Readonly<
    Record<RecordKind, { readonly code: string; readonly weight: number }>
  >;
}

export const CAMEO_GOLDSTEIN: IntensityTable = {
  version: 1,
  weights: {
    '01': 0.0, // make public statement
    '010': 0.0,
    '011': -0.1, // decline comment
    '012': -0.4, // make pessimistic comment
    '013': 0.4, // make optimistic comment
    '014': 0.0, // consider policy option
    '015': 0.0, // acknowledge or claim responsibility
    '016': -2.0, // deny responsibility
    '017': 0.0, // engage in symbolic act
    '018': 3.4, // make empathetic comment
    '019': 3.4, // express accord
    '02': 3.0, // appeal
    '03': 4.0, // express intent to cooperate
    '036': 4.0, // express intent to meet or negotiate
    '04': 1.0, // consult
    '041': 1.0, // discuss by telephone
    '042': 1.9, // make a visit
    '043': 2.8, // host a visit
    '044': 2.5, // meet at a third location
    '045': 5.0, // mediate
    '046': 7.0, // engage in negotiation
    '05': 3.5, // engage in diplomatic cooperation
    '051': 3.4, // praise or endorse
    '057': 8.0, // sign formal agreement
    '06': 6.0, // engage in material cooperation
    '07': 7.0, // provide aid
    '08': 5.0, // yield
    '09': -2.0, // investigate
    '10': -5.0, // demand
    '11': -2.0, // disapprove
    '111': -2.0, // criticize or denounce
    '112': -2.0, // accuse
    '12': -4.0, // reject
    '120': -4.0,
    '125': -5.0, // reject proposal to meet, discuss or negotiate
    '128': -5.0, // defy norms, law
    '13': -6.0, // threaten
    '130': -4.4, // threaten, not specified below
    '131': -5.8, // threaten non-force
    '1312': -5.8, // threaten with sanctions, boycott, embargo
    '132': -5.8, // threaten with administrative sanctions
    '134': -5.8, // threaten to halt negotiations
    '136': -7.0, // threaten to halt international involvement
    '137': -7.0, // threaten with repression
    '138': -7.0, // threaten to use military force
    '139': -7.0, // give ultimatum
    '14': -6.5, // protest
    '15': -7.2, // exhibit military posture
    '16': -4.0, // reduce relations
    '17': -7.0, // coerce
    '18': -9.0, // assault
    '19': -10.0, // fight
    '20': -10.0, // use unconventional mass violence
  },
  /**
   * Weights for a record with no code: the kind's generic CAMEO code. A material act
   * has none: CAMEO's material categories run from providing aid (07, +7.0) to fighting
   * (19, −10.0), so an `action` without a code (and without its dataset row's own
   * weight, `origin.intensity`, which always wins) claims no direction: 0.0, the
   * scale's midpoint, the weight of a plain statement. Adding it changed no existing
   * record's weight, so the table's version stayed.
   */
  kindDefaults: {
    statement: { code: '010', weight: 0.0 },
    threat: { code: '130', weight: -4.4 },
    denial: { code: '016', weight: -2.0 },
    action: { code: '', weight: 0.0 },
  },
};
