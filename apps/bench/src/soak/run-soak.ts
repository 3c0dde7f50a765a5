import { setTimeout as sleep } from 'node:timers/promises';
import { median } from '../statistics';
import { serverRss } from './memory';
import type { MemorySample, SoakResult } from './soak-report';
import { startTemplate } from './template-service';
import { runTraffic, signIn } from './traffic';

export interface SoakOptions {
  readonly seconds: number;
  readonly rate: number;
  readonly warmup: number;
  readonly workers?: number;
}

const MIB = 1024 * 1024;

function medianRss(samples: readonly MemorySample[], from: number, to: number): number {
  const window = samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.rssMiB);
  return window.length > 0 ? median(window) : Number.NaN;
}

/** Starts the template under `tsapi run`, sends the mix for `seconds`, samples RSS, stops it with SIGTERM. */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const service = await startTemplate({ workers: options.workers });
  try {
    const session = await signIn(service.origin);
    const samples: MemorySample[] = [];
    const started = Date.now();
    const end = sleep(options.seconds * 1000);
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push({ at: (Date.now() - started) / 1000, rssMiB: serverRss(service.process.pid!) / MIB });
        await sleep(1000);
      }
    })();
    const tally = await runTraffic(service.origin, session, options.rate, end);
    sampling = false;
    await sampler;
    const exitCode = await service.stop();
    const last = samples.at(-1)?.at ?? 0;
    const baselineEnd = Math.min(options.warmup + 30, last);
    return {
      ...options,
      workers: options.workers,
      tally,
      samples,
      baselineMiB: medianRss(samples, options.warmup, baselineEnd),
      finalMiB: medianRss(samples, Math.max(baselineEnd, last - 30), last),
      peakMiB: Math.max(...samples.filter((s) => s.at >= options.warmup).map((s) => s.rssMiB)),
      exitCode,
    };
  } catch (error) {
    await service.stop('SIGKILL');
    throw error;
  }
}
