import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { runScenarios } from './benchmark';
import { throughputChart } from './chart';
import { checkSameAnswers } from './check-answers';
import { coreLayout, pinLoadGenerator, pinServer, type CoreLayout } from './cores';
import type { Family } from './contenders';
import { describePython, findFastapi, type PythonSetup } from './fastapi-server';
import { readOptions, UsageError, type BenchOptions } from './options';
import { resultsDocument } from './results-document';
import { overheadTable, ratioTable, throughputTable } from './scenario-tables';
import type { Scenario } from './scenarios';
import { selectParts, withFamilies } from './selection';
import { startServer, type ServerProcess } from './server-process';
import { specsFor } from './server-specs';
import { measureStartup, type StartupResults } from './startup/measure-startup';
import { moduleLoadTable } from './startup/module-load';
import { compileVerdict, perRequestTable, startupTable } from './startup/startup-report';
import { failuresOf, summarize, type ScenarioResult } from './summarize';

const PACKAGE_DIR = resolve(__dirname, '..');

function versionOf(name: string): string {
  const manifest = join(dirname(require.resolve(name)), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function describeSetup(
  options: BenchOptions,
  families: readonly Family[],
  python: PythonSetup | undefined,
  layout: CoreLayout | undefined,
): string[] {
  const cores = cpus();
  const placement = layout
    ? `each server is pinned to core ${layout.server} and autocannon to core ${layout.load} (taskset), except \`tsapi run\`'s workers, which may use every core; the start-up processes are not pinned`
    : 'no process is pinned to a core';
  return [
    `Node ${process.version}, Fastify ${versionOf('fastify')}` +
      `${families.includes('nestjs') ? `, NestJS ${versionOf('@nestjs/core')} on @nestjs/platform-fastify` : ''}; ${cores[0]?.model.trim() ?? 'unknown CPU'}.`,
    ...(python ? [`${describePython(python)}.`] : []),
    `The load generator (autocannon) and the servers share this machine (${cores.length} cores); ${placement}. Absolute figures are noisy, compare the ratios.`,
    `autocannon against 127.0.0.1: ${options.connections} connections, pipelining ${options.pipelining}; warm-up ${options.warmup} s per scenario and server, ` +
      `then ${options.rounds} round${options.rounds === 1 ? '' : 's'} × ${options.duration} s per scenario per server, the servers of a scenario back to back` +
      (options.settle > 0 ? `, each run right after ${options.settle} s of the same load that is not counted` : '') +
      '; the Node servers run with `--min-semi-space-size=16`, so that time spent idle between their runs does not shrink their young generation.',
  ];
}

/** FastAPI runs only if Python has it (installed here when root); otherwise its column is dropped with a note. */
function pythonFor(scenarios: readonly Scenario[], notes: string[]): PythonSetup | undefined {
  if (!scenarios.some((s) => s.contenders.some((c) => c.family === 'fastapi'))) return undefined;
  const found = findFastapi();
  if (found.ok) return found.setup;
  console.log(found.reason);
  notes.push(found.reason);
  return undefined;
}

async function measureScenarios(
  scenarios: readonly Scenario[],
  python: PythonSetup | undefined,
  options: BenchOptions,
  profileDir: string | undefined,
  layout: CoreLayout | undefined,
): Promise<ScenarioResult[] | undefined> {
  const started: ServerProcess[] = [];
  try {
    for (const spec of specsFor(scenarios, python)) started.push(await startServer(spec, { profileDir }));
    const servers = new Map(started.map((s) => [s.name, s]));
    const problems = await checkSameAnswers(servers, scenarios);
    if (problems.length > 0) {
      console.error(`\nThe servers do not answer alike, so there is nothing fair to measure:\n${problems.join('\n')}`);
      return undefined;
    }
    console.log(`\nAll servers answer the ${scenarios.length} scenarios alike.`);
    if (layout) {
      for (const server of started) if (server.pid !== undefined) pinServer(server.pid, layout);
      pinLoadGenerator(layout, 'load');
    }
    const rounds = await runScenarios(scenarios, servers, options);
    return scenarios.map((scenario, i) => summarize(scenario, rounds[i]));
  } finally {
    // The start-up measurements that follow spawn processes, which would inherit this process's cores.
    if (layout) pinLoadGenerator(layout, 'all');
    await Promise.all(started.map((s) => s.stop()));
  }
}

function printTables(
  frameworks: readonly ScenarioResult[],
  overhead: readonly ScenarioResult[],
  families: readonly Family[],
  startup: StartupResults | undefined,
): void {
  if (frameworks.length) console.log(`\n${throughputTable(frameworks, families)}`);
  if (frameworks.length && families.includes('fastify')) console.log(`\n${ratioTable(frameworks, families)}`);
  if (overhead.length) console.log(`\n${overheadTable(overhead)}`);
  if (startup)
    console.log(
      `\n${startupTable(startup)}\n\n${compileVerdict(startup) ?? ''}\n\n` +
        `${startup.moduleLoad ? `${moduleLoadTable(startup.moduleLoad)}\n\n` : ''}${perRequestTable(startup)}`,
    );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = readOptions(argv);
  const selection = selectParts(options);
  const notes: string[] = [];
  const python = pythonFor(selection.scenarios, notes);
  const families = selection.families.filter((f) => f !== 'fastapi' || python);
  const scenarios = withFamilies(selection.scenarios, families);
  const layout = scenarios.length ? coreLayout() : undefined;
  const setup = describeSetup(options, families, python, layout);
  console.log(setup.join('\n'));

  const profileDir = options.profile ? join(PACKAGE_DIR, '.bench-results', 'profiles') : undefined;
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    console.log(`Profiling the Node servers into ${profileDir}; no results file is written.`);
  }

  const results = scenarios.length ? await measureScenarios(scenarios, python, options, profileDir, layout) : [];
  if (!results) {
    process.exitCode = 1;
    return;
  }
  const kinds = families.filter((f): f is 'tsapi' | 'fastify' => f === 'tsapi' || f === 'fastify');
  const startup = selection.startup && kinds.length ? await measureStartup(kinds, options) : undefined;

  const frameworks = results.filter((r) => r.scenario.group === 'frameworks');
  const overhead = results.filter((r) => r.scenario.group === 'overhead');
  printTables(frameworks, overhead, families, startup);
  const failures = failuresOf(results);
  console.log(`\n${setup[setup.length - 2]}`);
  if (failures) console.log(`${failures} requests failed or answered with an unexpected status.`);
  if (options.profile) return;

  const out = resolve(PACKAGE_DIR, options.out);
  const chartFile = frameworks.length ? `${basename(out, extname(out)).toLowerCase()}.svg` : undefined;
  if (chartFile) writeFileSync(join(dirname(out), chartFile), throughputChart(frameworks, families));
  const flags = argv.filter((a) => a !== '--');
  const command = `npx -y pnpm@12.4.2 bench${flags.length ? ` -- ${flags.join(' ')}` : ''}`;
  writeFileSync(
    out,
    resultsDocument({ command, setup, notes, families, frameworks, overhead, chartFile, startup, failures }),
  );
  console.log(`Written to ${out}${chartFile ? ` and ${join(dirname(out), chartFile)}` : ''}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? error.message : error);
  process.exit(1);
});
