import 'reflect-metadata';
import { IsInt, IsString } from 'class-validator';
import {
  App,
  type AppOptions,
  Body,
  Controller,
  DefinitionError,
  Depends,
  ExceptionHandler,
  type ExceptionHandlerClass,
  Get,
  HTTPException,
  JSONResponse,
  Path,
  PlainTextResponse,
  Post,
  type Request,
  RequestValidationError,
  Response,
  dependency,
} from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

const INT_PARSING_MSG = 'Input should be a valid integer, unable to parse string as an integer';

const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function clientFor(options: AppOptions, clientOptions: { raiseServerExceptions?: boolean } = {}): TestClient {
  // Errors are expected in several tests: keep Fastify's error log quiet.
  const client = new TestClient(new App({ fastify: { logger: false }, ...options }), clientOptions);
  clients.push(client);
  return client;
}

class UnicornException extends Error {
  constructor(readonly unicornName: string) {
    super(`unicorn ${unicornName}`);
  }
}

@ExceptionHandler(UnicornException)
class UnicornHandler implements ExceptionHandlerClass<UnicornException> {
  catch(error: UnicornException) {
    return new JSONResponse({ message: `Oops! ${error.unicornName} did something. There goes a rainbow...` }, 418);
  }
}

class AppError extends Error {}
class NotFoundError extends AppError {}
class GoneError extends NotFoundError {}
class ConflictError extends AppError {}

class Item {
  @IsString() title!: string;
  @IsInt() size!: number;
}

@Controller()
class MainController {
  @Get('/unicorns/{name}')
  unicorn(@Path('name') name: string) {
    if (name === 'yolo') throw new UnicornException(name);
    return { unicorn_name: name };
  }

  @Get('/items/{itemId}')
  read(@Path('itemId', { type: 'integer' }) itemId: number) {
    if (itemId === 3) throw new HTTPException(418, "Nope! I don't like 3.");
    if (itemId === 4) throw new HTTPException(404, 'Item not found', { 'x-error': 'There goes my error' });
    return { itemId };
  }

  @Post('/items')
  create(@Body() item: Item) {
    return item;
  }

  @Get('/errors/{kind}')
  fail(@Path('kind') kind: string): never {
    switch (kind) {
      case 'not-found':
        throw new NotFoundError('no such thing');
      case 'gone':
        throw new GoneError('long gone');
      case 'conflict':
        throw new ConflictError('already there');
      case 'type':
        throw new TypeError('not a function');
      default:
        throw new Error(`plain ${kind}`);
    }
  }
}

describe("FastAPI's UnicornException example", () => {
  test('the handler answers 418 with its own body', async () => {
    const client = clientFor({ controllers: [MainController], exceptionHandlers: [UnicornHandler] });
    const res = await client.get('/unicorns/yolo');
    expect(res.status).toBe(418);
    expect(res.json()).toEqual({ message: 'Oops! yolo did something. There goes a rainbow...' });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  test('routes that do not throw are untouched', async () => {
    const client = clientFor({ controllers: [MainController], exceptionHandlers: [UnicornHandler] });
    const res = await client.get('/unicorns/sparkle');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ unicorn_name: 'sparkle' });
  });

  test('the handler receives the request', async () => {
    @ExceptionHandler(UnicornException)
    class Echo {
      catch(error: UnicornException, request: Request) {
        return new JSONResponse({ method: request.method, url: request.url, name: error.unicornName }, 418, {
          'x-unicorn': 'yes',
        });
      }
    }
    const client = clientFor({ controllers: [MainController], exceptionHandlers: [Echo] });
    const res = await client.get('/unicorns/yolo?color=pink');
    expect(res.status).toBe(418);
    expect(res.json()).toEqual({ method: 'GET', url: '/unicorns/yolo?color=pink', name: 'yolo' });
    expect(res.headers['x-unicorn']).toBe('yes');
  });
});

