import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { performance } from 'node:perf_hooks';
import { AppModule } from '../../../src/app/app.module';
import { loadConfig } from '../../../src/config/config';
import { ProjectionRunner } from '../../../src/projections/projection-runner';
import { CreateRecordCommand } from '../../../src/records/create-record/create-record.command';
import type { RecordDraft } from '../../../src/records/domain/record';
import { benchActors, oneDyadShape, RecordFactory } from '../dataset';
import { BENCH_API_KEYS_ENV, HOT_SOURCE, HOT_TARGET } from '../scale';
import { reportPartial } from '../protocol';
import { quantile } from './measure';
import { call, startServer, waitForCatchUp } from './server';

export type DeepAppendPath = 'command' | 'http';
/** `deep`: every append to the dyad already holding the prefilled records; `empty`: each to a dyad holding none. */
export type DeepAppendSide = 'deep' | 'empty';

export interface DeepAppendSpec {
  readonly path: DeepAppendPath;
  readonly side: DeepAppendSide;
  /** A copy of the one-dyad log (`oneDyadShape`), read models filled. */
  readonly file: string;
  readonly appends: number;
  readonly budgetSeconds: number;
}

export interface DeepAppendResult {
  /** Mean wall time of one append, in ms (the figure whose deep ÷ empty ratio is the bar). */
  readonly msPerAppend: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly appends: number;
  readonly serverPeakRssMb?: number;
}

/** Actor pairs of the log other than the deep dyad, each a dyad with no record yet. */
function emptyDyads(): [string, string][] {
  const ids = benchActors(oneDyadShape(0).generatedActors).map((actor) => actor.id);
  const pairs: [string, string][] = [];
  for (const source of ids) {
    for (const target of ids) {
      if (source !== target && !(source === HOT_SOURCE && target === HOT_TARGET)) {
        pairs.push([source, target]);
      }
    }
  }
  return pairs;
}

/**
 * Single appends, one at a time, each timed on its own: to the deep dyad (already holding
 * its records) or each to a dyad holding none, as the command path runs them in-process
 * or as `POST /records` over HTTP, after an untimed one of the same kind. Stops after `appends` or `budgetSeconds`, whichever comes first (at
 * least three appends).
 */
export async function runDeepAppend(spec: DeepAppendSpec): Promise<DeepAppendResult> {
  const factory = new RecordFactory(spec.side === 'deep' ? 21 : 22);
  const pairs = emptyDyads();
  // One untimed append of the side's own kind warms up the code paths (and whatever the
  // write path keeps of the deep dyad): the deep side's to the deep dyad, the empty
  // side's to the last pair; the timed ones of the empty side take the first pairs, a
  // new one each.
  const [lastSource, lastTarget] = pairs[pairs.length - 1] as [string, string];
  const warmUp = [
    spec.side === 'deep'
      ? factory.draft(HOT_SOURCE, HOT_TARGET)
      : factory.draft(lastSource, lastTarget),
  ];
  const drafts = Array.from({ length: spec.appends }, (_, i) => {
    const [source, target] =
      spec.side === 'deep' ? [HOT_SOURCE, HOT_TARGET] : (pairs[i % (pairs.length - 1)] ?? []);
    return factory.draft(source as string, target as string);
  });
  const timings: number[] = [];
  const warmUpTimings: number[] = [];
  // If an append takes longer than the conductor waits, it keeps the last of these: the
  // timed appends so far, or failing any, the warm-up's (marked as such).
  const partial = (): void =>
    reportPartial(
      timings.length ? summary(timings) : { ...summary(warmUpTimings), fromWarmUp: true },
    );
  const timedLoop = async (append: (draft: RecordDraft) => Promise<unknown>): Promise<void> => {
    for (const draft of warmUp) {
      const start = performance.now();
      await append(draft);
      warmUpTimings.push(performance.now() - start);
      partial();
    }
    const end = performance.now() + spec.budgetSeconds * 1000;
    for (const draft of drafts) {
      const start = performance.now();
      await append(draft);
      const after = performance.now();
      timings.push(after - start);
      partial();
      if (after > end && timings.length >= 3) break;
    }
  };
  let serverPeakRssMb: number | undefined;
  if (spec.path === 'command') {
    const config = loadConfig({
      PARLEY_DB: spec.file,
      PARLEY_SAMPLE_DATA: 'off',
      LOG_LEVEL: 'silent',
      PARLEY_API_KEYS: BENCH_API_KEYS_ENV,
    });
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
      logger: false,
    });
    await app.init();
    const runner = app.get(ProjectionRunner);
    // The read models were filled with the log; wait for the runner to have seen them so.
    const deadline = Date.now() + 600_000;
    for (;;) {
      const lags = await Promise.all(runner.status().map((status) => runner.lag(status.name)));
      if (lags.every((lag) => lag.events === 0)) break;
      if (Date.now() > deadline) throw new Error('The read models did not catch up');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const bus = app.get(CommandBus);
    const context = { correlationId: 'bench', principal: 'bench' };
    await timedLoop((draft) => bus.execute(new CreateRecordCommand(draft, { context })));
    await app.close();
  } else {
    const server = await startServer(spec.file);
    try {
      await waitForCatchUp(server.baseUrl, 600_000);
      await timedLoop((draft) => call(server.baseUrl, 'POST', '/records', draft, [201]));
      serverPeakRssMb = server.peakRssMb();
    } finally {
      await server.stop();
    }
  }
  return { ...summary(timings), ...(serverPeakRssMb === undefined ? {} : { serverPeakRssMb }) };
}

function summary(timings: readonly number[]): DeepAppendResult {
  return {
    msPerAppend: timings.reduce((sum, t) => sum + t, 0) / timings.length,
    p50Ms: quantile(timings, 0.5),
    p99Ms: quantile(timings, 0.99),
    appends: timings.length,
  };
}
