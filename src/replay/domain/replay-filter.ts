import { actorStream } from '../../actors/domain/actor';
import type { LogFilter, RecordedEvent } from '../../event-store/event-store.port';
import { dyadStream } from '../../records/domain/dyad';

/** A directed dyad: the records `source` made about `target`. */
export interface DirectedDyad {
  readonly source: string;
  readonly target: string;
}

/**
 * What a replay keeps of the log. Each present field narrows it (fields combine with
 * AND); the values inside one field are alternatives (OR). Absent means "any".
 */
export interface ReplayFilter {
  /** Exact stream names. */
  readonly streams?: readonly string[];
  /** Categories: the part of a stream name before its first `-` (`dyad`, `actor`). */
  readonly categories?: readonly string[];
  /** Exact event type names. */
  readonly types?: readonly string[];
  /** Actor ids: the actor's own stream and every dyad stream it is the source or target of. */
  readonly actors?: readonly string[];
  /** Directed dyads: exactly the stream `dyad-<source>~<target>`. */
  readonly dyads?: readonly DirectedDyad[];
  /** Recorded time, inclusive (epoch ms). */
  readonly recordedFromMs?: number;
  /** Recorded time, exclusive (epoch ms). */
  readonly recordedToMs?: number;
}

const CATEGORY_SEPARATOR = '-';
/** `dyad-<source>~<target>` (records/domain/dyad.ts); the unit test keeps the two in step. */
const DYAD_STREAM = /^dyad-([^~]+)~(.+)$/;

/** The category of a stream, as EventStoreDB's `$by_category` cuts it; undefined without a `-`. */
export function categoryOf(stream: string): string | undefined {
  const at = stream.indexOf(CATEGORY_SEPARATOR);
  return at > 0 ? stream.slice(0, at) : undefined;
}

/** The prefix every stream of a category starts with. */
export function categoryPrefix(category: string): string {
  return `${category}${CATEGORY_SEPARATOR}`;
}

/** The two actors of a dyad stream, or undefined for any other stream. */
export function dyadOfStream(stream: string): DirectedDyad | undefined {
  const match = DYAD_STREAM.exec(stream);
  return match?.[1] && match[2] ? { source: match[1], target: match[2] } : undefined;
}

/** Whether an event passes every part of the filter. */
export function matchesReplayFilter(filter: ReplayFilter, event: RecordedEvent): boolean {
  const { stream } = event;
  if (filter.streams && !filter.streams.includes(stream)) return false;
  if (filter.types && !filter.types.includes(event.type)) return false;
  if (filter.categories) {
    const category = categoryOf(stream);
    if (category === undefined || !filter.categories.includes(category)) return false;
  }
  if (filter.dyads && !filter.dyads.some((d) => dyadStream(d.source, d.target) === stream))
    return false;
  if (filter.actors && !filter.actors.some((actor) => concernsActor(stream, actor))) return false;
  if (filter.recordedFromMs !== undefined || filter.recordedToMs !== undefined) {
    const recorded = Date.parse(event.recordedAt);
    if (filter.recordedFromMs !== undefined && !(recorded >= filter.recordedFromMs)) return false;
    if (filter.recordedToMs !== undefined && !(recorded < filter.recordedToMs)) return false;
  }
  return true;
}

function concernsActor(stream: string, actor: string): boolean {
  if (stream === actorStream(actor)) return true;
  const dyad = dyadOfStream(stream);
  return dyad !== undefined && (dyad.source === actor || dyad.target === actor);
}

/** How to read the log for a filter: everything, nothing at all, or with a server-side filter. */
export type LogRead =
  | { readonly reads: 'all' }
  | { readonly reads: 'nothing' }
  | { readonly reads: 'filtered'; readonly filter: LogFilter };

/**
 * The server-side filter that narrows the read without losing an event the filter
 * keeps. The port filters by stream prefix or by type prefix, never both, so:
 * - each stream-naming part (stream, category, actor, dyad) gives a set of prefixes
 *   that covers every stream it keeps; the parts combine with AND, so their sets are
 *   intersected. An empty intersection means no stream can match: nothing is read.
 * - an actor's dyads as target (`dyad-*~<id>`) have no prefix of their own, so an actor
 *   reads `actor-<id>` and all of `dyad-`; the exact test is `matchesReplayFilter`'s.
 * - with no stream-naming part, the event types are the prefixes.
 * The prefixes only narrow the read: every event is still checked by `matchesReplayFilter`.
 */
export function logReadFor(filter: ReplayFilter): LogRead {
  const prefixSets: string[][] = [];
  if (filter.streams) prefixSets.push([...filter.streams]);
  if (filter.categories) prefixSets.push(filter.categories.map(categoryPrefix));
  if (filter.dyads) prefixSets.push(filter.dyads.map((d) => dyadStream(d.source, d.target)));
  if (filter.actors)
    prefixSets.push(filter.actors.flatMap((actor) => [actorStream(actor), categoryPrefix('dyad')]));
  const [first, ...rest] = prefixSets;
  if (first) {
    const prefixes = rest.reduce(intersectPrefixes, minimalPrefixes(first));
    return prefixes.length === 0
      ? { reads: 'nothing' }
      : { reads: 'filtered', filter: { by: 'streamPrefix', prefixes } };
  }
  if (filter.types) {
    return { reads: 'filtered', filter: { by: 'eventTypePrefix', prefixes: [...filter.types] } };
  }
  return { reads: 'all' };
}

/**
 * The prefixes covering exactly the names both sets cover: of two prefixes where one
 * starts with the other, the longer one; of two unrelated prefixes, none.
 */
export function intersectPrefixes(a: readonly string[], b: readonly string[]): string[] {
  const both = a.flatMap((p) =>
    b.flatMap((q) => (p.startsWith(q) ? [p] : q.startsWith(p) ? [q] : [])),
  );
  return minimalPrefixes(both);
}

/** Sorted, without duplicates and without a prefix that a shorter one already covers. */
function minimalPrefixes(prefixes: readonly string[]): string[] {
  const sorted = [...new Set(prefixes)].sort();
  return sorted.filter((p) => !sorted.some((q) => q !== p && p.startsWith(q)));
}
