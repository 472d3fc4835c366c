import Database from 'better-sqlite3';
import { fastify } from 'fastify';

/**
 * The limit of `GET /records` over HTTP, run as a child of its own like the server
 * (`node bare-fastify.js <db file> <port>`): Fastify alone (the one parley runs under
 * Nest), one route, the SQL of parley's record list for a dyad, a kind and a date
 * (the records read model's current active rows in occurrence order, a page and one
 * more to know whether a next page exists) on a read-only connection, each row's stored
 * record (its `body` column, JSON already) written into the response as it is. No Nest,
 * no validation, no authentication, no mapping, no JSON parse or serialisation: about the
 * bytes parley's page sends (its items are these records with a few more fields), with
 * none of the work.
 */

interface ListQuery {
  source?: string;
  target?: string;
  kind?: string;
  from?: string;
  limit?: string;
}

async function main(): Promise<void> {
  const [file, port] = process.argv.slice(2);
  if (!file || !port) throw new Error('usage: bare-fastify.js <db file> <port>');
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const list = db.prepare<[string, string, string, number, number], { body: string }>(
    `SELECT * FROM record_versions WHERE valid_to_ms IS NULL AND status = 'active' AND source = ? AND target = ?
       AND kind = ? AND occurred_at_ms >= ? ORDER BY occurred_at_ms ASC, record_id ASC LIMIT ?`,
  );
  const app = fastify({ logger: false });
  app.get('/health', () => ({ status: 'ok' }));
  app.get<{ Querystring: ListQuery }>('/records', (request, reply) => {
    const {
      source = '',
      target = '',
      kind = '',
      from = '1970-01-01',
      limit = '50',
    } = request.query;
    const size = Number(limit);
    const rows = list.all(source, target, kind, Date.parse(from), size + 1);
    const items = rows.slice(0, size).map((row) => row.body);
    void reply
      .type('application/json')
      .send(`{"items":[${items.join(',')}],"more":${rows.length > size}}`);
  });
  await app.listen({ port: Number(port), host: '127.0.0.1' });
  process.once('SIGTERM', () => {
    void app.close().then(() => {
      db.close();
      process.exit(0);
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
