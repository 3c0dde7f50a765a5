import { FAMILIES, FAMILY_LABELS, type Family } from './contenders';
import { ALLOWED_ORIGIN, SERVED_BY_HEADER } from './servers/server-contract';

export interface BenchRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One server measured in a scenario. */
export interface Contender {
  readonly family: Family;
  /** The ServerSpec name of the process that serves this scenario. */
  readonly server: string;
  readonly label: string;
  readonly expectedStatus: number;
  /**
   * 'body': its JSON must equal the first 'body' contender's; 'status': its error body
   * legitimately has another shape, so only the status (and that it is JSON) is checked.
   */
  readonly compare: 'body' | 'status';
}

/** A throughput ratio, measured server over baseline (server names), that should be reached. */
export interface Target {
  readonly measured: string;
  readonly baseline: string;
  readonly atLeast: number;
}

export interface Scenario {
  readonly id: string;
  /** 'frameworks': one column per framework; 'overhead': tsapi with a feature against tsapi without. */
  readonly group: 'frameworks' | 'overhead';
  readonly label: string;
  readonly request: BenchRequest;
  readonly contenders: readonly Contender[];
  readonly targets: readonly Target[];
  /** Response headers every contender must send: a value, or `true` for any value. */
  readonly expectHeaders?: Readonly<Record<string, string | true>>;
}

export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json' };

/** The headers a scenario's requests carry. */
export function headersOf(request: BenchRequest): Record<string, string> {
  return { ...(request.body === undefined ? {} : JSON_HEADERS), ...request.headers };
}

interface FrameworkOptions {
  readonly status: number;
  /** Each framework's process name suffix: '' for the plain app, '-stack' for middleware + CORS. */
  readonly variant?: '' | '-stack';
  readonly statusOf?: Partial<Record<Family, number>>;
  readonly statusOnly?: readonly Family[];
}

function everyFramework(options: FrameworkOptions): Contender[] {
  return FAMILIES.map((family) => ({
    family,
    server: `${family}${options.variant ?? ''}`,
    label: FAMILY_LABELS[family],
    expectedStatus: options.statusOf?.[family] ?? options.status,
    compare: options.statusOnly?.includes(family) ? 'status' : 'body',
  }));
}

const againstFastify = (server: string, atLeast: number): Target => ({
  measured: server,
  baseline: 'fastify',
  atLeast,
});

const VALID_ITEM = JSON.stringify({ name: 'widget', price: 9.5, tags: ['red', 'blue'] });
// One problem only (no name), so that validators that stop at the first error do the same work as the others.
const ITEM_WITHOUT_NAME = JSON.stringify({ price: 9.5, tags: ['red'] });

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'hello',
    group: 'frameworks',
    label: 'GET /hello',
    request: { method: 'GET', path: '/hello' },
    contenders: everyFramework({ status: 200 }),
    targets: [againstFastify('tsapi', 0.95)],
  },
  {
    id: 'item',
    group: 'frameworks',
    label: 'GET /items/{id}',
    request: { method: 'GET', path: '/items/42' },
    contenders: everyFramework({ status: 200 }),
    targets: [againstFastify('tsapi', 0.95)],
  },
  {
    id: 'create',
    group: 'frameworks',
    label: 'POST /items (validated body, 201 + response model)',
    request: { method: 'POST', path: '/items', body: VALID_ITEM },
    contenders: everyFramework({ status: 201 }),
    targets: [againstFastify('tsapi', 0.9), { measured: 'tsapi', baseline: 'nestjs', atLeast: 2 }],
  },
  {
    id: 'list',
    group: 'frameworks',
    label: 'GET /items?skip&limit (10 items through a response model)',
    request: { method: 'GET', path: '/items?skip=20&limit=10' },
    contenders: everyFramework({ status: 200 }),
    targets: [againstFastify('tsapi', 0.9)],
  },
  {
    id: 'me',
    group: 'frameworks',
    label: 'GET /me (3 dependencies, one a generator with cleanup)',
    request: { method: 'GET', path: '/me', headers: { 'x-user': 'ada' } },
    contenders: everyFramework({ status: 200 }),
    targets: [againstFastify('tsapi', 0.85)],
  },
  {
    id: 'stack',
    group: 'frameworks',
    label: 'GET /hello through 1 middleware + CORS (allowed Origin)',
    request: { method: 'GET', path: '/hello', headers: { origin: ALLOWED_ORIGIN } },
    contenders: everyFramework({ status: 200, variant: '-stack' }),
    targets: [],
    expectHeaders: { 'access-control-allow-origin': ALLOWED_ORIGIN, [SERVED_BY_HEADER]: true },
  },
  {
    id: 'invalid',
    group: 'frameworks',
    label: 'POST /items, bad body (422; NestJS 400)',
    request: { method: 'POST', path: '/items', body: ITEM_WITHOUT_NAME },
    contenders: everyFramework({ status: 422, statusOf: { nestjs: 400 }, statusOnly: ['nestjs', 'fastapi'] }),
    targets: [],
  },
  {
    id: 'tsapi-middleware',
    group: 'overhead',
    label: 'GET /hello, one middleware (vs tsapi without)',
    request: { method: 'GET', path: '/hello' },
    contenders: [
      {
        family: 'tsapi',
        server: 'tsapi-middleware',
        label: 'tsapi + 1 middleware',
        expectedStatus: 200,
        compare: 'body',
      },
      { family: 'tsapi', server: 'tsapi', label: 'tsapi', expectedStatus: 200, compare: 'body' },
    ],
    targets: [{ measured: 'tsapi-middleware', baseline: 'tsapi', atLeast: 0.9 }],
  },
  {
    id: 'tsapi-cors',
    group: 'overhead',
    label: 'GET /hello, CORS with an allowed Origin (vs tsapi without)',
    request: { method: 'GET', path: '/hello', headers: { origin: ALLOWED_ORIGIN } },
    contenders: [
      { family: 'tsapi', server: 'tsapi-cors', label: 'tsapi + CORS', expectedStatus: 200, compare: 'body' },
      { family: 'tsapi', server: 'tsapi', label: 'tsapi', expectedStatus: 200, compare: 'body' },
    ],
    targets: [{ measured: 'tsapi-cors', baseline: 'tsapi', atLeast: 0.9 }],
  },
  {
    id: 'fastify-cors',
    group: 'overhead',
    label: 'GET /hello, @fastify/cors with an allowed Origin in plain Fastify (vs Fastify without): the plugin\'s own cost',
    request: { method: 'GET', path: '/hello', headers: { origin: ALLOWED_ORIGIN } },
    contenders: [
      { family: 'fastify', server: 'fastify-cors', label: 'Fastify + @fastify/cors', expectedStatus: 200, compare: 'body' },
      { family: 'fastify', server: 'fastify', label: 'Fastify', expectedStatus: 200, compare: 'body' },
    ],
    // Informative: the reference for tsapi's CORS, which is this plugin.
    targets: [],
  },
  {
    id: 'workers',
    group: 'overhead',
    label: 'GET /hello under `tsapi run --workers 2` (vs `--workers 1`)',
    request: { method: 'GET', path: '/hello' },
    contenders: [
      { family: 'tsapi', server: 'tsapi-run-2', label: 'tsapi run, 2 workers', expectedStatus: 200, compare: 'body' },
      { family: 'tsapi', server: 'tsapi-run-1', label: 'tsapi run, 1 worker', expectedStatus: 200, compare: 'body' },
    ],
    // Informative only: on this machine the load generator takes one of the two cores.
    targets: [],
  },
];
