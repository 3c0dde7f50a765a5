import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  App,
  Body,
  Controller,
  Cookie,
  DefinitionError,
  Delete,
  Depends,
  Get,
  Header,
  HTMLResponse,
  Path,
  PlainTextResponse,
  Post,
  Put,
  Query,
  RedirectResponse,
  Response,
  Router,
  dependency,
  writeOpenAPI,
  type AppOptions,
} from '@tsapi/core';
import { TestClient, type TestClientOptions } from '@tsapi/testing';
import { openapiProblems } from './support/openapi-schema';

// FastAPI's boilerplate, as its current release writes it (fastapi/openapi/utils.py).
const SUCCESS_ANY = { description: 'Successful Response', content: { 'application/json': { schema: {} } } };
const VALIDATION_ERROR_RESPONSE = {
  description: 'Validation Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } },
};
const VALIDATION_SCHEMAS = {
  HTTPValidationError: {
    title: 'HTTPValidationError',
    type: 'object',
    properties: {
      detail: { title: 'Detail', type: 'array', items: { $ref: '#/components/schemas/ValidationError' } },
    },
  },
  ValidationError: {
    title: 'ValidationError',
    type: 'object',
    properties: {
      loc: { title: 'Location', type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
      msg: { title: 'Message', type: 'string' },
      type: { title: 'Error Type', type: 'string' },
      input: { title: 'Input' },
      ctx: { title: 'Context', type: 'object' },
    },
    required: ['loc', 'msg', 'type'],
  },
};

function successWith(schema: object) {
  return { description: 'Successful Response', content: { 'application/json': { schema } } };
}

const clients: TestClient[] = [];
/** Every document this file makes; each must be a valid OpenAPI 3.1 document. */
const documents: unknown[] = [];

function clientFor(app: App, options?: TestClientOptions): TestClient {
  const client = new TestClient(app, options);
  clients.push(client);
  return client;
}

function appOf(controllers: NonNullable<AppOptions['controllers']>, options: AppOptions = {}): App {
  return new App({ title: 'FastAPI', controllers, ...options });
}

function documentOf(app: App) {
  const document = app.openapi();
  documents.push(document);
  return document;
}

/** The document from `app.openapi()` and from `GET /openapi.json` both equal `expected`. */
async function expectDocument(app: App, expected: object): Promise<void> {
  expect(documentOf(app)).toEqual(expected);
  const res = await clientFor(app).get('/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  documents.push(res.json());
  expect(res.json()).toEqual(expected);
}

async function definitionErrorOf(app: App): Promise<DefinitionError> {
  const error = await app.ready().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DefinitionError);
  return error as DefinitionError;
}

afterEach(async () => {
  const produced = documents.splice(0);
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const document of produced) expect(openapiProblems(document)).toEqual([]);
});

// app = FastAPI()
// @app.get("/")
// async def root(): return {"message": "Hello World"}
const FIRST_STEPS_DOCUMENT = {
  openapi: '3.1.0',
  info: { title: 'FastAPI', version: '0.1.0' },
  paths: {
    '/': { get: { summary: 'Root', operationId: 'root__get', responses: { '200': SUCCESS_ANY } } },
  },
};

@Controller()
class FirstStepsController {
  @Get('/')
  root() {
    return { message: 'Hello World' };
  }
}

describe('first steps', () => {
  test('one GET without parameters: no 422, no components', async () => {
    await expectDocument(appOf([FirstStepsController]), FIRST_STEPS_DOCUMENT);
  });
});

describe('path parameters', () => {
  test('an integer path parameter and an enum path parameter', async () => {
    @Controller()
    class ItemsController {
      @Get('/items/{item_id}')
      read_item(@Path('item_id', { type: 'integer' }) itemId: number) {
        return { item_id: itemId };
      }

      @Get('/models/{model_name}')
      get_model(@Path('model_name', { enum: ['alexnet', 'resnet', 'lenet'] }) modelName: string) {
        return { model_name: modelName };
      }
    }
    // @app.get("/items/{item_id}")
    // async def read_item(item_id: int): ...
    // @app.get("/models/{model_name}")
    // async def get_model(model_name: Literal["alexnet", "resnet", "lenet"]): ...
    await expectDocument(appOf([ItemsController]), {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/items/{item_id}': {
          get: {
            summary: 'Read Item',
            operationId: 'read_item_items__item_id__get',
            parameters: [
              { name: 'item_id', in: 'path', required: true, schema: { type: 'integer', title: 'Item Id' } },
            ],
            responses: { '200': SUCCESS_ANY, '422': VALIDATION_ERROR_RESPONSE },
          },
        },
        '/models/{model_name}': {
          get: {
            summary: 'Get Model',
            operationId: 'get_model_models__model_name__get',
            parameters: [
              {
                name: 'model_name',
                in: 'path',
                required: true,
                schema: { type: 'string', enum: ['alexnet', 'resnet', 'lenet'], title: 'Model Name' },
              },
            ],
            responses: { '200': SUCCESS_ANY, '422': VALIDATION_ERROR_RESPONSE },
          },
        },
      },
      components: { schemas: VALIDATION_SCHEMAS },
    });
  });
});

