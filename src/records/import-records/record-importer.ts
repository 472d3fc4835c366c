import { Inject, Injectable } from '@nestjs/common';
import { ActorDirectory } from '../../actors';
import type { CommandContext } from '../../common/command-context';
import { EventStore } from '../../event-store/event-store.port';
import { comparePositions, type Position } from '../../event-store/position';
import { ProjectionRunner } from '../../projections/projection-runner';
import { refuseCreation } from '../create-record/creation-rules';
import { parseRecordInput } from '../create-record/parse-record-input';
import { dyadStream } from '../domain/dyad';
import type { RecordDraft } from '../domain/record';
import { RecordReader } from '../get-records/record-reader';
import { createRecordsInDyad } from '../write-dyad';
import { ImportRefusals, type LineProblem } from './import-refusals';

export interface ImportLineResult {
  readonly line: number;
  readonly status: 'created' | 'unchanged' | 'refused';
  readonly id?: string;
  readonly stream?: string;
  readonly problem?: LineProblem;
}

export interface ImportReport {
  readonly received: number;
  readonly created: number;
  readonly unchanged: number;
  readonly refused: number;
  readonly results: ImportLineResult[];
}

/**
 * Lines decided together: one decision and one append per dyad among them, all in one
 * group commit. Large, because a commit's cost is the pages it dirties, and records
 * land at random places in the read models' indexes: a GDELT import ran 1.75× faster at
 * 10,000 than at 1,000 (100,000 rows, 2026-12-06). The commit holds the event loop for
 * about a second at this size; larger gained little more (1.1× at 20,000).
 */
const CHUNK_LINES = 10_000;
/** How long the import waits, at its end, for the read models to show it. */
const CATCH_UP_TIMEOUT_MS = 10 * 60_000;

/**
 * An import stopped because no one waits for its report any more: the lines of the
 * chunks decided before stay recorded, the rest were not looked at.
 */
export class ImportAbandoned extends Error {
  constructor(readonly decidedLines: number) {
    super(`The import stopped after ${decidedLines} lines: the client went away`);
  }
}

/** A bulk import of parsed drafts: see {@link RecordImporter.drafts}. */
export interface DraftImport {
  record(
    items: readonly { readonly line: number; readonly draft: RecordDraft }[],
  ): Promise<ImportLineResult[]>;
  finish(): Promise<void>;
}

/** The totals of a report's results. */
export function reportOf(results: ImportLineResult[]): ImportReport {
  let created = 0;
  let unchanged = 0;
  let refused = 0;
  for (const result of results)
    if (result.status === 'created') created++;
    else if (result.status === 'unchanged') unchanged++;
    else refused++;
  return { received: results.length, created, unchanged, refused, results };
}

interface ParsedLine {
  readonly slot: number;
  readonly line: number;
  readonly draft: RecordDraft;
}

/**
 * Records many records from NDJSON: each line is parsed ({@link parseRecordInput}) and
 * held to the rules of a `POST /records`, and the report says, line by line, what was
 * taken, what was already there and what was refused and why. A refused line changes
 * nothing.
 *
 * It takes the bulk path: lines are decided a chunk at a time, one decision and one
 * append per dyad in the chunk (the dyads' appends sharing the store's group commits),
 * reading only the records' own events; the read models are waited for once, at the
 * end, so the import answers when they show all of it.
 */
