import 'reflect-metadata';
import {
  App,
  Body,
  Controller,
  DefinitionError,
  Depends,
  dependency,
  Get,
  Path,
  Query,
  type DefinitionProblem,
} from '@tsapi/core';
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
function expectOneProblem(error: DefinitionError, problem: DefinitionProblem): void {
  expect(error.problems).toEqual([problem]);
  expect(error.code).toBe('TSAPI_DEFINITION');
  expect(error.message).toContain(problem.where);
  if (problem.parameter)
    expect(error.message).toContain(`${problem.where}, parameter ${problem.parameter}: ${problem.problem}`);
  expect(error.message).toContain(`\n  Fix: ${problem.fix}`);
}

const CYCLE = {
  problem: 'dependencies depend on each other in a cycle',
  fix: 'break the cycle: move what both need into a dependency of its own',
};

describe('dependency cycles', () => {
  test('two class dependencies that depend on each other', async () => {
    class A {
      constructor(readonly b: unknown) {}
    }
    class B {
      constructor(readonly a: unknown) {}
    }
    // Applied by hand: a decorator cannot name a class declared after it.
    Depends(B)(A, undefined, 0);
    Depends(A)(B, undefined, 0);
    @Controller()
    class CycleController {
      @Get('/cycle')
      read(@Depends(A) a: A) {
        return { a: typeof a };
      }
    }
    expectOneProblem(await definitionErrorOf([CycleController]), { where: 'A → B → A', ...CYCLE });
  });

  test('three class dependencies in a cycle', async () => {
    class First {
      constructor(readonly next: unknown) {}
    }
    class Second {
      constructor(readonly next: unknown) {}
    }
    class Third {
      constructor(readonly next: unknown) {}
    }
    Depends(Second)(First, undefined, 0);
    Depends(Third)(Second, undefined, 0);
    Depends(First)(Third, undefined, 0);
    @Controller()
    class CycleController {
      @Get('/cycle')
      read(@Depends(Second) second: Second) {
        return { second: typeof second };
      }
    }
    expectOneProblem(await definitionErrorOf([CycleController]), {
      where: 'Second → Third → First → Second',
      ...CYCLE,
    });
  });
});

test("a request-scoped generator depending on a dependency with scope 'function'", async () => {
  function* openSession() {
    yield 'session';
  }
  const openDb = dependency([Depends(openSession, { scope: 'function' })], function* openDb(session: string) {
    yield `db over ${session}`;
  });
  @Controller()
  class DbController {
    @Get('/db')
    read(@Depends(openDb) db: string) {
      return { db };
    }
  }
  expectOneProblem(await definitionErrorOf([DbController]), {
    where: 'openDb (a dependency of DbController.read)',
    parameter: '0 (unnamed)',
    problem:
      "it cleans up after the response (scope 'request') but depends on openSession with scope 'function', which would be cleaned up first",
    fix: "give openSession scope 'request', or give the dependency that uses it scope 'function'",
  });
});

test('a plain function dependency with parameters, not wrapped in dependency()', async () => {
  function verifyKey(key: string) {
    return key;
  }
  @Controller()
  class KeyController {
    @Get('/key')
    read(@Depends(verifyKey) key: string) {
      return { key };
    }
  }
  expectOneProblem(await definitionErrorOf([KeyController]), {
    where: 'verifyKey (a dependency of KeyController.read)',
    problem: 'it takes 1 parameter(s), but a plain function carries no parameter types at run time',
    fix: "declare them: dependency([Query('q', { type: 'string' }), Depends(other)], verifyKey)",
  });
});

test('a declared query parameter without a type', async () => {
  const search = dependency([Query('q')], function search(q: string) {
    return q;
  });
  @Controller()
  class SearchController {
    @Get('/search')
    read(@Depends(search) q: string) {
      return { q };
    }
  }
  expectOneProblem(await definitionErrorOf([SearchController]), {
    where: 'search (a dependency of SearchController.read)',
    parameter: '0 (q)',
    problem: 'no type was recorded (compiled without emitDecoratorMetadata?), so it cannot be validated',
    fix: "say its type: @Query('q', { type: 'integer' | 'number' | 'string' | 'boolean' | 'date-time' | ['string'] | SomeDto })",
  });
});

test('@Depends() without an argument on a parameter typed as an interface', async () => {
  interface Settings {
    debug: boolean;
  }
  @Controller()
  class SettingsController {
    @Get('/settings')
    read(@Depends() settings: Settings) {
      return settings;
    }
  }
  expectOneProblem(await definitionErrorOf([SettingsController]), {
    where: 'SettingsController.read',
    parameter: '0 (unnamed)',
    problem: '@Depends() without an argument needs the parameter typed with a class',
    fix: 'name the dependency: @Depends(CommonQuery) or Depends(verifyToken) (check for a circular import if it is named already)',
  });
});

test('Depends(undefined) in a route `dependencies` list', async () => {
  @Controller()
  class ItemsController {
    // What a circular import leaves behind: the name is still undefined when the decorator runs.
    @Get('/items', { dependencies: [Depends(undefined as any)] })
    list() {
      return [];
    }
  }
  expectOneProblem(await definitionErrorOf([ItemsController]), {
    where: 'ItemsController.list',
    parameter: 'dependencies',
    problem: 'the dependency is missing (undefined)',
    fix: 'name the dependency: @Depends(CommonQuery) or Depends(verifyToken) (check for a circular import if it is named already)',
  });
});

