import 'reflect-metadata';
import { Writable } from 'node:stream';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsNumber, IsOptional, IsString, ValidateNested } from 'class-validator';
import { App, Controller, Get, ResponseValidationError } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

class ItemOut {
  @IsInt() id!: number;
  @IsString() name!: string;
  @IsOptional() @IsString() description?: string;
  @IsOptional() @IsNumber() tax?: number;
}

class OwnerOut {
  @IsString() name!: string;
}

class ItemWithOwner {
  @IsString() name!: string;
  @ValidateNested() @Type(() => OwnerOut) owner!: OwnerOut;
}

class EventOut {
  @IsString() name!: string;
  @IsDate() @Type(() => Date) at!: Date;
}

const user = { id: 1, name: 'Foo', password: 'hunter2-secret', isAdmin: true };

@Controller()
class ItemsController {
  @Get('/filtered', { responseModel: ItemOut })
  filtered() {
    return user;
  }

  @Get('/optional-undefined', { responseModel: ItemOut })
  optionalUndefined() {
    return { id: 1, name: 'Foo', description: undefined };
  }

  @Get('/exclude-unset', { responseModel: ItemOut, responseModelExcludeUnset: true })
  excludeUnset() {
    return { id: 1, name: 'Foo', description: null, tax: undefined, password: 'x' };
  }

  @Get('/exclude-none', { responseModel: ItemOut, responseModelExcludeNone: true })
  excludeNone() {
    return { id: 1, name: 'Foo', description: null, tax: undefined, password: 'x' };
  }

  @Get('/exclude-none-kept', { responseModel: ItemOut, responseModelExcludeNone: true })
  excludeNoneKept() {
    return { id: 1, name: 'Foo', description: 'd', tax: 0 };
  }

  @Get('/list', { responseModel: [ItemOut] })
  list() {
    return [
      { id: 1, name: 'a', password: 'p1' },
      { id: 2, name: 'b', description: 'B', tax: 1.5, password: 'p2' },
    ];
  }

  @Get('/nested', { responseModel: ItemWithOwner })
  nested() {
    return { name: 'Foo', secret: 's', owner: { name: 'ann', password: 'owner-secret' } };
  }

  @Get('/dates', { responseModel: EventOut })
  dates() {
    return { name: 'launch', at: new Date('2024-01-02T03:04:05.678Z') };
  }

  @Get('/instance', { responseModel: ItemOut })
  instance() {
    const item = Object.assign(new ItemOut(), { id: 3, name: 'Baz', description: 'from a class' });
    return Object.assign(item, { password: 'instance-secret' });
  }

  @Get('/wrong-type', { responseModel: ItemOut })
  wrongType() {
    return { id: 1, name: 42, password: 'leaked-password' };
  }

  @Get('/missing-field', { responseModel: ItemOut })
  missingField() {
    return { id: 1, password: 'leaked-password' };
  }

  @Get('/wrong-list', { responseModel: [ItemOut] })
  wrongList() {
    return { id: 1, name: 'not a list' };
  }

  @Get('/throws')
  throws() {
    throw new Error('db password=secret at postgres://admin@10.0.0.7/db');
  }

  @Get('/rejects')
  async rejects() {
    await Promise.resolve();
    throw new Error('db password=secret at postgres://admin@10.0.0.7/db');
  }
}

/** Collects what the app logs, to check that errors are logged rather than sent. */
function logSink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

const clients: TestClient[] = [];

