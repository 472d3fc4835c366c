import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { LogShape } from './dataset';
import { RESULTS_DIR, WORKLOAD_ENTRY } from './paths';
import {
  machineLine,
  markdownTable,
  type BenchResults,
  type MachineInfo,
  type ResultRow,
} from './report';
import { FULL, QUICK, type Scale } from './scale';
import { RESULT_PREFIX, type WorkloadSpec } from './protocol';

/**
 * The benchmark's conductor: runs each workload in a child process of its own (so that
 * its peak RSS is its own), alternates the sides of each comparison round by round (so
 * that noise from the machine's other users hits parley, the bare SQLite limit and
 * Emmett alike), and reports each figure beside the limit's and the peer's.
 */

interface Options {
  readonly scale: Scale;
  /** Write V8 CPU profiles of every workload to bench/results/profiles/. */
  readonly cpuProf: boolean;
  /** Run only these groups: append, rebuild, query, http-append, feed. */
  readonly only: ReadonlySet<string> | undefined;
}

function parseOptions(argv: readonly string[]): Options {
  const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  return {
    scale: argv.includes('--quick') ? QUICK : FULL,
    cpuProf: argv.includes('--cpu-prof'),
    only: only ? new Set(only.split(',')) : undefined,
  };
}

type Answer = Record<string, unknown> & { maxRssMb: number };

let profileDir: string | undefined;

function runChild(spec: WorkloadSpec, label: string): Promise<Answer> {
  const started = Date.now();
  process.stderr.write(`  ${label} ...`);
  const profileName = label.replace(/[^\w.-]+/g, '_');
  const profileArgs = profileDir
    ? ['--cpu-prof', '--cpu-prof-dir', join(profileDir, profileName)]
    : [];
  // The HTTP workloads' own child, the server, writes its profile beside theirs.
  const runsServer =
    spec.kind === 'http-append' || spec.kind === 'http-query' || spec.kind === 'feed';
  const withProfile: WorkloadSpec =
    profileDir && runsServer
      ? { ...spec, profileDir: join(profileDir, `${profileName}-server`) }
      : spec;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...profileArgs, WORKLOAD_ENTRY, JSON.stringify(withProfile)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 8 * 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) {
        process.stderr.write(' failed\n');
        reject(new Error(`${label} exited ${code}: ${stderr.slice(-2000)}`));
        return;
      }
      process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as Answer);
    });
  });
}

/** `sides` in a different order each round, so that no side always runs first or last. */
function rotated<T>(sides: readonly T[], round: number): T[] {
  const shift = round % sides.length;
  return [...sides.slice(shift), ...sides.slice(0, shift)];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function machine(): MachineInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    nproc: cpus().length,
    cpu: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `Linux ${release()}`,
  };
}

/** Per-round figures of one comparison: each side's value and peak RSS, round by round. */
type Rounds<Side extends string> = Record<Side, { value: number; rss: number }[]>;

function emptyRounds<Side extends string>(sides: readonly Side[]): Rounds<Side> {
  return Object.fromEntries(sides.map((side) => [side, []])) as unknown as Rounds<Side>;
}

