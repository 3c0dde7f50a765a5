import type { Config } from 'jest';

/** One jest project per package or app; every one runs its TypeScript through ts-jest. */
const tsJest: Config['transform'] = {
  '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/../../tsconfig.test.json' }],
};

/**
 * `cookie` 2 (used by Fastify's inject) ships only ES modules, which jest's CommonJS runtime on
 * Node 20 cannot require: it is compiled like the sources.
 */
const transformIgnorePatterns = ['/node_modules/(?!\\.pnpm/cookie@|cookie/)'];

const moduleNameMapper = {
  '^@tsapi/core$': '<rootDir>/../../packages/core/src/index.ts',
  '^@tsapi/testing$': '<rootDir>/../../packages/testing/src/index.ts',
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
  projects: [project('packages/core', 'core'), project('packages/testing', 'testing'), project('apps/template', 'template')],
};

export default config;
