import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { median } from '../statistics';

/**
 * What each library costs a process before any app exists: the time from spawning `node` to its
 * exit after requiring the modules, for bare Node and for each step up to tsapi. The difference
 * between two lines is the load time of what the lower one adds.
 */
export const LOAD_STEPS = [
  { label: 'node (nothing required)', modules: [] },
  { label: 'fastify', modules: ['fastify'] },
  { label: 'fastify + class-validator', modules: ['fastify', 'class-validator'] },
  { label: 'fastify + class-validator + @tsapi/core', modules: ['fastify', 'class-validator', 'reflect-metadata', '@tsapi/core'] },
] as const;

export type LoadTimes = ReadonlyMap<string, readonly number[]>;

function timeProcess(modules: readonly string[]): Promise<number> {
  const script = modules.map((m) => `require(${JSON.stringify(m)});`).join('');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // Run from this package, which depends on every module required.
    const child = spawn(process.execPath, ['-e', script], { cwd: __dirname, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`node -e '${script}' exited with ${code}`));
    });
  });
}

export async function measureModuleLoad(rounds: number): Promise<LoadTimes> {
  const times = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    for (const step of LOAD_STEPS) {
      const ms = await timeProcess(step.modules);
      times.set(step.label, [...(times.get(step.label) ?? []), ms]);
    }
  }
  console.log(`\nmodule load (spawn → exit), median of ${rounds}:`);
  for (const step of LOAD_STEPS) console.log(`  ${step.label.padEnd(42)} ${median(times.get(step.label)!).toFixed(0)} ms`);
  return times;
}

/** Spawn → exit per step, and what each step adds to the one before. */
export function moduleLoadTable(times: LoadTimes): string {
  const lines = ['| process requires | spawn → exit ms | added by the last module |', '| --- | ---: | ---: |'];
  let previous: number | undefined;
  for (const step of LOAD_STEPS) {
    const samples = times.get(step.label);
    if (!samples?.length) continue;
    const ms = median(samples);
    lines.push(`| ${step.label} | ${ms.toFixed(0)} | ${previous === undefined ? '—' : `+${(ms - previous).toFixed(0)}`} |`);
    previous = ms;
  }
  return lines.join('\n');
}