describe('query parameters', () => {
  test('required, optional, default, list, constraints, description, alias and a hidden one', async () => {
    @Controller()
    class ItemsController {
      @Get('/items/')
      read_items(
        @Query('needy') needy: string,
        @Query('q', { type: 'string', required: false }) q: string | undefined,
        @Query('skip', { type: 'integer', default: 0 }) skip: number,
        @Query('tags', { type: ['string'], default: [] }) tags: string[],
        @Query('name', { type: 'string', required: false, minLength: 3, maxLength: 50, pattern: '^fixedquery$' })
        name: string | undefined,
        @Query('size', { type: 'integer', default: 10, ge: 1, le: 100 }) size: number,
        @Query('search', { type: 'string', required: false, description: 'Text to look for' })
        search: string | undefined,
        @Query('item_query', { type: 'string', required: false, alias: 'item-query' }) itemQuery: string | undefined,
        @Query('secret', { type: 'string', required: false, includeInSchema: false }) secret: string | undefined,
      ) {
        return { needy, q, skip, tags, name, size, search, itemQuery, secret };
      }
    }
    // @app.get("/items/")
    // async def read_items(needy: str, q: str | None = None, skip: int = 0,
    //     tags: list[str] = Query(default=[]),
    //     name: str | None = Query(default=None, min_length=3, max_length=50, pattern="^fixedquery$"),
    //     size: int = Query(default=10, ge=1, le=100),
    //     search: str | None = Query(default=None, description="Text to look for"),
    //     item_query: str | None = Query(default=None, alias="item-query"),
    //     secret: str | None = Query(default=None, include_in_schema=False)): ...
    await expectDocument(appOf([ItemsController]), {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/items/': {
          get: {
            summary: 'Read Items',
            operationId: 'read_items_items__get',
            parameters: [
              { name: 'needy', in: 'query', required: true, schema: { type: 'string', title: 'Needy' } },
              {
                name: 'q',
                in: 'query',
                required: false,
                schema: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Q' },
              },
              { name: 'skip', in: 'query', required: false, schema: { type: 'integer', default: 0, title: 'Skip' } },
              {
                name: 'tags',
                in: 'query',
                required: false,
                schema: { type: 'array', items: { type: 'string' }, default: [], title: 'Tags' },
              },
              {
                name: 'name',
                in: 'query',
                required: false,
                schema: {
                  anyOf: [{ type: 'string', minLength: 3, maxLength: 50, pattern: '^fixedquery$' }, { type: 'null' }],
                  title: 'Name',
                },
              },
              {
                name: 'size',
                in: 'query',
                required: false,
                schema: { type: 'integer', maximum: 100, minimum: 1, default: 10, title: 'Size' },
              },
              {
                name: 'search',
                in: 'query',
                required: false,
                description: 'Text to look for',
                schema: {
                  anyOf: [{ type: 'string' }, { type: 'null' }],
                  title: 'Search',
                  description: 'Text to look for',
                },
              },
              {
                name: 'item-query',
                in: 'query',
                required: false,
                schema: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Item-Query' },
              },
            ],
            responses: { '200': SUCCESS_ANY, '422': VALIDATION_ERROR_RESPONSE },
          },
        },
      },
      components: { schemas: VALIDATION_SCHEMAS },
    });
  });

  test('a deprecated parameter is marked on the parameter and on its schema', async () => {
    @Controller()
    class ItemsController {
      @Get('/items/')
      read_items(@Query('q', { type: 'string', required: false, deprecated: true }) q: string | undefined) {
        return { q };
      }
    }
    // @app.get("/items/")
    // async def read_items(q: str | None = Query(default=None, deprecated=True)): ...
    // (pydantic >= 2.10 also writes "deprecated": true into the parameter's schema)
    await expectDocument(appOf([ItemsController]), {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/items/': {
          get: {
            summary: 'Read Items',
            operationId: 'read_items_items__get',
            parameters: [
              {
                name: 'q',
                in: 'query',
                required: false,
                deprecated: true,
                schema: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Q', deprecated: true },
              },
            ],
            responses: { '200': SUCCESS_ANY, '422': VALIDATION_ERROR_RESPONSE },
          },
        },
      },
      components: { schemas: VALIDATION_SCHEMAS },
    });
  });

  test('a query model lists each of its fields as a parameter, without a component', async () => {
    class FilterParams {
      @IsInt() @IsPositive() @Max(100) limit = 100;
      @IsInt() @Min(0) offset = 0;
      @IsIn(['created_at', 'updated_at']) order_by = 'created_at';
      @IsArray() @IsString({ each: true }) tags: string[] = [];
    }
    @Controller()
    class ItemsController {
      @Get('/items/')
      read_items(@Query() filters: FilterParams) {
        return filters;
      }
    }
    // class FilterParams(BaseModel):
    //     limit: int = Field(100, gt=0, le=100)
    //     offset: int = Field(0, ge=0)
    //     order_by: Literal["created_at", "updated_at"] = "created_at"
    //     tags: list[str] = []
    // @app.get("/items/")
    // async def read_items(filter_query: Annotated[FilterParams, Query()]): ...
    await expectDocument(appOf([ItemsController]), {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/items/': {
          get: {
            summary: 'Read Items',
            operationId: 'read_items_items__get',
            parameters: [
              {
                name: 'limit',
                in: 'query',
                required: false,
                schema: { type: 'integer', maximum: 100, exclusiveMinimum: 0, default: 100, title: 'Limit' },
              },
              {
                name: 'offset',
                in: 'query',
                required: false,
                schema: { type: 'integer', minimum: 0, default: 0, title: 'Offset' },
              },
              {
                name: 'order_by',
                in: 'query',
                required: false,
                schema: {
                  enum: ['created_at', 'updated_at'],
                  type: 'string',
                  default: 'created_at',
                  title: 'Order By',
                },
              },
              {
                name: 'tags',
                in: 'query',
                required: false,
                schema: { type: 'array', items: { type: 'string' }, default: [], title: 'Tags' },
              },
            ],
            responses: { '200': SUCCESS_ANY, '422': VALIDATION_ERROR_RESPONSE },
          },
        },
      },
      components: { schemas: VALIDATION_SCHEMAS },
    });
  });
});

