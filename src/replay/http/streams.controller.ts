import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { ReplayService, type StreamPage } from '../replay.service';
import { DEFAULT_STREAM_PAGE, StreamEventsQueryDto } from './replay-query.dto';
import { RequireRole } from '../../auth/access.decorator';
import { StreamPageDto } from './streams-responses.dto';

/** One stream's raw events, for operators. */
@RequireRole('operator')
@Controller('streams')
export class StreamsController {
  constructor(private readonly replay: ReplayService) {}

  /** One stream's raw events, forward or backward from a revision, a page at a time. */
  @Get(':stream/events')
  @ApiOkResponse({ type: StreamPageDto })
  events(
    @Param('stream') stream: string,
    @Query() query: StreamEventsQueryDto,
  ): Promise<StreamPage> {
    return this.replay.streamPage(stream, {
      direction: query.direction ?? 'forwards',
      limit: query.limit ?? DEFAULT_STREAM_PAGE,
      ...(query.fromRevision === undefined ? {} : { fromRevision: query.fromRevision }),
    });
  }
}
