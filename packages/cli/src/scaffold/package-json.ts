/** A package.json, as far as scaffolding reads and writes it. */
export interface PackageJson {
  name: string;
  version?: string;
  private?: boolean;
  description?: string;
  main?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  overrides?: Record<string, string>;
  [key: string]: unknown;
}

/** What tests need when the service is on its own; versions come from the workspace's root package.json. */
export const TEST_TOOLS = ['typescript', 'jest', 'ts-jest', '@types/jest', '@types/node'] as const;

/** Inside the workspace: the template renamed, its `workspace:` ranges kept, tested with its own jest config. */
export function toWorkspaceService(template: PackageJson, name: string): PackageJson {
  return { ...template, name, scripts: { ...template.scripts, test: 'jest' } };
}

export interface StandaloneInputs {
  readonly name: string;
  /** `file:vendor/….tgz` of each packed workspace package. */
  readonly vendored: ReadonlyMap<string, string>;
  /** Extra development dependencies (test tools, packages the tests import) and their ranges. */
  readonly devTools: Readonly<Record<string, string>>;
}

function vendor(
  deps: Record<string, string> | undefined,
  vendored: ReadonlyMap<string, string>,
): Record<string, string> {
  return Object.fromEntries(Object.entries(deps ?? {}).map(([name, range]) => [name, vendored.get(name) ?? range]));
}

/** Dependencies in npm's order, as \`npm install\` would save them. */
function sorted(deps: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b, 'en')));
}

/**
 * On its own: workspace packages come from the tarballs in vendor/, and `overrides` make the
 * packed packages' own dependencies on each other (versions npm does not have) resolve to the
 * tarballs too. The scripts use the tsapi command from the vendored @tsapi/cli.
 */
export function toStandaloneService(
  template: PackageJson,
  { name, vendored, devTools }: StandaloneInputs,
): PackageJson {
  return {
    name,
    version: '0.1.0',
    private: true,
    description: template.description,
    main: 'dist/main.js',
    engines: { node: '>=20' },
    scripts: { build: 'tsc -b', start: 'tsapi run dist/main.js', dev: 'tsapi dev src/main.ts', test: 'jest' },
    dependencies: sorted({ ...vendor(template.dependencies, vendored), '@tsapi/cli': vendored.get('@tsapi/cli')! }),
    devDependencies: sorted({ ...devTools, ...vendor(template.devDependencies, vendored) }),
    overrides: Object.fromEntries(vendored),
  };
}