describe('header and cookie parameters', () => {
  test('headers are named with dashes and titled after that name; cookies come after headers', async () => {
    @Controller()
    class ItemsController {
      @Get('/items/')
      read_items(
        @Cookie('ads_id', { type: 'string', required: false }) adsId: string | undefined,
        @Header('user_agent', { type: 'string', required: false }) userAgent: string | undefined,
        @Header('x_token') xToken: string,
        @Header('strange_header', { type: 'string', required: false, convertUnderscores: false })
        strange: string | undefined,
      ) {
        return { adsId, userAgent, xToken, strange };
      }
    }
    // @app.get("/items/")
    // async def read_items(ads_id: str | None = Cookie(default=None),
    //     user_agent: str | None = Header(default=None), x_token: str = Header(),
    //     strange_header: str | None = Header(default=None, convert_underscores=False)): ...
    await expectDocument(appOf([ItemsController]), {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/items/': {
          get: {
            summary: 'Read Items',
            operationId: 'read_items_items__get',
            parameters: [
              {
                name: 'user-agent',
                in: 'header',
                required: false,
                schema: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'User-Agent' },
              },
              { name: 'x-token', in: 'header', required: true, schema: { type: 'string', title: 'X-Token' } },
              {
                name: 'strange_header',
                in: 'header',
                required: false,
                schema: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Strange Header' },
              },
              {
                name: 'ads_id',
                in: 'cookie',
                required: false,
                schema: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Ads Id' },
              },
            ],
            responses: { '200': SUCCESS_ANY, '422': VALIDATION_ERROR_RESPONSE },
          },
        },
      },
      components: { schemas: VALIDATION_SCHEMAS },
    });
  });
});

