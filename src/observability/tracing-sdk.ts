import { FastifyOtelInstrumentation } from '@fastify/otel';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { NodeSDK } from '@opentelemetry/sdk-node';

export interface Tracing {
  /** Exports the spans still buffered and stops the SDK. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry's Node SDK with the three instrumentations parley needs: Node's http for
 * the server span (it reads the caller's `traceparent`; @fastify/otel needs it to join
 * the caller's trace), Fastify's own for the route and its hooks, and pino's, which puts
 * `trace_id` and `span_id` into every log line written inside a span. The exporter,
 * sampler and resource come from the `OTEL_*` environment, as the SDK reads it.
 */
export function startNodeSdk(env: NodeJS.ProcessEnv): Tracing {
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? 'parley',
    instrumentations: [
      new HttpInstrumentation(),
      // Fastify announces each new instance on a diagnostics channel; Nest's adapter
      // creates its own, so the plugin registers itself there.
      new FastifyOtelInstrumentation({ registerOnInitialization: true }),
      new PinoInstrumentation(),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
