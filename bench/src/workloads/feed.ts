import { request, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { RecordFactory, benchActors } from '../dataset';
import { AUTHORIZATION } from '../scale';
import { quantile } from './measure';
import { call, startServer } from './server';

const CONSUMERS = 50;
const RECORDS_PER_SECOND = 50;

/** Opens `GET /feed?from=now` and hands on each event's record id as it arrives. */
function connectConsumer(
  baseUrl: string,
  onRecord: (recordId: string) => void,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/feed?from=now`, { headers: { authorization: AUTHORIZATION } });
    req.once('error', reject);
    req.once('response', (response) => {
      if (response.statusCode !== 200)
        reject(new Error(`GET /feed answered ${response.statusCode}`));
      response.setEncoding('utf8');
      let buffered = '';
      response.on('data', (chunk: string) => {
        buffered += chunk;
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const frame = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (!data) continue;
          const envelope = JSON.parse(data.slice(6)) as { data?: { recordId?: string } };
          if (envelope.data?.recordId) onRecord(envelope.data.recordId);
        }
      });
      resolve(response);
    });
    req.end();
  });
}

/**
 * Append-to-delivery: 50 SSE consumers listen while records are posted one at a time at
 * a steady 50 a second; each delivery's latency runs from the moment its POST was sent
 * to the moment a consumer has parsed the event (all in this process, one clock).
 */
export async function runFeed(
  dbFile: string,
  records: number,
  profileDir?: string,
): Promise<{ p50Ms: number; p99Ms: number; deliveries: number; serverPeakRssMb: number }> {
  const server = await startServer(dbFile, profileDir);
  try {
    const actors = benchActors(22);
    for (const actor of actors) await call(server.baseUrl, 'POST', '/actors', actor, [201, 200]);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const consumers = await Promise.all(
      Array.from({ length: CONSUMERS }, () =>
        connectConsumer(server.baseUrl, (recordId) => {
          const sent = sentAt.get(recordId);
          if (sent !== undefined) latencies.push(performance.now() - sent);
        }),
      ),
    );
    const factory = new RecordFactory(11);
    const interval = 1000 / RECORDS_PER_SECOND;
    const start = performance.now();
    for (let i = 0; i < records; i++) {
      const draft = factory.draft(actors[i % 20]?.id ?? 'usa', actors[(i % 20) + 1]?.id ?? 'rus');
      const wait = start + i * interval - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      sentAt.set(draft.id, performance.now());
      await call(server.baseUrl, 'POST', '/records', draft, [201]);
    }
    const expected = records * CONSUMERS;
    const deadline = Date.now() + 30_000;
    while (latencies.length < expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const consumer of consumers) consumer.destroy();
    if (latencies.length < expected) {
      throw new Error(`Only ${latencies.length} of ${expected} deliveries arrived`);
    }
    return {
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
      deliveries: latencies.length,
      serverPeakRssMb: server.peakRssMb(),
    };
  } finally {
    await server.stop();
  }
}
