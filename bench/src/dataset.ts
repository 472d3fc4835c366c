import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { actorStream, type ActorProfile } from '../../src/actors/domain/actor';
import type { NewEvent } from '../../src/event-store/event-store.port';
import { PARLEY_EVENT_TYPES } from '../../src/app/parley-event-types';
import { dyadStream, RECORD_CREATED_TYPES } from '../../src/records/domain/dyad';
import type { RecordDraft } from '../../src/records/domain/record';
import {
  HOT_SOURCE,
  HOT_TARGET,
  ROLLUP_SOURCE,
  ROLLUP_TARGET,
  rollupMember,
  SPAN_FROM,
  SPAN_TO,
} from './scale';
import { SAMPLE_DIR } from './paths';

/**
 * Realistic records in the sample data's shapes: each is one of the 30 coded sample
 * records (its quote, citation, topics, CAMEO code, threat terms, note) moved to another
 * dyad and day, with its tone jittered. Seeded, so every run and every side of a
 * side-by-side comparison writes the same rows.
 */

function readNdjson<T>(file: string): T[] {
  return readFileSync(resolve(SAMPLE_DIR, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** mulberry32: a small, fast, seeded generator; the benchmark needs repeatability, not quality. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OFFSETS = ['-05:00', '-04:00', '+00:00', '+01:00', '+02:00', '+03:00', '+08:00'];
const SPAN_FROM_MS = Date.parse(`${SPAN_FROM}T00:00:00Z`);
const SPAN_MS = Date.parse(`${SPAN_TO}T00:00:00Z`) - SPAN_FROM_MS;

/** The sample's 18 actors, then as many generated ones (heads of state, ministries, ...) as asked. */
export function benchActors(generated: number): ActorProfile[] {
  const sample = readNdjson<ActorProfile>('actors.ndjson').map((actor) => ({
    ...actor,
    aliases: actor.aliases ?? [],
  }));
  const extra = Array.from({ length: generated }, (_, i): ActorProfile => ({
    id: `actor-${String(i + 1).padStart(4, '0')}`,
    name: `Generated Actor ${i + 1}`,
    kind: (['person', 'office', 'government', 'state'] as const)[i % 4] ?? 'person',
    aliases: [],
  }));
  return [...sample, ...extra];
}

export class RecordFactory {
  private readonly random: () => number;
  private readonly templates: RecordDraft[];

  constructor(seed: number) {
    this.random = seededRandom(seed);
    this.templates = readNdjson<RecordDraft>('records.ndjson').map((record) =>
      // A denial of a sample record would point at a record this log does not hold.
      record.denial?.recordId
        ? { ...record, denial: { claim: record.denial.claim ?? 'the report it answers' } }
        : record,
    );
  }

  /** A record of the dyad, on a day of the ten-year span, in the shape of a sample record. */
  draft(source: string, target: string): RecordDraft {
    const template = this.pick(this.templates);
    const occurredMs = SPAN_FROM_MS + Math.floor(this.random() * SPAN_MS);
    const tone =
      template.tone === undefined
        ? undefined
        : Math.max(-10, Math.min(10, template.tone + Math.round(this.random() * 4 - 2)));
    const { tone: _tone, ...rest } = template;
    return {
      ...rest,
      ...(tone === undefined ? {} : { tone }),
      id: randomUUID(),
      source,
      target,
      occurredAt: `${new Date(occurredMs).toISOString().slice(0, 19)}${this.pick(OFFSETS)}`,
    };
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  chance(probability: number): boolean {
    return this.random() < probability;
  }
}

const METADATA = { correlationId: 'bench', principal: 'bench' };

/** The event a record's creation appends, as the command path would write it. */
export function createdEvent(record: RecordDraft): NewEvent {
  const type = RECORD_CREATED_TYPES[record.kind];
  const { id, ...fields } = record;
  return {
    id,
    type,
    data: { recordId: id, ...fields },
    metadata: { schemaVersion: PARLEY_EVENT_TYPES.currentVersion(type), ...METADATA },
    // As the command path writes it: the record is the event's subject (ADR 0019).
    subject: id,
  };
}

function dyadEvent(type: string, data: object): NewEvent {
  const { recordId } = data as { recordId?: unknown };
  return {
    id: randomUUID(),
    type,
    data,
    metadata: { schemaVersion: PARLEY_EVENT_TYPES.currentVersion(type), ...METADATA },
    // A record's events carry it as their subject, as the command path writes them.
    ...(typeof recordId === 'string' ? { subject: recordId } : {}),
  };
}

export function actorRegistered(actor: ActorProfile): { stream: string; events: NewEvent[] } {
  return { stream: actorStream(actor.id), events: [dyadEvent('ActorRegistered', actor)] };
}

export interface StreamBatch {
  readonly stream: string;
  readonly events: NewEvent[];
}

/** The generated log's shape: how many actors and dyads, and how busy the hot one is. */
export interface LogShape {
  readonly events: number;
  readonly hotDyadRecords: number;
  readonly generatedActors: number;
  readonly dyads: number;
  /** Events per append: the generator writes through the port in large batches. */
  readonly batchSize: number;
  /**
   * Two states with `members` member actors each (affiliated over the whole span) and
   * `records` records from members of the one to members of the other, for the roll-up.
   */
  readonly rollup?: { readonly members: number; readonly records: number };
}

/**
 * The log of one dyad: the actors, then `records` records of Trump → Putin and nothing
 * else (the deep-dyad append and the tone query on a 1,000,000-record dyad).
 */
export function oneDyadShape(records: number, batchSize = 1_000): LogShape {
  const generatedActors = 40;
  return {
    events: benchActors(generatedActors).length + records,
    hotDyadRecords: records,
    generatedActors,
    dyads: 0,
    batchSize,
  };
}

/** The roll-up's two states and their members, registered and affiliated, as appends. */
function* rollupActors(members: number): Generator<StreamBatch> {
  for (const state of [ROLLUP_SOURCE, ROLLUP_TARGET]) {
    yield actorRegistered({ id: state, name: `Bench state ${state}`, kind: 'state', aliases: [] });
    for (let i = 0; i < members; i++) {
      const id = rollupMember(state, i);
      yield {
        stream: actorStream(id),
        events: [
          dyadEvent('ActorRegistered', {
            id,
            name: `Member ${i + 1} of ${state}`,
            kind: 'person',
            aliases: [],
          }),
          dyadEvent('ActorAffiliated', {
            actor: id,
            parent: state,
            from: '2000-01-01T00:00:00.000Z',
          }),
        ],
      };
    }
  }
}

/**
 * The log the rebuild and query workloads run on, as appends in order: the actors
 * first, then records in chunks of `batchSize` events of one dyad each, the dyads
 * interleaved (Trump → Putin holding `hotDyadRecords` of them), with 4% corrections and
 * 1% retractions of earlier records of the same dyad, as a recorder's fixes would come.
 */
export function* generatedLog(shape: LogShape, seed = 8): Generator<StreamBatch> {
  const factory = new RecordFactory(seed);
  const actors = benchActors(shape.generatedActors);
  for (const actor of actors) yield actorRegistered(actor);
  let remaining = shape.events - actors.length;
  if (shape.rollup) {
    const { members, records } = shape.rollup;
    yield* rollupActors(members);
    remaining -= 2 * (1 + 2 * members);
    // One record an append, on a member pair of the two states, the first state the source.
    for (let i = 0; i < records; i++) {
      const source = rollupMember(ROLLUP_SOURCE, i % members);
      const target = rollupMember(ROLLUP_TARGET, Math.floor(i / members) % members);
      yield {
        stream: dyadStream(source, target),
        events: [createdEvent(factory.draft(source, target))],
      };
    }
    remaining -= records;
  }
  const dyads: [string, string][] = [];
  while (dyads.length < shape.dyads) {
    const source = factory.pick(actors).id;
    const target = factory.pick(actors).id;
    if (source !== target && !(source === HOT_SOURCE && target === HOT_TARGET)) {
      dyads.push([source, target]);
    }
  }
  const recent = new Map<string, string[]>();
  let hotRemaining = shape.hotDyadRecords;
  while (remaining > 0) {
    const hot = factory.chance(hotRemaining / remaining);
    const [source, target] = hot ? [HOT_SOURCE, HOT_TARGET] : factory.pick(dyads);
    const size = Math.min(remaining, shape.batchSize, hot ? hotRemaining : Infinity);
    const stream = dyadStream(source, target);
    const ids = recent.get(stream) ?? [];
    recent.set(stream, ids);
    const events: NewEvent[] = [];
    while (events.length < size) {
      // The hot dyad holds records only, so its count is exact.
      const fix = !hot && ids.length > 0 && factory.chance(0.05);
      if (fix && factory.chance(0.8)) {
        events.push(
          dyadEvent('RecordCorrected', {
            recordId: factory.pick(ids),
            changes: { tone: factory.pick([-8, -4, 0, 3, 6]) },
            reason: 're-read the full transcript',
          }),
        );
      } else if (fix) {
        const [recordId] = ids.splice(Math.floor(ids.length / 2), 1);
        events.push(dyadEvent('RecordRetracted', { recordId, reason: 'a duplicate' }));
      } else {
        const record = factory.draft(source, target);
        events.push(createdEvent(record));
        ids.push(record.id);
        if (ids.length > 64) ids.shift();
      }
    }
    if (hot) hotRemaining -= size;
    remaining -= size;
    yield { stream, events };
  }
}
