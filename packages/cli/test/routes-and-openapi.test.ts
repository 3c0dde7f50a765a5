import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatRouteTable, loadApp } from '@tsapi/cli';
import { buildProjects, FIXTURE, runTsapi } from './support/cli-process';

jest.setTimeout(120_000);

const ROUTE_TABLE = [
  'METHOD  PATH                HANDLER                DEPENDENCIES            TAGS',
  'GET     /                   RootController.root    -                       -',
  'GET     /pid                RootController.pid     -                       -',
  'GET     /slow               RootController.slow    -                       -',
  'GET     /v1/items/{itemId}  ItemsController.read   requestId, currentUser  items',
  'GET     /admin/stats        AdminController.stats  -                       admin',
  '',
].join('\n');

let tmp: string;

beforeAll(() => {
  buildProjects('packages/cli');
  tmp = mkdtempSync(join(tmpdir(), 'tsapi-cli-'));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('loading an entry', () => {
  test.each([
    ['main.ts', 'an App exported as app'],
    ['default-export.ts', 'an App as the default export'],
    ['factory.ts', 'an async createApp()'],
  ])('%s: %s', async (file) => {
    const app = await loadApp(join(FIXTURE, file));
    expect(app.title).toBe('Fixture');
    expect(formatRouteTable(app.routeTable())).toBe(ROUTE_TABLE);
  });
});

describe('tsapi routes', () => {
  test('prints the route table of a .ts entry, compiling its project first', () => {
    const result = runTsapi(['routes', join(FIXTURE, 'main.ts')]);
    expect(result).toEqual({ status: 0, stdout: ROUTE_TABLE, stderr: '' });
  });

  test('--json prints the rows of app.routeTable()', () => {
    const result = runTsapi(['routes', join(FIXTURE, 'dist', 'main.js'), '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { kind: 'http', methods: ['GET'], path: '/', handler: 'RootController.root', dependencies: [], tags: [] },
      { kind: 'http', methods: ['GET'], path: '/pid', handler: 'RootController.pid', dependencies: [], tags: [] },
      { kind: 'http', methods: ['GET'], path: '/slow', handler: 'RootController.slow', dependencies: [], tags: [] },
      {
        kind: 'http',
        methods: ['GET'],
        path: '/v1/items/{itemId}',
        handler: 'ItemsController.read',
        dependencies: ['requestId', 'currentUser'],
        tags: ['items'],
      },
      {
        kind: 'http',
        methods: ['GET'],
        path: '/admin/stats',
        handler: 'AdminController.stats',
        dependencies: [],
        tags: ['admin'],
      },
    ]);
  });
});

describe('tsapi openapi', () => {
  test('prints the document to stdout, and writes the same text with --out', async () => {
    const expected = `${JSON.stringify((await loadApp(join(FIXTURE, 'main.ts'))).openapi(), null, 2)}\n`;
    const printed = runTsapi(['openapi', join(FIXTURE, 'dist', 'main.js')]);
    expect(printed).toEqual({ status: 0, stdout: expected, stderr: '' });

    const out = join(tmp, 'openapi.json');
    const written = runTsapi(['openapi', join(FIXTURE, 'main.ts'), '--out', out]);
    expect(written).toEqual({ status: 0, stdout: '', stderr: `tsapi: wrote ${out}\n` });
    expect(readFileSync(out, 'utf8')).toBe(expected);
    const document = JSON.parse(expected);
    expect(document.info).toEqual({ title: 'Fixture', version: '1.2.3' });
    expect(Object.keys(document.paths)).toEqual(['/', '/pid', '/slow', '/v1/items/{itemId}']);
  });
});
