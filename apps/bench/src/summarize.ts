import type { RoundResults } from './benchmark';
import type { Contender, Scenario, Target } from './scenarios';
import { median, spreadOf, type Spread } from './statistics';

export interface ContenderResult {
  readonly contender: Contender;
  /** req/s over the rounds. */
  readonly rps: Spread;
  /** Median over the rounds of each run's 99th percentile latency, in ms. */
  readonly p99: number;
  readonly failures: number;
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly contenders: readonly ContenderResult[];
  readonly rounds: readonly RoundResults[];
}

/** Median req/s of one server over another's, and the lowest and highest ratio of a single round. */
export interface Ratio {
  readonly ratio: number;
  readonly low: number;
  readonly high: number;
}

export function summarize(scenario: Scenario, rounds: readonly RoundResults[]): ScenarioResult {
  return {
    scenario,
    rounds,
    contenders: scenario.contenders.map((contender) => {
      const runs = rounds.map((round) => round[contender.server]);
      return {
        contender,
        rps: spreadOf(runs.map((m) => m.rps)),
        p99: median(runs.map((m) => m.p99)),
        failures: runs.reduce((sum, m) => sum + m.failures, 0),
      };
    }),
  };
}

export function resultOf(result: ScenarioResult, server: string): ContenderResult | undefined {
  return result.contenders.find((c) => c.contender.server === server);
}

/** undefined when one of the two servers was not measured. */
export function ratioBetween(result: ScenarioResult, measured: string, baseline: string): Ratio | undefined {
  const [a, b] = [resultOf(result, measured), resultOf(result, baseline)];
  if (!a || !b) return undefined;
  const perRound = result.rounds.map((round) => round[measured].rps / round[baseline].rps);
  return { ratio: a.rps.median / b.rps.median, low: Math.min(...perRound), high: Math.max(...perRound) };
}

export function targetMet(result: ScenarioResult, target: Target): boolean | undefined {
  const ratio = ratioBetween(result, target.measured, target.baseline);
  return ratio && ratio.ratio >= target.atLeast;
}

export function failuresOf(results: readonly ScenarioResult[]): number {
  return results.reduce((sum, r) => sum + r.contenders.reduce((s, c) => s + c.failures, 0), 0);
}
