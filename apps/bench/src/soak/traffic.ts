import { setTimeout as sleep } from 'node:timers/promises';

/** One kind of request of the mix, and the statuses that count as expected for it. */
interface Shot {
  readonly name: string;
  readonly expected: readonly number[];
  send(origin: string, session: Session): Promise<Response>;
}

/** A signed-in user with an item of its own, made before the soak starts. */
export interface Session {
  readonly token: string;
  readonly itemId: number;
  /** Items created by the mix, deleted by it again so that the database stays small. */
  readonly created: number[];
}

const json = (token: string | undefined, body: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body,
});
const auth = (token: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...init.headers, authorization: `Bearer ${token}` },
});

/** Valid and invalid requests in turn: reads, writes, validation errors, 404s, 401s. */
const MIX: readonly Shot[] = [
  { name: 'GET /', expected: [200], send: (o) => fetch(`${o}/`) },
  { name: 'GET /items (page)', expected: [200], send: (o, s) => fetch(`${o}/items?skip=0&limit=10`, auth(s.token)) },
  {
    name: 'POST /items',
    expected: [201],
    send: async (o, s) => {
      const response = await fetch(
        `${o}/items`,
        json(s.token, JSON.stringify({ name: 'soak item', price: 9.5, description: 'made by the soak' })),
      );
      if (response.status === 201) {
        const { id } = (await response.clone().json()) as { id: number };
        s.created.push(id);
      }
      return response;
    },
  },
  { name: 'GET /items/{id}', expected: [200], send: (o, s) => fetch(`${o}/items/${s.itemId}`, auth(s.token)) },
  {
    name: 'PATCH /items/{id}',
    expected: [200],
    send: (o, s) =>
      fetch(
        `${o}/items/${s.itemId}`,
        auth(s.token, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"price":5}' }),
      ),
  },
  {
    name: 'DELETE /items/{id}',
    expected: [204, 404],
    send: (o, s) => fetch(`${o}/items/${s.created.shift() ?? 999_999_999}`, auth(s.token, { method: 'DELETE' })),
  },
  {
    name: 'POST /items invalid (422)',
    expected: [422],
    send: (o, s) => fetch(`${o}/items`, json(s.token, '{"name":"","price":-1}')),
  },
  {
    name: 'POST /items malformed JSON (422)',
    expected: [422],
    send: (o, s) => fetch(`${o}/items`, json(s.token, '{"name":')),
  },
  { name: 'GET /items/abc (422)', expected: [422], send: (o, s) => fetch(`${o}/items/abc`, auth(s.token)) },
  { name: 'GET /items/{missing} (404)', expected: [404], send: (o, s) => fetch(`${o}/items/999999999`, auth(s.token)) },
  { name: 'GET /users/me without token (401)', expected: [401], send: (o) => fetch(`${o}/users/me`) },
  { name: 'GET /nowhere (404)', expected: [404], send: (o) => fetch(`${o}/nowhere`) },
];

export interface TrafficTally {
  sent: number;
  unexpected: number;
  byShot: Record<string, Record<string, number>>;
  /** The first few surprises, for the report. */
  examples: string[];
}

/** fetch rejects with "fetch failed" and the reason (ECONNREFUSED, a reset…) as its cause. */
function failureOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export async function signIn(origin: string): Promise<Session> {
  const username = `soak${Date.now()}`;
  const password = 'soak-password-1';
  const registered = await fetch(`${origin}/users`, json(undefined, JSON.stringify({ username, password })));
  if (registered.status !== 201)
    throw new Error(`registering the soak user answered ${registered.status}: ${await registered.text()}`);
  const token = await fetch(`${origin}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }),
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const item = await fetch(`${origin}/items`, json(access_token, '{"name":"kept","price":1}'));
  const { id } = (await item.json()) as { id: number };
  return { token: access_token, itemId: id, created: [] };
}

/**
 * Sends the mix at `rate` requests per second until `until` resolves; every answer outside its
 * shot's expected statuses (or a request that fails) is counted.
 */
export async function runTraffic(
  origin: string,
  session: Session,
  rate: number,
  until: Promise<unknown>,
): Promise<TrafficTally> {
  const tally: TrafficTally = { sent: 0, unexpected: 0, byShot: {}, examples: [] };
  let stopped = false;
  void until.then(() => (stopped = true));
  const inFlight = new Set<Promise<void>>();
  const tickMs = 20;
  let next = 0;
  const record = (shot: Shot, outcome: string, ok: boolean) => {
    const counts = (tally.byShot[shot.name] ??= {});
    counts[outcome] = (counts[outcome] ?? 0) + 1;
    if (ok) return;
    tally.unexpected++;
    if (tally.examples.length < 10) tally.examples.push(`${shot.name} → ${outcome}`);
  };
  let due = 0;
  const started = Date.now();
  while (!stopped) {
    due = (rate * (Date.now() - started)) / 1000;
    while (tally.sent < due) {
      const shot = MIX[next++ % MIX.length];
      tally.sent++;
      const done = shot.send(origin, session).then(
        async (response) => {
          await response.arrayBuffer();
          record(shot, String(response.status), shot.expected.includes(response.status));
        },
        (error: unknown) => record(shot, `failed: ${failureOf(error)}`, false),
      );
      inFlight.add(done);
      void done.finally(() => inFlight.delete(done));
    }
    await sleep(tickMs);
  }
  await Promise.all(inFlight);
  return tally;
}
