import { writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runSoak } from './run-soak';
import { growthOf, memoryChart, passed, soakMarkdown } from './soak-report';

const USAGE = 'usage: node dist/soak/soak.js [--seconds 300] [--rate 300] [--warmup 30] [--workers N] [--out SOAK.md]';

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(raw)}\n${USAGE}`);
  return value;
}

/** The soak as a command: builds nothing (the `soak` script builds first), writes the report and its chart. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const { values } = parseArgs({
    args: args[0] === '--' ? args.slice(1) : args,
    options: {
      seconds: { type: 'string' },
      rate: { type: 'string' },
      warmup: { type: 'string' },
      workers: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const options = {
    seconds: positive('seconds', values.seconds, 300),
    rate: positive('rate', values.rate, 300),
    warmup: positive('warmup', values.warmup, 30),
    workers: values.workers === undefined ? undefined : positive('workers', values.workers, 1),
  };
  const out = resolve(__dirname, '../..', values.out ?? 'SOAK.md');
  const chart = join(dirname(out), basename(out, '.md').toLowerCase() + '.svg');
  console.log(
    `soak: ${options.seconds} s at ${options.rate} req/s against tsapi run${options.workers ? ` --workers ${options.workers}` : ''}…`,
  );
  const result = await runSoak(options);
  writeFileSync(chart, memoryChart(result));
  writeFileSync(
    out,
    soakMarkdown(
      result,
      basename(chart),
      `npx -y pnpm@12.4.2 soak -- ${args.filter((a) => a !== '--').join(' ')}`.trim(),
    ),
  );
  console.log(
    `soak: ${result.tally.sent} requests, ${result.tally.unexpected} unexpected, RSS growth ${growthOf(result).toFixed(1)} MiB, exit ${result.exitCode} → ${out}`,
  );
  process.exitCode = passed(result) ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
