import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../config/config';
import { EventStore } from '../event-store/event-store.port';
import { ProjectionRunner, type ProjectionLag } from '../projections/projection-runner';
import { Public } from '../auth/access.decorator';
import { LivenessDto, ReadinessDto } from './health-responses.dto';
import type { Liveness, Readiness } from './readiness';

const STORE_TIMEOUT_MS = 2_000;

/**
 * For orchestrators: live while the process answers; ready while the store answers,
 * no projection has failed and none is further behind the log than
 * `PARLEY_READY_MAX_LAG_SECONDS`.
 */
@Public('polled by orchestrators, which hold no key')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Liveness: the process answers. */
  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ type: LivenessDto, description: 'The process answers' })
  live(): Liveness {
    return { status: 'live' };
  }

  /** Readiness: the store answers and every projection is live and within the lag threshold. */
  @Get('ready')
  @ApiOkResponse({ type: ReadinessDto, description: 'Ready to serve' })
  @ApiServiceUnavailableResponse({
    type: ReadinessDto,
    description: 'Not ready: the store does not answer, or a projection has failed or lags',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const store = await this.storeAnswers();
    const projections = await Promise.all(
      this.runner.status().map(async ({ name, state, lastError }) => ({
        name,
        state,
        lastError,
        lag: store ? await this.lagOf(name) : null,
      })),
    );
    const maxLag = this.config.PARLEY_READY_MAX_LAG_SECONDS;
    // Rebuilding still answers from the live generation; standby reads what the holder writes.
    // An unknown lag (the next event cannot be read) alone does not make it unready: the
    // projection fails on that event, and a failed projection is unready.
    const ready =
      store &&
      projections.every(
        (p) =>
          ['live', 'rebuilding', 'standby'].includes(p.state) && (p.lag?.seconds ?? 0) <= maxLag,
      );
    void reply.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'unavailable', store: store ? 'up' : 'down', projections };
  }

  private lagOf(name: string): Promise<ProjectionLag | null> {
    return this.runner.lag(name).catch(() => null);
  }

  private async storeAnswers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), STORE_TIMEOUT_MS);
    });
    const answer = this.store.headPosition().then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
