import {
  Controller,
  createParamDecorator,
  Get,
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { findUser, greet, loadSettings, openSession, type Session } from './session';

type User = Awaited<ReturnType<typeof findUser>>;

/** What the interceptor leaves on the request for the parameter decorators below. */
interface MeRequest extends FastifyRequest {
  benchSession?: Session;
  benchUser?: User;
}

/**
 * NestJS has no per-request dependencies with cleanup; the idiomatic equivalent of FastAPI's
 * generator dependency is an interceptor that opens the session, resolves the user with it, and
 * closes the session once the response is over.
 */
@Injectable()
class SessionInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<MeRequest>();
    const reply = http.getResponse<FastifyReply>();
    const sessions = openSession();
    const { value: session } = (await sessions.next()) as IteratorYieldResult<Session>;
    reply.raw.once('close', () => void sessions.next());
    const header = request.headers['x-user'];
    request.benchSession = session;
    request.benchUser = await findUser(typeof header === 'string' ? header : 'anonymous', session);
    return next.handle();
  }
}

const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<MeRequest>().benchUser,
);
const CurrentSession = createParamDecorator(
  (_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<MeRequest>().benchSession,
);

/** The settings, as an injected provider. */
@Injectable()
export class SettingsService {
  get() {
    return loadSettings();
  }
}

@Controller()
export class MeController {
  constructor(private readonly settings: SettingsService) {}

  @Get('me')
  @UseInterceptors(SessionInterceptor)
  me(@CurrentUser() user: User, @CurrentSession() session: Session) {
    return greet(user, this.settings.get(), session);
  }
}
