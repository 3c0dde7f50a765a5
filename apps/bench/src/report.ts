import type { Measurement } from './measure';
import { SERVERS, type BenchRoute, type ServerName } from './routes';

export type RoundResults = Record<ServerName, Measurement>;

export interface RouteSummary {
  readonly route: BenchRoute;
  readonly rps: Record<ServerName, { median: number; min: number; max: number }>;
  readonly p99: Record<ServerName, number>;
  /** Median tsapi req/s over median Fastify req/s. */
  readonly ratio: number;
  /** The ratio of each round, tsapi and Fastify measured back to back. */
  readonly roundRatios: readonly number[];
  readonly failures: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarize(route: BenchRoute, rounds: readonly RoundResults[]): RouteSummary {
  const pick = <T>(fn: (server: ServerName) => T) =>
    Object.fromEntries(SERVERS.map((s) => [s, fn(s)])) as Record<ServerName, T>;
  const rps = pick((s) => {
    const values = rounds.map((r) => r[s].rps);
    return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
  });
  return {
    route,
    rps,
    p99: pick((s) => median(rounds.map((r) => r[s].p99))),
    ratio: rps.tsapi.median / rps.fastify.median,
    roundRatios: rounds.map((r) => r.tsapi.rps / r.fastify.rps),
    failures: rounds.reduce((sum, r) => sum + r.tsapi.failures + r.fastify.failures, 0),
  };
}

const thousands = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function rpsCell(r: { median: number; min: number; max: number }): string {
  return `${thousands.format(r.median)} (${thousands.format(r.min)}–${thousands.format(r.max)})`;
}

function ratioCell(s: RouteSummary): string {
  const low = Math.min(...s.roundRatios);
  const high = Math.max(...s.roundRatios);
  return `**${s.ratio.toFixed(3)}** (${low.toFixed(2)}–${high.toFixed(2)})`;
}

/** The results as a markdown table: req/s median (min–max over rounds), p99, and the ratio. */
export function toMarkdownTable(summaries: readonly RouteSummary[]): string {
  const lines = [
    '| route | tsapi req/s median (min–max) | Fastify req/s median (min–max) | tsapi p99 ms | Fastify p99 ms | tsapi/Fastify (per round) | target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const s of summaries) {
    const met = s.ratio >= s.route.target ? 'met' : 'missed';
    lines.push(
      `| ${s.route.label} | ${rpsCell(s.rps.tsapi)} | ${rpsCell(s.rps.fastify)} | ${s.p99.tsapi} | ${s.p99.fastify} | ${ratioCell(s)} | ≥ ${s.route.target.toFixed(2)}: ${met} |`,
    );
  }
  return lines.join('\n');
}
