import type { ActorProfile } from '../../actors/domain/actor';
import type { RecordDraft } from '../../records/domain/record';

/**
 * One row of a dataset file as its reader found it: the fields split on tabs, and the
 * 1-based line it started on. The header formats (ICEWS, POLECAT) also carry their
 * file's header, one shared array for every row, so a row is mapped by column name.
 */
export interface DatasetRow {
  readonly line: number;
  readonly fields: readonly string[];
  readonly header?: readonly string[];
}

/**
 * Why a well-formed row makes no record. A closed list: an import report counts rows by
 * it, and README "Importing event data" explains each. Every two-sided row with a known
 * code makes a record, its actors in no state (a region, an international organisation,
 * one coded without a country) included, unless it names one actor twice or names a
 * country no table knows.
 */
export const SKIP_REASONS = [
  /** No source or no target actor: parley's records are directed dyads. */
  'one-sided',
  /** The event code is not a CAMEO code (2–4 digits under a root 01–20), or the PLOVER type is not in the codebook. */
  'unknown-code',
  /** Source and target are the same actor once mapped (`USA` → `USA`). */
  'same-actor',
  /** A CAMEO code neither ISO 3166 nor the table of CAMEO's own country codes knows, or a country name nobody knows. */
  'unknown-country',
  /** POLECAT's compound actor or recipient (several entities in one field). */
  'compound-actor',
  /** An actor name with nothing to make an id of (no letter or digit once transliterated). */
  'unnamed-actor',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/**
 * An actor a row needs: its profile, and the country it belongs to when it is below one
 * (`usa-gov` in `usa`). The importer registers it unless it exists.
 */
export interface DatasetActor {
  readonly profile: ActorProfile;
  readonly affiliation?: { readonly parent: string; readonly from: string; readonly role?: string };
}

/**
 * An operator's folding of dataset actors into parley's: a dataset code or name (GDELT
 * `USAGOV`, ICEWS `Foreign Affairs (Russia)`, POLECAT `Vladimir Putin`) → an existing
 * actor id. Applied before anything else is derived from the actor, so a mapped actor
 * is never skipped for its country and never registered again.
 */
export type ActorMap = ReadonlyMap<string, string>;

/** What became of one row. */
export type RowOutcome =
  | {
      readonly status: 'record';
      readonly draft: RecordDraft;
      /** Every actor the draft names that the actor map did not: countries first, then the actors below them. */
      readonly actors: readonly DatasetActor[];
    }
  | { readonly status: 'skipped'; readonly line: number; readonly reason: SkipReason }
  | {
      readonly status: 'refused';
      readonly line: number;
      /** The codebook's column name (`SQLDATE`, `Event Date`), or `row` for the row as a whole. */
      readonly field: string;
      readonly message: string;
    };

export interface MappingOptions {
  readonly actorMap?: ActorMap;
}
