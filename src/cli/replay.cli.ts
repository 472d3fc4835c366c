import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { once } from 'node:events';
import { loadConfig } from '../config/config';
import { ProblemException } from '../http/problem';
import { PARLEY_EVENT_TYPES } from '../app/parley-event-types';
import { ndjsonLine } from '../replay/event-view';
import { parseReplayParams } from '../replay/replay-params';
import { ReplayModule } from '../replay/replay.module';
import { ReplayService } from '../replay/replay.service';
import { invalidOptionsMessage, UsageError } from './usage';

/** `parley replay`'s options, named as the HTTP parameters are. */
export interface ReplayCliOptions {
  readonly stream?: string;
  readonly category?: string;
  readonly type?: string;
  readonly actor?: string;
  readonly dyad?: string;
  readonly from?: string;
  readonly to?: string;
  readonly recordedFrom?: string;
  readonly recordedTo?: string;
  readonly speed?: string;
  readonly limit?: string;
}

/** A usage error: the message names the option as it is typed. */
export class ReplayUsageError extends UsageError {
  override readonly name = 'ReplayUsageError';
}

/**
 * Replays the log of the configured store (PARLEY_DB, PARLEY_EVENT_STORE) to `out` as
 * NDJSON, the lines `GET /replay` gives. Stops early, without an error, when `out`
 * closes (`parley replay | head`) or the process is interrupted.
 */
export async function replayToStdout(
  options: ReplayCliOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const request = parseOptions(options);
  const config = loadConfig({ ...process.env, PARLEY_SAMPLE_DATA: 'off' });
  const app = await NestFactory.createApplicationContext(
    ReplayModule.standalone(config, PARLEY_EVENT_TYPES),
    {
      logger: config.LOG_LEVEL === 'silent' ? false : ['error', 'warn'],
    },
  );
  const stopped = new AbortController();
  const stop = (): void => stopped.abort();
  const onOutError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') throw error;
    stop();
  };
  out.on('error', onOutError);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const session = await app.get(ReplayService).open(request, stopped.signal);
    for await (const event of session.events) {
      if (out.write(ndjsonLine(event))) continue;
      await once(out, 'drain', { signal: stopped.signal }).catch(() => undefined);
      if (stopped.signal.aborted) break;
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    out.off('error', onOutError);
    await app.close();
  }
}

function parseOptions(options: ReplayCliOptions): ReturnType<typeof parseReplayParams> {
  try {
    return parseReplayParams({ ...options });
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    throw new ReplayUsageError(invalidOptionsMessage('replay', error.problem.errors ?? []));
  }
}
