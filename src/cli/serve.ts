import 'reflect-metadata';
import { createApp } from '../app.factory';
import { InvalidConfig, loadConfig } from '../config/config';

/** Starts the HTTP service with the configuration from the environment. */
export async function serve(): Promise<void> {
  try {
    const config = loadConfig();
    const app = await createApp(config);
    await app.listen(config.PORT, config.HOST);
    const address = `http://${config.HOST}:${config.PORT}`;
    process.stdout.write(
      `parley is serving ${address} (store: ${config.PARLEY_EVENT_STORE}, file: ${config.PARLEY_DB})\n`,
    );
  } catch (error) {
    if (error instanceof InvalidConfig) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
