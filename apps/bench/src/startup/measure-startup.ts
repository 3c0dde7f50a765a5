import { measure, measureSettled, type LoadSettings, type Measurement } from '../measure';
import type { BenchOptions } from '../options';
import { spawnGenerated, PROBE_PATH, type GeneratedProcess } from './generated-process';
import { measureModuleLoad, type LoadTimes } from './module-load';
import type { GeneratedKind } from './serve-generated';

export const ROUTE_COUNTS = [10, 100, 1_000, 5_000] as const;
export const PER_REQUEST_COUNTS = [1, 1_000] as const;
/**
 * Seconds of load before RSS is read (or --duration, if longer). V8 grows a server's young
 * generation to its load within three to four seconds: a 10-route app measured 82 MiB after two
 * seconds and 98 MiB after four, and whether a server had got there by two decided the ratio.
 */
const STEADY_LOAD_SECONDS = 5;

export interface StartupSample {
  readonly firstResponseMs: number;
  readonly compileMs: number;
  readonly rssBytes: number;
}

export interface StartupResults {
  readonly kinds: readonly GeneratedKind[];
  /** Samples over the rounds, by `${kind}:${routeCount}`. */
  readonly startup: ReadonlyMap<string, readonly StartupSample[]>;
  /** req/s of PROBE_PATH over the rounds, by `${kind}:${routeCount}`. */
  readonly perRequest: ReadonlyMap<string, readonly Measurement[]>;
  /** Spawn → exit of processes that only load libraries, by step (tsapi measured only). */
  readonly moduleLoad: LoadTimes | undefined;
}

export const keyOf = (kind: GeneratedKind, routeCount: number) => `${kind}:${routeCount}`;
const PROBE = { method: 'GET', path: PROBE_PATH } as const;

async function sampleStartup(kind: GeneratedKind, routeCount: number, load: LoadSettings): Promise<StartupSample> {
  const app = await spawnGenerated(kind, routeCount);
  try {
    await measure(app.origin, PROBE, 200, load);
    return { firstResponseMs: app.firstResponseMs, compileMs: app.compileMs, rssBytes: await app.rss() };
  } finally {
    await app.stop();
  }
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

async function measureStartups(
  kinds: readonly GeneratedKind[],
  options: BenchOptions,
): Promise<Map<string, StartupSample[]>> {
  const load: LoadSettings = { ...options, duration: Math.max(STEADY_LOAD_SECONDS, options.duration) };
  const samples = new Map<string, StartupSample[]>();
  for (let round = 0; round < options.rounds; round++) {
    console.log(`\nstart-up round ${round + 1}/${options.rounds}`);
    for (const routeCount of ROUTE_COUNTS) {
      const order = round % 2 === 0 ? kinds : [...kinds].reverse();
      for (const kind of order) {
        const sample = await sampleStartup(kind, routeCount, load);
        pushTo(samples, keyOf(kind, routeCount), sample);
        console.log(
          `  ${kind.padEnd(8)} ${String(routeCount).padStart(5)} routes: first 200 after ${sample.firstResponseMs.toFixed(0)} ms, ` +
            `compiled in ${sample.compileMs.toFixed(0)} ms, RSS ${(sample.rssBytes / 2 ** 20).toFixed(0)} MiB`,
        );
      }
    }
  }
  return samples;
}

/** req/s of one route with 1 and with 1,000 routes registered, interleaved like the scenarios. */
async function measurePerRequest(
  kinds: readonly GeneratedKind[],
  options: BenchOptions,
): Promise<Map<string, Measurement[]>> {
  const apps = new Map<string, GeneratedProcess>();
  const results = new Map<string, Measurement[]>();
  try {
    for (const kind of kinds)
      for (const count of PER_REQUEST_COUNTS) apps.set(keyOf(kind, count), await spawnGenerated(kind, count));
    const keys = [...apps.keys()];
    console.log(`\nper-request cost: warm-up (${options.warmup} s each)`);
    for (const key of keys) await measure(apps.get(key)!.origin, PROBE, 200, { ...options, duration: options.warmup });
    for (let round = 0; round < options.rounds; round++) {
      console.log(`per-request cost: round ${round + 1}/${options.rounds}`);
      for (const key of round % 2 === 0 ? keys : [...keys].reverse()) {
        const measurement = await measureSettled(apps.get(key)!.origin, PROBE, 200, options);
        pushTo(results, key, measurement);
        console.log(`  ${key.padEnd(14)} ${Math.round(measurement.rps).toLocaleString('en-US').padStart(8)} req/s`);
      }
    }
  } finally {
    await Promise.all([...apps.values()].map((app) => app.stop()));
  }
  return results;
}

/** Start-up time, compile time and memory of generated apps, and what many routes cost per request. */
export async function measureStartup(kinds: readonly GeneratedKind[], options: BenchOptions): Promise<StartupResults> {
  const startup = await measureStartups(kinds, options);
  const perRequest = await measurePerRequest(kinds, options);
  // Five samples at least: a spawn takes well under a second, and one slow one moves a median of three.
  const moduleLoad = kinds.includes('tsapi') ? await measureModuleLoad(Math.max(5, options.rounds)) : undefined;
  return { kinds, startup, perRequest, moduleLoad };
}
