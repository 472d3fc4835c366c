import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { toProblem } from '../../http/problem.filter';
import { ndjsonLine } from '../event-view';
import { resumePosition, toReplayRequest } from '../replay-params';
import { isPastEnd, ReplayService, type ReplaySession } from '../replay.service';
import { ReplayQueryDto } from './replay-query.dto';
import { acceptsEventStream, SSE_PROBLEM_EVENT, sseMessage, type SseEventNaming } from './sse';
import { RequireRole } from '../../auth/access.decorator';

/** The log, filtered, as NDJSON or server-sent events, optionally paced. */
@RequireRole('operator')
@Controller('replay')
export class ReplayController {
  private readonly logger = new Logger('Replay');

  constructor(private readonly replay: ReplayService) {}

  /** The log, filtered, as NDJSON or server-sent events, optionally paced. */
  @Get()
  @ApiOkResponse()
  @ApiNoContentResponse({
    description:
      'Server-sent events, to a `Last-Event-ID` at or past where the replay ends (`to`, or the head of the log): the client has had it all; an EventSource stops reconnecting.',
  })
  async replayLog(
    @Query() query: ReplayQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const format = query.format ?? (acceptsEventStream(request.headers.accept) ? 'sse' : 'ndjson');
    const replayRequest = toReplayRequest(query);
    // An EventSource that reconnects resumes after the last event it saw.
    const resume = format === 'sse' ? resumePosition(request.headers['last-event-id']) : undefined;
    // The client going away stops the reading of the store and any pacing pause.
    const disconnected = new AbortController();
    reply.raw.once('close', () => disconnected.abort());
    const session = await this.replay.open(
      resume === undefined ? replayRequest : { ...replayRequest, from: resume },
      disconnected.signal,
    );
    if (format === 'sse' && resume !== undefined && isPastEnd(session, resume)) {
      // The client has had everything, the `end` included: without this, an EventSource
      // would reconnect after each `end` and be sent another, for ever. 204 is what the
      // SSE standard gives a server to tell a client to stop reconnecting.
      disconnected.abort();
      void reply.code(204).send();
      return;
    }
    if (format === 'sse') {
      void reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache')
        // Proxies such as nginx would otherwise hold events back in their buffers.
        .header('x-accel-buffering', 'no')
        .send(Readable.from(this.sseFrames(session, request.url, query.events ?? 'unnamed')));
      return;
    }
    void reply
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(Readable.from(this.ndjsonLines(session.events)));
  }

  /** A failure after the first line cannot be a problem response: the body is cut short. */
  private async *ndjsonLines(events: AsyncIterable<RecordedEvent>): AsyncGenerator<string> {
    try {
      for await (const event of events) yield ndjsonLine(event);
    } catch (error) {
      this.logger.error(error instanceof Error ? error.stack : String(error));
      throw error;
    }
  }

  /**
   * Each event as `id: <position>`, `data: <the event as JSON>` (and `event: <type>` when
   * named); then `event: end` with the count and the position the replay read through
   * (also its id, so a reconnecting EventSource resumes after it, and is answered 204). A
   * failure midway is a `parley.error` event with the problem, and no `end`.
   */
  private async *sseFrames(
    session: ReplaySession,
    url: string,
    naming: SseEventNaming,
  ): AsyncGenerator<string> {
    try {
      for await (const event of session.events)
        yield sseMessage({
          id: event.position,
          ...(naming === 'named' ? { event: event.type } : {}),
          data: ndjsonLine(event).trim(),
        });
    } catch (error) {
      this.logger.error(error instanceof Error ? error.stack : String(error));
      yield sseMessage({ event: SSE_PROBLEM_EVENT, data: JSON.stringify(toProblem(error, url)) });
      return;
    }
    const summary = session.summary();
    yield sseMessage({
      ...(summary.through === null ? {} : { id: summary.through }),
      event: 'end',
      data: JSON.stringify(summary),
    });
  }
}
