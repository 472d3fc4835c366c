import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { ProjectionRunner, type ProjectionStatus } from '../projection-runner';
import type { ProjectionReport, ProjectionReportList } from '../projection-report';
import type { Position } from '../../event-store/position';
import { RequireRole } from '../../auth/access.decorator';
import {
  ProjectionReportDto,
  ProjectionReportListDto,
  ProjectionStatusDto,
} from './projections-responses.dto';

export class SkipEventDto {
  /** The position of the event the projection failed on (its `lastError.position`). */
  @IsString() @MinLength(1) position!: string;
  /** Why it is safe to pass over: kept with the skip. */
  @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
}

/** The operator's view of the projections: status and lag, rebuild, retry, skip. */
@RequireRole('operator')
@Controller('admin/projections')
export class ProjectionsController {
  constructor(@Inject(ProjectionRunner) private readonly runner: ProjectionRunner) {}

  /** Every projection's status and lag. */
  @Get()
  @ApiOkResponse({ type: ProjectionReportListDto })
  async list(): Promise<ProjectionReportList> {
    const items = await Promise.all(this.runner.status().map((status) => this.withLag(status)));
    return { items };
  }

  /** One projection's status and lag. */
  @Get(':name')
  @ApiOkResponse({ type: ProjectionReportDto })
  get(@Param('name') name: string): Promise<ProjectionReport> {
    return this.withLag(this.runner.statusOf(name));
  }

  /** Starts building a new generation beside the live one; 202, progress in the status. */
  @Post(':name/rebuild')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ProjectionStatusDto })
  rebuild(@Param('name') name: string): Promise<ProjectionStatus> {
    return this.runner.rebuild(name);
  }

  /** Cancels a rebuild: the live generation stays, the new one is dropped. */
  @Delete(':name/rebuild')
  @ApiOkResponse({ type: ProjectionStatusDto })
  cancel(@Param('name') name: string): Promise<ProjectionStatus> {
    return this.runner.cancelRebuild(name);
  }

  /** Starts a failed projection again from its checkpoint. */
  @Post(':name/retry')
  @HttpCode(200)
  @ApiOkResponse({ type: ProjectionStatusDto })
  retry(@Param('name') name: string): ProjectionStatus {
    return this.runner.retry(name);
  }

  /** Skips the event a failed projection stopped at, with a reason, and starts it again. */
  @Post(':name/skip')
  @HttpCode(200)
  @ApiOkResponse({ type: ProjectionStatusDto })
  skip(@Param('name') name: string, @Body() dto: SkipEventDto): ProjectionStatus {
    return this.runner.skip(name, dto.position as Position, dto.reason);
  }

  private async withLag(status: ProjectionStatus): Promise<ProjectionReport> {
    const lag = status.state === 'stopped' ? null : await this.runner.lag(status.name);
    return { ...status, lag };
  }
}