describe('request bodies', () => {
  test('a DTO with strings, numbers, a list of strings with a default and a list of nested models', async () => {
    class Image {
      @IsString() url!: string;
      @IsString() name!: string;
    }
    class Offer {
      @IsString() name!: string;
      @IsNumber() price!: number;
      @IsInt() quantity!: number;
      @IsArray() @IsString({ each: true }) tags: string[] = [];
      @IsArray() @ValidateNested({ each: true }) @Type(() => Image) images!: Image[];
    }
    @Controller()
    class OffersController {
      @Post('/offers/')
      create_offer(@Body() offer: Offer) {
        return offer;
      }
    }
    // class Image(BaseModel): url: str; name: str
    // class Offer(BaseModel):
    //     name: str; price: float; quantity: int; tags: list[str] = []; images: list[Image]
    // @app.post("/offers/")
    // async def create_offer(offer: Offer): ...
    await expectDocument(appOf([OffersController]), {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/offers/': {
          post: {
            summary: 'Create Offer',
            operationId: 'create_offer_offers__post',
            requestBody: {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Offer' } } },
              required: true,
            },
            responses: { '200': SUCCESS_ANY, '422': VALIDATION_ERROR_RESPONSE },
          },
        },
      },
      components: {
        schemas: {
          ...VALIDATION_SCHEMAS,
          Image: {
            title: 'Image',
            type: 'object',
            properties: { url: { title: 'Url', type: 'string' }, name: { title: 'Name', type: 'string' } },
            required: ['url', 'name'],
          },
          Offer: {
            title: 'Offer',
            type: 'object',
            properties: {
              name: { title: 'Name', type: 'string' },
              price: { title: 'Price', type: 'number' },
              quantity: { title: 'Quantity', type: 'integer' },
              tags: { title: 'Tags', type: 'array', items: { type: 'string' }, default: [] },
              images: { title: 'Images', type: 'array', items: { $ref: '#/components/schemas/Image' } },
            },
            required: ['name', 'price', 'quantity', 'images'],
          },
        },
      },
    });
  });

  test('optional fields are anyOf [T, null] without a default (FastAPI drops None values)', async () => {
    class Item {
      @IsString() name!: string;
      @IsOptional() @IsString() description?: string;
      @IsNumber() price!: number;
      @IsOptional() @IsNumber() tax?: number;
    }
    @Controller()
    class ItemsController {
      @Post('/items/')
      create_item(@Body() item: Item) {
        return item;
      }
    }
    // class Item(BaseModel):
    //     name: str; description: str | None = None; price: float; tax: float | None = None
    // @app.post("/items/")
    // async def create_item(item: Item): ...
    await expectDocument(appOf([ItemsController]), {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/items/': {
          post: {
            summary: 'Create Item',
            operationId: 'create_item_items__post',
            requestBody: {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
              required: true,
            },
            responses: { '200': SUCCESS_ANY, '422': VALIDATION_ERROR_RESPONSE },
          },
        },
      },
      components: {
        schemas: {
          ...VALIDATION_SCHEMAS,
          Item: {
            title: 'Item',
            type: 'object',
            properties: {
              name: { title: 'Name', type: 'string' },
              description: { title: 'Description', anyOf: [{ type: 'string' }, { type: 'null' }] },
              price: { title: 'Price', type: 'number' },
              tax: { title: 'Tax', anyOf: [{ type: 'number' }, { type: 'null' }] },
            },
            required: ['name', 'price'],
          },
        },
      },
    });
  });

  test('a nested model field is a bare $ref (pydantic sets no title next to a $ref)', async () => {
    class Image {
      @IsString() url!: string;
      @IsString() name!: string;
    }
    class Item {
      @IsString() name!: string;
      @ValidateNested() @Type(() => Image) image!: Image;
    }
    @Controller()
    class ItemsController {
      @Post('/items/')
      create_item(@Body() item: Item) {
        return item;
      }
    }
    // class Image(BaseModel): url: str; name: str
    // class Item(BaseModel): name: str; image: Image
    // @app.post("/items/")
    // async def create_item(item: Item): ...
    await expectDocument(appOf([ItemsController]), {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/items/': {
          post: {
            summary: 'Create Item',
            operationId: 'create_item_items__post',
            requestBody: {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
              required: true,
            },
            responses: { '200': SUCCESS_ANY, '422': VALIDATION_ERROR_RESPONSE },
          },
        },
      },
      components: {
        schemas: {
          ...VALIDATION_SCHEMAS,
          Image: {
            title: 'Image',
            type: 'object',
            properties: { url: { title: 'Url', type: 'string' }, name: { title: 'Name', type: 'string' } },
            required: ['url', 'name'],
          },
          Item: {
            title: 'Item',
            type: 'object',
            properties: { name: { title: 'Name', type: 'string' }, image: { $ref: '#/components/schemas/Image' } },
            required: ['name', 'image'],
          },
        },
      },
    });
  });

  test('several named body parameters make a Body_{operationId} component', async () => {
    class Item {
      @IsString() name!: string;
      @IsNumber() price!: number;
    }
    class User {
      @IsString() username!: string;
    }
    @Controller()
    class ItemsController {
      @Put('/items/{item_id}')
      update_item(
        @Path('item_id', { type: 'integer' }) itemId: number,
        @Body('item') item: Item,
        @Body('user') user: User,
        @Body('importance', { type: 'integer', gt: 0 }) importance: number,
      ) {
        return { itemId, item, user, importance };
      }
    }
    // class Item(BaseModel): name: str; price: float
    // class User(BaseModel): username: str
    // @app.put("/items/{item_id}")
    // async def update_item(item_id: int, item: Item, user: User, importance: int = Body(gt=0)): ...
    await expectDocument(appOf([ItemsController]), {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/items/{item_id}': {
          put: {
            summary: 'Update Item',
            operationId: 'update_item_items__item_id__put',
            parameters: [
              { name: 'item_id', in: 'path', required: true, schema: { type: 'integer', title: 'Item Id' } },
            ],
            requestBody: {
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/Body_update_item_items__item_id__put' } },
              },
              required: true,
            },
            responses: { '200': SUCCESS_ANY, '422': VALIDATION_ERROR_RESPONSE },
          },
        },
      },
      components: {
        schemas: {
          ...VALIDATION_SCHEMAS,
          Body_update_item_items__item_id__put: {
            title: 'Body_update_item_items__item_id__put',
            type: 'object',
            properties: {
              item: { $ref: '#/components/schemas/Item' },
              user: { $ref: '#/components/schemas/User' },
              importance: { title: 'Importance', type: 'integer', exclusiveMinimum: 0 },
            },
            required: ['item', 'user', 'importance'],
          },
          Item: {
            title: 'Item',
            type: 'object',
            properties: { name: { title: 'Name', type: 'string' }, price: { title: 'Price', type: 'number' } },
            required: ['name', 'price'],
          },
          User: {
            title: 'User',
            type: 'object',
            properties: { username: { title: 'Username', type: 'string' } },
            required: ['username'],
          },
        },
      },
    });
  });

  test('an email format, IsIn and IsEnum as enums, ArrayMinSize as minItems', async () => {
    enum Role {
      Admin = 'admin',
      Member = 'member',
    }
    class Account {
      @IsEmail() email!: string;
      @IsIn(['S', 'M', 'L']) size!: string;
      @IsEnum(Role) role!: Role;
      @IsArray() @ArrayMinSize(1) @IsString({ each: true }) tags!: string[];
    }
    @Controller()
    class AccountsController {
      @Post('/accounts/')
      create_account(@Body() account: Account) {
        return account;
      }
    }
    // class Account(BaseModel):
    //     email: EmailStr; size: Literal["S", "M", "L"]; role: Literal["admin", "member"]
    //     tags: list[str] = Field(min_length=1)
    // @app.post("/accounts/")
    // async def create_account(account: Account): ...
    await expectDocument(appOf([AccountsController]), {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/accounts/': {
          post: {
            summary: 'Create Account',
            operationId: 'create_account_accounts__post',
            requestBody: {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Account' } } },
              required: true,
            },
            responses: { '200': SUCCESS_ANY, '422': VALIDATION_ERROR_RESPONSE },
          },
        },
      },
      components: {
        schemas: {
          ...VALIDATION_SCHEMAS,
          Account: {
            title: 'Account',
            type: 'object',
            properties: {
              email: { title: 'Email', type: 'string', format: 'email' },
              size: { title: 'Size', type: 'string', enum: ['S', 'M', 'L'] },
              role: { title: 'Role', type: 'string', enum: ['admin', 'member'] },
              tags: { title: 'Tags', type: 'array', items: { type: 'string' }, minItems: 1 },
            },
            required: ['email', 'size', 'role', 'tags'],
          },
        },
      },
    });
  });

  test('an IsUUID field is a string of format uuid', async () => {
    class Order {
      @IsUUID() id!: string;
    }
    @Controller()
    class OrdersController {
      @Post('/orders/')
      create_order(@Body() order: Order) {
        return order;
      }
    }
    // class Order(BaseModel): id: UUID
    // @app.post("/orders/")
    // async def create_order(order: Order): ...
    await expectDocument(appOf([OrdersController]), {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/orders/': {
          post: {
            summary: 'Create Order',
            operationId: 'create_order_orders__post',
            requestBody: {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } },
              required: true,
            },
            responses: { '200': SUCCESS_ANY, '422': VALIDATION_ERROR_RESPONSE },
          },
        },
      },
      components: {
        schemas: {
          ...VALIDATION_SCHEMAS,
          Order: {
            title: 'Order',
            type: 'object',
            properties: { id: { title: 'Id', type: 'string', format: 'uuid' } },
            required: ['id'],
          },
        },
      },
    });
  });

  test('a URL field is a uri string of at least one character, as pydantic URL types', async () => {
    class Link {
      @IsUrl() website!: string;
    }
    @Controller()
    class LinksController {
      @Post('/links/')
      create_link(@Body() link: Link) {
        return link;
      }
    }
    // class Link(BaseModel): website: AnyUrl
    // @app.post("/links/")
    // async def create_link(link: Link): ...
    await expectDocument(appOf([LinksController]), {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/links/': {
          post: {
            summary: 'Create Link',
            operationId: 'create_link_links__post',
            requestBody: {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Link' } } },
              required: true,
            },
            responses: { '200': SUCCESS_ANY, '422': VALIDATION_ERROR_RESPONSE },
          },
        },
      },
      components: {
        schemas: {
          ...VALIDATION_SCHEMAS,
          Link: {
            title: 'Link',
            type: 'object',
            properties: { website: { title: 'Website', type: 'string', format: 'uri', minLength: 1 } },
            required: ['website'],
          },
        },
      },
    });
  });
});

