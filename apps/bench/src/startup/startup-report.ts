import { median, thousands } from '../statistics';
import { keyOf, PER_REQUEST_COUNTS, ROUTE_COUNTS, type StartupResults, type StartupSample } from './measure-startup';
import type { GeneratedKind } from './serve-generated';

export const STARTUP_TARGET = 1.2;
export const RSS_TARGET = 1.15;
export const COMPILE_TARGET = { routes: 1_000, underMs: 1_000 };

const LABELS: Readonly<Record<GeneratedKind, string>> = { tsapi: 'tsapi', fastify: 'Fastify' };
const MIB = 2 ** 20;

function medianOf(
  results: StartupResults,
  kind: GeneratedKind,
  count: number,
  pick: (s: StartupSample) => number,
): number | undefined {
  const samples = results.startup.get(keyOf(kind, count));
  return samples && samples.length ? median(samples.map(pick)) : undefined;
}

const cell = (value: number | undefined, format: (n: number) => string) => (value === undefined ? '—' : format(value));
const ms = (n: number) => thousands.format(n);
const mib = (n: number) => (n / MIB).toFixed(0);

function ratioCell(a: number | undefined, b: number | undefined, atMost: number): string {
  if (a === undefined || b === undefined) return '—';
  const ratio = a / b;
  return `**${ratio.toFixed(2)}** (≤ ${atMost.toFixed(2)}: ${ratio <= atMost ? 'met' : 'missed'})`;
}

/** Spawn → first 200, compile time and RSS after 5 s of load, by number of routes. */
export function startupTable(results: StartupResults): string {
  const lines = [
    '| routes | tsapi: spawn → first 200 ms | Fastify: spawn → first 200 ms | start-up ratio | tsapi: `new App` → `ready()` ms | Fastify: routes → `ready()` ms | tsapi RSS MiB | Fastify RSS MiB | RSS ratio |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const count of ROUTE_COUNTS) {
    const of = (kind: GeneratedKind, pick: (s: StartupSample) => number) => medianOf(results, kind, count, pick);
    const first = { tsapi: of('tsapi', (s) => s.firstResponseMs), fastify: of('fastify', (s) => s.firstResponseMs) };
    const compile = { tsapi: of('tsapi', (s) => s.compileMs), fastify: of('fastify', (s) => s.compileMs) };
    const rss = { tsapi: of('tsapi', (s) => s.rssBytes), fastify: of('fastify', (s) => s.rssBytes) };
    lines.push(
      `| ${thousands.format(count)} | ${cell(first.tsapi, ms)} | ${cell(first.fastify, ms)} | ${ratioCell(first.tsapi, first.fastify, STARTUP_TARGET)} | ` +
        `${cell(compile.tsapi, ms)} | ${cell(compile.fastify, ms)} | ${cell(rss.tsapi, mib)} | ${cell(rss.fastify, mib)} | ${ratioCell(rss.tsapi, rss.fastify, RSS_TARGET)} |`,
    );
  }
  return lines.join('\n');
}

/** One line on the compile-time target, or undefined when tsapi was not measured. */
export function compileVerdict(results: StartupResults): string | undefined {
  const compile = medianOf(results, 'tsapi', COMPILE_TARGET.routes, (s) => s.compileMs);
  if (compile === undefined) return undefined;
  const met = compile < COMPILE_TARGET.underMs ? 'met' : '**missed**';
  return `tsapi compiles ${thousands.format(COMPILE_TARGET.routes)} routes in ${ms(compile)} ms (target < ${thousands.format(COMPILE_TARGET.underMs)} ms: ${met}).`;
}

function rpsOf(results: StartupResults, kind: GeneratedKind, count: number): number | undefined {
  const runs = results.perRequest.get(keyOf(kind, count));
  return runs && runs.length ? median(runs.map((m) => m.rps)) : undefined;
}

/** req/s of one route with 1 and 1,000 routes registered. */
export function perRequestTable(results: StartupResults): string {
  const kinds = results.kinds;
  const lines = [
    `| routes registered | ${kinds.map((k) => `${LABELS[k]} req/s`).join(' | ')} | tsapi / Fastify |`,
    `| ---: | ${kinds.map(() => '---:').join(' | ')} | ---: |`,
  ];
  for (const count of PER_REQUEST_COUNTS) {
    const [tsapi, fastify] = [rpsOf(results, 'tsapi', count), rpsOf(results, 'fastify', count)];
    const cells = kinds.map((k) => cell(rpsOf(results, k, count), (n) => thousands.format(n)));
    const ratio = tsapi !== undefined && fastify !== undefined ? (tsapi / fastify).toFixed(3) : '—';
    lines.push(`| ${thousands.format(count)} | ${cells.join(' | ')} | ${ratio} |`);
  }
  const [few, many] = PER_REQUEST_COUNTS;
  const perKind = kinds.flatMap((k) => {
    const [a, b] = [rpsOf(results, k, few), rpsOf(results, k, many)];
    return a !== undefined && b !== undefined ? [`${LABELS[k]} ${(b / a).toFixed(3)}`] : [];
  });
  if (perKind.length)
    lines.push('', `req/s with ${thousands.format(many)} routes over req/s with ${few}: ${perKind.join(', ')}.`);
  return lines.join('\n');
}
