import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Seconds per measurement (one route on one server). */
  readonly duration: number;
  readonly rounds: number;
  /** Seconds of warm-up per route and server, not measured. */
  readonly warmup: number;
  readonly connections: number;
  readonly pipelining: number;
  /** Runs both servers under `node --cpu-prof`; figures are then not written to RESULTS.md. */
  readonly profile: boolean;
}

const USAGE =
  'usage: node dist/run.js [--duration S] [--rounds N] [--warmup S] [--connections N] [--pipelining N] [--profile]';

/** A bad flag: reported as one line with the usage, without a stack trace. */
export class UsageError extends Error {}

function positive(name: string, raw: string | undefined, fallback: number, integer: boolean): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(
      `--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(raw)}\n${USAGE}`,
    );
  }
  return value;
}

const FLAGS = {
  duration: { type: 'string' },
  rounds: { type: 'string' },
  warmup: { type: 'string' },
  connections: { type: 'string' },
  pipelining: { type: 'string' },
  profile: { type: 'boolean', default: false },
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

export function readOptions(argv: readonly string[]): BenchOptions {
  const values = parseFlags(argv);
  return {
    duration: positive('duration', values.duration, 5, true),
    rounds: positive('rounds', values.rounds, 3, true),
    warmup: positive('warmup', values.warmup, 3, true),
    connections: positive('connections', values.connections, 100, true),
    pipelining: positive('pipelining', values.pipelining, 10, true),
    profile: values.profile,
  };
}
