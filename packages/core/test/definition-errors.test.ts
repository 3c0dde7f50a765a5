import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsString, Matches, Max, MinLength, ValidateNested } from 'class-validator';
import { App, Body, Controller, DefinitionError, Get, Path, Post, Query, type DefinitionProblem } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

async function definitionErrorOf(controllers: (new (...args: any[]) => unknown)[]): Promise<DefinitionError> {
  const app = new App({ controllers });
  const error = await app.ready().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DefinitionError);
  return error as DefinitionError;
}

/** Asserts the one problem reported and that the message names where it is and how to fix it. */
function expectOneProblem(error: DefinitionError, problem: DefinitionProblem, ...mentions: string[]): void {
  expect(error.problems).toEqual([problem]);
  expect(error.code).toBe('TSAPI_DEFINITION');
  expect(error.message).toContain(problem.where);
  if (problem.parameter) expect(error.message).toContain(`parameter ${problem.parameter}`);
  expect(error.message).toContain(`\n  Fix: ${problem.fix}`);
  for (const mention of mentions) expect(error.message).toContain(mention);
}

const UNKNOWN_TYPE_FIX = (decorator: string, name: string) =>
  `say its type: ${decorator}('${name}', { type: 'integer' | 'number' | 'string' | 'boolean' | 'date-time' | ['string'] | SomeDto })`;

test('a parameter without a decorator', async () => {
  @Controller('/items')
  class ItemsController {
    @Get('/{itemId}')
    read(@Path('itemId') itemId: string, verbose: boolean) {
      return { itemId, verbose };
    }
  }
  const error = await definitionErrorOf([ItemsController]);
  expectOneProblem(error, {
    where: 'ItemsController.read',
    parameter: '1',
    problem: 'it has no parameter decorator, so tsapi does not know where its value comes from',
    fix: 'decorate it with @Path, @Query, @Header, @Cookie, @Body, @Form, @Depends, @Security, @Req or @Res, or type it with an injected class (SecurityScopes, BackgroundTasks, WebSocket)',
  });
  expect(error.message).toBe(
    'ItemsController.read, parameter 1: it has no parameter decorator, so tsapi does not know where its value comes from\n' +
      '  Fix: decorate it with @Path, @Query, @Header, @Cookie, @Body, @Form, @Depends, @Security, @Req or @Res, or type it with an injected class (SecurityScopes, BackgroundTasks, WebSocket)',
  );
});

describe('a parameter whose type is unknown', () => {
  test('typed as an interface', async () => {
    interface Filter {
      name: string;
    }
    @Controller('/items')
    class ItemsController {
      @Get('')
      list(@Query('filter') filter: Filter) {
        return filter;
      }
    }
    expectOneProblem(await definitionErrorOf([ItemsController]), {
      where: 'ItemsController.list',
      parameter: '0 (filter)',
      problem: 'its type is Object (an interface, union or `any`), so it cannot be validated',
      fix: UNKNOWN_TYPE_FIX('@Query', 'filter'),
    });
  });

  test('typed as a union', async () => {
    @Controller('/items')
    class ItemsController {
      @Get('/{itemId}')
      read(@Path('itemId') itemId: string | number) {
        return { itemId };
      }
    }
    expectOneProblem(await definitionErrorOf([ItemsController]), {
      where: 'ItemsController.read',
      parameter: '0 (itemId)',
      problem: 'its type is Object (an interface, union or `any`), so it cannot be validated',
      fix: UNKNOWN_TYPE_FIX('@Path', 'itemId'),
    });
  });

  test('an array without `type`', async () => {
    @Controller('/items')
    class ItemsController {
      @Get('')
      list(@Query('tag') tags: string[]) {
        return tags;
      }
    }
    expectOneProblem(await definitionErrorOf([ItemsController]), {
      where: 'ItemsController.list',
      parameter: '0 (tag)',
      problem: 'it is an array, but the type of its items was not recorded, so it cannot be validated',
      fix: UNKNOWN_TYPE_FIX('@Query', 'tag'),
    });
  });

  test('the fix works: the same array with `type: [string]` is served', async () => {
    @Controller('/items')
    class ItemsController {
      @Get('')
      list(@Query('tag', { type: ['string'] }) tags: string[]) {
        return { tags };
      }
    }
    const client = new TestClient(new App({ controllers: [ItemsController] }));
    const res = await client.get('/items', { query: { tag: ['a', 'b'] } });
    expect([res.status, res.json()]).toEqual([200, { tags: ['a', 'b'] }]);
    await client.close();
  });

  test('a body typed as an interface', async () => {
    interface ItemShape {
      name: string;
    }
    @Controller('/items')
    class ItemsController {
      @Post('')
      create(@Body() item: ItemShape) {
        return item;
      }
    }
    const error = await definitionErrorOf([ItemsController]);
    expect(error.problems).toEqual([
      {
        where: 'ItemsController.create',
        parameter: '0 (unnamed)',
        problem: 'its type is Object (an interface, union or `any`), so it cannot be validated',
        fix: "say its type: @Body({ type: 'integer' | 'number' | 'string' | 'boolean' | 'date-time' | ['string'] | SomeDto })",
      },
    ]);
    expect(error.message).toContain('ItemsController.create, parameter 0');
    expect(error.message).toContain('\n  Fix: ');
  });
});