describe('response models', () => {
  test('a model, a list of models, 201, 204 and additional responses', async () => {
    class Item {
      @IsString() name!: string;
      @IsNumber() price!: number;
    }
    class Message {
      @IsString() message!: string;
    }
    @Controller()
    class ItemsController {
      @Get('/items/{item_id}', {
        responseModel: Item,
        responses: { 404: { model: Message, description: 'Item not found' } },
      })
      read_item(@Path('item_id', { type: 'integer' }) itemId: number) {
        return { name: `item ${itemId}`, price: 1 };
      }

      @Get('/items/', { responseModel: [Item] })
      read_items() {
        return [];
      }

      @Post('/items/', { responseModel: Item, statusCode: 201 })
      create_item(@Body() item: Item) {
        return item;
      }

      @Delete('/items/{item_id}', { statusCode: 204 })
      delete_item(@Path('item_id', { type: 'integer' }) _itemId: number) {}

      @Get('/legacy/', { responses: { 404: {} } })
      read_legacy() {
        return {};
      }
    }
    // class Item(BaseModel): name: str; price: float
    // class Message(BaseModel): message: str
    // @app.get("/items/{item_id}", response_model=Item,
    //          responses={404: {"model": Message, "description": "Item not found"}})
    // async def read_item(item_id: int): ...
    // @app.get("/items/", response_model=list[Item])
    // async def read_items(): ...
    // @app.post("/items/", response_model=Item, status_code=201)
    // async def create_item(item: Item): ...
    // @app.delete("/items/{item_id}", status_code=204)
    // async def delete_item(item_id: int): ...
    // @app.get("/legacy/", responses={404: {}})
    // async def read_legacy(): ...
    const itemIdParameter = {
      name: 'item_id',
      in: 'path',
      required: true,
      schema: { type: 'integer', title: 'Item Id' },
    };
    await expectDocument(appOf([ItemsController]), {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/items/{item_id}': {
          get: {
            summary: 'Read Item',
            operationId: 'read_item_items__item_id__get',
            parameters: [itemIdParameter],
            responses: {
              '200': successWith({ $ref: '#/components/schemas/Item' }),
              '404': {
                description: 'Item not found',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Message' } } },
              },
              '422': VALIDATION_ERROR_RESPONSE,
            },
          },
          delete: {
            summary: 'Delete Item',
            operationId: 'delete_item_items__item_id__delete',
            parameters: [itemIdParameter],
            responses: { '204': { description: 'Successful Response' }, '422': VALIDATION_ERROR_RESPONSE },
          },
        },
        '/items/': {
          get: {
            summary: 'Read Items',
            operationId: 'read_items_items__get',
            responses: {
              '200': successWith({
                type: 'array',
                items: { $ref: '#/components/schemas/Item' },
                title: 'Response Read Items Items  Get',
              }),
            },
          },
          post: {
            summary: 'Create Item',
            operationId: 'create_item_items__post',
            requestBody: {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
              required: true,
            },
            responses: { '201': successWith({ $ref: '#/components/schemas/Item' }), '422': VALIDATION_ERROR_RESPONSE },
          },
        },
        '/legacy/': {
          get: {
            summary: 'Read Legacy',
            operationId: 'read_legacy_legacy__get',
            responses: { '200': SUCCESS_ANY, '404': { description: 'Not Found' } },
          },
        },
      },
      components: {
        schemas: {
          ...VALIDATION_SCHEMAS,
          Item: {
            title: 'Item',
            type: 'object',
            properties: { name: { title: 'Name', type: 'string' }, price: { title: 'Price', type: 'number' } },
            required: ['name', 'price'],
          },
          Message: {
            title: 'Message',
            type: 'object',
            properties: { message: { title: 'Message', type: 'string' } },
            required: ['message'],
          },
        },
      },
    });
  });
});

