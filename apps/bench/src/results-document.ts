import type { Family } from './contenders';
import { overheadTable, ratioTable, throughputTable } from './scenario-tables';
import { compileVerdict, perRequestTable, startupTable } from './startup/startup-report';
import type { StartupResults } from './startup/measure-startup';
import { moduleLoadTable } from './startup/module-load';
import type { ScenarioResult } from './summarize';

export interface ResultsInput {
  /** The command line that produced the figures. */
  readonly command: string;
  readonly setup: readonly string[];
  /** One-line notes, such as a framework that was skipped and why. */
  readonly notes: readonly string[];
  readonly families: readonly Family[];
  readonly frameworks: readonly ScenarioResult[];
  readonly overhead: readonly ScenarioResult[];
  /** The chart's file name, relative to the document. */
  readonly chartFile: string | undefined;
  readonly startup: StartupResults | undefined;
  readonly failures: number;
}

function frameworkSection(input: ResultsInput): string[] {
  if (input.frameworks.length === 0) return [];
  return [
    '## Frameworks side by side',
    '',
    ...(input.chartFile ? [`![req/s per scenario and framework](${input.chartFile})`, ''] : []),
    throughputTable(input.frameworks, input.families),
    '',
    "req/s is autocannon's mean over one run; median, min and max are over the rounds. p99 is the median over the rounds",
    "of each run's 99th percentile latency.",
    '',
    ...(input.families.includes('fastify')
      ? ['### Ratios to plain Fastify', '', ratioTable(input.frameworks, input.families), '']
      : []),
    'Each ratio is the median req/s of the framework over the median req/s of Fastify in the same scenario; in brackets,',
    'the lowest and highest ratio of a single round (all servers of a scenario measured back to back). The bad-body',
    "scenario answers 422 everywhere but in NestJS, whose ValidationPipe answers 400; NestJS's and FastAPI's error bodies",
    'have their own shapes, so only their status is checked before measuring.',
    '',
  ];
}

function overheadSection(input: ResultsInput): string[] {
  if (input.overhead.length === 0) return [];
  return [
    '## Middleware, CORS and workers in tsapi',
    '',
    'The same tsapi app with one middleware (it sets a header on every response) or with CORS (an allowed `Origin` on',
    'every request), against the app without; and served by `tsapi run --workers 2` against `--workers 1` (node:cluster,',
    'the primary hands connections to the workers in turn).',
    '',
    overheadTable(input.overhead),
    '',
  ];
}

function startupSection(startup: StartupResults | undefined): string[] {
  if (!startup) return [];
  const verdict = compileVerdict(startup);
  return [
    '## Start-up and memory',
    '',
    'Generated apps: resources of five routes (GET, list, POST and PUT with a DTO body, DELETE) with typed path and query',
    'parameters, as tsapi controllers and as plain Fastify routes with equivalent JSON Schemas. Medians over the rounds;',
    "Start-up is timed in a process started with Node's defaults; RSS is read in a second process after 3 s of load on one",
    'route and a full collection, run like the throughput servers with the young generation at its loaded size',
    '(`--min-semi-space-size=16`).',
    '',
    startupTable(startup),
    '',
    ...(verdict ? [verdict, ''] : []),
    ...(startup.moduleLoad
      ? [
          '### What loading the libraries costs',
          '',
          'Processes that only require modules and exit, before any app exists. The hand-written Fastify app loads',
          'only the first two lines; a tsapi app with DTOs loads all four, class-validator included (it brings validator.js',
          'and libphonenumber-js), so that difference is part of every tsapi start-up above.',
          '',
          moduleLoadTable(startup.moduleLoad),
          '',
        ]
      : []),
    '### Cost of many routes per request',
    '',
    perRequestTable(startup),
    '',
  ];
}

/** RESULTS.md: how the figures were taken, then one section per part that ran. */
export function resultsDocument(input: ResultsInput): string {
  return [
    '# Benchmark results',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`${input.command}\`.`,
    '',
    ...input.setup.map((line) => `- ${line}`),
    ...input.notes.map((line) => `- ${line}`),
    '',
    ...frameworkSection(input),
    ...overheadSection(input),
    ...startupSection(input.startup),
    ...(input.failures
      ? [`**${input.failures} requests failed or answered with an unexpected status during the measurements.**`, '']
      : []),
  ].join('\n');
}
