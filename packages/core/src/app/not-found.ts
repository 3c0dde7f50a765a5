import FindMyWay from 'find-my-way';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HTTPMethod } from 'find-my-way';
import { HTTPException } from '../errors/http-exception';
import { hasEmptySegment } from '../compiler/path';
import { sendHTTPException } from './error-handler';

/**
 * Answers requests no route matched the way Starlette does: 405 with `Allow` when the path
 * exists under other methods, a 307 to the same path with or without its trailing slash when
 * that one exists, else 404. It runs only for unmatched requests, off the hot path.
 */
export class NotFoundResponder {
  /** The app's routes (their methods, and HEAD beside GET), turned into a router by the first unmatched request. */
  readonly #routes: [readonly string[], string][] = [];
  #router: ReturnType<typeof FindMyWay> | undefined;
  readonly #methods = new Set<HTTPMethod>();
  readonly #answer: Answer;

  /** `answer` sends the 404 and 405: through the app's exception handlers, as Starlette's. */
  constructor(answer: Answer = (error, _request, reply) => sendHTTPException(reply, error)) {
    this.#answer = answer;
  }

  add(methods: readonly string[], path: string): void {
    this.#routes.push([methods, path]);
    for (const method of methods) this.#methods.add(method as HTTPMethod);
    if (methods.includes('GET')) this.#methods.add('HEAD');
  }

  /**
   * A second router of the app's paths, built when first needed: building it costs about as much
   * as Fastify's own, which an app that never answers 404 or 405 should not pay at start-up.
   */
  #lookup(): ReturnType<typeof FindMyWay> {
    if (this.#router === undefined) {
      const router = FindMyWay();
      for (const [methods, path] of this.#routes) {
        for (const method of methods) router.on(method as HTTPMethod, path, () => undefined);
        if (methods.includes('GET')) router.on('HEAD', path, () => undefined);
      }
      this.#router = router;
    }
    return this.#router;
  }

  #matches(method: HTTPMethod, path: string): boolean {
    const found = this.#lookup().find(method, path);
    return found !== null && !hasEmptySegment(found.params);
  }

  #allowed(path: string): string[] {
    return [...this.#methods].filter((m) => this.#matches(m, path)).sort();
  }

  /** The plain 404, through the app's exception handlers. */
  answerNotFound = (request: FastifyRequest, reply: FastifyReply): FastifyReply | Promise<FastifyReply> => this.#answer(new HTTPException(404, 'Not Found'), request, reply);

  respond = (request: FastifyRequest, reply: FastifyReply): FastifyReply | Promise<FastifyReply> => {
    const [path, query] = splitUrl(request.url);
    const allowed = this.#allowed(path);
    if (allowed.length > 0) {
      return this.#answer(new HTTPException(405, 'Method Not Allowed', { allow: allowed.join(', ') }), request, reply);
    }
    if (path !== '/') {
      const other = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
      if (this.#matches(request.method as HTTPMethod, other) || this.#allowed(other).length > 0) {
        return reply.code(307).header('location', query === undefined ? other : `${other}?${query}`).send();
      }
    }
    return this.#answer(new HTTPException(404, 'Not Found'), request, reply);
  };
}

type Answer = (error: HTTPException, request: FastifyRequest, reply: FastifyReply) => FastifyReply | Promise<FastifyReply>;

function splitUrl(url: string): [string, string | undefined] {
  const at = url.indexOf('?');
  return at === -1 ? [url, undefined] : [url.slice(0, at), url.slice(at + 1)];
}
