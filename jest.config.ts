import type { Config } from 'jest';

/** One jest project per package or app; every one runs its TypeScript through ts-jest. */
const tsJest: Config['transform'] = {
  '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/../../tsconfig.test.json' }],
};

/**
 * `cookie` 2 (used by Fastify's inject) and `content-disposition` 3 (used by @fastify/static under
 * Swagger UI) ship only ES modules, which jest's CommonJS runtime on Node 20 cannot require: they
 * are compiled like the sources.
 */
const ESM_ONLY = ['cookie', 'content-disposition'];
const transformIgnorePatterns = [`/node_modules/(?!\\.pnpm/(${ESM_ONLY.join('|')})@|(${ESM_ONLY.join('|')})/)`];

const moduleNameMapper = {
  '^@tsapi/core$': '<rootDir>/../../packages/core/src/index.ts',
  '^@tsapi/testing$': '<rootDir>/../../packages/testing/src/index.ts',
  '^@tsapi/security$': '<rootDir>/../../packages/security/src/index.ts',
};

function project(dir: string, name: string): Config {
  return {
    displayName: name,
    rootDir: `<rootDir>/${dir}`,
    testEnvironment: 'node',
    transform: tsJest,
    transformIgnorePatterns,
    moduleNameMapper,
    testMatch: ['<rootDir>/test/**/*.test.ts'],
  };
}

const config: Config = {
  projects: [project('packages/core', 'core'), project('packages/testing', 'testing'), project('packages/security', 'security'), project('apps/template', 'template')],
};

export default config;
