import type { Measurement } from './measure';
import { pairOf, SERVER_LABELS, type BenchRoute, type ServerName } from './routes';

export type RoundResults = Partial<Record<ServerName, Measurement>>;

interface Figures {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface RouteSummary {
  readonly route: BenchRoute;
  /** The server under test, then its baseline. */
  readonly rps: readonly [Figures, Figures];
  readonly p99: readonly [number, number];
  /** Median req/s of the server under test over the baseline's. */
  readonly ratio: number;
  /** The ratio of each round, both servers measured back to back. */
  readonly roundRatios: readonly number[];
  readonly failures: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarize(route: BenchRoute, rounds: readonly RoundResults[]): RouteSummary {
  const names = pairOf(route);
  const of = (name: ServerName) => rounds.map((r) => r[name]!);
  const figures = (name: ServerName): Figures => {
    const values = of(name).map((m) => m.rps);
    return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
  };
  const rps = [figures(names[0]), figures(names[1])] as const;
  return {
    route,
    rps,
    p99: [median(of(names[0]).map((m) => m.p99)), median(of(names[1]).map((m) => m.p99))],
    ratio: rps[0].median / rps[1].median,
    roundRatios: rounds.map((r) => r[names[0]]!.rps / r[names[1]]!.rps),
    failures: rounds.reduce((sum, r) => sum + r[names[0]]!.failures + r[names[1]]!.failures, 0),
  };
}

const thousands = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function rpsCell(r: Figures): string {
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
    '| route | measured | req/s median (min–max) | baseline | req/s median (min–max) | p99 ms | baseline p99 ms | ratio (per round) | target |',
    '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const s of summaries) {
    const met = s.ratio >= s.route.target ? 'met' : 'missed';
    const [measured, baseline] = pairOf(s.route).map((name) => SERVER_LABELS[name]);
    lines.push(
      `| ${s.route.label} | ${measured} | ${rpsCell(s.rps[0])} | ${baseline} | ${rpsCell(s.rps[1])} | ${s.p99[0]} | ${s.p99[1]} | ${ratioCell(s)} | ≥ ${s.route.target.toFixed(2)}: ${met} |`,
    );
  }
  return lines.join('\n');
}
