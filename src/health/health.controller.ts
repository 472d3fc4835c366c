import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { EventStore } from '../event-store/event-store.port';
import { ProjectionRunner, type ProjectionStatus } from '../projections/projection-runner';

const STORE_TIMEOUT_MS = 2_000;

interface Readiness {
  readonly status: 'ready' | 'unavailable';
  readonly store: 'up' | 'down';
  readonly projections: readonly Pick<ProjectionStatus, 'name' | 'state' | 'lastError'>[];
}

/** For orchestrators: live while the process answers; ready while the store answers and no projection has failed. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
  ) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const store = await this.storeAnswers();
    const projections = this.runner
      .status()
      .map(({ name, state, lastError }) => ({ name, state, lastError }));
    // Rebuilding still answers from the live generation; standby reads what the holder writes.
    const ready =
      store && projections.every((p) => ['live', 'rebuilding', 'standby'].includes(p.state));
    void reply.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'unavailable', store: store ? 'up' : 'down', projections };
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