test('an undecorated constructor parameter of a class dependency', async () => {
  class Pagination {
    constructor(
      @Query('page', { type: 'integer', default: 1 }) readonly page: number,
      readonly label: string,
    ) {}
  }
  @Controller()
  class ItemsController {
    @Get('/items')
    list(@Depends() pagination: Pagination) {
      return pagination;
    }
  }
  expectOneProblem(await definitionErrorOf([ItemsController]), {
    where: 'Pagination (a dependency of ItemsController.list)',
    parameter: '1',
    problem: 'it has no parameter decorator, so tsapi does not know where its value comes from',
    fix: 'decorate it with @Path, @Query, @Header, @Cookie, @Body, @Form, @Depends, @Security, @Req or @Res, or type it with an injected class (SecurityScopes, BackgroundTasks, WebSocket)',
  });
});

test('a body parameter in a dependency of a GET route', async () => {
  const readName = dependency([Body('name', { type: 'string' })], function readName(name: string) {
    return name;
  });
  @Controller()
  class ItemsController {
    @Get('/items')
    list(@Depends(readName) name: string) {
      return { name };
    }
  }
  expectOneProblem(await definitionErrorOf([ItemsController]), {
    where: 'ItemsController.list',
    parameter: '0 (name) of readName (a dependency of ItemsController.list)',
    problem: 'GET requests carry no body, but a parameter is decorated with @Body',
    fix: 'use @Post, @Put or @Patch for a route that reads a body, or read the values with @Query',
  });
});

describe('path parameters read by dependencies', () => {
  test('a path parameter read only by a dependency is accepted and reaches the handler through it', async () => {
    const itemById = dependency([Path('id', { type: 'integer' })], function itemById(id: number) {
      return { id, name: `item ${id}` };
    });
    @Controller('/items')
    class ItemsController {
      @Get('/{id}')
      read(@Depends(itemById) item: { id: number; name: string }) {
        return item;
      }
    }
    const client = new TestClient(new App({ controllers: [ItemsController] }));
    try {
      const res = await client.get('/items/7');
      expect([res.status, res.json()]).toEqual([200, { id: 7, name: 'item 7' }]);
      const invalid = await client.get('/items/seven');
      expect([invalid.status, invalid.json()]).toEqual([
        422,
        {
          detail: [
            {
              type: 'int_parsing',
              loc: ['path', 'id'],
              msg: 'Input should be a valid integer, unable to parse string as an integer',
              input: 'seven',
            },
          ],
        },
      ]);
    } finally {
      await client.close();
    }
  });

  test('a dependency reading a path parameter that is not in the path', async () => {
    const itemByOther = dependency([Path('other', { type: 'integer' })], function itemByOther(other: number) {
      return other;
    });
    @Controller('/items')
    class ItemsController {
      @Get('/{id}')
      read(@Path('id', { type: 'integer' }) id: number, @Depends(itemByOther) other: number) {
        return { id, other };
      }
    }
    expectOneProblem(await definitionErrorOf([ItemsController]), {
      where: 'ItemsController.read',
      parameter: '"other"',
      problem: "@Path('other') is not a parameter of the path /items/{id}",
      fix: "add {other} to the route's path, or read it with @Query('other')",
    });
  });
});

test('several problems in one app are reported together', async () => {
  class Left {
    constructor(readonly right: unknown) {}
  }
  class Right {
    constructor(readonly left: unknown) {}
  }
  Depends(Right)(Left, undefined, 0);
  Depends(Left)(Right, undefined, 0);
  function verifyKey(key: string) {
    return key;
  }
  const search = dependency([Query('q')], function search(q: string) {
    return q;
  });
  @Controller()
  class FirstController {
    @Get('/cycle')
    cycle(@Depends(Left) left: Left) {
      return { left: typeof left };
    }

    @Get('/key')
    key(@Depends(verifyKey) key: string) {
      return { key };
    }
  }
  @Controller()
  class SecondController {
    @Get('/search', { dependencies: [Depends(undefined as any)] })
    search(@Depends(search) q: string) {
      return { q };
    }
  }
  const error = await definitionErrorOf([FirstController, SecondController]);
  expect(error.problems).toEqual([
    { where: 'Left → Right → Left', ...CYCLE },
    {
      where: 'verifyKey (a dependency of FirstController.key)',
      problem: 'it takes 1 parameter(s), but a plain function carries no parameter types at run time',
      fix: "declare them: dependency([Query('q', { type: 'string' }), Depends(other)], verifyKey)",
    },
    {
      where: 'SecondController.search',
      parameter: 'dependencies',
      problem: 'the dependency is missing (undefined)',
      fix: 'name the dependency: @Depends(CommonQuery) or Depends(verifyToken) (check for a circular import if it is named already)',
    },
    {
      where: 'search (a dependency of SecondController.search)',
      parameter: '0 (q)',
      problem: 'no type was recorded (compiled without emitDecoratorMetadata?), so it cannot be validated',
      fix: "say its type: @Query('q', { type: 'integer' | 'number' | 'string' | 'boolean' | 'date-time' | ['string'] | SomeDto })",
    },
  ]);
  for (const problem of error.problems) {
    expect(error.message).toContain(problem.where);
    expect(error.message).toContain(`\n  Fix: ${problem.fix}`);
  }
  expect(error.message.split('\n')).toHaveLength(8);
});
