import 'reflect-metadata';
import { App, Controller, Get, Path, Query } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

const INT_PARSING_MSG = 'Input should be a valid integer, unable to parse string as an integer';
const FLOAT_PARSING_MSG = 'Input should be a valid number, unable to parse string as a number';
const BOOL_PARSING_MSG = 'Input should be a valid boolean, unable to interpret input';

@Controller()
class ItemsController {
  @Get('/items/{itemId}')
  readItem(@Path('itemId') itemId: number) {
    return { itemId };
  }

  @Get('/int-items/{itemId}')
  readIntItem(@Path('itemId', { type: 'integer' }) itemId: number) {
    return { itemId };
  }

  @Get('/users/:userId/posts/:postId')
  readPost(@Path('userId', { type: 'integer' }) userId: number, @Path('postId') postId: string) {
    return { userId, postId };
  }

  @Get('/files/{file_path:path}')
  readFile(@Path('file_path') filePath: string) {
    return { filePath };
  }

  @Get('/names/{name}')
  readName(@Path('name') name: string) {
    return { name };
  }

  @Get('/models/{modelName}')
  readModel(@Path('modelName', { enum: ['a', 'b', 'c'] }) modelName: string) {
    return { modelName };
  }

  @Get('/bounded/{low}/{high}')
  readBounded(
    @Path('low', { type: 'integer', ge: 1, le: 10 }) low: number,
    @Path('high', { gt: 0, lt: 10.5 }) high: number,
  ) {
    return { low, high };
  }

  @Get('/flags/{flag}')
  readFlag(@Path('flag') flag: boolean) {
    return { flag, kind: typeof flag };
  }

  @Get('/counts')
  readCount(@Query('n', { type: 'integer' }) n: number) {
    return { n };
  }

  @Get('/switches')
  readSwitch(@Query('on') on: boolean) {
    return { on };
  }
}

function intParsing(loc: (string | number)[], input: string) {
  return { type: 'int_parsing', loc, msg: INT_PARSING_MSG, input };
}

describe('path parameters', () => {
  let client: TestClient;

  beforeEach(() => {
    client = new TestClient(new App({ controllers: [ItemsController] }));
  });

  afterEach(async () => {
    await client.close();
  });

  test('a number parameter is a float', async () => {
    let res = await client.get('/items/3');
    expect([res.status, res.json()]).toEqual([200, { itemId: 3 }]);
    res = await client.get('/items/3.5');
    expect([res.status, res.json()]).toEqual([200, { itemId: 3.5 }]);
    res = await client.get('/items/-0.25');
    expect([res.status, res.json()]).toEqual([200, { itemId: -0.25 }]);
  });

  test('a number parameter that does not parse is 422 float_parsing', async () => {
    const res = await client.get('/items/foo');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ type: 'float_parsing', loc: ['path', 'itemId'], msg: FLOAT_PARSING_MSG, input: 'foo' }],
    });
  });

  test("{ type: 'integer' } parses integers and refuses the rest with int_parsing", async () => {
    let res = await client.get('/int-items/42');
    expect([res.status, res.json()]).toEqual([200, { itemId: 42 }]);
    res = await client.get('/int-items/foo');
    expect([res.status, res.json()]).toEqual([422, { detail: [intParsing(['path', 'itemId'], 'foo')] }]);
  });

  test('the :name form is a path parameter too', async () => {
    const res = await client.get('/users/7/posts/hello');
    expect([res.status, res.json()]).toEqual([200, { userId: 7, postId: 'hello' }]);
    const bad = await client.get('/users/x/posts/hello');
    expect([bad.status, bad.json()]).toEqual([422, { detail: [intParsing(['path', 'userId'], 'x')] }]);
  });

  test('{file_path:path} matches the rest of the path, slashes included', async () => {
    let res = await client.get('/files/home/johndoe/myfile.txt');
    expect([res.status, res.json()]).toEqual([200, { filePath: 'home/johndoe/myfile.txt' }]);
    // FastAPI's docs example: a leading slash inside the parameter gives a double slash.
    res = await client.get('/files//home/johndoe/myfile.txt');
    expect([res.status, res.json()]).toEqual([200, { filePath: '/home/johndoe/myfile.txt' }]);
    res = await client.get('/files/my%20docs/r%C3%A9sum%C3%A9.pdf');
    expect([res.status, res.json()]).toEqual([200, { filePath: 'my docs/résumé.pdf' }]);
  });

  test('string parameters are percent-decoded', async () => {
    let res = await client.get('/names/hello%20world');
    expect([res.status, res.json()]).toEqual([200, { name: 'hello world' }]);
    res = await client.get('/names/caf%C3%A9');
    expect([res.status, res.json()]).toEqual([200, { name: 'café' }]);
    res = await client.get('/names/a%2Bb%26c%3Dd');
    expect([res.status, res.json()]).toEqual([200, { name: 'a+b&c=d' }]);
    res = await client.get('/names/%F0%9F%8E%89');
    expect([res.status, res.json()]).toEqual([200, { name: '🎉' }]);
  });

  test('a malformed percent-escape is 400, not 500', async () => {
    const res = await client.get('/names/%zz');
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ detail: 'Bad Request' });
  });

  test('an enum parameter accepts its members and refuses others with 422 enum', async () => {
    const ok = await client.get('/models/b');
    expect([ok.status, ok.json()]).toEqual([200, { modelName: 'b' }]);
    const res = await client.get('/models/d');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'enum',
          loc: ['path', 'modelName'],
          msg: "Input should be 'a', 'b' or 'c'",
          input: 'd',
          ctx: { expected: "'a', 'b' or 'c'" },
        },
      ],
    });
  });

  test('values inside ge/gt/le/lt pass, including the inclusive bounds', async () => {
    let res = await client.get('/bounded/1/10.4');
    expect([res.status, res.json()]).toEqual([200, { low: 1, high: 10.4 }]);
    res = await client.get('/bounded/10/0.5');
    expect([res.status, res.json()]).toEqual([200, { low: 10, high: 0.5 }]);
  });

  // pydantic reports the input as received: the string of the URL, not the parsed number.
  test('ge and gt failures carry pydantic messages and ctx', async () => {
    const res = await client.get('/bounded/0/0');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'greater_than_equal', loc: ['path', 'low'], msg: 'Input should be greater than or equal to 1', input: '0', ctx: { ge: 1 } },
        { type: 'greater_than', loc: ['path', 'high'], msg: 'Input should be greater than 0', input: '0', ctx: { gt: 0 } },
      ],
    });
  });

  test('le and lt failures carry pydantic messages and ctx', async () => {
    const res = await client.get('/bounded/11/10.5');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'less_than_equal', loc: ['path', 'low'], msg: 'Input should be less than or equal to 10', input: '11', ctx: { le: 10 } },
        { type: 'less_than', loc: ['path', 'high'], msg: 'Input should be less than 10.5', input: '10.5', ctx: { lt: 10.5 } },
      ],
    });
  });

  test('a parse error is reported instead of the constraints', async () => {
    const res = await client.get('/bounded/abc/5');
    expect([res.status, res.json()]).toEqual([422, { detail: [intParsing(['path', 'low'], 'abc')] }]);
  });
});

