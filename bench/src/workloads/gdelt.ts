import { NestFactory } from '@nestjs/core';
import { parse } from 'csv-parse';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppModule } from '../../../src/app/app.module';
import { loadConfig } from '../../../src/config/config';
import { DatasetImporter } from '../../../src/ingest';
import { REPO_ROOT } from '../paths';
import { BENCH_API_KEYS_ENV } from '../scale';
import { timed } from './measure';

/** GDELT 2.0's first 15-minute export, whole (bench/fixtures/README.md). */
const EXPORT = join(REPO_ROOT, 'bench', 'fixtures', '20150218230000.export.CSV');

export type GdeltSide = 'ours' | 'parse';

export interface GdeltSpec {
  readonly side: GdeltSide;
  /** The day file, written by {@link writeGdeltDay} before the sides run. */
  readonly dayFile: string;
  /** A fresh SQLite file for parley's side. */
  readonly file: string;
}

/**
 * A day of GDELT 2.0 as the importer would meet it: `rows` rows made of a real export's
 * 2,271 rows over and over, each copy with ids of its own (GLOBALEVENTID plus a multiple
 * of 10^9, so every row is a new event), so that the mix of one-sided, country-less and
 * two-sided rows is a real file's.
 */
export async function writeGdeltDay(dayFile: string, rows: number): Promise<void> {
  const lines = readFileSync(EXPORT, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
  const out = createWriteStream(dayFile);
  for (let i = 0; i < rows; i++) {
    const line = lines[i % lines.length] ?? '';
    const copy = Math.floor(i / lines.length);
    const tab = line.indexOf('\t');
    const id = BigInt(line.slice(0, tab)) + BigInt(copy) * 1_000_000_000n;
    if (!out.write(`${id}${line.slice(tab)}\n`)) {
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/**
 * One side of the GDELT day: parley's `parley import --format gdelt2` path in-process
 * (read, map, register actors, record through the bulk path, read models caught up), or
 * a bare parse of the same file with the same csv-parse options, so that the parse is
 * not mistaken for the import.
 */
export async function runGdelt(spec: GdeltSpec): Promise<object> {
  if (spec.side === 'parse') {
    let rows = 0;
    const seconds = await timed(async () => {
      await pipeline(
        createReadStream(spec.dayFile),
        parse({ delimiter: '\t', quote: false, relax_column_count: true, skip_empty_lines: true }),
        async (source: AsyncIterable<string[]>) => {
          for await (const _row of source) rows += 1;
        },
      );
    });
    return { rows, seconds, rowsPerSecond: rows / seconds };
  }
  const config = loadConfig({
    PARLEY_DB: spec.file,
    PARLEY_SAMPLE_DATA: 'off',
    LOG_LEVEL: 'silent',
    PARLEY_API_KEYS: BENCH_API_KEYS_ENV,
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: false,
  });
  await app.init();
  try {
    const importer = app.get(DatasetImporter);
    let report: Awaited<ReturnType<DatasetImporter['importFile']>> | undefined;
    const seconds = await timed(async () => {
      report = await importer.importFile(
        'gdelt-day.export.CSV',
        'gdelt2',
        createReadStream(spec.dayFile),
        { correlationId: 'bench-gdelt', principal: 'bench' },
      );
    });
    const rows = report?.rows ?? 0;
    return { rows, records: report?.taken ?? 0, seconds, rowsPerSecond: rows / seconds };
  } finally {
    await app.close();
  }
}
