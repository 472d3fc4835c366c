import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { RequireRole } from '../../auth/access.decorator';
import { GdeltFollower, type IngestStatus } from '../follow/gdelt-follower';
import { IngestStatusDto } from './ingest-admin-responses.dto';

/** The operator's view of the dataset follower (`PARLEY_GDELT_FOLLOW`). */
@RequireRole('operator')
@Controller('admin/ingest')
export class IngestAdminController {
  constructor(@Inject(GdeltFollower) private readonly follower: GdeltFollower) {}

  /** The GDELT follower's state, base URL, last poll, files done, last file and last error. */
  @Get()
  @ApiOkResponse({ type: IngestStatusDto })
  status(): IngestStatus {
    return this.follower.status();
  }
}
