import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsEmail, IsInt, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { App, Body, Controller, Cookie, Depends, Get, Header, Path, Post, Query, dependency } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

class Owner {
  @IsString() @Length(1, 20) name!: string;
  @IsEmail() email!: string;

  get label(): string {
    return `${this.name} <${this.email}>`;
  }
}

class Dimensions {
  @IsNumber() @Min(0) width!: number;
  @IsNumber() @Min(0) height!: number;
}

class ItemIn {
  @IsString() @Length(1, 50) name!: string;
  @IsNumber() @Min(0) price!: number;
  @IsArray() @IsString({ each: true }) tags: string[] = [];
  @ValidateNested() @Type(() => Owner) owner!: Owner;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Dimensions) boxes?: Dimensions[];
}

class ItemOut {
  @IsInt() id!: number;
  @IsString() name!: string;
  @IsString() ownerLabel!: string;
  @IsNumber() area!: number;
}

class ItemFilters {
  @IsOptional() @IsString() q?: string;
  @IsInt() @Min(0) skip: number = 0;
  @IsInt() @Max(100) limit: number = 10;
}

@Controller('/shops/{shopId}')
class ShopController {
  @Get('/items')
  list(
    @Path('shopId', { type: 'integer' }) shopId: number,
    @Query() filters: ItemFilters,
    @Query('active', { default: true }) active: boolean,
    @Header('x_token') token: string,
    @Cookie('session', { required: false }) session?: string,
  ) {
    return { shopId, filters: { ...filters }, isFilters: filters instanceof ItemFilters, active, token, session: session ?? null };
  }

  @Post('/items', { responseModel: ItemOut, statusCode: 201 })
  create(@Path('shopId', { type: 'integer' }) shopId: number, @Body() item: ItemIn) {
    const area = (item.boxes ?? []).reduce((sum, box) => sum + box.width * box.height, 0);
    return { id: shopId * 100, name: item.name, ownerLabel: item.owner.label, area, secret: 'never sent' };
  }
}

test('serving requests reads no reflection metadata', async () => {
  const app = new App({ controllers: [ShopController], fastify: { logger: false } });
  const client = new TestClient(app);
  await app.ready();
  const getMetadata = jest.spyOn(Reflect, 'getMetadata');
  const getOwnMetadata = jest.spyOn(Reflect, 'getOwnMetadata');
  try {
    const list = await client.get('/shops/7/items', {
      query: { q: 'saw', skip: '5', active: 'off' },
      headers: { 'x-token': 'tok' },
      cookies: { session: 'abc' },
    });
    expect([list.status, list.json()]).toEqual([
      200,
      { shopId: 7, filters: { q: 'saw', skip: 5, limit: 10 }, isFilters: true, active: false, token: 'tok', session: 'abc' },
    ]);

    const created = await client.post('/shops/2/items', {
      json: { name: 'Box', price: '3.5', owner: { name: 'Ann', email: 'ann@example.com' }, boxes: [{ width: 2, height: 3 }, { width: 1, height: 1 }] },
    });
    expect([created.status, created.json()]).toEqual([201, { id: 200, name: 'Box', ownerLabel: 'Ann <ann@example.com>', area: 7 }]);

    const invalid = await client.post('/shops/x/items', { json: { name: '', price: -1, owner: { name: 'Ann', email: 'not-an-email' } } });
    expect(invalid.status).toBe(422);
    expect(invalid.json()).toEqual({
      detail: [
        {
          type: 'int_parsing',
          loc: ['path', 'shopId'],
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: 'x',
        },
        {
          type: 'string_too_short',
          loc: ['body', 'name'],
          msg: 'String should have at least 1 character',
          input: '',
          ctx: { min_length: 1 },
        },
        {
          type: 'greater_than_equal',
          loc: ['body', 'price'],
          msg: 'Input should be greater than or equal to 0',
          input: -1,
          ctx: { ge: 0 },
        },
        {
          type: 'isEmail',
          loc: ['body', 'owner', 'email'],
          msg: 'email must be an email',
          input: 'not-an-email',
        },
      ],
    });

    const missingHeader = await client.get('/shops/7/items', { query: { limit: '101' } });
    expect([missingHeader.status, missingHeader.json()]).toEqual([
      422,
      {
        detail: [
          {
            type: 'less_than_equal',
            loc: ['query', 'limit'],
            msg: 'Input should be less than or equal to 100',
            input: '101',
            ctx: { le: 100 },
          },
          { type: 'missing', loc: ['header', 'x-token'], msg: 'Field required', input: null },
        ],
      },
    ]);

    expect(getMetadata).not.toHaveBeenCalled();
    expect(getOwnMetadata).not.toHaveBeenCalled();
  } finally {
    getMetadata.mockRestore();
    getOwnMetadata.mockRestore();
    await client.close();
  }
});

test('the spies see reflection when it happens (the app compiling)', async () => {
  const getMetadata = jest.spyOn(Reflect, 'getMetadata');
  try {
    const app = new App({ controllers: [ShopController], fastify: { logger: false } });
    await app.ready();
    expect(getMetadata).toHaveBeenCalled();
    await app.close();
  } finally {
    getMetadata.mockRestore();
  }
});

class Paging {
  constructor(
    @Query('skip', { type: 'integer', default: 0 }) readonly skip: number,
    @Depends(() => 'tenant-a') readonly tenant: string,
  ) {}
}

function* openSession() {
  yield { open: true };
}

class FakePaging {
  constructor(@Query('skip', { type: 'integer', default: 99 }) readonly skip: number) {}
}

@Controller('/pages')
class PagesController {
  @Get('')
  list(@Depends() paging: Paging, @Depends(openSession) session: { open: boolean }, @Depends(dependency([Header('x-n', { type: 'integer' })], (n: number) => n * 2)) twice: number) {
    return { skip: paging.skip, tenant: paging.tenant, session, twice };
  }
}

test('resolving dependencies reads no reflection metadata, overrides included once they have been met', async () => {
  const app = new App({ controllers: [PagesController], fastify: { logger: false } });
  const client = new TestClient(app);
  await app.ready();
  const first = await client.get('/pages', { query: { skip: '3' }, headers: { 'x-n': '21' } });
  expect([first.status, first.json()]).toEqual([200, { skip: 3, tenant: 'tenant-a', session: { open: true }, twice: 42 }]);
  app.dependencyOverrides.set(Paging, FakePaging);
  // The first request that meets an override reads its class once; later requests read nothing.
  expect((await client.get('/pages', { headers: { 'x-n': '1' } })).json()).toEqual({ skip: 99, session: { open: true }, twice: 2 });
  const getMetadata = jest.spyOn(Reflect, 'getMetadata');
  const getOwnMetadata = jest.spyOn(Reflect, 'getOwnMetadata');
  try {
    const overridden = await client.get('/pages', { query: { skip: '5' }, headers: { 'x-n': '2' } });
    expect([overridden.status, overridden.json()]).toEqual([200, { skip: 5, session: { open: true }, twice: 4 }]);
    app.dependencyOverrides.clear();
    const restored = await client.get('/pages', { headers: { 'x-n': 'x' } });
    expect(restored.status).toBe(422);
    expect(getMetadata).not.toHaveBeenCalled();
    expect(getOwnMetadata).not.toHaveBeenCalled();
  } finally {
    getMetadata.mockRestore();
    getOwnMetadata.mockRestore();
    await client.close();
  }
});