/** An app with its log captured, so that tests read it and the output stays quiet. */
function clientFor(options: { raiseServerExceptions?: boolean } = {}): { client: TestClient; log: () => string } {
  const sink = logSink();
  const app = new App({ controllers: [ItemsController], fastify: { logger: { level: 'error', stream: sink.stream } } });
  const client = new TestClient(app, { raiseServerExceptions: options.raiseServerExceptions ?? true });
  clients.push(client);
  return { client, log: sink.text };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

describe('responseModel', () => {
  test('filters the output to the declared fields: a password never leaves', async () => {
    const { client } = clientFor();
    const res = await client.get('/filtered');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ id: 1, name: 'Foo', description: null, tax: null });
    expect(res.text).not.toContain('password');
    expect(res.text).not.toContain('hunter2');
    expect(res.text).not.toContain('isAdmin');
  });

  test('filters a class instance the same way', async () => {
    const { client } = clientFor();
    const res = await client.get('/instance');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ id: 3, name: 'Baz', description: 'from a class', tax: null });
    expect(res.text).not.toContain('instance-secret');
  });

  test('sends an optional field that is undefined as null', async () => {
    const { client } = clientFor();
    const res = await client.get('/optional-undefined');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ id: 1, name: 'Foo', description: null, tax: null });
  });

  test('responseModelExcludeUnset drops undefined and absent fields, keeps null', async () => {
    const { client } = clientFor();
    const res = await client.get('/exclude-unset');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ id: 1, name: 'Foo', description: null });
    expect(res.text).not.toContain('password');
  });

  test('responseModelExcludeNone drops null and undefined fields', async () => {
    const { client } = clientFor();
    const res = await client.get('/exclude-none');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ id: 1, name: 'Foo' });
    expect(res.text).not.toContain('password');
  });

  test('responseModelExcludeNone keeps falsy values that are not null', async () => {
    const { client } = clientFor();
    const res = await client.get('/exclude-none-kept');
    expect(res.json()).toEqual({ id: 1, name: 'Foo', description: 'd', tax: 0 });
  });

  test('[Model] filters every item of a list', async () => {
    const { client } = clientFor();
    const res = await client.get('/list');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual([
      { id: 1, name: 'a', description: null, tax: null },
      { id: 2, name: 'b', description: 'B', tax: 1.5 },
    ]);
    expect(res.text).not.toContain('password');
  });

  test('nested response models are filtered too', async () => {
    const { client } = clientFor();
    const res = await client.get('/nested');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ name: 'Foo', owner: { name: 'ann' } });
    expect(res.text).not.toContain('secret');
  });

  test('Date fields are sent as ISO strings', async () => {
    const { client } = clientFor();
    const res = await client.get('/dates');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ name: 'launch', at: '2024-01-02T03:04:05.678Z' });
  });
});

describe('a return value that does not fit the model', () => {
  test.each([
    ['/wrong-type', 'ItemsController.wrongType returned a value that does not fit its response model (response.name: Input should be a valid string)'],
    ['/missing-field', 'ItemsController.missingField returned a value that does not fit its response model (response.name: Field required)'],
    ['/wrong-list', 'ItemsController.wrongList returned a value that does not fit its response model (response: Input should be a valid list)'],
  ])('%s is a 500 with nothing of the value sent, and the log says what did not fit', async (path, logged) => {
    const { client, log } = clientFor({ raiseServerExceptions: false });
    const res = await client.get(path);
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ detail: 'Internal Server Error' });
    expect(res.text).not.toContain('password');
    expect(log()).toContain(logged);
  });

  test('is thrown into the test by the default TestClient', async () => {
    const { client } = clientFor();
    await expect(client.get('/wrong-type')).rejects.toBeInstanceOf(ResponseValidationError);
    await expect(client.get('/missing-field')).rejects.toThrow(
      'ItemsController.missingField returned a value that does not fit its response model (response.name: Field required)',
    );
  });

  test('the error lists what did not fit, for the log', async () => {
    const { client } = clientFor();
    const error = await client.get('/wrong-type').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).errors()).toEqual([
      { type: 'string_type', loc: ['response', 'name'], msg: 'Input should be a valid string', input: 42 },
    ]);
  });
});

describe('a handler that throws', () => {
  test.each([['/throws'], ['/rejects']])('%s answers 500 and sends nothing of the message', async (path) => {
    const { client, log } = clientFor({ raiseServerExceptions: false });
    const res = await client.get(path);
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ detail: 'Internal Server Error' });
    for (const leak of ['password', 'secret', 'postgres', '10.0.0.7', 'at ']) expect(res.text).not.toContain(leak);
    expect(log()).toContain('db password=secret');
  });

  test('the default TestClient rethrows the error', async () => {
    const { client } = clientFor();
    await expect(client.get('/throws')).rejects.toThrow('db password=secret');
  });
});
