export type ServerName = 'tsapi' | 'fastify' | 'tsapi-middleware' | 'tsapi-cors';

export const SERVERS: readonly ServerName[] = ['tsapi', 'fastify', 'tsapi-middleware', 'tsapi-cors'];

export const SERVER_LABELS: Readonly<Record<ServerName, string>> = {
  tsapi: 'tsapi',
  fastify: 'Fastify',
  'tsapi-middleware': 'tsapi + 1 middleware',
  'tsapi-cors': 'tsapi + CORS',
};

/** One request measured on two servers: the one under test and its baseline. */
export interface BenchRoute {
  readonly label: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly expectedStatus: number;
  /** The throughput ratio (server under test / baseline) this row should reach. */
  readonly target: number;
  /** The server under test and its baseline; tsapi against hand-written Fastify unless said. */
  readonly pair?: readonly [ServerName, ServerName];
}

export function pairOf(route: BenchRoute): readonly [ServerName, ServerName] {
  return route.pair ?? ['tsapi', 'fastify'];
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
  {
    label: 'GET /hello, one middleware (vs tsapi without)',
    method: 'GET',
    path: '/hello',
    expectedStatus: 200,
    target: 0.9,
    pair: ['tsapi-middleware', 'tsapi'],
  },
  {
    label: 'GET /hello, CORS with an allowed Origin (vs tsapi without)',
    method: 'GET',
    path: '/hello',
    headers: { origin: 'https://app.example.com' },
    expectedStatus: 200,
    target: 0.9,
    pair: ['tsapi-cors', 'tsapi'],
  },
];

/** The headers a route's requests carry. */
export function headersOf(route: BenchRoute): Record<string, string> {
  return { ...(route.body === undefined ? {} : JSON_HEADERS), ...route.headers };
}

export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json' };
