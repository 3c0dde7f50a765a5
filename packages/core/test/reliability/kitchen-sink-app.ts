import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { Writable } from 'node:stream';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  App,
  type AppOptions,
  BackgroundTasks,
  Body,
  type CallNext,
  Controller,
  Cookie,
  Depends,
  ExceptionHandler,
  type ExceptionHandlerClass,
  File,
  Form,
  Get,
  Header,
  type HttpMiddleware,
  Injectable,
  JSONResponse,
  Middleware,
  Path,
  Post,
  Query,
  type Request,
  type Response,
  StreamingResponse,
  UploadFile,
  WebSocket,
  WebSocketRoute,
  dependency,
  status,
} from '@tsapi/core';
import { HTTPBearer, type HTTPAuthorizationCredentials, verifyAccessToken } from '@tsapi/security';

/** Signing material of the bearer-protected route; tests sign good and bad tokens with it. */
export const JWT = {
  secret: 'kitchen-sink-secret-of-at-least-32-bytes!',
  audience: 'kitchen-sink',
  issuer: 'https://sink.example',
} as const;

/** Multipart limits, set low so that tests reach each of them with small bodies. */
export const UPLOAD_LIMITS = { parts: 4, files: 2, fileSize: 64 * 1024, fields: 3, fieldSize: 64, memoryThreshold: 1024 } as const;
export const WEBSOCKET_MAX_PAYLOAD = 1024;
export const RATE_LIMIT = { max: 3, timeWindow: '1 minute' } as const;

/**
 * What the app did, per app: handler calls by route, generator dependency setups and cleanups,
 * background tasks run, streams opened and finished.
 */
@Injectable()
export class SinkCounters {
  readonly calls = new Map<string, number>();
  setups = 0;
  cleanups = 0;
  tasks = 0;
  streamsOpened = 0;
  streamsClosed = 0;

  called(route: string): void {
    this.calls.set(route, (this.calls.get(route) ?? 0) + 1);
  }

  callsOf(route: string): number {
    return this.calls.get(route) ?? 0;
  }
}

/** A resource with a cleanup, as a database session: counted in and counted out. */
export const trackedSession = dependency([Depends(SinkCounters)], async function* (counters: SinkCounters) {
  counters.setups++;
  try {
    yield { id: counters.setups };
  } finally {
    counters.cleanups++;
  }
});

const bearer = new HTTPBearer();

const currentUser = dependency([Depends(bearer)], async (credentials: HTTPAuthorizationCredentials) => {
  const claims = await verifyAccessToken(credentials.credentials, {
    secret: JWT.secret,
    algorithms: ['HS256'],
    audience: JWT.audience,
    issuer: JWT.issuer,
  });
  return { name: String(claims.sub) };
});

export class Address {
  @IsString() @MaxLength(100) street!: string;
  @IsString() @Matches(/^[0-9]{5}$/) zip!: string;
}

export class UserIn {
  @IsEmail() @MaxLength(254) email!: string;
  @IsString() @MaxLength(32) @Matches(/^[a-z0-9_]+$/) username!: string;
  @IsString() @MinLength(8) password!: string;
  @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) tags: string[] = [];
  @IsOptional() @ValidateNested() @Type(() => Address) address?: Address;
}

export class UserOut {
  @IsInt() id!: number;
  @IsString() email!: string;
  @IsString() username!: string;
  @IsArray() @IsString({ each: true }) tags!: string[];
}

export class Readings {
  @IsArray() @IsInt({ each: true }) values!: number[];
  @IsOptional() @IsArray() @IsEmail({}, { each: true }) contacts?: string[];
}

export class SearchFilters {
  @IsOptional() @IsString() q?: string;
  @IsInt() page = 1;
}

export class OutOfStockError extends Error {}

@Controller()
export class SinkController {
  constructor(private readonly counters: SinkCounters) {}

  @Get('/health')
  health() {
    return { status: 'ok' };
  }

  @Get('/items/{itemId}')
  readItem(
    @Path('itemId', { type: 'integer' }) itemId: number,
    @Query('flag', { default: false }) flag: boolean,
    @Query('limit', { type: 'integer', default: 10, le: 100 }) limit: number,
    @Header('x-trace', { required: false }) trace?: string,
    @Cookie('session', { required: false }) session?: string,
  ) {
    this.counters.called('readItem');
    return { itemId, flag, limit, trace: trace ?? null, session: session ?? null };
  }

  @Get('/names/{name}')
  readName(@Path('name') name: string) {
    return { name };
  }

  @Get('/search')
  search(@Query() filters: SearchFilters, @Query('tag', { type: ['string'], default: [] }) tags: string[]) {
    this.counters.called('search');
    return { q: filters.q ?? null, page: filters.page, tags };
  }

