import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestOrigin } from '../schemas/request-origin';
import { FeedQueryDto } from './feed-query.dto';
import { toFeedRequest } from './feed-params';
import { FeedService } from './feed.service';
import { RequireRole } from '../../auth/access.decorator';

/**
 * `GET /feed`: the log as server-sent events, catch-up then live, resumable with
 * `Last-Event-ID`. Everything that can be refused is checked before the response starts.
 */
@RequireRole('subscriber')
@Controller('feed')
export class FeedController {
  constructor(private readonly feeds: FeedService) {}

  /** New events as server-sent CloudEvents, catch-up then live, resumable with Last-Event-ID. */
  @Get()
  async feed(
    @Query() query: FeedQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const feed = await this.feeds.open(toFeedRequest(query, request.headers['last-event-id']));
    // The feed writes to the socket itself, through its backpressure: Fastify lets go.
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise hold events back in their buffers.
      'x-accel-buffering': 'no',
    });
    void this.feeds.serve(feed, reply.raw, { origin: requestOrigin(request), url: request.url });
  }
}
