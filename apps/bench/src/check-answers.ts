import { isDeepStrictEqual } from 'node:util';
import { headersOf, type Contender, type Scenario } from './scenarios';
import type { ServerProcess } from './server-process';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly json: unknown;
}

async function ask(server: ServerProcess, scenario: Scenario): Promise<Answer> {
  const { method, path, body } = scenario.request;
  const response = await fetch(server.origin + path, {
    method,
    headers: headersOf(scenario.request),
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = `<not JSON> ${text}`;
  }
  return { status: response.status, headers: response.headers, json };
}

function problemsOf(scenario: Scenario, contender: Contender, answer: Answer, reference: Answer | undefined): string[] {
  const where = `${scenario.id} (${scenario.request.method} ${scenario.request.path}) on ${contender.label}`;
  const problems: string[] = [];
  if (answer.status !== contender.expectedStatus) {
    problems.push(`${where}: expected status ${contender.expectedStatus}, got ${answer.status}`);
  }
  const contentType = answer.headers.get('content-type') ?? '';
  if (!contentType.startsWith('application/json')) problems.push(`${where}: expected JSON, got "${contentType}"`);
  for (const [name, expected] of Object.entries(scenario.expectHeaders ?? {})) {
    const value = answer.headers.get(name);
    if (value === null || (expected !== true && value !== expected)) {
      problems.push(
        `${where}: expected header ${name}${expected === true ? '' : `: ${expected}`}, got ${value ?? 'none'}`,
      );
    }
  }
  if (contender.compare === 'body' && reference && !isDeepStrictEqual(answer.json, reference.json)) {
    problems.push(
      `${where}: body differs\n  got:      ${JSON.stringify(answer.json)}\n  expected: ${JSON.stringify(reference.json)}`,
    );
  }
  return problems;
}

/**
 * Measuring servers only means something if they do the same work: in each scenario every server
 * must answer with its expected status, JSON, the expected headers, and (where shapes are meant to
 * match) the same body as the first server. Returns the problems found.
 */
export async function checkSameAnswers(
  servers: ReadonlyMap<string, ServerProcess>,
  scenarios: readonly Scenario[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const scenario of scenarios) {
    const answers = await Promise.all(scenario.contenders.map((c) => ask(servers.get(c.server)!, scenario)));
    const reference = answers.find((_, i) => scenario.contenders[i].compare === 'body');
    scenario.contenders.forEach((contender, i) =>
      problems.push(...problemsOf(scenario, contender, answers[i], reference)),
    );
  }
  return problems;
}
