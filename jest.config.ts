import type { Config } from 'jest';

/** One jest project per package or app; every one runs its TypeScript through ts-jest. */
function tsJest(root: string): Config['transform'] {
  return { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: `${root}/tsconfig.test.json` }] };
}

/**
 * `cookie` 2 (used by Fastify's inject) and `content-disposition` 3 (used by @fastify/static under
 * Swagger UI) ship only ES modules, which jest's CommonJS runtime on Node 20 cannot require: they
 * are compiled like the sources.
 */
const ESM_ONLY = ['cookie', 'content-disposition'];
const transformIgnorePatterns = [`/node_modules/(?!\\.pnpm/(${ESM_ONLY.join('|')})@|(${ESM_ONLY.join('|')})/)`];

/** The workspace packages resolve to their sources, so tests need no build. */
function moduleNameMapper(root: string): Record<string, string> {
  const names = ['core', 'testing', 'security', 'cli'];
  return Object.fromEntries(names.map((name) => [`^@tsapi/${name}$`, `${root}/packages/${name}/src/index.ts`]));
}

function project(dir: string, name: string): Config {
  // A project's <rootDir> is its own folder; the workspace root is as many levels up as `dir` is deep.
  const root = ['<rootDir>', ...dir.split('/').map(() => '..')].join('/');
  return {
    displayName: name,
    rootDir: `<rootDir>/${dir}`,
    testEnvironment: 'node',
    transform: tsJest(root),
    transformIgnorePatterns,
    moduleNameMapper: moduleNameMapper(root),
    testMatch: ['<rootDir>/test/**/*.test.ts'],
  };
}

/** The template's suites once more, against a real PostgreSQL server instead of SQLite in memory. */
function templateOnPostgres(): Config {
  const base = project('apps/template', 'template-postgres');
  return {
    ...base,
    setupFiles: ['<rootDir>/test/support/use-postgres.ts'],
    // The browser test drives Swagger UI, whatever the database: once is enough.
    testPathIgnorePatterns: ['/node_modules/', 'docs-browser\\.test\\.ts$'],
  };
}

const config: Config = {
  globalSetup: '<rootDir>/scripts/build-for-tests.mjs',
  projects: [
    project('packages/core', 'core'),
    project('packages/testing', 'testing'),
    project('packages/security', 'security'),
    project('packages/cli', 'cli'),
    project('apps/template', 'template'),
    templateOnPostgres(),
    project('apps/bench', 'bench'),
    project('docs', 'docs'),
  ],
};

export default config;
