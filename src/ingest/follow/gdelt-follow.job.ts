import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '../../config/config';
import { GdeltFollower, type FollowEvent } from './gdelt-follower';

/**
 * `parley serve`'s background follower, opt-in (`PARLEY_GDELT_FOLLOW=on`). Only the HTTP
 * service runs it: a CLI command boots the same modules without an HTTP adapter and
 * follows only when told to (`parley ingest gdelt --follow`).
 */
@Injectable()
export class GdeltFollowJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ingest');
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    @Inject(GdeltFollower) private readonly follower: GdeltFollower,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(HttpAdapterHost) private readonly http: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.PARLEY_GDELT_FOLLOW !== 'on' || this.http.httpAdapter === undefined) return;
    this.logger.log(`following GDELT 2.0 exports at ${this.follower.settings.baseUrl}`);
    this.running = this.follower
      .follow(
        { principal: 'ingest:gdelt2', onEvent: (event) => this.log(event) },
        this.abort.signal,
      )
      .catch((error: unknown) => {
        this.logger.error(`the GDELT follower stopped: ${String(error)}`);
      });
  }

  /** Lets the file being imported finish (its checkpoint written) before the store closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private log(event: FollowEvent): void {
    if (event.event === 'imported') {
      const { rows, taken, unchanged, skipped, refused } = event.report;
      this.logger.log({
        msg: 'GDELT file imported',
        url: event.url,
        rows,
        taken,
        unchanged,
        skipped,
        refused,
      });
    } else if (event.event === 'refused' || event.event === 'failed') {
      this.logger.warn({ msg: `GDELT file ${event.event}`, url: event.url, error: event.message });
    }
  }
}
