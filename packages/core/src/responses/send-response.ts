import type { FastifyReply } from 'fastify';
import type { Response } from './response';
import { FileResponse } from './streaming';

/** Writes a Response onto Fastify's reply, leaving headers the handler set through `@Res()`. */
export function sendResponse(reply: FastifyReply, response: Response): FastifyReply | Promise<FastifyReply> {
  if (response instanceof FileResponse) return response.sendTo(reply);
  reply.code(response.statusCode);
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return;
    reply.header(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) reply.header('set-cookie', cookies);
  if (response.mediaType) reply.type(response.mediaType);
  return reply.send(response.body ?? undefined);
}
