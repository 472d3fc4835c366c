import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { oneDyadShape, type LogShape } from './dataset';
import { RESULTS_DIR, WORKLOAD_ENTRY } from './paths';
import {
  judged,
  machineLine,
  markdownTable,
  type BenchResults,
  type MachineInfo,
  type MeasuredRow,
  type ResultRow,
} from './report';
import { FULL, QUICK, type Scale } from './scale';
import { BARS } from './targets';
import { PARTIAL_PREFIX, RESULT_PREFIX, type WorkloadSpec } from './protocol';
import { writeGdeltDay } from './workloads/gdelt';

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
  /** Run only these groups (GROUPS); undefined runs the default ones. */
  readonly only: ReadonlySet<string> | undefined;
}

/**
 * The workload groups, in the order they run. All but `rebuild-writes` (the bare
 * rebuild that writes the tone rows too, the limit of an earlier issue: a minute and a
 * half more) run by default; `--only=` picks any of them.
 */
const GROUPS = [
  'append',
  'append-deep',
  'http-append',
  'rebuild',
  'rebuild-writes',
  'query',
  'tone-deep',
  'import',
  'gdelt',
  'feed',
  'coding',
] as const;
const DEFAULT_GROUPS: ReadonlySet<string> = new Set(GROUPS.filter((g) => g !== 'rebuild-writes'));

function parseOptions(argv: readonly string[]): Options {
  const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  const unknown = only?.split(',').filter((g) => !(GROUPS as readonly string[]).includes(g));
  if (unknown?.length)
    throw new Error(`Unknown groups ${unknown.join(', ')}: ${GROUPS.join(', ')}`);
  return {
    scale: argv.includes('--quick') ? QUICK : FULL,
    cpuProf: argv.includes('--cpu-prof'),
    only: only ? new Set(only.split(',')) : undefined,
  };
}

type Answer = Record<string, unknown> & { maxRssMb: number };

let profileDir: string | undefined;

/** A workload that ran out of its time and left no figures at all. */
class TimedOut extends Error {
  constructor(
    readonly label: string,
    readonly afterMs: number,
  ) {
    super(`${label} ran out of its ${Math.round(afterMs / 1000)} s`);
  }
}

/**
 * Runs one workload in a child of its own; resolves with its answer. A child past
 * `timeoutMs` is killed: if it reported figures so far (`@@partial`), those are the
 * answer, marked `partial: true`; if not, it fails with {@link TimedOut}.
 */
