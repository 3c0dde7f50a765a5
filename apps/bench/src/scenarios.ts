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

interface OverheadPair {
  readonly id: string;
  readonly label: string;
  readonly request: BenchRequest;
  readonly family: Family;
  /** Server name and column label of the variant measured, then of the one it is compared with. */
  readonly measured: readonly [server: string, label: string];
  readonly baseline: readonly [server: string, label: string];
  /** The lowest acceptable ratio; none for an informative pair. */
  readonly atLeast?: number;
}

/** One server of a framework against the same framework without what is measured, both answering 200 alike. */
function overheadPair(pair: OverheadPair): Scenario {
  const contender = ([server, label]: readonly [string, string]): Contender => ({
    family: pair.family,
    server,
    label,
    expectedStatus: 200,
    compare: 'body',
  });
  return {
    id: pair.id,
    group: 'overhead',
    label: pair.label,
    request: pair.request,
    contenders: [contender(pair.measured), contender(pair.baseline)],
    targets: pair.atLeast === undefined ? [] : [{ measured: pair.measured[0], baseline: pair.baseline[0], atLeast: pair.atLeast }],
  };
}

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
  overheadPair({
    id: 'tsapi-middleware',
    label: 'GET /hello, one middleware (vs tsapi without)',
    request: { method: 'GET', path: '/hello' },
    family: 'tsapi',
    measured: ['tsapi-middleware', 'tsapi + 1 middleware'],
    baseline: ['tsapi', 'tsapi'],
    atLeast: 0.9,
  }),
  overheadPair({
    id: 'tsapi-cors',
    label: 'GET /hello, CORS with an allowed Origin (vs tsapi without)',
    request: { method: 'GET', path: '/hello', headers: { origin: ALLOWED_ORIGIN } },
    family: 'tsapi',
    measured: ['tsapi-cors', 'tsapi + CORS'],
    baseline: ['tsapi', 'tsapi'],
    atLeast: 0.9,
  }),
  // Informative: the reference for tsapi's CORS, which is this plugin.
  overheadPair({
    id: 'fastify-cors',
    label: "GET /hello, @fastify/cors with an allowed Origin in plain Fastify (vs Fastify without): the plugin's own cost",
    request: { method: 'GET', path: '/hello', headers: { origin: ALLOWED_ORIGIN } },
    family: 'fastify',
    measured: ['fastify-cors', 'Fastify + @fastify/cors'],
    baseline: ['fastify', 'Fastify'],
  }),
  // Informative only: on this machine the load generator takes one of the two cores.
  overheadPair({
    id: 'workers',
    label: 'GET /hello under `tsapi run --workers 2` (vs `--workers 1`)',
    request: { method: 'GET', path: '/hello' },
    family: 'tsapi',
    measured: ['tsapi-run-2', 'tsapi run, 2 workers'],
    baseline: ['tsapi-run-1', 'tsapi run, 1 worker'],
  }),
];
