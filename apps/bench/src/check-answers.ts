import { isDeepStrictEqual } from 'node:util';
import { headersOf, pairOf, SERVER_LABELS, type BenchRoute, type ServerName } from './routes';
import type { ServerProcess } from './server-process';

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly json: unknown;
}

async function ask(server: ServerProcess, route: BenchRoute): Promise<Answer> {
  const response = await fetch(server.origin + route.path, {
    method: route.method,
    headers: headersOf(route),
    ...(route.body === undefined ? {} : { body: route.body }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = `<not JSON> ${text}`;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', json };
}

/**
 * Measuring two servers only means something if they do the same work: each route must answer
 * with the expected status and the same JSON on both servers of its pair. Returns the problems found.
 */
export async function checkSameAnswers(servers: Readonly<Record<ServerName, ServerProcess>>, routes: readonly BenchRoute[]): Promise<string[]> {
  const problems: string[] = [];
  for (const route of routes) {
    const [nameA, nameB] = pairOf(route);
    const [labelA, labelB] = [SERVER_LABELS[nameA], SERVER_LABELS[nameB]];
    const [a, b] = await Promise.all([ask(servers[nameA], route), ask(servers[nameB], route)]);
    const where = `${route.method} ${route.path}`;
    if (a.status !== route.expectedStatus || b.status !== route.expectedStatus) {
      problems.push(`${where}: expected status ${route.expectedStatus}, ${labelA} sent ${a.status}, ${labelB} sent ${b.status}`);
    }
    if (!a.contentType.startsWith('application/json') || !b.contentType.startsWith('application/json')) {
      problems.push(`${where}: expected JSON, ${labelA} sent "${a.contentType}", ${labelB} sent "${b.contentType}"`);
    }
    if (!isDeepStrictEqual(a.json, b.json)) {
      problems.push(`${where}: bodies differ\n  ${labelA}: ${JSON.stringify(a.json)}\n  ${labelB}: ${JSON.stringify(b.json)}`);
    }
  }
  return problems;
}
