import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { SingleBar } from 'cli-progress';
import { createReadStream, readFileSync } from 'node:fs';
import { basename, isAbsolute } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { AppModule } from '../app/app.module';
import { loadConfig, type AppConfig } from '../config/config';
import {
  actorMapPath,
  DatasetImporter,
  readActorMap,
  writeActorAlias,
  type DatasetFileReport,
} from '../ingest';
import { RecordImporter, type Dataset } from '../records';
import { SampleLoader } from '../sample/sample-loader';
import { cliPrincipal } from './cli-principal';
import { UsageError } from './usage';

export interface ImportOptions {
  readonly sample?: boolean;
  readonly format: 'ndjson' | Dataset;
  readonly actorMap?: string;
  readonly progress: boolean;
}

/**
 * `parley import`: records from NDJSON files, from a dataset's raw files, or the sample.
 * @throws UsageError when the patterns name no file.
 */
export async function importFiles(patterns: string[], options: ImportOptions): Promise<void> {
  const files = await expand(patterns);
  if (patterns.length > 0 && files.length === 0) {
    throw new UsageError(`import: no file matches ${patterns.join(' ')}`);
  }
  const config = loadConfig({ ...process.env, PARLEY_SAMPLE_DATA: 'off' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  await app.init();
  try {
    if (options.sample) {
      const report = await app.get(SampleLoader).load();
      process.stdout.write(
        `${JSON.stringify({ actors: report.actors, affiliations: report.affiliations, records: summary(report.records) })}\n`,
      );
    }
    const context = { correlationId: `cli-import-${Date.now()}`, principal: cliPrincipal() };
    for (const file of files) {
      if (options.format === 'ndjson') {
        const text = readFileSync(file === '-' ? 0 : file, 'utf8');
        const report = await app.get(RecordImporter).importNdjson(text, context);
        for (const result of report.results) process.stdout.write(`${JSON.stringify(result)}\n`);
        process.stderr.write(`${JSON.stringify(summary(report))}\n`);
        if (report.refused > 0) process.exitCode = 1;
        continue;
      }
      const report = await importDatasetFile(app.get(DatasetImporter), file, options, config);
      process.stdout.write(`${JSON.stringify(report)}\n`);
      if (report.refused > 0) process.exitCode = 1;
    }
  } finally {
    await app.close();
  }
}

/** `parley actors alias`: folds a dataset's actor into one of ours in the actor map. */
export function aliasActor(code: string, actor: string, options: { actorMap?: string }): void {
  const path = options.actorMap ?? actorMapPath(loadConfig(process.env));
  const map = writeActorAlias(path, code, actor);
  process.stdout.write(`${JSON.stringify({ map: path, code, actor, entries: map.size })}\n`);
}

/** `parley actors map`: the actor map as JSON. */
export function printActorMap(options: { actorMap?: string }): void {
  const path = options.actorMap ?? actorMapPath(loadConfig(process.env));
  process.stdout.write(`${JSON.stringify(Object.fromEntries(readActorMap(path)), null, 2)}\n`);
}

/** The files the patterns name, in order, each once; `-` (standard input) as it is. */
async function expand(patterns: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    if (pattern === '-') files.push('-');
    else if (!isDynamicPattern(pattern)) files.push(pattern);
    else
      files.push(
        ...(
          await glob(pattern, {
            onlyFiles: true,
            expandDirectories: false,
            absolute: isAbsolute(pattern),
          })
        ).sort(),
      );
  }
  return [...new Set(files)];
}

async function importDatasetFile(
  importer: DatasetImporter,
  file: string,
  options: ImportOptions,
  config: AppConfig,
): Promise<DatasetFileReport> {
  const input = file === '-' ? process.stdin : createReadStream(file);
  const bar =
    options.progress && process.stderr.isTTY
      ? new SingleBar({
          format: `${file === '-' ? 'stdin' : basename(file)} | {value} rows | {taken} taken | {skipped} skipped | {refused} refused`,
          stream: process.stderr,
          hideCursor: true,
        })
      : undefined;
  bar?.start(0, 0, { taken: 0, skipped: 0, refused: 0 });
  try {
    return await importer.importFile(
      file === '-' ? 'stdin' : file,
      options.format as Dataset,
      input,
      { correlationId: `cli-import-${Date.now()}`, principal: cliPrincipal() },
      {
        actorMap: readActorMap(options.actorMap ?? actorMapPath(config)),
        onProgress: (progress) => {
          bar?.setTotal(progress.rows);
          bar?.update(progress.rows, progress);
        },
      },
    );
  } finally {
    bar?.stop();
  }
}

function summary(report: {
  received: number;
  created: number;
  unchanged: number;
  refused: number;
}): object {
  const { received, created, unchanged, refused } = report;
  return { received, created, unchanged, refused };
}