function runChild(spec: WorkloadSpec, label: string, timeoutMs = 8 * 60_000): Promise<Answer> {
  const started = Date.now();
  process.stderr.write(`  ${label} ...`);
  const profileName = label.replace(/[^\w.-]+/g, '_');
  const profileArgs = profileDir
    ? ['--cpu-prof', '--cpu-prof-dir', join(profileDir, profileName)]
    : [];
  // The HTTP workloads' own child, the server, writes its profile beside theirs.
  const runsServer =
    spec.kind === 'http-append' ||
    spec.kind === 'http-query' ||
    spec.kind === 'http-tone-deep' ||
    spec.kind === 'import' ||
    spec.kind === 'feed' ||
    spec.kind === 'coding';
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
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const lines = stdout.split('\n');
      const line = lines.find((l) => l.startsWith(RESULT_PREFIX));
      if (timedOut) {
        const partial = lines.filter((l) => l.startsWith(PARTIAL_PREFIX)).pop();
        process.stderr.write(
          ` out of time after ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
        );
        if (partial) {
          resolve({
            ...(JSON.parse(partial.slice(PARTIAL_PREFIX.length)) as Answer),
            partial: true,
          });
        } else {
          reject(new TimedOut(label, timeoutMs));
        }
        return;
      }
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

type Figure = { value: number; rss: number };

function medianOf(rounds: readonly Figure[]): number {
  return median(rounds.map((r) => r.value));
}

/** The highest peak RSS of the rounds (NaN if none was measured: a child cut off). */
function peakOf(rounds: readonly Figure[]): number {
  const measured = rounds.map((r) => r.rss).filter(Number.isFinite);
  return measured.length ? Math.max(...measured) : NaN;
}

/** Removes a SQLite file with its WAL and shared-memory files. */
function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
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
  const wants = (group: string): boolean =>
    options.only ? options.only.has(group) : DEFAULT_GROUPS.has(group);
  const startedAt = new Date();
  const work = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  if (options.cpuProf) {
    profileDir = join(RESULTS_DIR, 'profiles', startedAt.toISOString().replace(/[:.]/g, '-'));
    mkdirSync(profileDir, { recursive: true });
  }
  const raw: Record<string, unknown> = {};
  const rows: ResultRow[] = [];
  const push = (...measured: MeasuredRow[]): void => {
    rows.push(...measured.map(judged));
  };
  const count = (n: number): string => n.toLocaleString('en-US');
  // A group that fails (src/ changes under the benchmark, a workload past its time) is
  // reported and the run goes on with the next: its rows are missing, the failure is in
  // the results' `failures` and at the end of the output.
  const failures: { group: string; error: string }[] = [];
  const attempt = async (group: string, work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`${group} failed: ${message}\n`);
      failures.push({ group, error: message });
    }
  };
  process.stderr.write(`parley bench, ${scale.name} run, work files in ${work}\n`);

  try {
    if (wants('append')) {
      await attempt('append', async () => {
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
          ours: Figure[],
          limit: Figure[],
          peer: Figure[],
        ): MeasuredRow => ({
          id,
          label,
          unit: 'events/s',
          higherIsBetter: true,
          ours: medianOf(ours),
          limit: medianOf(limit),
          peer: medianOf(peer),
          ratioToLimit: sideBySide(ours, limit),
          ratioToPeer: sideBySide(ours, peer),
          peakRssMb: { ours: peakOf(ours), limit: peakOf(limit), peer: peakOf(peer) },
        });
        push(
          row(
            'append-command',
            'append 1 record, command path in-process, one at a time, 50 dyads',
            single.command,
            single.limit,
            single.peer,
          ),
          row(
            'append-port-1',
            'append 1 event through the port',
            single.port,
            single.limit,
            single.peer,
          ),
          row(
            'append-port-100',
            'append batches of 100 through the port',
            batch100.port,
            batch100.limit,
            batch100.peer,
          ),
          row(
            'append-port-1000',
            'append batches of 1,000 through the port',
            batch1000.port,
            batch1000.limit,
            batch1000.peer,
          ),
          row('read-all', 'read all (pages of 1,000)', readAll.ours, readAll.limit, readAll.peer),
        );
      });
    }

    if (wants('append-deep')) {
      await attempt('append-deep', async () => {
        process.stderr.write(
          `the one-dyad log for the deep appends: ${count(scale.deepDyadRecords)} records\n`,
        );
        const deepLog = join(work, 'deep-dyad.db');
        raw.deepDyadLog = await runChild(
          { kind: 'generate', file: deepLog, shape: oneDyadShape(scale.deepDyadRecords) },
          'generate-deep-dyad',
        );
        const byPath = {
          command: emptyRounds(['empty', 'deep'] as const),
          http: emptyRounds(['empty', 'deep'] as const),
        };
        const incomplete = { command: false, http: false };
        const hopeless = { command: false, http: false };
        const answers: Record<string, unknown[]> = {};
        for (let round = 0; round < scale.rounds; round++) {
          process.stderr.write(`deep-dyad appends, round ${round + 1} of ${scale.rounds}\n`);
          for (const path of ['command', 'http'] as const) {
            // A path whose deep append did not finish once within its time in an earlier
            // round would only wait out its time again: its lower bound stands.
            if (hopeless[path]) continue;
            for (const side of rotated(['empty', 'deep'] as const, round)) {
              const copy = join(work, `deep-${path}-${side}.db`);
              copyFileSync(deepLog, copy);
              // Start-up, the warm-up append and the budget's appends; an append still
              // running past this is cut short, and the figures so far count (or, if not a
              // single append finished, the time waited, as a lower bound).
              const timeoutMs = 60_000 + 4 * scale.deepAppendSeconds * 1000;
              const answer = await runChild(
                {
                  kind: 'deep-append',
                  path,
                  side,
                  file: copy,
                  appends: scale.deepAppends,
                  budgetSeconds: scale.deepAppendSeconds,
                },
                `append-deep-${path}-${side}`,
                timeoutMs,
              ).catch((error: unknown): Answer => {
                if (!(error instanceof TimedOut)) throw error;
                return { msPerAppend: timeoutMs, appends: 0, partial: true, maxRssMb: NaN };
              });
              if (answer.partial) incomplete[path] = true;
              if (answer.partial && answer.appends === 0) hopeless[path] = true;
              removeDb(copy);
              (answers[`${path}-${side}`] ??= []).push(answer);
              byPath[path][side].push({
                value: answer.msPerAppend as number,
                rss: (answer.serverPeakRssMb as number | undefined) ?? answer.maxRssMb,
              });
            }
          }
        }
        removeDb(deepLog);
        raw.deepAppend = answers;
        for (const path of ['command', 'http'] as const) {
          const { empty, deep } = byPath[path];
          push({
            id: `append-deep-${path}`,
            label: `append 1 record to a dyad holding ${count(scale.deepDyadRecords)}, ${path === 'command' ? 'command path in-process' : 'POST /records over HTTP'}`,
            unit: 'ms/append',
            higherIsBetter: false,
            ours: medianOf(deep),
            limit: medianOf(empty),
            peer: null,
            ratioToLimit: sideBySide(deep, empty),
            ratioToPeer: null,
            peakRssMb: { ours: peakOf(deep), limit: peakOf(empty) },
            limitName: 'the same append, each to an empty dyad',
            ...(incomplete[path] ? { complete: false } : {}),
          });
        }
      });
    }

    if (wants('http-append')) {
      await attempt('http-append', async () => {
        const http = emptyRounds(['http', 'limit'] as const);
        const p99s: number[] = [];
        const answers: unknown[] = [];
        for (let round = 0; round < scale.rounds; round++) {
          process.stderr.write(`HTTP appends, round ${round + 1} of ${scale.rounds}\n`);
          for (const side of rotated(['http', 'limit'] as const, round)) {
            const file = join(work, `http-append-${side}-${round}.db`);
            if (side === 'http') {
              const answer = await runChild(
                { kind: 'http-append', file, seconds: scale.httpSeconds },
                'http-append',
              );
              answers.push(answer);
              const post = (
                answer.runs as Record<string, { requestsPerSecond: number; p99Ms: number }>
              ).post;
              if (!post) throw new Error('http-append answered no figures');
              http.http.push({
                value: post.requestsPerSecond,
                rss: answer.serverPeakRssMb as number,
              });
              p99s.push(post.p99Ms);
            } else {
              const answer = await runChild(
                { kind: 'append', side: 'limit', batchSize: 1, events: scale.singleAppends, file },
                'http-append-limit',
              );
              http.limit.push({ value: answer.eventsPerSecond as number, rss: answer.maxRssMb });
            }
            removeDb(file);
          }
        }
        raw.httpAppend = { rounds: http, answers };
        const label = 'POST /records over HTTP, concurrency 32, new records over 50 dyads';
        push(
          {
            id: 'http-post',
            label,
            unit: 'req/s',
            higherIsBetter: true,
            ours: medianOf(http.http),
            limit: medianOf(http.limit),
            peer: null,
            ratioToLimit: sideBySide(http.http, http.limit),
            ratioToPeer: null,
            peakRssMb: { ours: peakOf(http.http), limit: peakOf(http.limit) },
            limitName: 'one durable insert a transaction, events/s',
          },
          {
            id: 'http-post-p99',
            label,
            unit: 'p99 ms',
            higherIsBetter: false,
            ours: median(p99s),
            limit: null,
            peer: null,
            ratioToLimit: null,
            ratioToPeer: null,
            peakRssMb: { ours: peakOf(http.http) },
          },
        );
      });
    }

    const needsLog = wants('rebuild') || wants('rebuild-writes') || wants('query');
    const logFile = join(work, 'log.db');
    if (needsLog) {
      await attempt('generate', async () => {
        process.stderr.write(`the generated log: ${count(scale.datasetEvents)} events\n`);
        const shape: LogShape = {
          events: scale.datasetEvents,
          hotDyadRecords: scale.hotDyadRecords,
          generatedActors: 182,
          dyads: scale.datasetEvents >= 1_000_000 ? 2_000 : 500,
          batchSize: 500,
          rollup: { members: scale.rollupMembers, records: scale.rollupRecords },
        };
        const generated = await runChild({ kind: 'generate', file: logFile, shape }, 'generate');
        raw.generate = generated;
      });
    }

    if (wants('rebuild') || wants('rebuild-writes')) {
      await attempt('rebuild', async () => {
        // One round a side: a rebuild of the full log is long enough to average out noise.
        // The limit: the bare read-all rate of the same log (pages of 1,000, each row's JSON
        // parsed); with `rebuild-writes`, also the bare rebuild that writes the same rows.
        const sides = [
          ...(wants('rebuild') ? (['ours', 'read-all'] as const) : []),
          ...(wants('rebuild-writes') ? (['bare-writes'] as const) : []),
        ];
        const rebuild = emptyRounds(['ours', 'read-all', 'bare-writes'] as const);
        process.stderr.write('rebuild\n');
        for (const side of sides) {
          if (side === 'read-all') {
            const answer = await runChild(
              { kind: 'read-all', side: 'limit', file: logFile },
              'rebuild-limit-read-all',
            );
            rebuild[side].push({ value: answer.eventsPerSecond as number, rss: answer.maxRssMb });
            continue;
          }
          const copy = join(work, `rebuild-${side}.db`);
          copyFileSync(logFile, copy);
          const answer = await runChild(
            { kind: 'rebuild', side: side === 'ours' ? 'ours' : 'limit', file: copy },
            `rebuild-${side}`,
          );
          rebuild[side].push({ value: answer.eventsPerSecond as number, rss: answer.maxRssMb });
          removeDb(copy);
        }
        raw.rebuild = rebuild;
        const label = `rebuild the tone projection from ${count(scale.datasetEvents)} events`;
        if (wants('rebuild')) {
          push({
            id: 'rebuild',
            label,
            unit: 'events/s',
            higherIsBetter: true,
            ours: medianOf(rebuild.ours),
            limit: medianOf(rebuild['read-all']),
            peer: null,
            ratioToLimit: sideBySide(rebuild.ours, rebuild['read-all']),
            ratioToPeer: null,
            peakRssMb: { ours: peakOf(rebuild.ours), limit: peakOf(rebuild['read-all']) },
            limitName: 'bare read-all of the same log',
          });
        }
        if (wants('rebuild-writes')) {
          push({
            id: 'rebuild-bare-writes',
            label: `${label}, bare loop writing the same rows`,
            unit: 'events/s',
            higherIsBetter: true,
            ours: medianOf(rebuild['bare-writes']),
            limit: null,
            peer: null,
            ratioToLimit: null,
            ratioToPeer: null,
            peakRssMb: { ours: peakOf(rebuild['bare-writes']) },
          });
        }
      });
    }

    if (wants('query')) {
      await attempt('query', async () => {
        process.stderr.write('queries\n');
        const copy = join(work, 'query.db');
        copyFileSync(logFile, copy);
        const bare = await runChild(
          {
            kind: 'bare-queries',
            file: copy,
            seconds: scale.httpSeconds,
            rollupMembers: scale.rollupMembers,
          },
          'queries-limit',
        );
        const http = await runChild(
          { kind: 'http-query', file: copy, seconds: scale.httpSeconds, rounds: scale.rounds },
          'queries-http',
        );
        removeDb(copy);
        raw.queries = { bare, http };
        type Figures = { requestsPerSecond: number; p50Ms: number; p99Ms: number };
        const runs = http.runs as Record<string, Figures>;
        const limits = bare as unknown as Record<
          string,
          { perSecond: number; p50Ms: number; p99Ms: number }
        >;
        const serverRss = http.serverPeakRssMb as number;
        const pair = (
          name: string,
          label: string,
          run: Figures | undefined,
          limit: { perSecond: number; p99Ms: number } | undefined,
        ): void => {
          if (!run || !limit) return;
          push(
            {
              id: `${name}-rate`,
              label,
              unit: 'req/s',
              higherIsBetter: true,
              ours: run.requestsPerSecond,
              limit: limit.perSecond,
              peer: null,
              ratioToLimit: run.requestsPerSecond / limit.perSecond,
              ratioToPeer: null,
              peakRssMb: { ours: serverRss, limit: bare.maxRssMb },
              note: `p50 ${run.p50Ms} ms`,
            },
            {
              id: `${name}-p99`,
              label,
              unit: 'p99 ms',
              higherIsBetter: false,
              ours: run.p99Ms,
              limit: limit.p99Ms,
              peer: null,
              ratioToLimit: run.p99Ms / limit.p99Ms,
              ratioToPeer: null,
              peakRssMb: { ours: serverRss },
            },
          );
        };
        const toneLabel = `tone series, the ${count(scale.hotDyadRecords)}-record dyad, 10 years daily, Europe/Moscow`;
        pair('tone-c1', `${toneLabel}, concurrency 1`, runs['tone-c1'], limits.tone);
        pair('tone-c32', `${toneLabel}, concurrency 32`, runs['tone-c32'], limits.tone);
        const listLabel = 'record list, 1 dyad, 1 kind, since 2020, page of 50';
        pair('records-c1', `${listLabel}, concurrency 1`, runs['records-c1'], limits.records);
        // At concurrency 32, the limit is the bare Fastify route, round by round beside parley.
        const listRounds = http.recordsC32Rounds as {
          parley: Figures;
          bare: Figures;
        }[];
        const parleyRounds = listRounds.map((r) => ({
          value: r.parley.requestsPerSecond,
          rss: serverRss,
        }));
        const bareRounds = listRounds.map((r) => ({
          value: r.bare.requestsPerSecond,
          rss: http.bareFastifyPeakRssMb as number,
        }));
        push(
          {
            id: 'records-c32-rate',
            label: `${listLabel}, concurrency 32`,
            unit: 'req/s',
            higherIsBetter: true,
            ours: medianOf(parleyRounds),
            limit: medianOf(bareRounds),
            peer: null,
            ratioToLimit: sideBySide(parleyRounds, bareRounds),
            ratioToPeer: null,
            peakRssMb: { ours: serverRss, limit: http.bareFastifyPeakRssMb as number },
            limitName: 'a bare Fastify route running the same SQL',
          },
          {
            id: 'records-c32-p99',
            label: `${listLabel}, concurrency 32`,
            unit: 'p99 ms',
            higherIsBetter: false,
            ours: median(listRounds.map((r) => r.parley.p99Ms)),
            limit: median(listRounds.map((r) => r.bare.p99Ms)),
            peer: null,
            ratioToLimit: sideBySide(
              listRounds.map((r) => ({ value: r.parley.p99Ms, rss: 0 })),
              listRounds.map((r) => ({ value: r.bare.p99Ms, rss: 0 })),
            ),
            ratioToPeer: null,
            peakRssMb: { ours: serverRss },
            limitName: 'a bare Fastify route running the same SQL',
          },
        );
        pair(
          'rollup',
          `tone roll-up, 2 states of ${scale.rollupMembers} member actors each (${count(scale.rollupRecords)} records between them), 10 years daily, Europe/Moscow, concurrency 1`,
          runs['rollup-c1'],
          limits.rollup,
        );
      });
    }
    if (needsLog) removeDb(logFile);

    if (wants('tone-deep')) {
      await attempt('tone-deep', async () => {
        process.stderr.write(
          `the one-dyad log for tone: ${count(scale.deepToneRecords)} records\n`,
        );
        const deepLog = join(work, 'deep-tone.db');
        const generated = await runChild(
          { kind: 'generate', file: deepLog, shape: oneDyadShape(scale.deepToneRecords, 5_000) },
          'generate-deep-tone',
        );
        const answer = await runChild(
          { kind: 'http-tone-deep', file: deepLog, seconds: scale.httpSeconds },
          'tone-deep',
        );
        removeDb(deepLog);
        raw.toneDeep = { generated, answer };
        const run = answer.run as { requestsPerSecond: number; p50Ms: number; p99Ms: number };
        const limit = answer.limit as { perSecond: number; p99Ms: number };
        const label = `tone series, a dyad holding ${count(scale.deepToneRecords)} records, 10 years daily, Europe/Moscow, concurrency 1`;
        const rss = answer.serverPeakRssMb as number;
        push(
          {
            id: 'tone-deep-rate',
            label,
            unit: 'req/s',
            higherIsBetter: true,
            ours: run.requestsPerSecond,
            limit: limit.perSecond,
            peer: null,
            ratioToLimit: run.requestsPerSecond / limit.perSecond,
            ratioToPeer: null,
            peakRssMb: { ours: rss, limit: answer.maxRssMb },
          },
          {
            id: 'tone-deep-p99',
            label,
            unit: 'p99 ms',
            higherIsBetter: false,
            ours: run.p99Ms,
            limit: limit.p99Ms,
            peer: null,
            ratioToLimit: run.p99Ms / limit.p99Ms,
            ratioToPeer: null,
            peakRssMb: { ours: rss },
          },
        );
      });
    }

    if (wants('import')) {
      await attempt('import', async () => {
        const imports: Record<string, unknown> = {};
        for (const [id, dyads] of [
          ['import-dyads', scale.importDyads],
          ['import-one-dyad', 1],
        ] as const) {
          process.stderr.write(
            `NDJSON import, ${count(scale.importRecords)} records over ${count(dyads)} dyad(s)\n`,
          );
          const file = join(work, `${id}.db`);
          const answer = await runChild(
            {
              kind: 'import',
              file,
              records: scale.importRecords,
              dyads,
              budgetSeconds: scale.importBudgetSeconds,
            },
            id,
          );
          removeDb(file);
          imports[id] = answer;
          const complete = answer.complete as boolean;
          push({
            id,
            label: `import ${count(scale.importRecords)} records (NDJSON, POST /records/import), ${dyads === 1 ? 'all into one dyad' : `over ${count(dyads)} dyads`}, until the read models caught up${complete ? '' : ` (${count(answer.records as number)} sent in the ${scale.importBudgetSeconds} s budget)`}`,
            unit: 'records/s',
            higherIsBetter: true,
            ours: answer.recordsPerSecond as number,
            limit: null,
            peer: null,
            ratioToLimit: null,
            ratioToPeer: null,
            peakRssMb: { ours: answer.serverPeakRssMb as number },
            complete,
          });
        }
        raw.import = imports;
      });
    }

    if (wants('gdelt')) {
      await attempt('gdelt', async () => {
        process.stderr.write(`GDELT 2.0 import, ${count(scale.gdeltRows)} rows\n`);
        const dayFile = join(work, 'gdelt-day.export.CSV');
        await writeGdeltDay(dayFile, scale.gdeltRows);
        const sides = emptyRounds(['ours', 'parse'] as const);
        const records: number[] = [];
        for (let round = 0; round < scale.rounds; round++) {
          for (const side of rotated(['ours', 'parse'] as const, round)) {
            const file = join(work, `gdelt-${round}.db`);
            const answer = await runChild({ kind: 'gdelt', side, dayFile, file }, `gdelt-${side}`);
            removeDb(file);
            sides[side].push({ value: answer.rowsPerSecond as number, rss: answer.maxRssMb });
            if (side === 'ours') records.push(answer.records as number);
          }
        }
        raw.gdelt = { sides, records };
        push({
          id: 'gdelt-day',
          label: `import a day of GDELT 2.0 (${count(scale.gdeltRows)} rows, ${count(records[0] ?? 0)} records) with parley import --format gdelt2, read models caught up (limit: a bare parse of the same file)`,
          unit: 'rows/s',
          higherIsBetter: true,
          ours: medianOf(sides.ours),
          limit: medianOf(sides.parse),
          peer: null,
          ratioToLimit: sideBySide(sides.ours, sides.parse),
          ratioToPeer: null,
          peakRssMb: { ours: peakOf(sides.ours), limit: peakOf(sides.parse) },
        });
      });
    }

    if (wants('feed')) {
      await attempt('feed', async () => {
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
          push({
            id: `feed-${quantile}`,
            label: 'append to SSE delivery, 50 consumers, 50 records/s',
            unit: `${quantile} ms`,
            higherIsBetter: false,
            ours: value,
            limit: null,
            peer: null,
            ratioToLimit: null,
            ratioToPeer: null,
            peakRssMb: { ours: answer.serverPeakRssMb as number },
          });
        }
      });
    }

    if (wants('coding')) {
      await attempt('coding', async () => {
        process.stderr.write('Assisted coding, a 10,000-word article\n');
        const answer = await runChild(
          { kind: 'coding', file: join(work, 'coding.db'), rounds: scale.codingRounds },
          'coding',
        );
        raw.coding = answer;
        const words = count(answer.words as number);
        const candidates = count(answer.candidates as number);
        for (const [id, label, value, rss] of [
          [
            'coding-suggest',
            `suggest candidate records for a ${words}-word article (${candidates} candidates), in process, slowest of ${scale.codingRounds} after a warm-up (cold: ${Math.round(answer.suggestColdMs as number)} ms)`,
            answer.suggestMaxMs as number,
            answer.maxRssMb,
          ],
          [
            'coding-http',
            `POST /coding/suggestions with the ${words}-word article, slowest of ${scale.codingRounds} after a warm-up`,
            answer.httpMaxMs as number,
            answer.serverPeakRssMb as number,
          ],
        ] as const) {
          push({
            id,
            label,
            unit: 'ms',
            higherIsBetter: false,
            ours: value,
            limit: null,
            peer: null,
            ratioToLimit: null,
            ratioToPeer: null,
            peakRssMb: { ours: rss },
          });
        }
      });
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
    ...(failures.length ? { failures } : {}),
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
  if (scale.name === 'full' && !options.only && failures.length === 0) {
    writeFileSync(join(RESULTS_DIR, 'latest.json'), text);
  }
  const unmeasured = Object.entries(BARS)
    .filter(([id]) => !rows.some((row) => row.id === id))
    .map(([id, bar]) => `  ${id}: ${bar.workload} (${bar.target})`);
  process.stdout.write(
    `\n${machineLine(results)}\n\n${markdownTable(results)}\n\n${
      unmeasured.length ? `bars not measured in this run:\n${unmeasured.join('\n')}\n\n` : ''
    }${failures.map((f) => `FAILED ${f.group}: ${f.error.split('\n')[0]}\n`).join('')}results: ${stamped}\n`,
  );
  if (failures.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
