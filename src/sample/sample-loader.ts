import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Affiliation, ActorProfile } from '../actors/domain/actor';
import { AffiliateActorCommand } from '../actors/affiliate-actor/affiliate-actor.command';
import { RegisterActorCommand } from '../actors/register-actor/register-actor.command';
import { SAMPLE_DATA_DIR } from '../config/paths';
import { EventStore } from '../event-store/event-store.port';
import type { CommandContext } from '../common/command-context';
import { toInstant } from '../http/validators';
import { RecordImporter, type ImportReport } from '../records/import-records/record-importer';

export interface SampleLoadReport {
  readonly actors: number;
  readonly affiliations: number;
  readonly records: ImportReport;
}

/**
 * Loads the sample dataset (the seed articles, coded: data/sample/) through the same
 * commands a recorder's requests go through.
 */
@Injectable()
export class SampleLoader {
  private readonly logger = new Logger('SampleData');

  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(RecordImporter) private readonly importer: RecordImporter,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  /** Loads the sample into a store that holds no event at all; otherwise does nothing. */
  async loadIntoEmptyStore(dir = SAMPLE_DATA_DIR): Promise<SampleLoadReport | undefined> {
    if ((await this.store.headPosition()) !== undefined) return undefined;
    const report = await this.load(dir);
    this.logger.log(
      `Loaded the sample: ${report.actors} actors, ${report.affiliations} affiliations, ${report.records.created} records`,
    );
    return report;
  }

  async load(dir = SAMPLE_DATA_DIR): Promise<SampleLoadReport> {
    const context: CommandContext = { correlationId: 'sample-data', principal: 'parley' };
    const actors = ndjson<ActorProfile>(join(dir, 'actors.ndjson'));
    for (const actor of actors) {
      await this.commands.execute(
        new RegisterActorCommand({ ...actor, aliases: actor.aliases ?? [] }, context),
      );
    }
    const affiliations = ndjson<Affiliation>(join(dir, 'affiliations.ndjson'));
    for (const a of affiliations) {
      await this.commands.execute(
        new AffiliateActorCommand(
          { ...a, from: toInstant(a.from), ...(a.to ? { to: toInstant(a.to) } : {}) },
          context,
        ),
      );
    }
    const records = await this.importer.importNdjson(
      readFileSync(join(dir, 'records.ndjson'), 'utf8'),
      context,
    );
    if (records.refused > 0) {
      throw new Error(
        `The sample has refused records: ${JSON.stringify(records.results.filter((r) => r.problem))}`,
      );
    }
    return { actors: actors.length, affiliations: affiliations.length, records };
  }
}

function ndjson<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
