import { isDeepStrictEqual } from 'node:util';
import { headersOf, type BenchRoute } from './routes';
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
 * with the expected status and the same JSON on both. Returns the problems found.
 */
export async function checkSameAnswers(
  tsapi: ServerProcess,
  fastify: ServerProcess,
  routes: readonly BenchRoute[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const route of routes) {
    const [a, b] = await Promise.all([ask(tsapi, route), ask(fastify, route)]);
    const where = `${route.method} ${route.path}`;
    if (a.status !== route.expectedStatus || b.status !== route.expectedStatus) {
      problems.push(
        `${where}: expected status ${route.expectedStatus}, tsapi sent ${a.status}, Fastify sent ${b.status}`,
      );
    }
    if (!a.contentType.startsWith('application/json') || !b.contentType.startsWith('application/json')) {
      problems.push(`${where}: expected JSON, tsapi sent "${a.contentType}", Fastify sent "${b.contentType}"`);
    }
    if (!isDeepStrictEqual(a.json, b.json)) {
      problems.push(
        `${where}: bodies differ\n  tsapi:   ${JSON.stringify(a.json)}\n  Fastify: ${JSON.stringify(b.json)}`,
      );
    }
  }
  return problems;
}
