import { Controller, Get, Param, Query } from '@nestjs/common';
import { ReplayService, type StreamPage } from '../replay.service';
import { DEFAULT_STREAM_PAGE, StreamEventsQueryDto } from './replay-query.dto';
import { RequireRole } from '../../auth/access.decorator';

/** One stream's raw events, for operators. */
@RequireRole('operator')
@Controller('streams')
export class StreamsController {
  constructor(private readonly replay: ReplayService) {}

  @Get(':stream/events')
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
