import { CliError } from '../cli-error';

/** The parts of the TypeScript compiler API the CLI uses. */
export type TypeScript = typeof import('typescript');

/**
 * The project's own TypeScript (the one its build uses), else the one next to the CLI.
 * TypeScript is never bundled: decorator metadata needs the real compiler.
 */
export function resolveTypeScript(projectDir: string): { ts: TypeScript; tscPath: string } {
  for (const paths of [[projectDir], [__dirname]]) {
    try {
      const main = require.resolve('typescript', { paths });
      const tscPath = require.resolve('typescript/bin/tsc', { paths });
      // Whichever TypeScript the project has, found at run time.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return { ts: require(main) as TypeScript, tscPath };
    } catch {
      // Not installed there: try the next place.
    }
  }
  throw new CliError(`TypeScript is needed to compile the project in ${projectDir}: npm install --save-dev typescript`);
}