describe('tags and metadata', () => {
  test('title, description, version, tag descriptions and servers', async () => {
    @Controller()
    class UsersController {
      @Get('/users/', { tags: ['users'] })
      read_users() {
        return [];
      }
    }
    // app = FastAPI(title="ChimichangApp", description="ChimichangApp API helps you do awesome stuff.",
    //     version="0.0.1", openapi_tags=[{"name": "users", "description": "Operations with users."},
    //     {"name": "items", "description": "Manage items."}],
    //     servers=[{"url": "https://stag.example.com", "description": "Staging environment"},
    //     {"url": "https://prod.example.com"}])
    // @app.get("/users/", tags=["users"])
    // async def read_users(): ...
    const app = new App({
      title: 'ChimichangApp',
      description: 'ChimichangApp API helps you do awesome stuff.',
      version: '0.0.1',
      openapiTags: [
        { name: 'users', description: 'Operations with users.' },
        { name: 'items', description: 'Manage items.' },
      ],
      servers: [
        { url: 'https://stag.example.com', description: 'Staging environment' },
        { url: 'https://prod.example.com' },
      ],
      controllers: [UsersController],
    });
    await expectDocument(app, {
      openapi: '3.1.0',
      info: { title: 'ChimichangApp', description: 'ChimichangApp API helps you do awesome stuff.', version: '0.0.1' },
      servers: [
        { url: 'https://stag.example.com', description: 'Staging environment' },
        { url: 'https://prod.example.com' },
      ],
      paths: {
        '/users/': {
          get: {
            tags: ['users'],
            summary: 'Read Users',
            operationId: 'read_users_users__get',
            responses: { '200': SUCCESS_ANY },
          },
        },
      },
      tags: [
        { name: 'users', description: 'Operations with users.' },
        { name: 'items', description: 'Manage items.' },
      ],
    });
  });

  test('tags accumulate; deprecated, summary, description, operationId and includeInSchema options', async () => {
    @Controller('/items', { tags: ['items'] })
    class ItemsController {
      @Get('/', { tags: ['listing'] })
      read_items() {
        return [];
      }

      @Get('/elements/', { deprecated: true })
      read_elements() {
        return [];
      }

      @Post('/', { summary: 'Create an item', description: 'Create an item with all the information' })
      create_item() {
        return {};
      }

      @Get('/special', { operationId: 'some_specific_id_you_define' })
      read_special() {
        return {};
      }

      @Get('/hidden', { includeInSchema: false })
      read_hidden() {
        return {};
      }
    }
    @Controller('/old', { deprecated: true })
    class OldController {
      @Get('/')
      read_old() {
        return {};
      }
    }
    @Controller('/internal', { includeInSchema: false })
    class InternalController {
      @Get('/')
      read_internal() {
        return {};
      }
    }
    @Controller('/things', { tags: ['things'] })
    class ThingsController {
      @Get('/', { tags: ['listing'] })
      read_things() {
        return [];
      }
    }
    // router = APIRouter(prefix="/items", tags=["items"])
    // @router.get("/", tags=["listing"]) ... read_items
    // @router.get("/elements/", deprecated=True) ... read_elements
    // @router.post("/", summary="Create an item", description="Create an item with all the information") ... create_item
    // @router.get("/special", operation_id="some_specific_id_you_define") ... read_special
    // @router.get("/hidden", include_in_schema=False) ... read_hidden
    // old = APIRouter(prefix="/old", deprecated=True); internal = APIRouter(prefix="/internal", include_in_schema=False)
    // v1 = APIRouter(prefix="/v1", tags=["v1"]); v1.include_router(things)  # things: prefix="/things", tags=["things"]
    // app.include_router(router); app.include_router(old); app.include_router(internal)
    // app.include_router(v1, tags=["api"])
    const app = appOf([ItemsController, OldController, InternalController]);
    app.include(new Router({ prefix: '/v1', tags: ['v1'], controllers: [ThingsController] }), { tags: ['api'] });
    await expectDocument(app, {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/items/': {
          get: {
            tags: ['items', 'listing'],
            summary: 'Read Items',
            operationId: 'read_items_items__get',
            responses: { '200': SUCCESS_ANY },
          },
          post: {
            tags: ['items'],
            summary: 'Create an item',
            description: 'Create an item with all the information',
            operationId: 'create_item_items__post',
            responses: { '200': SUCCESS_ANY },
          },
        },
        '/items/elements/': {
          get: {
            tags: ['items'],
            summary: 'Read Elements',
            operationId: 'read_elements_items_elements__get',
            deprecated: true,
            responses: { '200': SUCCESS_ANY },
          },
        },
        '/items/special': {
          get: {
            tags: ['items'],
            summary: 'Read Special',
            operationId: 'some_specific_id_you_define',
            responses: { '200': SUCCESS_ANY },
          },
        },
        '/old/': {
          get: {
            summary: 'Read Old',
            operationId: 'read_old_old__get',
            deprecated: true,
            responses: { '200': SUCCESS_ANY },
          },
        },
        '/v1/things/': {
          get: {
            tags: ['api', 'v1', 'things', 'listing'],
            summary: 'Read Things',
            operationId: 'read_things_v1_things__get',
            responses: { '200': SUCCESS_ANY },
          },
        },
      },
    });
  });
});