describe('the most specific handler wins', () => {
  @ExceptionHandler(AppError)
  class AppErrorHandler {
    catch(error: AppError) {
      return new JSONResponse({ handler: 'base', error: error.constructor.name, message: error.message }, 400);
    }
  }

  @ExceptionHandler(NotFoundError)
  class NotFoundHandler {
    catch(error: NotFoundError) {
      return new JSONResponse({ handler: 'not-found', error: error.constructor.name, message: error.message }, 404);
    }
  }

  test.each([
    ['base first', [AppErrorHandler, NotFoundHandler]],
    ['subclass first', [NotFoundHandler, AppErrorHandler]],
  ])('a subclass error goes to the subclass handler, a sibling to the base one (%s)', async (_order, handlers) => {
    const client = clientFor({ controllers: [MainController], exceptionHandlers: handlers });
    const notFound = await client.get('/errors/not-found');
    expect(notFound.status).toBe(404);
    expect(notFound.json()).toEqual({ handler: 'not-found', error: 'NotFoundError', message: 'no such thing' });
    const conflict = await client.get('/errors/conflict');
    expect(conflict.status).toBe(400);
    expect(conflict.json()).toEqual({ handler: 'base', error: 'ConflictError', message: 'already there' });
  });

  test('a deeper subclass goes to the nearest handler in its prototype chain', async () => {
    const client = clientFor({ controllers: [MainController], exceptionHandlers: [AppErrorHandler, NotFoundHandler] });
    const res = await client.get('/errors/gone');
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ handler: 'not-found', error: 'GoneError', message: 'long gone' });
  });
});

describe('replacing the defaults', () => {
  @ExceptionHandler(RequestValidationError)
  class ValidationHandler {
    catch(error: RequestValidationError) {
      return new JSONResponse({ detail: error.errors(), body: error.body }, 400);
    }
  }

  @ExceptionHandler(HTTPException)
  class PlainHTTPHandler {
    catch(error: HTTPException) {
      return new PlainTextResponse(String(error.detail), error.statusCode);
    }
  }

  test('a RequestValidationError handler gets the errors and the body as received', async () => {
    const client = clientFor({ controllers: [MainController], exceptionHandlers: [ValidationHandler] });
    const res = await client.post('/items', { json: { title: 'towel', size: 'XL' } });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['body', 'size'], msg: INT_PARSING_MSG, input: 'XL' }],
      body: { title: 'towel', size: 'XL' },
    });
  });

  test('the RequestValidationError handler also answers bad path parameters; valid requests pass', async () => {
    const client = clientFor({ controllers: [MainController], exceptionHandlers: [ValidationHandler] });
    const bad = await client.get('/items/abc');
    expect(bad.status).toBe(400);
    expect(bad.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['path', 'itemId'], msg: INT_PARSING_MSG, input: 'abc' }],
    });
    const good = await client.post('/items', { json: { title: 'towel', size: 42 } });
    expect(good.status).toBe(200);
    expect(good.json()).toEqual({ title: 'towel', size: 42 });
  });

  test('an HTTPException handler answers in plain text with the detail and status', async () => {
    const client = clientFor({ controllers: [MainController], exceptionHandlers: [PlainHTTPHandler] });
    const res = await client.get('/items/3');
    expect(res.status).toBe(418);
    expect(res.text).toBe("Nope! I don't like 3.");
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  test('replacing the HTTPException handler keeps the default 422 for validation errors', async () => {
    const client = clientFor({ controllers: [MainController], exceptionHandlers: [PlainHTTPHandler] });
    const res = await client.get('/items/abc');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['path', 'itemId'], msg: INT_PARSING_MSG, input: 'abc' }],
    });
  });

  test("Fastify's client errors (415) go to the HTTPException handler", async () => {
    const client = clientFor({ controllers: [MainController], exceptionHandlers: [PlainHTTPHandler] });
    const res = await client.post('/items', { body: '<item/>', headers: { 'content-type': 'application/xml' } });
    expect(res.status).toBe(415);
    expect(res.text).toBe('Unsupported Media Type');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  });
});

