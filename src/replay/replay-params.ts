import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { comparePositions, isPositionToken, type Position } from '../event-store/position';
import { fieldProblems, validationProblem, type FieldProblem } from '../http/problem';
import { toInstant } from '../http/validators';
import type { DirectedDyad, ReplayFilter } from './domain/replay-filter';
import { ReplayQueryDto } from './http/replay-query.dto';
import type { ReplayRequest } from './replay.service';

/**
 * Turns a validated query into a replay request: lists split on commas, instants to
 * epoch ms, and the ranges checked for order.
 * @throws ProblemException (400) naming the field when a range is reversed.
 */
export function toReplayRequest(query: ReplayQueryDto): ReplayRequest {
  const problems: FieldProblem[] = [];
  const from = query.from as Position | undefined;
  const to = query.to as Position | undefined;
  if (from !== undefined && to !== undefined && comparePositions(to, from) < 0)
    problems.push({ field: 'to', message: 'to must not come before from in the log' });
  const recordedFromMs = instantMs(query.recordedFrom);
  const recordedToMs = instantMs(query.recordedTo);
  if (recordedFromMs !== undefined && recordedToMs !== undefined && recordedToMs < recordedFromMs)
    problems.push({ field: 'recordedTo', message: 'recordedTo must not be before recordedFrom' });
  if (problems.length > 0) throw validationProblem(problems);

  const filter: ReplayFilter = {
    ...list('streams', query.stream),
    ...list('categories', query.category),
    ...list('types', query.type),
    ...list('actors', query.actor),
    ...(query.dyad === undefined ? {} : { dyads: splitList(query.dyad).map(toDyad) }),
    ...(recordedFromMs === undefined ? {} : { recordedFromMs }),
    ...(recordedToMs === undefined ? {} : { recordedToMs }),
  };
  return {
    filter,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(query.speed === undefined ? {} : { speed: query.speed }),
    ...(query.limit === undefined ? {} : { limit: query.limit }),
  };
}

/**
 * Validates a plain object of replay parameters as the HTTP query is validated (the
 * CLI's options go through here), and turns it into a request.
 * @throws ProblemException (400) with one entry per failing field.
 */
export function parseReplayParams(params: Record<string, unknown>): ReplayRequest {
  const query = plainToInstance(ReplayQueryDto, params);
  const errors = validateSync(query, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  if (errors.length > 0) throw validationProblem(fieldProblems(errors));
  return toReplayRequest(query);
}

/**
 * `Last-Event-ID`, sent by an EventSource that reconnects: the replay resumes after it.
 * @throws ProblemException (400) when it is not a position token.
 */
export function resumePosition(lastEventId: unknown): Position | undefined {
  if (lastEventId === undefined) return undefined;
  if (typeof lastEventId === 'string' && isPositionToken(lastEventId)) return lastEventId;
  throw validationProblem([
    {
      field: 'Last-Event-ID',
      message: "Last-Event-ID must be a position token, as an event's id gives it",
    },
  ]);
}

/** A comma-separated query list, without repeats. */
export function splitList(value: string): string[] {
  return [...new Set(value.split(','))];
}

function list<K extends keyof ReplayFilter>(
  key: K,
  value: string | undefined,
): Partial<Record<K, string[]>> {
  return value === undefined ? {} : ({ [key]: splitList(value) } as Partial<Record<K, string[]>>);
}

/** `source~target` as a directed dyad. */
export function toDyad(value: string): DirectedDyad {
  const [source = '', target = ''] = value.split('~');
  return { source, target };
}

function instantMs(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Date.parse(toInstant(value));
}
