// Imported first by the entry points (main.ts, the CLI): the instrumentations patch
// http, Fastify and pino as they load, so tracing must start before any of them.
import { startTracing } from './tracing';

startTracing();
