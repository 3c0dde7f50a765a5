import { readdirSync, readFileSync } from 'node:fs';

function readStatus(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Resident memory of one process in bytes, from /proc (Linux). */
function rssOf(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readStatus(pid) ?? '');
  return match ? Number(match[1]) * 1024 : 0;
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = /^PPid:\s+(\d+)$/m.exec(readStatus(Number(entry)) ?? '')?.[1];
    if (parent !== undefined && Number(parent) === pid) children.push(Number(entry));
  }
  return children;
}

/** RSS of a server: the process and, under `--workers`, every worker it forked. */
export function serverRss(pid: number): number {
  return [pid, ...childrenOf(pid)].reduce((sum, p) => sum + rssOf(p), 0);
}
