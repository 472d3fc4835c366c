import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Readable } from 'node:stream';
import { ActorDirectory, AffiliateActorCommand, RegisterActorCommand } from '../../actors';
import type { CommandContext } from '../../common/command-context';
import { RecordImporter, type Dataset, type RecordDraft } from '../../records';
import type { ActorMap, DatasetActor, SkipReason } from '../domain/dataset-row';
import { mapRow } from '../domain/map-row';
import { UnreadableDatasetFile } from '../formats/dataset-file';
import { readDatasetRows } from '../formats/read-dataset-rows';
import { BadInput } from '../../common/domain-error';
import { AppConfig } from '../../config/config';

/** A row the import refused: its line, the codebook's column (or `row`) and why. */
export interface RowRefusal {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/** What one file gave: rows read, and each row taken, already there, skipped or refused. */
export interface DatasetFileReport {
  readonly file: string;
  readonly format: Dataset;
  readonly rows: number;
  /** New records. */
  readonly taken: number;
  /** Rows whose record was already there, as sent (the same file imported again). */
  readonly unchanged: number;
  readonly skipped: number;
  /** Skipped rows counted by reason (MAPPING.md explains each). */
  readonly skippedBy: Partial<Record<SkipReason, number>>;
  readonly refused: number;
  /** The first {@link MAX_LISTED_REFUSALS} refused rows, in file order. */
  readonly refusals: readonly RowRefusal[];
  /** Actors (countries, and the coded actors below them) registered for the file's records. */
  readonly actorsRegistered: number;
}

export interface DatasetImportProgress {
  readonly rows: number;
  readonly taken: number;
  readonly skipped: number;
  readonly refused: number;
}

export interface DatasetImportOptions {
  readonly actorMap?: ActorMap;
  /** Called after each batch of rows. */
  readonly onProgress?: (progress: DatasetImportProgress) => void;
  /** Aborted when no one waits for the report: the import stops before its next batch. */
  readonly signal?: AbortSignal;
}

/** A report lists this many refused rows; the count covers them all. */
export const MAX_LISTED_REFUSALS = 1_000;

/**
 * Imports one raw dataset file (GDELT 2.0 or 1.0, ICEWS, POLECAT; zipped or not) as
 * records: the file is read a batch of rows at a time (never whole), each row is mapped
 * (`mapRow`, MAPPING.md) to a record and the actors it names, the actors missing from
 * the directory are registered (a country first, then the coded actors below it, each
 * affiliated to its country), and the records go through the bulk path of NDJSON
 * imports (`RecordImporter.drafts`), held to the rules of a `POST /records`. Record ids
 * come from (dataset, row id), so importing a file again adds nothing.
 */
@Injectable()
export class DatasetImporter {
  constructor(
    @Inject(RecordImporter) private readonly records: RecordImporter,
    @Inject(ActorDirectory) private readonly actors: ActorDirectory,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(AppConfig) private readonly config: Pick<AppConfig, 'PARLEY_IMPORT_BATCH_ROWS'>,
  ) {}

  async importFile(
    file: string,
    format: Dataset,
    input: Buffer | Readable,
    context: CommandContext,
    options: DatasetImportOptions = {},
  ): Promise<DatasetFileReport> {
    const session = this.records.drafts(context, options.signal);
    const known = new Set<string>();
    const skippedBy: Partial<Record<SkipReason, number>> = {};
    const refusals: RowRefusal[] = [];
    let rows = 0;
    let taken = 0;
    let unchanged = 0;
    let skipped = 0;
    let refused = 0;
    let actorsRegistered = 0;
    const refuse = (refusal: RowRefusal): void => {
      refused += 1;
      if (refusals.length < MAX_LISTED_REFUSALS) refusals.push(refusal);
    };
    for await (const batch of unreadableAsBadInput(
      readDatasetRows(format, input, { batchSize: this.config.PARLEY_IMPORT_BATCH_ROWS }),
    )) {
      rows += batch.length;
      const drafts: { line: number; draft: RecordDraft }[] = [];
      const needed: DatasetActor[] = [];
      for (const row of batch) {
        const outcome = mapRow(format, row, options.actorMap ? { actorMap: options.actorMap } : {});
        if (outcome.status === 'skipped') {
          skipped += 1;
          skippedBy[outcome.reason] = (skippedBy[outcome.reason] ?? 0) + 1;
        } else if (outcome.status === 'refused') {
          refuse({ line: outcome.line, field: outcome.field, message: outcome.message });
        } else {
          drafts.push({ line: row.line, draft: outcome.draft });
          needed.push(...outcome.actors);
        }
      }
      actorsRegistered += await this.register(needed, known, context);
      const results = await session.record(drafts);
      for (const result of results) {
        if (result.status === 'created') taken += 1;
        else if (result.status === 'unchanged') unchanged += 1;
        else refuse({ line: result.line, ...fieldOf(result.problem) });
      }
      options.onProgress?.({ rows, taken: taken + unchanged, skipped, refused });
    }
    await session.finish();
    const report = { file, format, rows, taken, unchanged, skipped, skippedBy, refused };
    return { ...report, refusals, actorsRegistered };
  }

  /**
   * Registers the actors the directory lacks, in the order given (a country before the
   * actors below it), with their affiliation. Answers how many it registered.
   */
  private async register(
    needed: readonly DatasetActor[],
    known: Set<string>,
    context: CommandContext,
  ): Promise<number> {
    let registered = 0;
    for (const { profile, affiliation } of needed) {
      if (known.has(profile.id)) continue;
      known.add(profile.id);
      if (this.actors.exists(profile.id)) continue;
      await this.commands.execute(new RegisterActorCommand(profile, context));
      registered += 1;
      if (affiliation) {
        await this.commands.execute(
          new AffiliateActorCommand(
            {
              actor: profile.id,
              parent: affiliation.parent,
              from: affiliation.from,
              ...(affiliation.role ? { role: affiliation.role } : {}),
            },
            context,
          ),
        );
      }
    }
    return registered;
  }
}

/** The field and words of a problem a record was refused with (a rule of POST /records). */
function fieldOf(problem: { readonly [member: string]: unknown } | undefined): {
  field: string;
  message: string;
} {
  const errors = problem?.['errors'];
  const first = Array.isArray(errors)
    ? (errors[0] as Record<string, unknown> | undefined)
    : undefined;
  const field =
    (typeof first?.['field'] === 'string' && first['field']) ||
    (typeof problem?.['field'] === 'string' && problem['field']) ||
    'row';
  const message =
    (typeof first?.['message'] === 'string' && first['message']) ||
    (typeof problem?.['detail'] === 'string' && problem['detail']) ||
    (typeof problem?.['title'] === 'string' && problem['title']) ||
    'refused';
  return { field, message };
}

/** A file that cannot be read at all (a broken zip) is the request's fault: a 400 naming the body. */
async function* unreadableAsBadInput<T>(rows: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* rows;
  } catch (error) {
    if (error instanceof UnreadableDatasetFile) throw new BadInput(error.message, 'body');
    throw error;
  }
}
