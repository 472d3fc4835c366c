/**
 * Opt-in OpenTelemetry tracing, configured the standard way (the `OTEL_*` environment
 * variables the SDK reads: exporter, endpoint, protocol, service name, sampler).
 *
 * It must start before Fastify, pino and Node's http are first required, since the
 * instrumentations patch those modules as they load: `main.ts` and the CLI import
 * `./start-tracing` ahead of everything else. With tracing off nothing of the SDK is
 * loaded, so a plain start costs nothing; only `@opentelemetry/api` is (its calls are
 * no-ops without an SDK).
 */

import type { Tracing } from './tracing-sdk';

/** What decides that tracing is on; the names OpenTelemetry's SDKs all read. */
export type TracingEnv = Partial<
  Record<
    | 'OTEL_SDK_DISABLED'
    | 'OTEL_TRACES_EXPORTER'
    | 'OTEL_EXPORTER_OTLP_ENDPOINT'
    | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    string
  >
>;

/**
 * Tracing is on when an exporter is named (`OTEL_TRACES_EXPORTER`, other than `none`) or
 * an OTLP endpoint is given; `OTEL_SDK_DISABLED=true` turns it off whatever else is set.
 * Without either, the SDK would export to localhost:4318 by default: a start that sets
 * nothing must not begin sending spans to whatever listens there.
 */
export function tracingWanted(env: TracingEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (exporters.length > 0) return exporters.some((name) => name !== 'none');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

let started: Tracing | undefined;

/** Starts the SDK once when {@link tracingWanted}; later calls return the same. */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  if (started || !tracingWanted(env)) return started;
  // Required here, not imported at the top: with tracing off, none of it is loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('./tracing-sdk') as typeof import('./tracing-sdk');
  started = sdk.startNodeSdk(env);
  return started;
}

/**
 * Exports what is still buffered, for a clean stop (`serve` calls it before it exits);
 * a collector that is down must not turn a clean stop into a failed one.
 */
export async function stopTracing(): Promise<void> {
  await started?.shutdown().catch(() => undefined);
}
