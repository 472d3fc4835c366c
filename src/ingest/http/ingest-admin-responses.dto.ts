/*
 * What `GET /admin/ingest` answers, as classes for the OpenAPI document; each implements
 * the follower's interface, so the compiler refuses a class that drifts from what is sent.
 */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type {
  FollowState,
  IngestError,
  IngestStatus,
  LastIngestedFile,
} from '../follow/gdelt-follower';
import { DatasetFileReportDto } from './import-responses.dto';

const FOLLOW_STATES: readonly FollowState[] = ['off', 'polling', 'importing', 'waiting', 'stopped'];

/** The file being imported now. */
@ApiSchema({ name: 'IngestCurrentFile' })
export class IngestCurrentFileDto {
  readonly url!: string;
  readonly startedAt!: string;
}

/** The last file imported to its end, with its import's report. */
@ApiSchema({ name: 'LastIngestedFile' })
export class LastIngestedFileDto implements LastIngestedFile {
  readonly url!: string;
  /** The 15-minute batch the file is, from its name (UTC). */
  readonly batchAt!: string;
  /** Bytes, as the list announced them (and as they arrived). */
  readonly size!: number;
  readonly md5!: string;
  readonly finishedAt!: string;
  readonly report!: DatasetFileReportDto;
}

/** The last file or list the follower could not take, and why; it is tried again at the next poll. */
@ApiSchema({ name: 'IngestError' })
export class IngestErrorDto implements IngestError {
  readonly at!: string;
  readonly url!: string;
  /** `refused`: the bytes were not those the list announced (size or MD5); `failed`: a download or an import failed. */
  readonly kind!: 'refused' | 'failed';
  readonly message!: string;
}

/** The GDELT follower: what it is doing, how far it got, and its last error. */
@ApiSchema({ name: 'IngestStatus' })
export class IngestStatusDto implements IngestStatus {
  readonly dataset!: 'gdelt2';
  /** `off` while the follower does not run in this process (`PARLEY_GDELT_FOLLOW`). */
  @ApiProperty({ enum: FOLLOW_STATES })
  readonly state!: FollowState;
  readonly baseUrl!: string;
  readonly pollIntervalSeconds!: number;
  readonly lastPollAt!: string | null;
  /** Files in the checkpoint: imported to their end, by this process or an earlier one. */
  readonly filesDone!: number;
  readonly current!: IngestCurrentFileDto | null;
  readonly lastFile!: LastIngestedFileDto | null;
  readonly lastError!: IngestErrorDto | null;
}
