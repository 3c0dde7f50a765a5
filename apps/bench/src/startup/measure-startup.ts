import { measure, measureSettled, type LoadSettings, type Measurement } from '../measure';
import type { BenchOptions } from '../options';
import { STEADY_YOUNG_GENERATION } from '../server-process';
import { spawnGenerated, PROBE_PATH, type GeneratedProcess } from './generated-process';
import { measureModuleLoad, type LoadTimes } from './module-load';
import type { GeneratedKind } from './serve-generated';

export const ROUTE_COUNTS = [10, 100, 1_000, 5_000] as const;
export const PER_REQUEST_COUNTS = [1, 1_000] as const;
/** Seconds of load before RSS is read (or --duration, if longer). */
const RSS_LOAD_SECONDS = 3;

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

/**
 * Start-up is timed in a process started as users start Node. RSS is read in a second process
 * after load and a full collection, with the young generation at its loaded size as for the
 * throughput servers. Left to V8, the young generation grows by 16–20 MiB at a moment set by how
 * much survives each scavenge (tsapi, which keeps more per request in flight, got there at 10
 * routes within 5 s of load; Fastify at 100 to 300 routes), and start-up's garbage stays in the
 * old generation until a full collection comes: a reading told whether those had happened yet.
 */
const RSS_PROCESS_FLAGS = [STEADY_YOUNG_GENERATION, '--expose-gc'];

async function sampleStartup(kind: GeneratedKind, routeCount: number, load: LoadSettings): Promise<StartupSample> {
  const timed = await spawnGenerated(kind, routeCount);
  await timed.stop();
  const loaded = await spawnGenerated(kind, routeCount, RSS_PROCESS_FLAGS);
  try {
    await measure(loaded.origin, PROBE, 200, load);
    return { firstResponseMs: timed.firstResponseMs, compileMs: timed.compileMs, rssBytes: await loaded.rss() };
  } finally {
    await loaded.stop();
  }
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

async function measureStartups(
  kinds: readonly GeneratedKind[],
  options: BenchOptions,
): Promise<Map<string, StartupSample[]>> {
  const load: LoadSettings = { ...options, duration: Math.max(RSS_LOAD_SECONDS, options.duration) };
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
      for (const count of PER_REQUEST_COUNTS)
        apps.set(keyOf(kind, count), await spawnGenerated(kind, count, [STEADY_YOUNG_GENERATION]));
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