describe('a handler for Error', () => {
  @ExceptionHandler(Error)
  class Unavailable {
    catch(error: Error) {
      return new JSONResponse({ detail: `Service unavailable: ${error.message}` }, 503, { 'retry-after': '30' });
    }
  }

  test('catches plain errors thrown by handlers, and their subclasses, instead of the 500', async () => {
    const client = clientFor({ controllers: [MainController], exceptionHandlers: [Unavailable] });
    const plain = await client.get('/errors/boom');
    expect(plain.status).toBe(503);
    expect(plain.json()).toEqual({ detail: 'Service unavailable: plain boom' });
    expect(plain.headers['retry-after']).toBe('30');
    const typeError = await client.get('/errors/type');
    expect(typeError.status).toBe(503);
    expect(typeError.json()).toEqual({ detail: 'Service unavailable: not a function' });
  });

  test('does not catch HTTPException: the default answer with its header stays', async () => {
    const client = clientFor({ controllers: [MainController], exceptionHandlers: [Unavailable] });
    const res = await client.get('/items/4');
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ detail: 'Item not found' });
    expect(res.headers['x-error']).toBe('There goes my error');
  });

  test('does not catch RequestValidationError: the default 422 stays', async () => {
    const client = clientFor({ controllers: [MainController], exceptionHandlers: [Unavailable] });
    const res = await client.post('/items', { json: { title: 'towel', size: 'XL' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'int_parsing', loc: ['body', 'size'], msg: INT_PARSING_MSG, input: 'XL' }],
    });
  });
});

describe('handlers that fail', () => {
  test('a handler that throws gives the default 500', async () => {
    @ExceptionHandler(UnicornException)
    class Throws {
      catch(): Response {
        throw new Error('the handler broke');
      }
    }
    const client = clientFor(
      { controllers: [MainController], exceptionHandlers: [Throws] },
      { raiseServerExceptions: false },
    );
    const res = await client.get('/unicorns/yolo');
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ detail: 'Internal Server Error' });
    const next = await client.get('/unicorns/sparkle');
    expect(next.status).toBe(200);
    expect(next.json()).toEqual({ unicorn_name: 'sparkle' });
  });

  test('the default TestClient throws the failure of the handler in the test', async () => {
    @ExceptionHandler(UnicornException)
    class Throws {
      catch(): Response {
        throw new Error('the handler broke');
      }
    }
    const client = clientFor({ controllers: [MainController], exceptionHandlers: [Throws] });
    await expect(client.get('/unicorns/yolo')).rejects.toThrow('the handler broke');
  });

  test('a handler returning something that is not a Response gives the default 500', async () => {
    @ExceptionHandler(UnicornException)
    class ReturnsObject {
      catch(error: UnicornException) {
        return { message: error.message } as unknown as Response;
      }
    }
    const client = clientFor(
      { controllers: [MainController], exceptionHandlers: [ReturnsObject] },
      { raiseServerExceptions: false },
    );
    const res = await client.get('/unicorns/yolo');
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ detail: 'Internal Server Error' });
  });
});

describe('handler classes', () => {
  test('an async handler', async () => {
    @ExceptionHandler(UnicornException)
    class Slow {
      async catch(error: UnicornException) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        return new JSONResponse({ late: error.unicornName }, 418);
      }
    }
    const client = clientFor({ controllers: [MainController], exceptionHandlers: [Slow] });
    const res = await client.get('/unicorns/yolo');
    expect(res.status).toBe(418);
    expect(res.json()).toEqual({ late: 'yolo' });
  });

  test('constructor injection of a provider, one instance for the app', async () => {
    class ErrorReporter {
      readonly reported: string[] = [];
      report(message: string): number {
        this.reported.push(message);
        return this.reported.length;
      }
    }
    @ExceptionHandler(UnicornException)
    class Reporting {
      constructor(private readonly reporter: ErrorReporter) {}
      catch(error: UnicornException) {
        const count = this.reporter.report(error.message);
        return new JSONResponse({ reported: count }, 418);
      }
    }
    const reporter = new ErrorReporter();
    const client = clientFor({
      controllers: [MainController],
      exceptionHandlers: [Reporting],
      providers: [{ provide: ErrorReporter, useValue: reporter }],
    });
    expect((await client.get('/unicorns/yolo')).json()).toEqual({ reported: 1 });
    expect((await client.get('/unicorns/yolo')).json()).toEqual({ reported: 2 });
    expect(reporter.reported).toEqual(['unicorn yolo', 'unicorn yolo']);
  });

  test('one class handling two error classes', async () => {
    @ExceptionHandler(UnicornException, ConflictError)
    class Both {
      catch(error: UnicornException | ConflictError) {
        return new JSONResponse({ caught: error.constructor.name }, 409);
      }
    }
    const client = clientFor(
      { controllers: [MainController], exceptionHandlers: [Both] },
      { raiseServerExceptions: false },
    );
    const unicorn = await client.get('/unicorns/yolo');
    expect(unicorn.status).toBe(409);
    expect(unicorn.json()).toEqual({ caught: 'UnicornException' });
    const conflict = await client.get('/errors/conflict');
    expect(conflict.status).toBe(409);
    expect(conflict.json()).toEqual({ caught: 'ConflictError' });
    const other = await client.get('/errors/not-found');
    expect(other.status).toBe(500);
    expect(other.json()).toEqual({ detail: 'Internal Server Error' });
  });

  test('a class listed without @ExceptionHandler() is a DefinitionError at ready()', async () => {
    class NotDecorated {
      catch() {
        return new JSONResponse({}, 418);
      }
    }
    const app = new App({ controllers: [MainController], exceptionHandlers: [NotDecorated] });
    const error = await app.ready().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).message).toContain(
      'NotDecorated: it is listed in exceptionHandlers but has no @ExceptionHandler(ErrorClass) decorator',
    );
  });
});

