export { CliError } from './cli-error';
export { runCli, generalUsage, COMMANDS } from './main';
export type { Command, CommandInput } from './command';
export { loadApp, resolveEntry, compiledEntry } from './entry/load-app';
export { formatRouteTable } from './routes/format-route-table';
export {
  readListenOptions,
  parseWorkers,
  DEFAULT_HOST,
  DEFAULT_PORT,
  type ListenOptions,
} from './serve/listen-options';
export { scaffold, nextSteps, type ScaffoldOptions, type ScaffoldResult } from './scaffold/scaffold';
export { checkPackageName } from './scaffold/package-name';
export { serviceReadme } from './scaffold/readme';