describe('dependencies', () => {
  test('parameters of app, route and parameter dependencies appear once each, in FastAPI order', async () => {
    const verify_key = dependency([Header('x_key', { type: 'string' })], (key: string) => key);
    const verify_token = dependency([Header('x_token', { type: 'string' })], (token: string) => token);
    class CommonQueryParams {
      constructor(
        @Query('q', { type: 'string', required: false }) public q: string | undefined,
        @Query('skip', { type: 'integer', default: 0 }) public skip: number,
        @Query('limit', { type: 'integer', default: 100 }) public limit: number,
      ) {}
    }
    const paging = dependency(
      [
        Query('q', { type: 'string', required: false }),
        Query('page', { type: 'integer', default: 1 }),
        Header('user_agent', { type: 'string', required: false }),
      ],
      (q: string | undefined, page: number, userAgent: string | undefined) => ({ q, page, userAgent }),
    );
    @Controller()
    class ItemsController {
      @Get('/items/', { dependencies: [Depends(verify_token)] })
      read_items(
        @Depends() commons: CommonQueryParams,
        @Depends(paging) paged: object,
        @Depends(verify_token) token: string,
      ) {
        return { commons, paged, token };
      }
    }
    // async def verify_key(x_key: str = Header()): ...
    // async def verify_token(x_token: str = Header()): ...
    // class CommonQueryParams:
    //     def __init__(self, q: str | None = None, skip: int = 0, limit: int = 100): ...
    // def paging(q: str | None = None, page: int = 1, user_agent: str | None = Header(default=None)): ...
    // app = FastAPI(dependencies=[Depends(verify_key)])
    // @app.get("/items/", dependencies=[Depends(verify_token)])
    // async def read_items(commons: CommonQueryParams = Depends(), paged=Depends(paging),
    //                      token=Depends(verify_token)): ...
    const app = appOf([ItemsController], { dependencies: [Depends(verify_key)] });
    await expectDocument(app, {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/items/': {
          get: {
            summary: 'Read Items',
            operationId: 'read_items_items__get',
            parameters: [
              {
                name: 'q',
                in: 'query',
                required: false,
                schema: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Q' },
              },
              { name: 'skip', in: 'query', required: false, schema: { type: 'integer', default: 0, title: 'Skip' } },
              {
                name: 'limit',
                in: 'query',
                required: false,
                schema: { type: 'integer', default: 100, title: 'Limit' },
              },
              { name: 'page', in: 'query', required: false, schema: { type: 'integer', default: 1, title: 'Page' } },
              { name: 'x-key', in: 'header', required: true, schema: { type: 'string', title: 'X-Key' } },
              { name: 'x-token', in: 'header', required: true, schema: { type: 'string', title: 'X-Token' } },
              {
                name: 'user-agent',
                in: 'header',
                required: false,
                schema: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'User-Agent' },
              },
            ],
            responses: { '200': SUCCESS_ANY, '422': VALIDATION_ERROR_RESPONSE },
          },
        },
      },
      components: { schemas: VALIDATION_SCHEMAS },
    });
  });
});

describe('response classes', () => {
  test('HTML and plain text are string schemas; Response and a 302 redirect have no content', async () => {
    @Controller()
    class PagesController {
      @Get('/items/', { responseClass: HTMLResponse })
      read_items() {
        return '<html><body><h1>Look ma! HTML!</h1></body></html>';
      }

      @Get('/ping', { responseClass: PlainTextResponse })
      read_ping() {
        return 'pong';
      }

      @Get('/raw', { responseClass: Response })
      read_raw() {
        return new Response('raw', 200, {}, 'application/octet-stream');
      }

      @Get('/pydantic', { responseClass: RedirectResponse, statusCode: 302 })
      redirect_pydantic() {
        return 'https://docs.pydantic.dev/';
      }
    }
    // @app.get("/items/", response_class=HTMLResponse) ... read_items
    // @app.get("/ping", response_class=PlainTextResponse) ... read_ping
    // @app.get("/raw", response_class=Response) ... read_raw
    // @app.get("/pydantic", response_class=RedirectResponse, status_code=302) ... redirect_pydantic
    await expectDocument(appOf([PagesController]), {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/items/': {
          get: {
            summary: 'Read Items',
            operationId: 'read_items_items__get',
            responses: {
              '200': { description: 'Successful Response', content: { 'text/html': { schema: { type: 'string' } } } },
            },
          },
        },
        '/ping': {
          get: {
            summary: 'Read Ping',
            operationId: 'read_ping_ping_get',
            responses: {
              '200': { description: 'Successful Response', content: { 'text/plain': { schema: { type: 'string' } } } },
            },
          },
        },
        '/raw': {
          get: {
            summary: 'Read Raw',
            operationId: 'read_raw_raw_get',
            responses: { '200': { description: 'Successful Response' } },
          },
        },
        '/pydantic': {
          get: {
            summary: 'Redirect Pydantic',
            operationId: 'redirect_pydantic_pydantic_get',
            responses: { '302': { description: 'Successful Response' } },
          },
        },
      },
    });
  });

  test('a RedirectResponse route without a status code documents 307, its default', async () => {
    @Controller()
    class RedirectController {
      @Get('/fastapi', { responseClass: RedirectResponse })
      redirect_fastapi() {
        return 'https://fastapi.tiangolo.com';
      }
    }
    // @app.get("/fastapi", response_class=RedirectResponse)
    // async def redirect_fastapi(): return "https://fastapi.tiangolo.com"
    await expectDocument(appOf([RedirectController]), {
      openapi: '3.1.0',
      info: { title: 'FastAPI', version: '0.1.0' },
      paths: {
        '/fastapi': {
          get: {
            summary: 'Redirect Fastapi',
            operationId: 'redirect_fastapi_fastapi_get',
            responses: { '307': { description: 'Successful Response' } },
          },
        },
      },
    });
  });
  test('a RedirectResponse route without a status code answers 307 with the location', async () => {
    @Controller()
    class RedirectController {
      @Get('/fastapi', { responseClass: RedirectResponse })
      redirect_fastapi() {
        return 'https://fastapi.tiangolo.com';
      }
    }
    const client = clientFor(appOf([RedirectController]), { followRedirects: false });
    const res = await client.get('/fastapi');
    expect([res.status, res.headers.location]).toEqual([307, 'https://fastapi.tiangolo.com']);
  });
});

