import { parseArgs } from 'node:util';

export const STARTUP_PART = 'startup';

export interface BenchOptions {
  /** Seconds per measurement (one scenario on one server). */
  readonly duration: number;
  readonly rounds: number;
  /** Seconds of warm-up per scenario and server, not measured. */
  readonly warmup: number;
  /**
   * Seconds of unmeasured load right before every measured run, on the same server and request: a
   * server that sat idle while the others were measured starts its run as warm as one that did not.
   */
  readonly settle: number;
  readonly connections: number;
  readonly pipelining: number;
  /** Runs the Node servers under `node --cpu-prof`; figures are then not written. */
  readonly profile: boolean;
  /** Scenario ids and/or 'startup' to run; undefined runs everything. */
  readonly only: readonly string[] | undefined;
  /** Server families to run (tsapi, fastify, nestjs, fastapi); undefined runs all. */
  readonly servers: readonly string[] | undefined;
  /** The markdown file to write, relative to apps/bench; the chart goes next to it. */
  readonly out: string;
}

export const USAGE =
  'usage: node dist/run.js [--duration S] [--rounds N] [--warmup S] [--settle S] [--connections N] [--pipelining N] [--profile]\n' +
  '                        [--only hello,item,...,startup] [--servers tsapi,fastify,nestjs,fastapi] [--out FILE]';

/** A bad flag: reported as one line with the usage, without a stack trace. */
export class UsageError extends Error {}

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new UsageError(`--${name} must be a positive integer, got ${JSON.stringify(raw)}\n${USAGE}`);
  }
  return value;
}

function nonNegative(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new UsageError(`--${name} must be 0 or a positive integer, got ${JSON.stringify(raw)}\n${USAGE}`);
  }
  return value;
}

function list(name: string, raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new UsageError(`--${name} needs a comma-separated list\n${USAGE}`);
  return items;
}

const FLAGS = {
  duration: { type: 'string' },
  rounds: { type: 'string' },
  warmup: { type: 'string' },
  settle: { type: 'string' },
  connections: { type: 'string' },
  pipelining: { type: 'string' },
  profile: { type: 'boolean', default: false },
  only: { type: 'string' },
  servers: { type: 'string' },
  out: { type: 'string', default: 'RESULTS.md' },
} as const;

function parseFlags(argv: readonly string[]) {
  try {
    // `pnpm bench -- --rounds 5` passes the `--` through.
    const args = argv[0] === '--' ? argv.slice(1) : [...argv];
    return parseArgs({ args, options: FLAGS, strict: true }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
}

/** Reads the flags; names in --only and --servers are checked against what exists by the caller. */
export function readOptions(argv: readonly string[]): BenchOptions {
  const values = parseFlags(argv);
  return {
    duration: positive('duration', values.duration, 5),
    rounds: positive('rounds', values.rounds, 3),
    warmup: positive('warmup', values.warmup, 3),
    settle: nonNegative('settle', values.settle, 1),
    connections: positive('connections', values.connections, 100),
    pipelining: positive('pipelining', values.pipelining, 10),
    profile: values.profile,
    only: list('only', values.only),
    servers: list('servers', values.servers),
    out: values.out,
  };
}
