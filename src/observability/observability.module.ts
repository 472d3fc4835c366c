import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/config';
import { loggerParams } from './logging';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics';

/**
 * JSON logs (pino) and Prometheus metrics; global, so the event store can time its
 * appends and each module can register the collectors of what it keeps
 * (metric-collectors.ts).
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [LoggerModule.forRoot(loggerParams(config))],
      controllers: [MetricsController],
      providers: [{ provide: Metrics, useFactory: () => new Metrics() }],
      exports: [Metrics],
    };
  }
}
