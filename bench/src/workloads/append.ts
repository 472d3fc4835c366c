import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { join } from 'node:path';
import { RegisterActorCommand } from '../../../src/actors/register-actor/register-actor.command';
import { AppModule } from '../../../src/app/app.module';
import { loadConfig } from '../../../src/config/config';
import type { NewEvent } from '../../../src/event-store/event-store.port';
import { CreateRecordCommand } from '../../../src/records/create-record/create-record.command';
import { dyadStream } from '../../../src/records/domain/dyad';
import type { RecordDraft } from '../../../src/records/domain/record';
import { benchActors, createdEvent, RecordFactory } from '../dataset';
import { BENCH_API_KEYS_ENV } from '../scale';
import { timed } from './measure';
import { openEmmett, toEmmettEvent } from './peer';
import { BareSqliteLog, parleyStore } from './stores';

export type AppendSide = 'command' | 'port' | 'limit' | 'peer';

export interface AppendSpec {
  readonly side: AppendSide;
  /** Events per append: 1 for single appends. */
  readonly batchSize: number;
  readonly events: number;
  /** A fresh file; read-all reads it afterwards. */
  readonly file: string;
}

export interface AppendResult {
  readonly eventsPerSecond: number;
  readonly seconds: number;
}

/** Dyads the appends spread over: 40 actors, 50 dyads, a few hundred events each at most. */
const DYAD_COUNT = 50;

/** The 50 dyads of the appends (single, batched, and `POST /records`), over 40 actors. */
export function appendDyads(): (readonly [string, string])[] {
  const actors = benchActors(22).map((actor) => actor.id);
  const dyads = Array.from({ length: DYAD_COUNT }, (_, i) => {
    const source = actors[i % actors.length] as string;
    // The second pass over the actors shifts the targets, so that the 50 dyads are distinct.
    const shift = Math.floor(i / actors.length) * 11;
    const target = actors[(i * 7 + 3 + shift) % actors.length] as string;
    return source === target
      ? ([source, actors[(i + 1) % actors.length] as string] as const)
      : ([source, target] as const);
  });
  if (new Set(dyads.map(([s, t]) => `${s}>${t}`)).size !== DYAD_COUNT) {
    throw new Error('The append dyads are not 50 distinct dyads');
  }
  return dyads;
}

function records(count: number): RecordDraft[] {
  const factory = new RecordFactory(42);
  const dyads = appendDyads();
  return Array.from({ length: count }, (_, i) => {
    const [source, target] = dyads[i % DYAD_COUNT] as readonly [string, string];
    return factory.draft(source, target);
  });
}

/** The same records, grouped into appends of `batchSize` events of one dyad stream each. */
function batches(
  drafts: RecordDraft[],
  batchSize: number,
): { stream: string; events: NewEvent[] }[] {
  const byStream = new Map<string, NewEvent[]>();
  const out: { stream: string; events: NewEvent[] }[] = [];
  for (const draft of drafts) {
    const stream = dyadStream(draft.source, draft.target);
    const pending = byStream.get(stream) ?? [];
    byStream.set(stream, pending);
    pending.push(createdEvent(draft));
    if (pending.length === batchSize) out.push({ stream, events: pending.splice(0) });
  }
  for (const [stream, events] of byStream) if (events.length > 0) out.push({ stream, events });
  return out;
}

export async function runAppend(spec: AppendSpec): Promise<AppendResult> {
  const drafts = records(spec.events);
  const seconds =
    spec.side === 'command'
      ? await appendThroughCommands(spec.file, drafts)
      : await appendBatches(spec, batches(drafts, spec.batchSize));
  return { eventsPerSecond: spec.events / seconds, seconds };
}

async function appendBatches(
  spec: AppendSpec,
  appends: { stream: string; events: NewEvent[] }[],
): Promise<number> {
  switch (spec.side) {
    case 'port': {
      const { store, db } = parleyStore(spec.file);
      const seconds = await timed(async () => {
        for (const { stream, events } of appends) await store.append(stream, events, 'any');
      });
      await store.close();
      db.close();
      return seconds;
    }
    case 'limit': {
      const log = new BareSqliteLog(spec.file);
      const seconds = await timed(() => {
        for (const { stream, events } of appends) log.append(stream, events);
      });
      log.close();
      return seconds;
    }
    case 'peer': {
      const { store, close } = openEmmett(spec.file);
      // Emmett creates its schema on first use: do that before the clock starts.
      await store.appendToStream('warm-up', [{ type: 'WarmedUp', data: {} }]);
      const converted = appends.map(({ stream, events }) => ({
        stream,
        events: events.map(toEmmettEvent),
      }));
      const seconds = await timed(async () => {
        for (const { stream, events } of converted) await store.appendToStream(stream, events);
      });
      close();
      return seconds;
    }
    default:
      throw new Error(`No batched append on the ${spec.side} side`);
  }
}

/**
 * The write side as a request runs it, without HTTP: the command bus, the handler's
 * checks, the dyad stream read and folded, the decision, the append, and the wait until
 * the read models show it (read-your-writes). One record at a time.
 */
async function appendThroughCommands(file: string, drafts: RecordDraft[]): Promise<number> {
  const config = loadConfig({
    PARLEY_DB: file,
    PARLEY_SAMPLE_DATA: 'off',
    LOG_LEVEL: 'silent',
    PARLEY_API_KEYS: BENCH_API_KEYS_ENV,
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: false,
  });
  await app.init();
  const bus = app.get(CommandBus);
  const context = { correlationId: 'bench', principal: 'bench' };
  for (const actor of benchActors(22)) {
    await bus.execute(new RegisterActorCommand(actor, context));
  }
  const seconds = await timed(async () => {
    for (const draft of drafts) await bus.execute(new CreateRecordCommand(draft, { context }));
  });
  await app.close();
  return seconds;
}

export function appendFile(dir: string, name: string): string {
  return join(dir, `${name}.db`);
}