function sideBySide(
  ours: { value: number; rss: number }[],
  other: { value: number; rss: number }[] | undefined,
): number | null {
  if (!other || other.length === 0) return null;
  return median(ours.map((o, i) => o.value / (other[i]?.value ?? NaN)).filter(Number.isFinite));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { scale } = options;
  const wants = (group: string): boolean => !options.only || options.only.has(group);
  const startedAt = new Date();
  const work = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  if (options.cpuProf) {
    profileDir = join(RESULTS_DIR, 'profiles', startedAt.toISOString().replace(/[:.]/g, '-'));
    mkdirSync(profileDir, { recursive: true });
  }
  const raw: Record<string, unknown> = {};
  const rows: ResultRow[] = [];
  process.stderr.write(`parley bench, ${scale.name} run, work files in ${work}\n`);

  try {
    if (wants('append')) {
      const single = emptyRounds(['command', 'port', 'limit', 'peer'] as const);
      const batch100 = emptyRounds(['port', 'limit', 'peer'] as const);
      const batch1000 = emptyRounds(['port', 'limit', 'peer'] as const);
      const readAll = emptyRounds(['ours', 'limit', 'peer'] as const);
      for (let round = 0; round < scale.rounds; round++) {
        process.stderr.write(`append and read-all, round ${round + 1} of ${scale.rounds}\n`);
        const dir = mkdtempSync(join(work, `round-${round}-`));
        for (const side of rotated(['command', 'port', 'limit', 'peer'] as const, round)) {
          const answer = await runChild(
            {
              kind: 'append',
              side,
              batchSize: 1,
              events: scale.singleAppends,
              file: join(dir, `single-${side}.db`),
            },
            `append-1-${side}`,
          );
          single[side].push({ value: answer.eventsPerSecond as number, rss: answer.maxRssMb });
        }
        for (const [size, rounds] of [
          [100, batch100],
          [1000, batch1000],
        ] as const) {
          for (const side of rotated(['port', 'limit', 'peer'] as const, round)) {
            const answer = await runChild(
              {
                kind: 'append',
                side,
                batchSize: size,
                events: scale.batchedAppends,
                file: join(dir, `batch-${size}-${side}.db`),
              },
              `append-${size}-${side}`,
            );
            rounds[side].push({ value: answer.eventsPerSecond as number, rss: answer.maxRssMb });
          }
        }
        for (const side of rotated(['ours', 'limit', 'peer'] as const, round)) {
          const written = side === 'ours' ? 'port' : side;
          const answer = await runChild(
            { kind: 'read-all', side, file: join(dir, `batch-1000-${written}.db`) },
            `read-all-${side}`,
          );
          readAll[side].push({ value: answer.eventsPerSecond as number, rss: answer.maxRssMb });
        }
        rmSync(dir, { recursive: true, force: true });
      }
      raw.append = { single, batch100, batch1000, readAll };
      const row = (
        id: string,
        label: string,
        ours: { value: number; rss: number }[],
        limit: { value: number; rss: number }[],
        peer: { value: number; rss: number }[],
        target: string | null,
        met: (o: number, l: number, p: number) => boolean | null,
      ): ResultRow => {
        const o = median(ours.map((r) => r.value));
        const l = median(limit.map((r) => r.value));
        const p = median(peer.map((r) => r.value));
        const ratioToLimit = sideBySide(ours, limit);
        const ratioToPeer = sideBySide(ours, peer);
        return {
          id,
          label,
          unit: 'events/s',
          higherIsBetter: true,
          ours: o,
          limit: l,
          peer: p,
          ratioToLimit,
          ratioToPeer,
          target,
          met: met(o, ratioToLimit ?? 0, ratioToPeer ?? 0),
          peakRssMb: {
            ours: Math.max(...ours.map((r) => r.rss)),
            limit: Math.max(...limit.map((r) => r.rss)),
            peer: Math.max(...peer.map((r) => r.rss)),
          },
        };
      };
      rows.push(
        row(
          'append-command',
          'append 1 record, command path in-process',
          single.command,
          single.limit,
          single.peer,
          '≥ 10,000/s',
          (o) => o >= 10_000,
        ),
        row(
          'append-port-1',
          'append 1 event through the port',
          single.port,
          single.limit,
          single.peer,
          '≥ 2× peer',
          (_o, _l, p) => p >= 2,
        ),
        row(
          'append-port-100',
          'append batches of 100 through the port',
          batch100.port,
          batch100.limit,
          batch100.peer,
          '≥ 100,000/s, ≥ ½ limit, ≥ 2× peer',
          (o, l, p) => o >= 100_000 && l >= 0.5 && p >= 2,
        ),
        row(
          'append-port-1000',
          'append batches of 1,000 through the port',
          batch1000.port,
          batch1000.limit,
          batch1000.peer,
          '≥ 100,000/s, ≥ ½ limit, ≥ 2× peer',
          (o, l, p) => o >= 100_000 && l >= 0.5 && p >= 2,
        ),
        row(
          'read-all',
          'read all (pages of 1,000)',
          readAll.ours,
          readAll.limit,
          readAll.peer,
          '≥ 2× peer',
          (_o, _l, p) => p >= 2,
        ),
      );
    }

    const needsLog = wants('rebuild') || wants('query');
    const logFile = join(work, 'log.db');
    if (needsLog) {
      process.stderr.write(
        `the generated log: ${scale.datasetEvents.toLocaleString('en-US')} events\n`,
      );
      const shape: LogShape = {
        events: scale.datasetEvents,
        hotDyadRecords: scale.hotDyadRecords,
        generatedActors: 182,
        dyads: scale.datasetEvents >= 1_000_000 ? 2_000 : 500,
        batchSize: 500,
      };
      const generated = await runChild({ kind: 'generate', file: logFile, shape }, 'generate');
      raw.generate = generated;
    }

    if (wants('rebuild')) {
      const rebuild = emptyRounds(['ours', 'limit'] as const);
      // One round a side: a rebuild of the full log is long enough to average out noise.
      const rounds = 1;
      for (let round = 0; round < rounds; round++) {
        process.stderr.write(`rebuild, round ${round + 1} of ${rounds}\n`);
        for (const side of rotated(['ours', 'limit'] as const, round)) {
          const copy = join(work, `rebuild-${side}.db`);
          copyFileSync(logFile, copy);
          const answer = await runChild({ kind: 'rebuild', side, file: copy }, `rebuild-${side}`);
          rebuild[side].push({ value: answer.eventsPerSecond as number, rss: answer.maxRssMb });
          rmSync(copy, { force: true });
          rmSync(`${copy}-wal`, { force: true });
          rmSync(`${copy}-shm`, { force: true });
        }
      }
      raw.rebuild = rebuild;
      const ours = median(rebuild.ours.map((r) => r.value));
      rows.push({
        id: 'rebuild',
        label: `rebuild the tone projection from ${scale.datasetEvents.toLocaleString('en-US')} events`,
        unit: 'events/s',
        higherIsBetter: true,
        ours,
        limit: median(rebuild.limit.map((r) => r.value)),
        peer: null,
        ratioToLimit: sideBySide(rebuild.ours, rebuild.limit),
        ratioToPeer: null,
        target: '≥ 150,000/s',
        met: ours >= 150_000,
        peakRssMb: {
          ours: Math.max(...rebuild.ours.map((r) => r.rss)),
          limit: Math.max(...rebuild.limit.map((r) => r.rss)),
        },
      });
    }

    if (wants('query')) {
      process.stderr.write('queries\n');
      const copy = join(work, 'query.db');
      copyFileSync(logFile, copy);
      const bare = await runChild(
        { kind: 'bare-queries', file: copy, seconds: scale.httpSeconds },
        'queries-limit',
      );
      const http = await runChild(
        { kind: 'http-query', file: copy, seconds: scale.httpSeconds },
        'queries-http',
      );
      raw.queries = { bare, http };
      type Figures = { requestsPerSecond: number; p50Ms: number; p99Ms: number };
      const runs = http.runs as Record<string, Figures>;
      const limits = bare as unknown as Record<
        string,
        { perSecond: number; p50Ms: number; p99Ms: number }
      >;
      for (const name of ['tone', 'records'] as const) {
        const label =
          name === 'tone'
            ? 'tone series, 1 dyad, 10 years daily, Europe/Moscow'
            : 'record list, 1 dyad, 1 kind, since 2020, page of 50';
        const limit = limits[name];
        for (const connections of [1, 32]) {
          const run = runs[`${name}-c${connections}`];
          if (!run || !limit) continue;
          rows.push({
            id: `${name}-c${connections}-rate`,
            label: `${label}, concurrency ${connections}`,
            unit: 'req/s',
            higherIsBetter: true,
            ours: run.requestsPerSecond,
            limit: limit.perSecond,
            peer: null,
            ratioToLimit: run.requestsPerSecond / limit.perSecond,
            ratioToPeer: null,
            target: null,
            met: null,
            peakRssMb: { ours: http.serverPeakRssMb as number, limit: bare.maxRssMb },
            note: `p50 ${run.p50Ms} ms`,
          });
          rows.push({
            id: `${name}-c${connections}-p99`,
            label: `${label}, concurrency ${connections}`,
            unit: 'p99 ms',
            higherIsBetter: false,
            ours: run.p99Ms,
            limit: limit.p99Ms,
            peer: null,
            ratioToLimit: run.p99Ms / limit.p99Ms,
            ratioToPeer: null,
            target: name === 'tone' && connections === 1 ? '< 5 ms' : null,
            met: name === 'tone' && connections === 1 ? run.p99Ms < 5 : null,
            peakRssMb: { ours: http.serverPeakRssMb as number },
          });
        }
      }
    }

    if (wants('http-append')) {
      process.stderr.write('HTTP appends\n');
      const answer = await runChild(
        { kind: 'http-append', file: join(work, 'http-append.db'), seconds: scale.httpSeconds },
        'http-append',
      );
      raw.httpAppend = answer;
      const post = (
        answer.runs as Record<string, { requestsPerSecond: number; p50Ms: number; p99Ms: number }>
      ).post;
      const single = (raw.append as { single?: Rounds<'limit' | 'peer'> } | undefined)?.single;
      if (post) {
        const limit = single ? median(single.limit.map((r) => r.value)) : null;
        const peer = single ? median(single.peer.map((r) => r.value)) : null;
        rows.push({
          id: 'http-post',
          label: 'POST /records over HTTP, concurrency 32',
          unit: 'req/s',
          higherIsBetter: true,
          ours: post.requestsPerSecond,
          limit,
          peer,
          ratioToLimit: limit ? post.requestsPerSecond / limit : null,
          ratioToPeer: peer ? post.requestsPerSecond / peer : null,
          target: '≥ 2,000/s',
          met: post.requestsPerSecond >= 2_000,
          peakRssMb: { ours: answer.serverPeakRssMb as number },
          note: `p50 ${post.p50Ms} ms, p99 ${post.p99Ms} ms`,
        });
        rows.push({
          id: 'http-post-p99',
          label: 'POST /records over HTTP, concurrency 32',
          unit: 'p99 ms',
          higherIsBetter: false,
          ours: post.p99Ms,
          limit: null,
          peer: null,
          ratioToLimit: null,
          ratioToPeer: null,
          target: null,
          met: null,
          peakRssMb: { ours: answer.serverPeakRssMb as number },
          note: `p50 ${post.p50Ms} ms`,
        });
      }
    }

    if (wants('feed')) {
      process.stderr.write('SSE feed\n');
      const answer = await runChild(
        { kind: 'feed', file: join(work, 'feed.db'), records: scale.feedRecords },
        'feed',
      );
      raw.feed = answer;
      for (const [quantile, value] of [
        ['p50', answer.p50Ms as number],
        ['p99', answer.p99Ms as number],
      ] as const) {
        rows.push({
          id: `feed-${quantile}`,
          label: 'append to SSE delivery, 50 consumers, 50 records/s',
          unit: `${quantile} ms`,
          higherIsBetter: false,
          ours: value,
          limit: null,
          peer: null,
          ratioToLimit: null,
          ratioToPeer: null,
          target: quantile === 'p99' ? '< 50 ms' : null,
          met: quantile === 'p99' ? value < 50 : null,
          peakRssMb: { ours: answer.serverPeakRssMb as number },
        });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const results: BenchResults = {
    mode: scale.name,
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    machine: machine(),
    datasetEvents: scale.datasetEvents,
    rows,
    raw,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const text = `${JSON.stringify(results, null, 2)}\n`;
  const stamped = join(
    RESULTS_DIR,
    `${startedAt.toISOString().replace(/[:.]/g, '-')}-${scale.name}.json`,
  );
  writeFileSync(stamped, text);
  // A complete default run is the one the README quotes; partial and quick runs are kept beside it.
  if (scale.name === 'full' && !options.only) writeFileSync(join(RESULTS_DIR, 'latest.json'), text);
  process.stdout.write(
    `\n${machineLine(results)}\n\n${markdownTable(results)}\n\nresults: ${stamped}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
