import { FAMILIES, type Family } from './contenders';
import { STARTUP_PART, UsageError, USAGE, type BenchOptions } from './options';
import { SCENARIOS, type Scenario } from './scenarios';

export interface Selection {
  readonly scenarios: readonly Scenario[];
  readonly families: readonly Family[];
  readonly startup: boolean;
}

function checkNames(flag: string, given: readonly string[], known: readonly string[]): void {
  const unknown = given.filter((name) => !known.includes(name));
  if (unknown.length)
    throw new UsageError(`--${flag}: unknown ${unknown.join(', ')} (known: ${known.join(', ')})\n${USAGE}`);
}

/** Keeps only the servers of `families`; a scenario left without a comparison is dropped. */
export function withFamilies(scenarios: readonly Scenario[], families: readonly Family[]): Scenario[] {
  return scenarios
    .map((s) => ({ ...s, contenders: s.contenders.filter((c) => families.includes(c.family)) }))
    .filter((s) => s.contenders.length >= (s.group === 'overhead' ? 2 : 1));
}

/** What --only and --servers select. */
export function selectParts(options: BenchOptions): Selection {
  const ids = SCENARIOS.map((s) => s.id);
  if (options.only) checkNames('only', options.only, [...ids, STARTUP_PART]);
  if (options.servers) checkNames('servers', options.servers, FAMILIES);
  const families = FAMILIES.filter((f) => !options.servers || options.servers.includes(f));
  const chosen = SCENARIOS.filter((s) => !options.only || options.only.includes(s.id));
  return {
    scenarios: withFamilies(chosen, families),
    families,
    startup: !options.only || options.only.includes(STARTUP_PART),
  };
}