describe('errors from dependencies', () => {
  test('an error thrown by a function or generator dependency reaches the handler; no route runs', async () => {
    const ran: string[] = [];
    const checkUnicorn = dependency([Path('name', { type: 'string' })], (name: string) => {
      if (name === 'yolo') throw new UnicornException(`dependency ${name}`);
      return name;
    });
    async function* session() {
      ran.push('session');
      throw new UnicornException('generator');
      yield 'never';
    }
    @Controller()
    class GuardedController {
      @Get('/guarded/{name}')
      guarded(@Depends(checkUnicorn) name: string) {
        ran.push(`handler ${name}`);
        return { name };
      }

      @Get('/session')
      withSession(@Depends(session) value: string) {
        ran.push('handler session');
        return { value };
      }
    }
    const client = clientFor({ controllers: [GuardedController], exceptionHandlers: [UnicornHandler] });
    const fromFunction = await client.get('/guarded/yolo');
    expect(fromFunction.status).toBe(418);
    expect(fromFunction.json()).toEqual({ message: 'Oops! dependency yolo did something. There goes a rainbow...' });
    const fromGenerator = await client.get('/session');
    expect(fromGenerator.status).toBe(418);
    expect(fromGenerator.json()).toEqual({ message: 'Oops! generator did something. There goes a rainbow...' });
    const ok = await client.get('/guarded/sparkle');
    expect(ok.json()).toEqual({ name: 'sparkle' });
    expect(ran).toEqual(['session', 'handler sparkle']);
  });
});

describe('TestClient and handled errors', () => {
  test('a handled error is not thrown by the default TestClient; an unhandled one is', async () => {
    const client = clientFor({ controllers: [MainController], exceptionHandlers: [UnicornHandler] });
    const handled = await client.get('/unicorns/yolo');
    expect(handled.status).toBe(418);
    await expect(client.get('/errors/conflict')).rejects.toThrow(ConflictError);
    await expect(client.get('/errors/conflict')).rejects.toThrow('already there');
  });
});

describe('mounted apps', () => {
  test("a sub-app's handlers apply under its prefix only", async () => {
    @Controller()
    class SubController {
      @Get('/unicorns/{name}')
      unicorn(@Path('name') name: string) {
        throw new UnicornException(`sub ${name}`);
      }
    }
    const app = new App({ fastify: { logger: false }, controllers: [MainController] });
    app.mount('/subapi', new App({ controllers: [SubController], exceptionHandlers: [UnicornHandler] }));
    const client = new TestClient(app, { raiseServerExceptions: false });
    clients.push(client);
    const sub = await client.get('/subapi/unicorns/yolo');
    expect(sub.status).toBe(418);
    expect(sub.json()).toEqual({ message: 'Oops! sub yolo did something. There goes a rainbow...' });
    const parent = await client.get('/unicorns/yolo');
    expect(parent.status).toBe(500);
    expect(parent.json()).toEqual({ detail: 'Internal Server Error' });
  });
});
