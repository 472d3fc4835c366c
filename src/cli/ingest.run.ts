import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app/app.module';
import { loadConfig } from '../config/config';
import { GdeltFollower, parseSince, type FollowEvent } from '../ingest';
import { cliPrincipal } from './cli-principal';
import { UsageError } from './usage';

export interface IngestGdeltOptions {
  readonly follow?: boolean;
  readonly since?: string;
  readonly baseUrl?: string;
  readonly interval?: string;
}

/**
 * `parley ingest gdelt`: the exports the checkpoint lacks, once or followed.
 * @throws UsageError for a `--since` that is neither a date nor an instant.
 */
export async function ingestGdelt(options: IngestGdeltOptions): Promise<void> {
  const since = options.since === undefined ? undefined : parseSince(options.since);
  if (options.since !== undefined && since === undefined) {
    throw new UsageError(
      `ingest gdelt: --since ${options.since} is neither a date (YYYY-MM-DD) nor an ISO 8601 instant with an offset`,
    );
  }
  const config = loadConfig({
    ...process.env,
    PARLEY_SAMPLE_DATA: 'off',
    ...(options.baseUrl !== undefined ? { PARLEY_GDELT_BASE_URL: options.baseUrl } : {}),
    ...(options.interval !== undefined ? { PARLEY_GDELT_POLL_INTERVAL: options.interval } : {}),
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  await app.init();
  const follower = app.get(GdeltFollower);
  const run = {
    ...(since ? { since } : {}),
    principal: cliPrincipal(),
    onEvent: (event: FollowEvent) => process.stdout.write(`${JSON.stringify(event)}\n`),
  };
  try {
    if (options.follow) {
      // A stop lets the file being imported finish and its checkpoint be written.
      const abort = new AbortController();
      process.once('SIGTERM', () => abort.abort());
      process.once('SIGINT', () => abort.abort());
      await follower.follow(run, abort.signal);
    } else {
      const outcome = await follower.catchUp(run);
      process.stderr.write(`${JSON.stringify(outcome)}\n`);
      if (outcome.refused > 0 || outcome.failed > 0) process.exitCode = 1;
    }
  } finally {
    await app.close();
  }
}