describe('integer strictness', () => {
  let client: TestClient;

  beforeEach(() => {
    client = new TestClient(new App({ controllers: [ItemsController] }));
  });

  afterEach(async () => {
    await client.close();
  });

  test.each(['0x10', '1e3', 'NaN', 'Infinity', '-Infinity', '1.5', '12abc', ' '])('%j is not an integer: 422 int_parsing', async (raw) => {
    const res = await client.get(`/int-items/${encodeURIComponent(raw)}`);
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [intParsing(['path', 'itemId'], raw)] });
  });

  test('an empty path segment does not match the parameter: 404, as Starlette', async () => {
    const res = await client.get('/int-items/');
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ detail: 'Not Found' });
  });

  test('an empty value is not an integer: 422 int_parsing', async () => {
    const res = await client.get('/counts', { query: { n: '' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [intParsing(['query', 'n'], '')] });
  });

  test.each(['9007199254740993', '-9007199254740993', '123456789012345678901234567890'])(
    'the integer %s beyond 2^53 is rejected, not rounded',
    async (raw) => {
      const res = await client.get(`/int-items/${raw}`);
      expect(res.status).toBe(422);
      expect(res.json()).toEqual({
        detail: [
          {
            type: 'int_parsing_size',
            loc: ['path', 'itemId'],
            msg: 'Unable to parse input string as an integer, exceeded maximum size',
            input: raw,
          },
        ],
      });
    },
  );

  test('the largest safe integer still parses exactly', async () => {
    const res = await client.get('/int-items/9007199254740991');
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"itemId":9007199254740991}');
  });

  test.each([
    ['-5', -5],
    ['007', 7],
    ['+12', 12],
    ['0', 0],
  ])('%j is the integer %d', async (raw, expected) => {
    const res = await client.get(`/int-items/${encodeURIComponent(raw)}`);
    expect([res.status, res.json()]).toEqual([200, { itemId: expected }]);
  });
});

describe('lax booleans', () => {
  let client: TestClient;

  beforeEach(() => {
    client = new TestClient(new App({ controllers: [ItemsController] }));
  });

  afterEach(async () => {
    await client.close();
  });

  const TRUE_WORDS = ['1', 'true', 'True', 'TRUE', 'yes', 'YES', 'on', 'On', 't', 'T', 'y', 'Y'];
  const FALSE_WORDS = ['0', 'false', 'False', 'FALSE', 'no', 'NO', 'off', 'Off', 'OFF', 'f', 'F', 'n', 'N'];

  test.each(TRUE_WORDS)('path %j is true', async (word) => {
    const res = await client.get(`/flags/${word}`);
    expect([res.status, res.json()]).toEqual([200, { flag: true, kind: 'boolean' }]);
  });

  test.each(FALSE_WORDS)('path %j is false', async (word) => {
    const res = await client.get(`/flags/${word}`);
    expect([res.status, res.json()]).toEqual([200, { flag: false, kind: 'boolean' }]);
  });

  test.each([...TRUE_WORDS.map((w) => [w, true] as const), ...FALSE_WORDS.map((w) => [w, false] as const)])(
    'query %j is %s',
    async (word, expected) => {
      const res = await client.get('/switches', { query: { on: word } });
      expect([res.status, res.json()]).toEqual([200, { on: expected }]);
    },
  );

  test.each(['maybe', '2', 'tru', 'nope', '-1'])('path %j is 422 bool_parsing', async (word) => {
    const res = await client.get(`/flags/${word}`);
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [{ type: 'bool_parsing', loc: ['path', 'flag'], msg: BOOL_PARSING_MSG, input: word }] });
  });

  test('query "maybe" and an empty value are 422 bool_parsing', async () => {
    let res = await client.get('/switches', { query: { on: 'maybe' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [{ type: 'bool_parsing', loc: ['query', 'on'], msg: BOOL_PARSING_MSG, input: 'maybe' }] });
    res = await client.get('/switches?on=');
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ detail: [{ type: 'bool_parsing', loc: ['query', 'on'], msg: BOOL_PARSING_MSG, input: '' }] });
  });
});