test('@Path(name) that is not in the path', async () => {
  @Controller('/items')
  class ItemsController {
    @Get('/{itemId}')
    read(@Path('itemId') itemId: string, @Path('ownerId') ownerId: string) {
      return { itemId, ownerId };
    }
  }
  expectOneProblem(await definitionErrorOf([ItemsController]), {
    where: 'ItemsController.read',
    parameter: '"ownerId"',
    problem: "@Path('ownerId') is not a parameter of the path /items/{itemId}",
    fix: "add {ownerId} to the route's path, or read it with @Query('ownerId')",
  });
});

test('a path parameter that no handler parameter reads', async () => {
  @Controller('/users')
  class UsersController {
    @Get('/{userId}/items/{itemId}')
    read(@Path('itemId') itemId: string) {
      return { itemId };
    }
  }
  expectOneProblem(await definitionErrorOf([UsersController]), {
    where: 'UsersController.read',
    parameter: '"userId"',
    problem: 'the path /users/{userId}/items/{itemId} has {userId} but no handler parameter reads it',
    fix: "add a parameter: @Path('userId') userId: string",
  });
});

describe('duplicate routes', () => {
  test('the same method and path in two controllers', async () => {
    @Controller('/items')
    class ItemsController {
      @Get('/{itemId}')
      read(@Path('itemId') itemId: string) {
        return { itemId };
      }
    }
    @Controller()
    class LegacyController {
      @Get('/items/{id}')
      legacyRead(@Path('id') id: string) {
        return { id };
      }
    }
    expectOneProblem(await definitionErrorOf([ItemsController, LegacyController]), {
      where: 'LegacyController.legacyRead',
      problem: 'GET /items/{id} is already served by ItemsController.read',
      fix: 'give one of the two routes another path or method',
    });
  });

  test('the same path under another method is not a duplicate', async () => {
    @Controller('/items')
    class ItemsController {
      @Get('')
      list() {
        return { method: 'GET' };
      }

      @Post('')
      create() {
        return { method: 'POST' };
      }
    }
    const client = new TestClient(new App({ controllers: [ItemsController] }));
    expect((await client.post('/items')).json()).toEqual({ method: 'POST' });
    expect((await client.get('/items')).json()).toEqual({ method: 'GET' });
    await client.close();
  });
});

test('@Body on a GET route', async () => {
  class ItemIn {
    @IsString() name!: string;
  }
  @Controller('/items')
  class ItemsController {
    @Get('/search')
    search(@Body() query: ItemIn) {
      return query;
    }
  }
  expectOneProblem(await definitionErrorOf([ItemsController]), {
    where: 'ItemsController.search',
    parameter: '0 (unnamed)',
    problem: 'GET requests carry no body, but a parameter is decorated with @Body',
    fix: 'use @Post, @Put or @Patch for a route that reads a body, or read the values with @Query',
  });
});

test('a class included as a controller without @Controller', async () => {
  class ItemsController {
    @Get('/items')
    list() {
      return [];
    }
  }
  expectOneProblem(await definitionErrorOf([ItemsController]), {
    where: 'ItemsController',
    problem: 'it is included as a controller but has no @Controller() decorator',
    fix: "decorate it: @Controller('/prefix') class ItemsController { … }",
  });
});

