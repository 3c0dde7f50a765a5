import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { CliError } from '../cli-error';
import { findProject, outputOf } from './project';

/**
 * Builds the project of a `.ts` entry with `tsc -b` (so that decorator metadata is emitted and
 * project references are built first) and returns the compiled entry. The compiler's report goes
 * to stderr: stdout may be the command's output (`tsapi openapi`).
 */
export function compileEntry(source: string): string {
  const project = findProject(source);
  const js = outputOf(project, source);
  const build = spawnSync(process.execPath, [project.tscPath, '-b', project.tsconfig], { encoding: 'utf8' });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
    throw new CliError(`compiling ${relative(process.cwd(), project.tsconfig)} failed`);
  }
  return js;
}
