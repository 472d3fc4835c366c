import type { BeforeApplicationShutdown } from '@nestjs/common';
import { once } from 'node:events';
import type { EventStore, RecordedEvent } from '../../event-store/event-store.port';
import type { EventTypeRegistry } from '../../event-store/event-types';
import type { Position } from '../../event-store/position';
import { problemType, type Problem } from '../../http/problem';
import { toProblem } from '../../http/problem.filter';
import { logReadFor, matchesReplayFilter } from '../../replay/domain/replay-filter';
import { SSE_PROBLEM_EVENT, sseComment, sseMessage, sseRetry } from '../../replay/http/sse';
import { cloudEventType, toCloudEvent } from '../cloud-event';
import { schemaUrl } from '../schemas/schema-catalog';
import { FROM_NOW } from './feed-query.dto';
import type { FeedRequest } from './feed-params';
import { SseWriter, type SseSink } from './sse-writer';

export interface FeedOptions {
  /** A `: heartbeat <iso>` comment this often, so idle connections and proxies stay open. */
  readonly heartbeatMs: number;
  /** How long a client may leave a full buffer unread before it is cut off. */
  readonly drainTimeoutMs: number;
  /** How long a cut-off client gets to read what is buffered before its connection drops. */
  readonly finalFlushMs: number;
  /** The reconnection delay sent to EventSource clients (`retry:`). */
  readonly retryMs: number;
}

export const DEFAULT_FEED_OPTIONS: FeedOptions = {
  heartbeatMs: 15_000,
  drainTimeoutMs: 10_000,
  finalFlushMs: 10_000,
  retryMs: 3_000,
};

/** A feed resolved against the log: where it starts, as a position, not `now`. */
export interface OpenFeed {
  readonly request: FeedRequest;
  /** Exclusive; undefined: the start of the log. */
  readonly from: Position | undefined;
}

/** Where the feed is served: to make absolute schema URIs and problem instances. */
export interface FeedContext {
  /** `scheme://host[:port]` as the client addressed the service. */
  readonly origin: string;
  /** The request's path and query, the `instance` of a problem. */
  readonly url: string;
}

/** How a feed ended. */
export type FeedEnd = 'disconnected' | 'slow-consumer' | 'shutdown' | 'failed';

export interface FeedStats {
  /** Feeds being served now. */
  readonly open: number;
  /** Events written to feeds since start. */
  readonly eventsSent: number;
  /** Feeds cut off because the client stopped reading. */
  readonly slowConsumersCutOff: number;
}

/**
 * The SSE feed: the log, filtered, catch-up then live, for ever, each event as a
 * CloudEvents envelope with its position as the SSE id. Holds at most the store's
 * page of events per feed: it writes one event, waits for the client to take it if the
 * socket is full, and cuts a client off that does not read within the drain timeout.
 */
export class FeedService implements BeforeApplicationShutdown {
  private options: FeedOptions;
  private readonly running = new Map<AbortController, Promise<FeedEnd>>();
  private eventsSent = 0;
  private slowConsumersCutOff = 0;

  constructor(
    private readonly store: EventStore,
    /** The event types whose schemas the deliveries name (`dataschema`). */
    private readonly types: EventTypeRegistry,
    options: Partial<FeedOptions> = {},
  ) {
    this.options = { ...DEFAULT_FEED_OPTIONS, ...options };
  }

  /** Changes the timings of feeds opened from now on (tests use short ones). */
  configure(options: Partial<FeedOptions>): void {
    this.options = { ...this.options, ...options };
  }

  stats(): FeedStats {
    return {
      open: this.running.size,
      eventsSent: this.eventsSent,
      slowConsumersCutOff: this.slowConsumersCutOff,
    };
  }

  /** Resolves where the feed starts: `from=now` is the head of the log at this moment. */
  async open(request: FeedRequest): Promise<OpenFeed> {
    const from = request.from === FROM_NOW ? await this.store.headPosition() : request.from;
    return { request, from };
  }

