// First: tracing patches http, Fastify and pino as they load (observability/tracing.ts).
import './observability/start-tracing';
import 'reflect-metadata';
import { serve } from './cli/serve';

void serve();