describe('a constraint whose value cannot mean anything', () => {
  test('in a body DTO, nested models included', async () => {
    class Tag {
      @IsString() @Matches('[a-z') label!: string;
    }
    class ItemIn {
      @IsString() @MinLength(-1) name!: string;
      @IsInt() @Max(Infinity) stock!: number;
      @ArrayMaxSize(2.5) @Type(() => Tag) @ValidateNested({ each: true }) tags!: Tag[];
    }
    @Controller('/items')
    class ItemsController {
      @Post('')
      create(@Body() item: ItemIn) {
        return item;
      }
    }
    const error = await definitionErrorOf([ItemsController]);
    expect(error.problems).toEqual([
      {
        where: 'ItemsController.create',
        problem: 'the body field ItemIn.name declares minLength -1, which is not a whole number of 0 or more',
        fix: 'give @MinLength or @Length a whole number of 0 or more',
      },
      {
        where: 'ItemsController.create',
        problem: 'the body field ItemIn.stock declares le Infinity, which is not a finite number',
        fix: 'give @Max a finite number',
      },
      {
        where: 'ItemsController.create',
        problem: 'the body field ItemIn.tags declares maxItems 2.5, which is not a whole number of 0 or more',
        fix: 'give @ArrayMaxSize a whole number of 0 or more',
      },
      {
        where: 'ItemsController.create',
        problem:
          'the body field Tag.label declares pattern "[a-z", which is not a regular expression valid with the \'u\' flag, as JSON Schema reads patterns',
        fix: "give @Matches a regular expression valid with the 'u' flag, as JSON Schema reads patterns",
      },
    ]);
  });

  test('in a response model', async () => {
    class ItemOut {
      @IsString() @MinLength(-1) name!: string;
    }
    @Controller('/items')
    class ItemsController {
      @Get('', { responseModel: ItemOut })
      list() {
        return { name: 'a' };
      }
    }
    expectOneProblem(await definitionErrorOf([ItemsController]), {
      where: 'ItemsController.list',
      problem: 'the response model field ItemOut.name declares minLength -1, which is not a whole number of 0 or more',
      fix: 'give @MinLength or @Length a whole number of 0 or more',
    });
  });

  test('in a query parameter', async () => {
    @Controller('/items')
    class ItemsController {
      @Get('')
      list(@Query('q', { minLength: 1.5, pattern: '(' }) q: string) {
        return { q };
      }
    }
    const error = await definitionErrorOf([ItemsController]);
    expect(error.problems.map((p) => [p.parameter, p.problem, p.fix])).toEqual([
      [
        '0 (q)',
        "the query parameter 'q' declares minLength 1.5, which is not a whole number of 0 or more",
        'give the minLength option a whole number of 0 or more',
      ],
      [
        '0 (q)',
        "the query parameter 'q' declares pattern \"(\", which is not a regular expression valid with the 'u' flag, as JSON Schema reads patterns",
        "give the pattern option a regular expression valid with the 'u' flag, as JSON Schema reads patterns",
      ],
    ]);
  });

  test('the fix works: sound constraints are enforced', async () => {
    class ItemIn {
      @IsString() @MinLength(2) @Matches('^[a-z]+$') name!: string;
    }
    @Controller('/items')
    class ItemsController {
      @Post('')
      create(@Body() item: ItemIn, @Query('q', { minLength: 1, default: 'x' }) q: string) {
        return { ...item, q };
      }
    }
    const client = new TestClient(new App({ controllers: [ItemsController] }));
    expect((await client.post('/items', { json: { name: 'ab' } })).json()).toEqual({ name: 'ab', q: 'x' });
    const firstError = async (url: string, name: string) =>
      ((await client.post(url, { json: { name } })).json() as { detail: object[] }).detail[0];
    expect(await firstError('/items', 'a')).toMatchObject({ type: 'string_too_short', loc: ['body', 'name'] });
    expect(await firstError('/items', 'AB')).toMatchObject({ type: 'string_pattern_mismatch', loc: ['body', 'name'] });
    expect(await firstError('/items?q=', 'ab')).toMatchObject({ type: 'string_too_short', loc: ['query', 'q'] });
    await client.close();
  });
});

test('every problem of an app is reported in one error', async () => {
  interface Filter {
    name: string;
  }
  @Controller('/items')
  class ItemsController {
    @Get('/{itemId}')
    read(@Path('itemId') itemId: string, @Query('filter') filter: Filter, verbose: boolean) {
      return { itemId, filter, verbose };
    }

    @Get('/{a}/{b}')
    pair(@Path('a') a: string) {
      return { a };
    }
  }
  class NotAController {}
  const error = await definitionErrorOf([ItemsController, NotAController]);
  expect(error.problems.map((p) => [p.where, p.parameter])).toEqual([
    ['NotAController', undefined],
    ['ItemsController.read', '1 (filter)'],
    ['ItemsController.read', '2'],
    ['ItemsController.pair', '"b"'],
  ]);
  expect(error.message.split('\n').filter((line) => line.startsWith('  Fix: '))).toHaveLength(4);
});
