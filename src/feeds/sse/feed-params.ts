import type { Position } from '../../event-store/position';
import { validationProblem } from '../../http/problem';
import type { RecordKind } from '../../records/domain/record';
import type { ReplayFilter } from '../../replay/domain/replay-filter';
import type { SseEventNaming } from '../../replay/http/sse';
import { resumePosition, splitList, toDyad } from '../../replay/replay-params';
import { feedEventTypes } from './feed-filter';
import type { FROM_NOW, FeedQueryDto } from './feed-query.dto';

/** What a feed delivers and where it starts. */
export interface FeedRequest {
  readonly filter: ReplayFilter;
  /** Exclusive; `now`: after the head of the log when the feed opens; absent: the start. */
  readonly from?: Position | typeof FROM_NOW;
  /** Whether each event goes out unnamed (for `onmessage`) or named by its CloudEvents type. */
  readonly naming: SseEventNaming;
}

/**
 * Turns a validated query and the `Last-Event-ID` header into a feed request. The
 * header wins over `from`: it is what an EventSource sends when it reconnects.
 * @throws ProblemException (400) for a Last-Event-ID that is not a position token, or
 * a `type` and `kind` that keep no event type in common.
 */
export function toFeedRequest(query: FeedQueryDto, lastEventId: unknown): FeedRequest {
  const resume = resumePosition(lastEventId);
  const types = feedEventTypes(
    query.type === undefined ? undefined : splitList(query.type),
    query.kind === undefined ? undefined : (splitList(query.kind) as RecordKind[]),
  );
  if (types?.length === 0)
    throw validationProblem([
      { field: 'kind', message: 'type and kind keep no event type in common: the feed is empty' },
    ]);
  const filter: ReplayFilter = {
    ...(types === undefined ? {} : { types }),
    ...(query.actor === undefined ? {} : { actors: splitList(query.actor) }),
    ...(query.dyad === undefined ? {} : { dyads: splitList(query.dyad).map(toDyad) }),
  };
  const from = resume ?? (query.from as Position | typeof FROM_NOW | undefined);
  return {
    filter,
    ...(from === undefined ? {} : { from }),
    naming: query.events ?? 'unnamed',
  };
}
