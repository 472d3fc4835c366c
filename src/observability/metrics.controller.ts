import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Metrics } from './metrics';
import { Public } from '../auth/access.decorator';

/** Prometheus' scrape endpoint, in its text exposition format. */
@Public('scraped by Prometheus, which holds no key; the figures name no actor or record')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  /** Every metric of this process, in Prometheus' text exposition format. */
  @Get()
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
