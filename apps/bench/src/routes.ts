export type ServerName = 'tsapi' | 'fastify';

export const SERVERS: readonly ServerName[] = ['tsapi', 'fastify'];

export const SERVER_LABELS: Readonly<Record<ServerName, string>> = { tsapi: 'tsapi', fastify: 'Fastify' };

/** One request that is measured against both servers. */
export interface BenchRoute {
  readonly label: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly expectedStatus: number;
  /** The tsapi/Fastify throughput ratio this route should reach. */
  readonly target: number;
}

export const ROUTES: readonly BenchRoute[] = [
  { label: 'GET /hello', method: 'GET', path: '/hello', expectedStatus: 200, target: 0.95 },
  { label: 'GET /items/{id}', method: 'GET', path: '/items/42', expectedStatus: 200, target: 0.95 },
  {
    label: 'POST /items (body + response model)',
    method: 'POST',
    path: '/items',
    body: JSON.stringify({ name: 'widget', price: 9.5, tags: ['red', 'blue'] }),
    expectedStatus: 201,
    target: 0.9,
  },
  {
    label: 'GET /items?skip&limit (10 × ItemOut)',
    method: 'GET',
    path: '/items?skip=20&limit=10',
    expectedStatus: 200,
    target: 0.9,
  },
  {
    label: 'GET /me (3 cached dependencies, one async generator)',
    method: 'GET',
    path: '/me',
    headers: { 'x-user': 'ada' },
    expectedStatus: 200,
    target: 0.85,
  },
];

/** The headers a route's requests carry. */
export function headersOf(route: BenchRoute): Record<string, string> {
  return { ...(route.body === undefined ? {} : JSON_HEADERS), ...route.headers };
}

export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json' };
