import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { CliError } from '../cli-error';
import { resolveTypeScript, type TypeScript } from './typescript';

/** A TypeScript project: its tsconfig.json and the compiler that builds it. */
export interface TsProject {
  readonly tsconfig: string;
  readonly dir: string;
  readonly ts: TypeScript;
  readonly tscPath: string;
}

/** The project of a source file: the nearest tsconfig.json above it. */
export function findProject(file: string): TsProject {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const tsconfig = join(dir, 'tsconfig.json');
    if (existsSync(tsconfig)) return { tsconfig, dir, ...resolveTypeScript(dir) };
    if (dirname(dir) === dir) throw new CliError(`no tsconfig.json found above ${relative(process.cwd(), file)}`);
  }
}

/** Where `tsc` writes a source file of the project (its rootDir mapped to its outDir). */
export function outputOf(project: TsProject, source: string): string {
  const { ts } = project;
  const read = ts.readConfigFile(project.tsconfig, ts.sys.readFile);
  if (read.error)
    throw new CliError(`${project.tsconfig}: ${ts.flattenDiagnosticMessageText(read.error.messageText, ' ')}`);
  const config = ts.parseJsonConfigFileContent(read.config, ts.sys, project.dir, undefined, project.tsconfig);
  const name = relative(process.cwd(), source);
  if (!config.fileNames.some((file) => relative(file, source) === '')) {
    throw new CliError(
      `${name} is not part of the project ${relative(process.cwd(), project.tsconfig)} (see its "include")`,
    );
  }
  const js = ts
    .getOutputFileNames(config, source, !ts.sys.useCaseSensitiveFileNames)
    .find((file) => /\.[cm]?js$/.test(file));
  if (js === undefined)
    throw new CliError(`${name} compiles to no JavaScript file (is "noEmit" set in its tsconfig.json?)`);
  return js;
}
