import type { ActorDirectory } from '../../actors';
import { BadInput, NotFound } from '../../common/domain-error';
import type { RecordReader, RecordView } from '../../records';
import {
  credibility,
  tallyThreats,
  type CredibilityFigure,
  type ThreatFate,
} from '../domain/credibility';

/** One threat the actor made, with its fate as of `asOf`. */
export interface CredibilityThreat {
  readonly id: string;
  readonly target: string;
  readonly occurredAt: string;
  readonly deadline: string | null;
  readonly fate: ThreatFate;
}

export interface ActorCredibility extends CredibilityFigure {
  readonly actor: string;
  readonly name: string;
  readonly asOf: string | null;
  /** Each threat the actor made, with its fate as of `asOf`. */
  readonly items: CredibilityThreat[];
}

export interface RankedCredibility extends CredibilityFigure {
  readonly rank: number;
  readonly actor: string;
  readonly name: string;
}

export interface CredibilityPage {
  readonly asOf: string | null;
  readonly items: RankedCredibility[];
  readonly nextCursor: string | null;
}

export interface CredibilityListRequest {
  readonly asOf?: string;
  readonly asOfMs?: number;
  readonly limit: number;
  readonly cursor?: string;
  /** Leave out actors with fewer settled threats than this. */
  readonly minSettled: number;
}

/** Threat credibility from the records view: the actor's own threats (it is their source). */
export class CredibilityReader {
  constructor(
    private readonly records: RecordReader,
    private readonly actors: ActorDirectory,
  ) {}

  forActor(actor: string, asOf?: { asOf: string; asOfMs: number }): ActorCredibility {
    const profile = this.actors.get(actor);
    if (!profile) throw new NotFound(`No actor is registered with id "${actor}"`);
    const threats = [
      ...this.records.all({
        source: actor,
        kind: 'threat',
        ...(asOf ? { asOfMs: asOf.asOfMs } : {}),
      }),
    ];
    return {
      actor,
      name: profile.name,
      asOf: asOf?.asOf ?? null,
      ...credibility(tallyThreats(threats.map(fateOf))),
      items: threats.map((t) => ({
        id: t.id,
        target: t.target,
        occurredAt: t.occurredAt,
        deadline: t.threat?.deadline ?? null,
        fate: fateOf(t),
      })),
    };
  }

  /**
   * Every actor with threats, most credible first: by the posterior mean, then by more
   * settled threats (the same mean on more evidence ranks higher), then by id.
   */
  ranking(request: CredibilityListRequest): CredibilityPage {
    const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
    if (request.cursor !== undefined && after === undefined)
      throw new BadInput('The cursor is not one this service gave out', 'cursor');
    const bySource = new Map<string, ThreatFate[]>();
    const filter = {
      kind: 'threat' as const,
      ...(request.asOfMs === undefined ? {} : { asOfMs: request.asOfMs }),
    };
    for (const threat of this.records.all(filter)) {
      const fates = bySource.get(threat.source) ?? [];
      fates.push(fateOf(threat));
      bySource.set(threat.source, fates);
    }
    const ranked = [...bySource.entries()]
      .map(([actor, fates]) => ({ actor, ...credibility(tallyThreats(fates)) }))
      .filter((figure) => figure.threats.settled >= request.minSettled)
      .sort(compare)
      .map((figure, index) => ({
        rank: index + 1,
        name: this.actors.get(figure.actor)?.name ?? figure.actor,
        ...figure,
      }));
    const start = after === undefined ? 0 : ranked.findIndex((item) => compare(item, after) > 0);
    const page = start < 0 ? [] : ranked.slice(start, start + request.limit);
    const last = page[page.length - 1];
    const more = start >= 0 && start + request.limit < ranked.length;
    return {
      asOf: request.asOf ?? null,
      items: page,
      nextCursor: more && last ? encodeCursor(last) : null,
    };
  }
}

function fateOf(threat: RecordView): ThreatFate {
  return threat.threatStatus ?? 'open';
}

interface RankKey {
  readonly actor: string;
  readonly estimate: { readonly mean: number };
  readonly threats: { readonly settled: number };
}

function compare(a: RankKey, b: RankKey): number {
  return (
    b.estimate.mean - a.estimate.mean ||
    b.threats.settled - a.threats.settled ||
    (a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : 0)
  );
}

/** The cursor holds the last item's rank key, so a page resumes after it even if ranks move. */
function encodeCursor(item: RankKey): string {
  return Buffer.from(
    JSON.stringify([item.estimate.mean, item.threats.settled, item.actor]),
  ).toString('base64url');
}

function decodeCursor(cursor: string): RankKey | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      typeof value[0] === 'number' &&
      typeof value[1] === 'number' &&
      typeof value[2] === 'string'
    )
      return { estimate: { mean: value[0] }, threats: { settled: value[1] }, actor: value[2] };
  } catch {
    return undefined;
  }
  return undefined;
}