  /**
   * Serves a feed into `sink` until the client goes away (its 'close'), it reads too
   * slowly, the store fails, or the service shuts down. Starts with `retry:`.
   */
  serve(feed: OpenFeed, sink: SseSink, context: FeedContext): Promise<FeedEnd> {
    const stop = new AbortController();
    const served = this.run(feed, sink, context, stop).finally(() => this.running.delete(stop));
    this.running.set(stop, served);
    return served;
  }

  /** Ends every open feed, so that the HTTP server can close; clients resume elsewhere. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const stop of this.running.keys()) stop.abort('shutdown');
    await Promise.allSettled(this.running.values());
  }

  private async run(
    feed: OpenFeed,
    sink: SseSink,
    context: FeedContext,
    stop: AbortController,
  ): Promise<FeedEnd> {
    const { heartbeatMs, drainTimeoutMs, finalFlushMs, retryMs } = this.options;
    const onClose = (): void => stop.abort('disconnected');
    sink.once('close', onClose);
    const writer = new SseWriter(sink, drainTimeoutMs);
    const heartbeat = setInterval(
      () => writer.offer(sseComment(`heartbeat ${new Date().toISOString()}`)),
      heartbeatMs,
    );
    heartbeat.unref();
    let lastSent = feed.from;
    let lastFrame: string | undefined;
    let end: FeedEnd = 'shutdown';
    try {
      writer.offer(sseRetry(retryMs));
      for await (const event of this.events(feed, stop.signal)) {
        const outcome = await writer.write(this.frame(event, feed.request, context));
        if (outcome === 'closed') break;
        this.eventsSent += 1;
        lastSent = event.position;
        if (outcome === 'stalled') {
          this.slowConsumersCutOff += 1;
          lastFrame = slowConsumerFrame(lastSent, drainTimeoutMs, context.url);
          end = 'slow-consumer';
          break;
        }
      }
      if (stop.signal.aborted && stop.signal.reason === 'disconnected') end = 'disconnected';
    } catch (error) {
      end = 'failed';
      lastFrame = sseMessage({
        event: SSE_PROBLEM_EVENT,
        data: JSON.stringify(toProblem(error, context.url)),
      });
    } finally {
      clearInterval(heartbeat);
      sink.off('close', onClose);
      writer.end(lastFrame, finalFlushMs);
    }
    return end;
  }

  /** The matching events after `from`, catch-up then live, read with the store's filter where it has one. */
  private async *events(feed: OpenFeed, signal: AbortSignal): AsyncGenerator<RecordedEvent> {
    const { filter } = feed.request;
    const read = logReadFor(filter);
    if (read.reads === 'nothing') {
      // No stream can match: nothing to read, but the feed stays open, as any quiet feed.
      if (!signal.aborted) await once(signal, 'abort');
      return;
    }
    const events = this.store.subscribeToAll({
      signal,
      ...(feed.from === undefined ? {} : { from: feed.from }),
      ...(read.reads === 'filtered' ? { filter: read.filter } : {}),
    });
    for await (const event of events) {
      if (signal.aborted) return;
      if (matchesReplayFilter(filter, event)) yield event;
    }
  }

  private frame(event: RecordedEvent, request: FeedRequest, context: FeedContext): string {
    const envelope = toCloudEvent(event, {
      dataschema: (type) => schemaUrl(this.types, context.origin, type),
    });
    return sseMessage({
      id: event.position,
      ...(request.naming === 'named' ? { event: cloudEventType(event.type) } : {}),
      data: JSON.stringify(envelope),
    });
  }
}

/** The last frame a slow consumer gets: why, and where to resume (the last event it was sent). */
function slowConsumerFrame(
  lastSent: Position | undefined,
  drainTimeoutMs: number,
  instance: string,
): string {
  const problem: Problem = {
    type: problemType('slow-consumer'),
    title: 'The client reads too slowly',
    status: 503,
    detail: `The feed stopped: the client left its buffer unread for ${drainTimeoutMs} ms. Reconnect with Last-Event-ID (or from=) set to resumeFrom to continue without a gap.`,
    instance,
    resumeFrom: lastSent ?? null,
  };
  return sseMessage({ event: SSE_PROBLEM_EVENT, data: JSON.stringify(problem) });
}
