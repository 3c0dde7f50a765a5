import 'reflect-metadata';
import {
  App,
  Body,
  Controller,
  Depends,
  Get,
  Header,
  Middleware,
  Path,
  Post,
  Query,
  dependency,
  status,
  type CallNext,
  type HttpMiddleware,
  type Request,
  type Response,
} from '@tsapi/core';
import { listItems } from './catalog';
import { ItemIn, ItemOut } from './item-dtos';
import { ALLOWED_ORIGIN, SERVED_BY_HEADER, type RunningServer } from './server-contract';
import { findUser, greet, loadSettings, openSession, type Session } from './session';

@Controller()
class HelloController {
  @Get('/hello')
  hello() {
    return { hello: 'world' };
  }
}

@Controller('/items')
class ItemsController {
  @Get('/{id}')
  read(@Path('id', { type: 'integer' }) id: number) {
    return { id, name: 'item' };
  }

  @Post('', { statusCode: status.HTTP_201_CREATED, responseModel: ItemOut })
  create(@Body() item: ItemIn) {
    return { id: 1, ...item };
  }

  @Get('', { responseModel: [ItemOut] })
  list(
    @Query('skip', { type: 'integer', default: 0 }) skip: number,
    @Query('limit', { type: 'integer', default: 10 }) limit: number,
  ) {
    return listItems(skip, limit);
  }
}

const currentUser = dependency(
  [Header('x-user', { type: 'string', default: 'anonymous' }), Depends(openSession)],
  findUser,
);

@Controller()
class MeController {
  @Get('/me')
  me(
    @Depends(currentUser) user: Awaited<ReturnType<typeof findUser>>,
    @Depends(loadSettings) settings: ReturnType<typeof loadSettings>,
    @Depends(openSession) session: Session,
  ) {
    return greet(user, settings, session);
  }
}

/** The smallest useful middleware: one header on every response. */
@Middleware()
class ServedBy implements HttpMiddleware {
  async dispatch(request: Request, callNext: CallNext): Promise<Response> {
    const response = await callNext(request);
    response.headers.set(SERVED_BY_HEADER, 'tsapi');
    return response;
  }
}

export interface TsapiVariant {
  readonly middleware?: boolean;
  readonly cors?: boolean;
}

export function buildTsapiApp(variant: TsapiVariant = {}): App {
  return new App({
    controllers: [HelloController, ItemsController, MeController],
    middleware: variant.middleware ? [ServedBy] : [],
    ...(variant.cors ? { cors: { allowOrigins: [ALLOWED_ORIGIN] } } : {}),
    fastify: { logger: false },
  });
}

export async function startTsapi(host: string, variant: TsapiVariant = {}): Promise<RunningServer> {
  const app = buildTsapiApp(variant);
  await app.listen({ host, port: 0 });
  const address = app.fastify.server.address();
  if (address === null || typeof address === 'string') throw new Error('tsapi server has no TCP address');
  return { port: address.port, close: () => app.close() };
}
