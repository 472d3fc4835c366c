import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { SingleBar } from 'cli-progress';
import { AppModule } from '../app/app.module';
import { loadConfig } from '../config/config';
import {
  ProjectionRunner,
  type ProjectionLag,
  type ProjectionStatus,
} from '../projections/projection-runner';
import { NotLeaseHolder } from '../projections/projection.errors';

type Report = ProjectionStatus & { lag?: ProjectionLag | null };

/** Where the projections are driven: this process, or a running server over HTTP. */
interface ProjectionsDriver {
  status(name: string): Promise<Report>;
  list(): Promise<Report[]>;
  rebuild(name: string): Promise<Report>;
  cancel(name: string): Promise<Report>;
  close(): Promise<void>;
}

async function inProcess(): Promise<ProjectionsDriver> {
  const config = loadConfig({ ...process.env, PARLEY_SAMPLE_DATA: 'off' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  await app.init();
  const runner = app.get(ProjectionRunner);
  return {
    status: (name) => Promise.resolve(runner.statusOf(name)),
    list: () =>
      Promise.all(runner.status().map(async (s) => ({ ...s, lag: await runner.lag(s.name) }))),
    rebuild: (name) => runner.rebuild(name),
    cancel: (name) => runner.cancelRebuild(name),
    close: () => app.close(),
  };
}

/** How the CLI reaches a running server: its URL and an operator's key. */
export interface ServerOptions {
  readonly url?: string;
  readonly apiKey?: string;
}

function overHttp(baseUrl: string, apiKey: string | undefined): ProjectionsDriver {
  const call = async <T>(method: string, path: string): Promise<T> => {
    const response = await fetch(`${baseUrl.replace(/\/$/, '')}/admin/projections${path}`, {
      method,
      headers: apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` },
    });
    const body = (await response.json()) as T & { detail?: string };
    if (!response.ok) throw new Error(body.detail ?? `${method} ${path}: ${response.status}`);
    return body;
  };
  return {
    status: (name) => call('GET', `/${encodeURIComponent(name)}`),
    list: async () => (await call<{ items: Report[] }>('GET', '')).items,
    rebuild: (name) => call('POST', `/${encodeURIComponent(name)}/rebuild`),
    cancel: (name) => call('DELETE', `/${encodeURIComponent(name)}/rebuild`),
    close: () => Promise.resolve(),
  };
}

const POLL_MS = 200;

/** `parley rebuild NAME`: builds a new generation while the old one answers, with a progress bar. */
async function rebuild(name: string, options: ServerOptions & { wait: boolean }): Promise<void> {
  const driver = options.url ? overHttp(options.url, options.apiKey) : await inProcess();
  let cancelled = false;
  const onInterrupt = (): void => {
    cancelled = true;
  };
  process.once('SIGINT', onInterrupt);
  try {
    const started = await driver.rebuild(name);
    const generation = started.rebuild?.generation;
    if (!options.wait) {
      process.stdout.write(`rebuilding ${name} into generation ${generation ?? '?'}\n`);
      return;
    }
    const bar = new SingleBar({
      // `{eta}` is the bar's own estimate from the progress it is shown; cli-progress
      // has no `{eta_s}`, and printed it as it stood.
      format: `${name} [{bar}] {percentage}% | {value}/{total} events | {rate}/s | ETA {eta}s`,
      stream: process.stderr,
      hideCursor: true,
    });
    bar.start(started.rebuild?.total ?? 0, started.rebuild?.done ?? 0, { rate: '-' });
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const status = await driver.status(name);
      if (status.lastError) {
        bar.stop();
        throw new Error(
          `${name} failed at ${status.lastError.position}: ${status.lastError.message}`,
        );
      }
      if (cancelled) {
        await driver.cancel(name);
        bar.stop();
        process.stderr.write(`cancelled the rebuild of ${name}\n`);
        process.exitCode = 130;
        return;
      }
      if (!status.rebuild) {
        bar.update(bar.getTotal());
        bar.stop();
        process.stdout.write(
          `rebuilt ${name}: version ${status.version}, generation ${status.generation}, checkpoint ${status.checkpoint ?? '-'}\n`,
        );
        return;
      }
      bar.setTotal(status.rebuild.total ?? 0);
      bar.update(status.rebuild.done, { rate: status.rebuild.ratePerSecond ?? '-' });
    }
  } finally {
    process.off('SIGINT', onInterrupt);
    await driver.close();
  }
}

async function list(options: ServerOptions & { json?: boolean }): Promise<void> {
  const driver = options.url ? overHttp(options.url, options.apiKey) : await inProcess();
  try {
    const reports = await driver.list();
    if (options.json) {
      process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
      return;
    }
    const rows = reports.map((r) => [
      r.name,
      String(r.version),
      String(r.generation),
      r.state,
      r.checkpoint ?? '-',
      r.lag
        ? `${r.lag.events} events, ${r.lag.seconds === null ? '?' : Math.round(r.lag.seconds)} s`
        : '-',
      r.rebuild ? `${r.rebuild.done}/${r.rebuild.total ?? '?'}` : '-',
      r.lastError ? `${r.lastError.message} at ${r.lastError.position}` : '',
    ]);
    const header = ['name', 'version', 'gen', 'state', 'checkpoint', 'lag', 'rebuild', 'error'];
    const widths = header.map((h, i) =>
      Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)),
    );
    for (const row of [header, ...rows]) {
      process.stdout.write(
        `${row
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd()}\n`,
      );
    }
  } finally {
    await driver.close();
  }
}

/** `parley rebuild NAME`. */
export function rebuildProjection(
  name: string,
  options: ServerOptions & { wait: boolean },
): Promise<void> {
  return rebuild(name, options).catch(explain);
}

/** `parley projections`. */
export function listProjections(options: ServerOptions & { json?: boolean }): Promise<void> {
  return list(options).catch(explain);
}

function explain(error: unknown): never {
  if (error instanceof NotLeaseHolder) {
    throw new Error(`${error.message}: pass --url http://HOST:PORT of that server`);
  }
  throw error;
}
