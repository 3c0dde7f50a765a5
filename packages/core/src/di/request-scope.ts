import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ValidationErrorItem } from '../errors/request-validation-error';
import type { BackgroundTasks } from '../background/background-tasks';
import type { ExitStack } from './exit-stack';
import type { WebSocket } from '../websocket/websocket';

export interface ProviderLookup {
  get<T = unknown>(token: unknown): T;
}

/** What one request's resolution shares: errors gathered so far, the cache, the generators to close. */
export class RequestScope {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly errors: ValidationErrorItem[] = [];
  /** Body errors not yet claimed by the dependant whose `@Body` they concern. */
  bodyItems: ValidationErrorItem[] | undefined;
  cache: Map<object, unknown> | undefined = undefined;
  exits: ExitStack | undefined = undefined;
  tasks: BackgroundTasks | undefined = undefined;
  /** The connection, on a websocket route. */
  websocket: WebSocket | undefined = undefined;

  /** The app's providers, for `@Injectable()` classes used as dependencies. */
  readonly providers: ProviderLookup;

  constructor(request: FastifyRequest, reply: FastifyReply, bodyItems: ValidationErrorItem[] | undefined, providers: ProviderLookup) {
    this.request = request;
    this.reply = reply;
    this.bodyItems = bodyItems;
    this.providers = providers;
  }
}
