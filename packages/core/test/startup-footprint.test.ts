import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CORE = resolve(__dirname, '..');

/**
 * A process that builds an app from the compiled package, serves one request over HTTP, and
 * prints which optional parts of Node and of the package's dependencies it loaded. Decorators
 * are applied by hand: the script is plain JavaScript.
 */
function footprintScript(middleware: boolean): string {
  return `
require('reflect-metadata');
const core = require(${JSON.stringify(CORE)});
class Items { read(id) { return { id }; } }
core.Controller('/items')(Items);
core.Path('id', { type: 'integer' })(Items.prototype, 'read', 0);
core.Get('/{id}')(Items.prototype, 'read', Object.getOwnPropertyDescriptor(Items.prototype, 'read'));
class Stamp { async dispatch(request, callNext) { const response = await callNext(request); response.headers.set('x-stamp', '1'); return response; } }
core.Middleware()(Stamp);
const app = new core.App({ controllers: [Items], middleware: ${middleware ? '[Stamp]' : '[]'}, fastify: { logger: false } });
app.listen({ host: '127.0.0.1', port: 0 }).then(async () => {
  const { port } = app.fastify.server.address();
  const response = await new Promise((done, fail) => require('node:http').get('http://127.0.0.1:' + port + '/items/7', (res) => {
    let body = '';
    res.on('data', (chunk) => (body += chunk)).on('end', () => done({ status: res.statusCode, stamp: res.headers['x-stamp'] ?? null, body }));
  }).on('error', fail));
  const undici = process.moduleLoadList.some((m) => m.includes('undici'));
  // Its metadata storage is read by every app; the library itself only by apps whose models need it.
  const classTransformer = Object.keys(require.cache).some((f) => f.endsWith('/class-transformer/cjs/index.js'));
  const swaggerUi = Object.keys(require.cache).some((f) => f.includes('/@fastify/swagger-ui/'));
  console.log(JSON.stringify({ ...response, undici, classTransformer, swaggerUi }));
  await app.close();
});
`;
}

async function footprint(middleware: boolean): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, ['-e', footprintScript(middleware)], { cwd: CORE, timeout: 30_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

describe('what an app loads at start-up', () => {
  test('an app without middleware or class-transformer models loads neither Node fetch nor class-transformer, nor Swagger UI before /docs is asked for', async () => {
    expect(await footprint(false)).toEqual({
      status: 200,
      stamp: null,
      body: '{"id":7}',
      undici: false,
      classTransformer: false,
      swaggerUi: false,
    });
  });

  test('middleware headers are still a WHATWG Headers, loaded when a middleware first runs', async () => {
    expect(await footprint(true)).toEqual({
      status: 200,
      stamp: '1',
      body: '{"id":7}',
      undici: true,
      classTransformer: false,
      swaggerUi: false,
    });
  });
});
