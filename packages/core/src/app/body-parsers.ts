import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';
import { HTTPException } from '../errors/http-exception';
import { RequestValidationError } from '../errors/request-validation-error';
import { tooDeepAt } from '../validation/json-depth';
import { pydantic } from '../validation/pydantic-errors';
import { declareReceivedText, rememberReceivedText } from '../validation/received-body';

/** `application/json` and `application/*+json` (RFC 6839 structured syntax suffix). */
const JSON_SUFFIX_TYPE = /^application\/[\w.+-]+\+json(?:\s*;.*)?$/i;

function parseJson(request: FastifyRequest, body: string, done: (err: Error | null, body?: unknown) => void): void {
  // An empty body is no body: the route reports `missing`, as FastAPI does.
  if (body.length === 0) return done(null, undefined);
  const deepAt = tooDeepAt(body);
  if (deepAt !== -1) return done(new RequestValidationError([pydantic.jsonInvalid(['body', deepAt], 'recursion limit exceeded')], body));
  try {
    const parsed: unknown = secureJson.parse(body, undefined, { protoAction: 'error', constructorAction: 'error' });
    rememberReceivedText(request, body);
    done(null, parsed);
  } catch (error) {
    const message = (error as Error).message;
    if (/prototype|constructor/i.test(message) && !/JSON/.test(message)) {
      return done(new HTTPException(400, 'Object contains forbidden prototype property'));
    }
    done(new RequestValidationError([pydantic.jsonInvalid(errorLoc(message, body), message)], body));
  }
}

/** Where the JSON broke, as FastAPI's `loc: ["body", position]`; a truncated body breaks at its end. */
function errorLoc(message: string, body: string): (string | number)[] {
  const position = /position (\d+)/.exec(message);
  if (position) return ['body', Number(position[1])];
  return /end of JSON input/i.test(message) ? ['body', body.length] : ['body'];
}

/**
 * JSON bodies: malformed JSON, and JSON nested deeper than pydantic's parser allows, is 422
 * `json_invalid` (FastAPI) rather than Fastify's 400, and `__proto__`/`constructor.prototype`
 * keys are refused with 400. A body sent with no content
 * type is kept as text so that a JSON route answers 422 (FastAPI's strict content type);
 * any other unknown or malformed content type is 415.
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  declareReceivedText(fastify);
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
  fastify.addContentTypeParser(JSON_SUFFIX_TYPE, { parseAs: 'string' }, parseJson);
  // `application/x-www-form-urlencoded` for `@Form` fields (repeated keys become lists), unless
  // the app brought its own parser.
  if (!fastify.hasContentTypeParser('application/x-www-form-urlencoded')) fastify.register(fastifyFormbody);
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    if (request.headers['content-type'] === undefined) return done(null, body);
    done(new HTTPException(415, 'Unsupported Media Type'));
  });
}
