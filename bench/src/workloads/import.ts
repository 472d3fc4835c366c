import { performance } from 'node:perf_hooks';
import { benchActors, RecordFactory } from '../dataset';
import { AUTHORIZATION, HOT_SOURCE, HOT_TARGET } from '../scale';
import { call, startServer, waitForCatchUp } from './server';

export interface ImportSpec {
  /** A fresh file: the server creates it. */
  readonly file: string;
  readonly records: number;
  /** Dyads the records spread over; 1 puts them all into Trump → Putin. */
  readonly dyads: number;
  readonly budgetSeconds: number;
  readonly profileDir?: string;
}

export interface ImportResult {
  /** Records imported ÷ seconds from the first line sent to the read models caught up. */
  readonly recordsPerSecond: number;
  readonly records: number;
  readonly seconds: number;
  /** Seconds of the requests alone, and of the wait for the read models after the last. */
  readonly sendSeconds: number;
  readonly catchUpSeconds: number;
  /** False when the budget ran out before every record was sent, or before the catch-up. */
  readonly complete: boolean;
  readonly serverPeakRssMb: number;
}

/** Lines per `POST /records/import`: about 1.5 MB of NDJSON, well under the import body limit. */
const CHUNK_LINES = 2_000;

/** `count` distinct directed dyads of the 200 actors, seeded. */
function importDyads(actors: readonly string[], count: number, factory: RecordFactory): string[][] {
  if (count === 1) return [[HOT_SOURCE, HOT_TARGET]];
  const seen = new Set<string>();
  const dyads: string[][] = [];
  while (dyads.length < count) {
    const source = factory.pick(actors);
    const target = factory.pick(actors);
    if (source === target || seen.has(`${source}>${target}`)) continue;
    seen.add(`${source}>${target}`);
    dyads.push([source, target]);
  }
  return dyads;
}

/**
 * An NDJSON import end to end, as a recorder's tool would send it: `records` new records
 * (the sample's shapes, over `dyads` dyads of 200 registered actors, or all into one) in
 * `POST /records/import` requests of 2,000 lines, one after another (the next chunk
 * is built while the server takes the last), then the wait until every projection has
 * applied the whole log. The peak RSS is the server's.
 */
export async function runImport(spec: ImportSpec): Promise<ImportResult> {
  const server = await startServer(spec.file, spec.profileDir);
  try {
    const actors = benchActors(182);
    for (const actor of actors) await call(server.baseUrl, 'POST', '/actors', actor, [201, 200]);
    const factory = new RecordFactory(13);
    const dyads = importDyads(
      actors.map((actor) => actor.id),
      spec.dyads,
      factory,
    );
    if (!(await waitForCatchUp(server.baseUrl, 60_000))) {
      throw new Error('The read models did not catch up with the actors');
    }
    let made = 0;
    const chunk = (): { text: string; lines: number } | undefined => {
      const lines = Math.min(CHUNK_LINES, spec.records - made);
      if (lines <= 0) return undefined;
      const out: string[] = [];
      for (let i = 0; i < lines; i++) {
        const [source, target] = dyads[(made + i) % dyads.length] as [string, string];
        out.push(JSON.stringify(factory.draft(source, target)));
      }
      made += lines;
      return { text: `${out.join('\n')}\n`, lines };
    };
    const send = async (
      body: string,
    ): Promise<{ created: number; refused: number; results: unknown[] }> => {
      const response = await fetch(`${server.baseUrl}/records/import`, {
        method: 'POST',
        headers: { authorization: AUTHORIZATION, 'content-type': 'application/x-ndjson' },
        body,
      });
      const text = await response.text();
      if (response.status !== 200) {
        throw new Error(`POST /records/import answered ${response.status}: ${text.slice(0, 500)}`);
      }
      return JSON.parse(text) as { created: number; refused: number; results: unknown[] };
    };
    const start = performance.now();
    const end = start + spec.budgetSeconds * 1000;
    let imported = 0;
    let complete = true;
    let next = chunk();
    while (next) {
      const sending = send(next.text);
      const lines = next.lines;
      next = chunk();
      const report = await sending;
      if (report.refused > 0 || report.created !== lines) {
        const refusal = (report.results as { status: string }[]).find(
          (r) => r.status !== 'created',
        );
        throw new Error(`The import refused lines: ${JSON.stringify(refusal)}`);
      }
      imported += report.created;
      if (next && performance.now() > end) {
        complete = false;
        break;
      }
    }
    const sent = performance.now();
    const caughtUp = await waitForCatchUp(
      server.baseUrl,
      Math.max(30_000, end - performance.now() + 45_000),
    );
    const finished = performance.now();
    const seconds = (finished - start) / 1000;
    return {
      recordsPerSecond: imported / seconds,
      records: imported,
      seconds,
      sendSeconds: (sent - start) / 1000,
      catchUpSeconds: (finished - sent) / 1000,
      complete: complete && caughtUp,
      serverPeakRssMb: server.peakRssMb(),
    };
  } finally {
    await server.stop();
  }
}
