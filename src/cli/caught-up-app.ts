import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppModule } from '../app/app.module';
import { loadConfig } from '../config/config';
import { ProjectionRunner } from '../projections/projection-runner';

/**
 * The service without HTTP, on PARLEY_DB, with its read models caught up with the log
 * (here, or in a server holding the lease): a command that reads them (`export`, `code`)
 * then sees every event the log holds. The caller closes it.
 */
export async function openCaughtUpApp(): Promise<INestApplicationContext> {
  const config = loadConfig({ ...process.env, PARLEY_SAMPLE_DATA: 'off' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: config.LOG_LEVEL === 'silent' ? false : ['error', 'warn'],
  });
  try {
    await app.init();
    await app.get(ProjectionRunner).waitForHead();
    return app;
  } catch (error) {
    await app.close();
    throw error;
  }
}
