import type { BenchOptions } from './options';
import { measure, measureSettled, type LoadSettings, type Measurement } from './measure';
import type { Scenario } from './scenarios';
import type { ServerProcess } from './server-process';

/** One round of one scenario: each server's measurement, by server name. */
export type RoundResults = Readonly<Record<string, Measurement>>;

function formatMeasurement(m: Measurement): string {
  const rps = Math.round(m.rps).toLocaleString('en-US').padStart(8);
  return `${rps} req/s  p99 ${String(m.p99).padStart(4)} ms${m.failures ? `  ${m.failures} failures` : ''}`;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/**
 * Warms every server up on every scenario, then runs the rounds: in each round every scenario is
 * measured on all its servers back to back, the first server changing from round to round so that
 * none always runs right after the warm-up or after the same neighbour, and each run settled first.
 */
export async function runScenarios(
  scenarios: readonly Scenario[],
  servers: ReadonlyMap<string, ServerProcess>,
  options: BenchOptions,
): Promise<RoundResults[][]> {
  const warmup: LoadSettings = { ...options, duration: options.warmup };
  console.log(`\nwarm-up (${options.warmup} s per scenario and server)`);
  for (const scenario of scenarios) {
    for (const c of scenario.contenders)
      await measure(servers.get(c.server)!.origin, scenario.request, c.expectedStatus, warmup);
  }

  const results: RoundResults[][] = scenarios.map(() => []);
  for (let round = 0; round < options.rounds; round++) {
    console.log(`\nround ${round + 1}/${options.rounds}`);
    for (const [i, scenario] of scenarios.entries()) {
      const roundResults: Record<string, Measurement> = {};
      for (const c of rotate(scenario.contenders, round)) {
        const measurement = await measureSettled(servers.get(c.server)!.origin, scenario.request, c.expectedStatus, options);
        roundResults[c.server] = measurement;
        console.log(`  ${scenario.id.padEnd(16)} ${c.label.padEnd(20)} ${formatMeasurement(measurement)}`);
      }
      results[i].push(roundResults);
    }
  }
  return results;
}