describe('serving the document', () => {
  const NOT_FOUND = { detail: 'Not Found' };

  test('openapiUrl: null turns off /openapi.json, /docs and /redoc', async () => {
    const client = clientFor(appOf([FirstStepsController], { openapiUrl: null }));
    for (const path of ['/openapi.json', '/docs', '/redoc']) {
      const res = await client.get(path);
      expect([path, res.status, res.json()]).toEqual([path, 404, NOT_FOUND]);
    }
    const root = await client.get('/');
    expect([root.status, root.json()]).toEqual([200, { message: 'Hello World' }]);
  });

  test('docsUrl: null turns off /docs only: /openapi.json and /redoc still answer', async () => {
    const client = clientFor(appOf([FirstStepsController], { docsUrl: null }));
    const docs = await client.get('/docs');
    expect([docs.status, docs.json()]).toEqual([404, NOT_FOUND]);
    const document = await client.get('/openapi.json');
    expect([document.status, document.json()]).toEqual([200, FIRST_STEPS_DOCUMENT]);
    const redoc = await client.get('/redoc');
    expect(redoc.status).toBe(200);
    expect(redoc.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(redoc.text).toContain('<redoc spec-url="/openapi.json"></redoc>');
  });

  test('a custom openapiUrl serves the document there, and ReDoc loads it from there', async () => {
    const app = appOf([FirstStepsController], { openapiUrl: '/api/v1/openapi.json' });
    const client = clientFor(app);
    const document = await client.get('/api/v1/openapi.json');
    expect([document.status, document.json()]).toEqual([200, FIRST_STEPS_DOCUMENT]);
    expect(documentOf(app)).toEqual(FIRST_STEPS_DOCUMENT);
    const old = await client.get('/openapi.json');
    expect([old.status, old.json()]).toEqual([404, NOT_FOUND]);
    const redoc = await client.get('/redoc');
    expect(redoc.status).toBe(200);
    expect(redoc.text).toContain('<redoc spec-url="/api/v1/openapi.json"></redoc>');
  });

  test('app.openapi() works before ready() and returns the same object every time', async () => {
    const app = appOf([FirstStepsController]);
    const first = documentOf(app);
    expect(first).toEqual(FIRST_STEPS_DOCUMENT);
    expect(app.openapi()).toBe(first);
    await app.ready();
    expect(app.openapi()).toBe(first);
    const res = await clientFor(app).get('/openapi.json');
    expect([res.status, res.json()]).toEqual([200, FIRST_STEPS_DOCUMENT]);
  });
});

describe('definition errors', () => {
  test('two operations with one operation id make ready() reject', async () => {
    @Controller()
    class ListsController {
      @Get('/items/', { operationId: 'list_things' })
      read_items() {
        return [];
      }

      @Get('/users/', { operationId: 'list_things' })
      read_users() {
        return [];
      }
    }
    const error = await definitionErrorOf(appOf([ListsController]));
    const problem = {
      where: 'ListsController.read_users',
      problem:
        'the operation id "list_things" of GET /users/ (ListsController.read_users) is already used by GET /items/ (ListsController.read_items)',
      fix: 'give one of them another `operationId` option, or a handler name of its own',
    };
    expect(error.problems).toEqual([problem]);
    expect(error.message).toBe(`${problem.where}: ${problem.problem}\n  Fix: ${problem.fix}`);
  });

  class Address {
    street = '';
  }
  class Customer {
    @IsString() name!: string;
    @ValidateNested() @Type(() => Address) address!: Address;
  }
  const ADDRESS_FIX =
    'decorate the properties of Address with class-validator (e.g. @IsString()), or type the field with a scalar decorator such as @IsString() or @IsObject()';

  test('a body field typed with an undecorated class makes ready() reject', async () => {
    @Controller()
    class CustomersController {
      @Post('/customers/')
      create_customer(@Body() customer: Customer) {
        return customer;
      }
    }
    const error = await definitionErrorOf(appOf([CustomersController]));
    expect(error.problems).toEqual([
      {
        where: 'CustomersController.create_customer',
        problem:
          'the body field Customer.address is typed Address, which has no JSON Schema: it is neither a class-validator DTO nor a scalar',
        fix: ADDRESS_FIX,
      },
    ]);
  });

  test('a response model field typed with an undecorated class makes ready() reject', async () => {
    @Controller()
    class CustomersController {
      @Get('/customers/me', { responseModel: Customer })
      read_me() {
        return { name: 'me', address: { street: 'Main' } };
      }
    }
    const error = await definitionErrorOf(appOf([CustomersController]));
    expect(error.problems).toEqual([
      {
        where: 'CustomersController.read_me',
        problem:
          'the response model field Customer.address is typed Address, which has no JSON Schema: it is neither a class-validator DTO nor a scalar',
        fix: ADDRESS_FIX,
      },
    ]);
  });
});

describe('writeOpenAPI', () => {
  test('writes the indented document to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsapi-openapi-'));
    try {
      const app = appOf([FirstStepsController]);
      const file = join(dir, 'openapi.json');
      const text = await writeOpenAPI(app, file);
      const written = readFileSync(file, 'utf8');
      expect(written).toBe(text);
      expect(written).toBe(`${JSON.stringify(FIRST_STEPS_DOCUMENT, null, 2)}\n`);
      expect(JSON.parse(written)).toEqual(documentOf(app));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without a file, writes the document to standard output', async () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(((_chunk: unknown, ...rest: unknown[]) => {
      const callback = rest.find((arg): arg is (error?: Error | null) => void => typeof arg === 'function');
      callback?.();
      return true;
    }) as typeof process.stdout.write);
    try {
      const app = appOf([FirstStepsController]);
      const text = await writeOpenAPI(app);
      const printed = write.mock.calls.map(([chunk]) => String(chunk));
      expect(printed).toContain(text);
      expect(text).toBe(`${JSON.stringify(FIRST_STEPS_DOCUMENT, null, 2)}\n`);
      expect(JSON.parse(text)).toEqual(documentOf(app));
    } finally {
      write.mockRestore();
    }
  });
});
