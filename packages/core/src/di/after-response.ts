import type { FastifyReply } from 'fastify';

/**
 * Runs `work` once the response is over: sent in full, or abandoned by a client that went away.
 * Node emits `close` on the response in both cases; a response already over runs it at once.
 */
export function afterResponse(reply: FastifyReply, work: () => void): void {
  const raw = reply.raw;
  if (raw.destroyed || raw.writableFinished) setImmediate(work);
  else raw.once('close', work);
}
