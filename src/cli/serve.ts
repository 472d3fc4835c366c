// First: tracing patches http, Fastify and pino as they load (observability/tracing.ts).
import '../observability/start-tracing';
import { Logger } from '@nestjs/common';
import 'reflect-metadata';
import { createApp } from '../app/app.factory';
import { MissingApiKeys } from '../auth/auth.module';
import { UndeclaredAccess } from '../auth/route-catalog';
import { InvalidConfig, loadConfig } from '../config/config';
import { stopTracing } from '../observability/tracing';

/** Starts the HTTP service with the configuration from the environment. */
export async function serve(): Promise<void> {
  try {
    const config = loadConfig();
    const app = await createApp(config);
    await app.listen(config.PORT, config.HOST);
    // On SIGTERM or SIGINT: stop taking requests, let the projections reach a
    // checkpoint, close the store, and exit 0, as orchestrators expect of a clean stop.
    const stop = (): void => {
      // Then the spans still batched for export (a no-op with tracing off).
      app
        .close()
        .then(stopTracing)
        .then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`Shutdown failed: ${String(error)}\n`);
            process.exit(1);
          },
        );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    const address = `http://${config.HOST}:${config.PORT}`;
    // Through the app's logger: standard output holds JSON lines only.
    new Logger('parley').log(
      `parley is serving ${address} (store: ${config.PARLEY_EVENT_STORE}, file: ${config.PARLEY_DB})`,
    );
  } catch (error) {
    // Configuration and start-up refusals are the operator's to fix: the message, no stack.
    if (
      error instanceof InvalidConfig ||
      error instanceof MissingApiKeys ||
      error instanceof UndeclaredAccess
    ) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