@Injectable()
export class RecordImporter {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(ActorDirectory) private readonly actors: ActorDirectory,
    @Inject(RecordReader) private readonly records: RecordReader,
    @Inject(ImportRefusals) private readonly refusals: ImportRefusals,
  ) {}

  /**
   * `signal`: aborted when no one waits for the report any more (the client went away).
   * The import then stops before its next chunk, with {@link ImportAbandoned}; the chunks
   * already committed stay (a re-import of the same lines adds nothing of them again).
   */
  async importNdjson(
    text: string,
    context: CommandContext,
    signal?: AbortSignal,
  ): Promise<ImportReport> {
    const results: ImportLineResult[] = [];
    const session = this.session(context, signal);
    let chunk: ParsedLine[] = [];
    const decideChunk = async (): Promise<void> => {
      await session.decide(chunk, results);
      chunk = [];
    };
    let lineStart = 0;
    for (let line = 1; lineStart <= text.length; line++) {
      const newline = text.indexOf('\n', lineStart);
      const end = newline === -1 ? text.length : newline;
      const lineText = text.slice(lineStart, end).replace(/\r$/, '');
      lineStart = end + 1;
      if (lineText.trim() === '') continue;
      const parsed = this.parseLine(line, lineText);
      if ('status' in parsed) {
        results.push(parsed);
        continue;
      }
      chunk.push({ slot: results.length, line, draft: parsed.draft });
      // A placeholder, filled when its chunk is decided.
      results.push({ line, status: 'refused' });
      if (chunk.length >= CHUNK_LINES) await decideChunk();
    }
    if (chunk.length > 0) await decideChunk();
    await session.finish();
    return reportOf(results);
  }

  /**
   * A bulk import of drafts parsed elsewhere (a dataset's rows): `record` decides a batch
   * of them (each held to the rules of a `POST /records`, a chunk at a time) and answers
   * a result for each, in order; `finish` waits, once, until the read models show
   * everything recorded.
   */
  drafts(context: CommandContext, signal?: AbortSignal): DraftImport {
    const session = this.session(context, signal);
    return {
      record: async (items) => {
        const results: ImportLineResult[] = items.map(({ line }) => ({ line, status: 'refused' }));
        for (let start = 0; start < items.length; start += CHUNK_LINES) {
          const chunk = items
            .slice(start, start + CHUNK_LINES)
            .map(({ line, draft }, i) => ({ slot: start + i, line, draft }));
          await session.decide(chunk, results);
        }
        return results;
      },
      finish: () => session.finish(),
    };
  }

  /** The records one import created so far, and how far in the log it got. */
  private session(
    context: CommandContext,
    signal: AbortSignal | undefined,
  ): {
    decide(chunk: readonly ParsedLine[], results: ImportLineResult[]): Promise<void>;
    finish(): Promise<void>;
  } {
    let decided = 0;
    // The records this import created so far, by id: the read models may show them only at the end.
    const created = new Map<string, string>();
    let last: { stream: string; position: Position } | undefined;
    return {
      decide: async (chunk, results) => {
        // Checked between chunks: a chunk begun is committed whole, never half.
        if (signal?.aborted) throw new ImportAbandoned(decided);
        const reached = await this.importChunk(chunk, context, created, results);
        decided += chunk.length;
        if (reached && (!last || comparePositions(reached.position, last.position) > 0))
          last = reached;
      },
      finish: async () => {
        if (last) await this.runner.waitFor({ ...last, type: '' }, CATCH_UP_TIMEOUT_MS);
      },
    };
  }

  private parseLine(line: number, text: string): ImportLineResult | { draft: RecordDraft } {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return { line, status: 'refused', problem: this.refusals.notJson(error) };
    }
    const input = parseRecordInput(raw);
    if (!input.ok) return { line, status: 'refused', problem: this.refusals.invalid(input) };
    return { draft: input.draft };
  }

  /**
   * Decides one chunk: the rules that span streams first, line by line, then one
   * decision per dyad, the dyads side by side. Answers the furthest position appended.
   */
  private async importChunk(
    chunk: readonly ParsedLine[],
    context: CommandContext,
    created: Map<string, string>,
    results: ImportLineResult[],
  ): Promise<{ stream: string; position: Position } | undefined> {
    const refuse = (item: ParsedLine, error: unknown): void => {
      const problem = this.refusals.refused(error);
      if (problem === undefined) throw error;
      results[item.slot] = { line: item.line, status: 'refused', id: item.draft.id, problem };
    };
    // Ids this chunk claims before its dyads decide: a second dyad claiming one is refused.
    const claimed = new Map<string, string>();
    const byStream = new Map<string, ParsedLine[]>();
    for (const item of chunk) {
      const { draft } = item;
      const stream = dyadStream(draft.source, draft.target);
      try {
        refuseCreation(draft, {
          actorExists: (id) => this.actors.exists(id),
          streamOf: (id) => claimed.get(id) ?? created.get(id) ?? this.records.streamOf(id),
        });
      } catch (error) {
        refuse(item, error);
        continue;
      }
      claimed.set(draft.id, stream);
      const lines = byStream.get(stream) ?? [];
      lines.push(item);
      byStream.set(stream, lines);
    }
    const decided = await Promise.all(
      [...byStream].map(async ([stream, items]) => {
        const { outcomes, appended } = await createRecordsInDyad(
          this.store,
          stream,
          items.map((item) => item.draft),
          context,
        );
        items.forEach((item, i) => {
          const outcome = outcomes[i];
          if (!outcome) return;
          if (outcome.status === 'refused') return refuse(item, outcome.error);
          created.set(item.draft.id, stream);
          results[item.slot] = {
            line: item.line,
            status: outcome.status,
            id: item.draft.id,
            stream,
          };
        });
        return appended && { stream, position: appended.position };
      }),
    );
    let furthest: { stream: string; position: Position } | undefined;
    for (const reached of decided)
      if (reached && (!furthest || comparePositions(reached.position, furthest.position) > 0))
        furthest = reached;
    return furthest;
  }
}
