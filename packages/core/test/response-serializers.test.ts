import 'reflect-metadata';
import { IsInt, IsString } from 'class-validator';
import { App, Controller, Get, Post, status } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

class TagOut {
  @IsInt() id!: number;
  @IsString() label!: string;
}

const stored = { id: 7, label: 'blue', internalNote: 'not for clients' };

@Controller('/tags')
class TagsController {
  @Get('/blue', { responseModel: TagOut })
  read() {
    return stored;
  }

  @Get('/copy', { responseModel: TagOut })
  readCopy() {
    return { ...stored, label: 'copy' };
  }

  @Post('', { responseModel: TagOut, statusCode: status.HTTP_201_CREATED })
  create() {
    return stored;
  }

  @Get('', { responseModel: [TagOut] })
  list() {
    return [stored, stored, stored];
  }
}

async function answers(client: TestClient): Promise<unknown[]> {
  const replies = [await client.get('/tags/blue'), await client.get('/tags/copy'), await client.post('/tags'), await client.get('/tags')];
  return replies.map((res) => [res.status, res.json()]);
}

describe('response serializers', () => {
  test('routes answering the same model each send only its fields, whatever their status', async () => {
    const client = new TestClient(new App({ controllers: [TagsController], fastify: { logger: false } }));
    expect(await answers(client)).toEqual([
      [200, { id: 7, label: 'blue' }],
      [200, { id: 7, label: 'copy' }],
      [201, { id: 7, label: 'blue' }],
      [200, [{ id: 7, label: 'blue' }, { id: 7, label: 'blue' }, { id: 7, label: 'blue' }]],
    ]);
    await client.close();
  });

  test("the app's Fastify serializerOpts reach the serializers", async () => {
    // fast-json-stringify hands arrays longer than largeArraySize to JSON.stringify whole, so
    // the extra field shows through: proof that the option was applied.
    const app = new App({
      controllers: [TagsController],
      fastify: { logger: false, serializerOpts: { largeArraySize: 2, largeArrayMechanism: 'json-stringify' } },
    });
    const client = new TestClient(app);
    const list = await client.get('/tags');
    expect(list.json()).toEqual([stored, stored, stored]);
    expect((await client.get('/tags/blue')).json()).toEqual({ id: 7, label: 'blue' });
    await client.close();
  });

  test('a serializer compiler set on the Fastify instance before start-up serializes every route', async () => {
    const app = new App({ controllers: [TagsController], fastify: { logger: false } });
    const compiledFor: string[] = [];
    app.fastify.setSerializerCompiler(({ url, httpStatus }) => {
      compiledFor.push(`${url} ${httpStatus}`);
      return (data) => JSON.stringify({ wrapped: data });
    });
    const client = new TestClient(app);
    const res = await client.get('/tags/blue');
    expect(res.json()).toEqual({ wrapped: stored });
    // GET routes compile once more for their HEAD twin.
    expect([...new Set(compiledFor)].sort()).toEqual(['/tags 200', '/tags 201', '/tags/blue 200', '/tags/copy 200']);
    await client.close();
  });
});
