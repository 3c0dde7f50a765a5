import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { checkSameAnswers } from './check-answers';
import { measure, type LoadSettings, type Measurement } from './measure';
import { readOptions, UsageError, type BenchOptions } from './options';
import { summarize, toMarkdownTable, type RoundResults } from './report';
import { pairOf, ROUTES, SERVER_LABELS, SERVERS, type ServerName } from './routes';
import { startServer, type ServerProcess } from './server-process';

const PACKAGE_DIR = resolve(__dirname, '..');

function fastifyVersion(): string {
  const manifest = join(dirname(require.resolve('fastify')), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function describeSetup(options: BenchOptions): string[] {
  const cores = cpus();
  return [
    `Node ${process.version}, Fastify ${fastifyVersion()}, ${cores[0]?.model.trim() ?? 'unknown CPU'}.`,
    `The load generator (autocannon) and the server share this machine (${cores.length} cores): absolute figures are noisy, compare the ratio.`,
    `autocannon: ${options.connections} connections, pipelining ${options.pipelining}; warm-up ${options.warmup} s per route and server, ` +
      `then ${options.rounds} round${options.rounds === 1 ? '' : 's'} × ${options.duration} s per route per server, the two servers alternating.`,
  ];
}

function formatMeasurement(m: Measurement): string {
  return `${Math.round(m.rps).toLocaleString('en-US').padStart(8)} req/s  p99 ${String(m.p99).padStart(4)} ms${m.failures ? `  ${m.failures} failures` : ''}`;
}

async function benchmark(servers: Record<ServerName, ServerProcess>, options: BenchOptions): Promise<RoundResults[][]> {
  const warmup: LoadSettings = { ...options, duration: options.warmup };
  console.log(`\nwarm-up (${options.warmup} s per route and server)`);
  for (const route of ROUTES) for (const name of pairOf(route)) await measure(servers[name].origin, route, warmup);

  const results: RoundResults[][] = ROUTES.map(() => []);
  for (let round = 0; round < options.rounds; round++) {
    // Who goes first alternates, so that neither server always runs right after the warm-up or the other's load.
    console.log(`\nround ${round + 1}/${options.rounds}`);
    for (const [i, route] of ROUTES.entries()) {
      const order = round % 2 === 0 ? pairOf(route) : [...pairOf(route)].reverse();
      const roundResult: RoundResults = {};
      for (const name of order) {
        const measurement = await measure(servers[name].origin, route, options);
        roundResult[name] = measurement;
        console.log(`  ${route.label.padEnd(40)} ${SERVER_LABELS[name].padEnd(8)} ${formatMeasurement(measurement)}`);
      }
      results[i].push(roundResult);
    }
  }
  return results;
}

function resultsDocument(setup: readonly string[], table: string, failures: number, args: readonly string[]): string {
  const flags = args.filter((a) => a !== '--');
  return [
    '# Benchmark results',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npx -y pnpm@12.4.2 bench${flags.length ? ` -- ${flags.join(' ')}` : ''}\`. ${setup.join(' ')}`,
    '',
    table,
    '',
    "req/s is autocannon's mean over one run; median, min and max are over the rounds. p99 is the median over the rounds of",
    "each run's 99th percentile latency. The ratio is median tsapi req/s over median Fastify req/s; in brackets, the lowest",
    'and highest ratio of a single round (both servers measured back to back).',
    ...(failures
      ? ['', `**${failures} requests failed or answered with an unexpected status during the measurements.**`]
      : []),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const setup = describeSetup(options);
  console.log(setup.join('\n'));
  const profileDir = options.profile ? join(PACKAGE_DIR, '.bench-results', 'profiles') : undefined;
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    console.log(`Profiling both servers into ${profileDir}; RESULTS.md is left as it is.`);
  }

  const started: ServerProcess[] = [];
  try {
    for (const name of SERVERS) started.push(await startServer(name, { profileDir }));
    const servers = Object.fromEntries(started.map((s) => [s.name, s])) as Record<ServerName, ServerProcess>;

    const problems = await checkSameAnswers(servers, ROUTES);
    if (problems.length > 0) {
      console.error(`\nThe servers do not answer alike, so there is nothing fair to measure:\n${problems.join('\n')}`);
      process.exitCode = 1;
      return;
    }
    console.log(`\nThe two servers of each of the ${ROUTES.length} rows answer with the same status and JSON.`);

    const results = await benchmark(servers, options);
    const summaries = ROUTES.map((route, i) => summarize(route, results[i]));
    const table = toMarkdownTable(summaries);
    const failures = summaries.reduce((sum, s) => sum + s.failures, 0);
    console.log(`\n${table}\n`);
    console.log(setup[1]);
    if (failures) console.log(`${failures} requests failed or answered with an unexpected status.`);
    if (!options.profile) {
      const file = join(PACKAGE_DIR, 'RESULTS.md');
      writeFileSync(file, resultsDocument(setup, table, failures, process.argv.slice(2)));
      console.log(`Written to ${file}`);
    }
  } finally {
    await Promise.all(started.map((s) => s.stop()));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? error.message : error);
  process.exit(1);
});
