import { canonicalJson } from '../../common/canonical-json';
import { NotFound, Refused } from '../../common/domain-error';
import {
  applyChanges,
  kindRuleBroken,
  type RecordChanges,
  type RecordDraft,
  type RecordKind,
  type ThreatOutcome,
} from './record';

/** One stream per directed dyad holds that relationship's records and their corrections. */
export function dyadStream(source: string, target: string): string {
  return `dyad-${source}~${target}`;
}

export const RECORD_CREATED_TYPES = {
  statement: 'StatementRecorded',
  threat: 'ThreatIssued',
  denial: 'DenialIssued',
  action: 'ActionRecorded',
} as const satisfies Record<RecordKind, string>;

export type RecordCreatedType = (typeof RECORD_CREATED_TYPES)[RecordKind];

export interface RecordCreatedData extends Omit<RecordDraft, 'id'> {
  readonly recordId: string;
}
export interface RecordCorrectedData {
  readonly recordId: string;
  readonly changes: RecordChanges;
  readonly reason: string;
}
export interface RecordRetractedData {
  readonly recordId: string;
  readonly reason: string;
}
export interface ThreatOutcomeData {
  readonly recordId: string;
  readonly outcome: ThreatOutcome;
  readonly occurredAt: string;
  readonly note?: string;
}

export type DyadEvent =
  | { readonly type: RecordCreatedType; readonly data: RecordCreatedData }
  | { readonly type: 'RecordCorrected'; readonly data: RecordCorrectedData }
  | { readonly type: 'RecordRetracted'; readonly data: RecordRetractedData }
  | { readonly type: 'ThreatOutcomeRecorded'; readonly data: ThreatOutcomeData };

export type DyadEventType = DyadEvent['type'];

export const DYAD_EVENT_TYPES: readonly DyadEventType[] = [
  ...Object.values(RECORD_CREATED_TYPES),
  'RecordCorrected',
  'RecordRetracted',
  'ThreatOutcomeRecorded',
];

export function isRecordCreated(
  event: DyadEvent,
): event is Extract<DyadEvent, { type: RecordCreatedType }> {
  return (Object.values(RECORD_CREATED_TYPES) as string[]).includes(event.type);
}

export function draftFromCreated(data: RecordCreatedData): RecordDraft {
  const { recordId, ...fields } = data;
  return { id: recordId, ...fields };
}

export interface RecordState {
  /** As first recorded: a retried creation is compared with this. */
  readonly original: RecordDraft;
  readonly current: RecordDraft;
  readonly retracted: boolean;
  readonly outcome?: ThreatOutcomeData;
}

export type DyadState = ReadonlyMap<string, RecordState>;
export const initialDyadState: DyadState = new Map();

export type DyadCommand =
  | { readonly type: 'CreateRecord'; readonly record: RecordDraft }
  | {
      readonly type: 'CorrectRecord';
      readonly recordId: string;
      readonly changes: RecordChanges;
      readonly reason: string;
    }
  | { readonly type: 'RetractRecord'; readonly recordId: string; readonly reason: string }
  | { readonly type: 'RecordThreatOutcome'; readonly outcome: ThreatOutcomeData };

export function evolveDyad(state: DyadState, event: DyadEvent): DyadState {
  const next = new Map(state);
  if (isRecordCreated(event)) {
    const record = draftFromCreated(event.data);
    next.set(record.id, { original: record, current: record, retracted: false });
    return next;
  }
  const existing = state.get(event.data.recordId);
  if (!existing) return state;
  switch (event.type) {
    case 'RecordCorrected':
      next.set(existing.current.id, {
        ...existing,
        current: applyChanges(existing.current, event.data.changes),
      });
      break;
    case 'RecordRetracted':
      next.set(existing.current.id, { ...existing, retracted: true });
      break;
    case 'ThreatOutcomeRecorded':
      next.set(existing.current.id, { ...existing, outcome: event.data });
      break;
  }
  return next;
}

/**
 * Decides what a command on one dyad records. An empty list means the command changes
 * nothing (a retry of something already recorded); refusals throw.
 */
export function decideDyad(state: DyadState, command: DyadCommand): DyadEvent[] {
  switch (command.type) {
    case 'CreateRecord': {
      const { record } = command;
      const existing = state.get(record.id);
      if (existing) {
        if (canonicalJson(existing.original) === canonicalJson(record)) return [];
        // 422, as the IETF Idempotency-Key draft answers a key reused with another payload.
        throw new Refused(
          'record-id-reused',
          `Record ${record.id} already exists with a different body; a retry must send the same body`,
          'id',
        );
      }
      refuseBrokenKindRule(record);
      const { id, ...fields } = record;
      return [{ type: RECORD_CREATED_TYPES[record.kind], data: { recordId: id, ...fields } }];
    }
    case 'CorrectRecord': {
      const existing = liveRecord(state, command.recordId);
      if ('origin' in command.changes) {
        // The type keeps it out; a caller that builds changes from raw input may not.
        throw new Refused(
          'origin-not-correctable',
          "A record's origin names the dataset row it was taken from and cannot be corrected",
          'origin',
        );
      }
      const corrected = applyChanges(existing.current, command.changes);
      refuseBrokenKindRule(corrected);
      if (canonicalJson(corrected) === canonicalJson(existing.current)) return [];
      return [
        {
          type: 'RecordCorrected',
          data: { recordId: command.recordId, changes: command.changes, reason: command.reason },
        },
      ];
    }
    case 'RetractRecord': {
      const existing = requireRecord(state, command.recordId);
      if (existing.retracted) return [];
      return [
        { type: 'RecordRetracted', data: { recordId: command.recordId, reason: command.reason } },
      ];
    }
    case 'RecordThreatOutcome': {
      const { outcome } = command;
      const existing = liveRecord(state, outcome.recordId);
      if (existing.current.kind !== 'threat') {
        throw new Refused(
          'not-a-threat',
          `Record ${outcome.recordId} is a ${existing.current.kind}; only threats have outcomes`,
        );
      }
      if (existing.outcome) {
        if (canonicalJson(existing.outcome) === canonicalJson(outcome)) return [];
        throw new Refused(
          'outcome-already-recorded',
          `Threat ${outcome.recordId} already has the outcome "${existing.outcome.outcome}"`,
          'outcome',
        );
      }
      return [{ type: 'ThreatOutcomeRecorded', data: outcome }];
    }
  }
}

function requireRecord(state: DyadState, recordId: string): RecordState {
  const existing = state.get(recordId);
  if (!existing) throw new NotFound(`No record with id ${recordId}`);
  return existing;
}

function liveRecord(state: DyadState, recordId: string): RecordState {
  const existing = requireRecord(state, recordId);
  if (existing.retracted) {
    throw new Refused('record-retracted', `Record ${recordId} was retracted and cannot change`);
  }
  return existing;
}

function refuseBrokenKindRule(record: RecordDraft): void {
  const broken = kindRuleBroken(record);
  if (broken) throw new Refused('kind-rule', broken.message, broken.field);
}
