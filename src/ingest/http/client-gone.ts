import type { FastifyReply } from 'fastify';

/**
 * A signal aborted when the connection closes before the answer is sent: the client
 * went away (its socket destroyed mid-upload or while the import ran), so no one will
 * read the report, and work done for it is wasted. `release` stops listening, for a
 * kept-alive connection that outlives the request.
 */
export function clientGone(reply: FastifyReply): { signal: AbortSignal; release(): void } {
  const gone = new AbortController();
  const onClose = (): void => {
    if (!reply.raw.writableFinished) gone.abort();
  };
  reply.raw.once('close', onClose);
  return { signal: gone.signal, release: () => reply.raw.off('close', onClose) };
}