  @Post('/users', { statusCode: status.HTTP_201_CREATED, responseModel: UserOut })
  createUser(@Body() user: UserIn) {
    this.counters.called('createUser');
    // The stored record carries the password; the response model must keep it in.
    return { id: 1, ...user, password: user.password, passwordHash: `scrypt$${user.password}` };
  }

  @Post('/readings')
  addReadings(@Body() readings: Readings) {
    this.counters.called('addReadings');
    return { count: readings.values.length };
  }

  @Get('/broken-model', { responseModel: UserOut })
  brokenModel() {
    return { id: 'seven', email: 'a@example.com' };
  }

  @Get('/boom')
  boom() {
    throw new Error('db password=hunter2 at postgres://admin:hunter2@db.internal/app');
  }

  @Get('/out-of-stock')
  outOfStock() {
    throw new OutOfStockError('widget 7');
  }

  @Post('/form')
  submitForm(@Form('name') name: string, @Form('count', { type: 'integer' }) count: number) {
    this.counters.called('submitForm');
    return { name, count };
  }

  @Post('/upload')
  async upload(
    @File('file') file: UploadFile,
    @Depends(trackedSession) _session: unknown,
    @Form('note', { required: false }) note?: string,
  ) {
    this.counters.called('upload');
    return { filename: file.filename, size: (await file.read()).length, note: note ?? null };
  }

  @Post('/upload-many')
  uploadMany(@File('files') files: UploadFile[], @Form('note', { type: ['string'], default: [] }) notes: string[]) {
    this.counters.called('uploadMany');
    return { count: files.length, sizes: files.map((f) => f.size), notes };
  }

  @Get('/session')
  session(@Depends(trackedSession) session: { id: number }, tasks: BackgroundTasks) {
    tasks.add(() => {
      this.counters.tasks++;
    });
    return { session: session.id };
  }

  @Get('/slow')
  async slow(
    @Depends(trackedSession) session: { id: number },
    @Query('ms', { type: 'integer', default: 50, le: 5000 }) ms: number,
  ) {
    this.counters.called('slow');
    await sleep(ms);
    return { session: session.id };
  }

  @Get('/stream')
  stream(
    @Depends(trackedSession) _session: unknown,
    @Query('chunks', { type: 'integer', default: 5, le: 1000 }) chunks: number,
  ) {
    const counters = this.counters;
    async function* lines() {
      counters.streamsOpened++;
      try {
        for (let i = 0; i < chunks; i++) {
          yield `line ${i} ${'x'.repeat(1000)}\n`;
          await sleep(2);
        }
      } finally {
        counters.streamsClosed++;
      }
    }
    return new StreamingResponse(lines(), 'text/plain');
  }

  @Get('/limited', { rateLimit: { ...RATE_LIMIT } })
  limited() {
    return { ok: true };
  }

  @Get('/me')
  me(@Depends(currentUser) user: { name: string }) {
    this.counters.called('me');
    return user;
  }

  @WebSocketRoute('/ws/echo')
  async echo(ws: WebSocket, @Depends(trackedSession) _session: unknown) {
    await ws.accept();
    for await (const text of ws.iterText()) await ws.sendText(`echo: ${text.length}`);
  }
}

@Middleware()
export class StampMiddleware implements HttpMiddleware {
  async dispatch(request: Request, callNext: CallNext): Promise<Response> {
    const response = await callNext(request);
    response.headers.set('x-kitchen-sink', '1');
    return response;
  }
}

@ExceptionHandler(OutOfStockError)
export class OutOfStockHandler implements ExceptionHandlerClass<OutOfStockError> {
  catch() {
    return new JSONResponse({ detail: 'Out of stock' }, 409);
  }
}

export interface LogEntry {
  level: number;
  msg: string;
  err?: { message: string; type?: string };
}

export interface KitchenSink {
  app: App;
  counters: SinkCounters;
  /** Everything the app logged at level `error` and above. */
  logged: () => LogEntry[];
}

/**
 * The app every reliability test runs against, with each feature in use. `overrides` replaces
 * app options (another CORS policy, Fastify's `bodyLimit`, …).
 */
export function buildKitchenSink(
  overrides: Omit<AppOptions, 'controllers'> & { fastify?: Record<string, unknown> } = {},
): KitchenSink {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const counters = new SinkCounters();
  const { fastify, ...options } = overrides;
  const app = new App({
    title: 'Kitchen sink',
    controllers: [SinkController],
    middleware: [StampMiddleware],
    exceptionHandlers: [OutOfStockHandler],
    cors: { allowOrigins: ['*'], allowCredentials: true },
    uploads: { ...UPLOAD_LIMITS },
    websocketMaxPayload: WEBSOCKET_MAX_PAYLOAD,
    ...options,
    providers: [{ provide: SinkCounters, useValue: counters }, ...(options.providers ?? [])],
    fastify: { logger: { level: 'error', stream }, ...fastify },
  });
  return { app, counters, logged: () => lines.map((line) => JSON.parse(line) as LogEntry) };
}
