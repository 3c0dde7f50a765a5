import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

/**
 * Which cores the servers and the load generator run on. With two cores or more and `taskset`
 * (util-linux) at hand, a measured server gets core 0 to itself and autocannon the others, so
 * that neither steals the other's time slices: on a small machine that contention, not the
 * frameworks, made most of the difference between two runs.
 */
export interface CoreLayout {
  readonly server: string;
  readonly load: string;
  readonly all: string;
}

function setAffinity(pid: number, cores: string): boolean {
  try {
    // -a: every thread of the process (V8's and libuv's helpers too).
    execFileSync('taskset', ['-a', '-p', '-c', cores, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The layout to use, or undefined when the processes cannot be kept apart here. */
export function coreLayout(): CoreLayout | undefined {
  const count = cpus().length;
  if (count < 2 || process.platform !== 'linux') return undefined;
  const layout = { server: '0', load: count === 2 ? '1' : `1-${count - 1}`, all: `0-${count - 1}` };
  return setAffinity(process.pid, layout.all) ? layout : undefined;
}

export function pinServer(pid: number, layout: CoreLayout): void {
  if (!setAffinity(pid, layout.server)) throw new Error(`could not pin server process ${pid} to core ${layout.server}`);
}

/** Moves this process (the load generator) to its cores, or back to all of them. */
export function pinLoadGenerator(layout: CoreLayout, where: 'load' | 'all'): void {
  setAffinity(process.pid, layout[where]);
}
