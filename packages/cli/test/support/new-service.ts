import { TsapiProcess } from './cli-process';
import { httpGet } from './http';

/**
 * Starts a service made by `tsapi new` with `tsapi run` (the given command) and checks what its
 * README promises: Swagger UI at /docs, the root route, the OpenAPI document, and a clean exit
 * on SIGTERM.
 */
export async function expectNewServiceServes(dir: string, command: readonly string[]): Promise<void> {
  const server = new TsapiProcess(['run', 'dist/main.js', '--port', '0'], { cwd: dir, command });
  try {
    const base = `http://127.0.0.1:${await server.port()}`;
    const docs = await httpGet(`${base}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
    const root = await httpGet(`${base}/`);
    expect({ status: root.status, body: JSON.parse(root.text) as unknown }).toEqual({ status: 200, body: { Hello: 'World' } });
    const openapi = await httpGet(`${base}/openapi.json`);
    expect((JSON.parse(openapi.text) as { openapi: string }).openapi).toBe('3.1.0');
    server.kill('SIGTERM');
    expect(await server.exited()).toEqual({ code: 0, signal: null });
  } finally {
    server.kill('SIGKILL');
  }
}
