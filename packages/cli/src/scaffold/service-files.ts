/** Files the new service gets besides the template's: how it is tested, built and ignored. */

/**
 * `cookie` 2 (Fastify's inject) and `content-disposition` 3 (@fastify/static under Swagger UI)
 * ship only ES modules, which jest's CommonJS runtime on Node 20 cannot require: ts-jest compiles
 * them like the sources.
 */
export const JEST_CONFIG = `/** Tests run their TypeScript through ts-jest; see tsconfig.test.json. */
const ESM_ONLY = ['cookie', 'content-disposition'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
  // Also when npm nests them: node_modules/light-my-request/node_modules/cookie.
  transformIgnorePatterns: [\`/node_modules/(?!(?:.+/node_modules/)?(?:\${ESM_ONLY.join('|')})/)\`],
};
`;

export function testTsconfig(): string {
  return `${JSON.stringify(
    {
      extends: './tsconfig.json',
      compilerOptions: {
        composite: false,
        declaration: false,
        noEmit: true,
        rootDir: '.',
        isolatedModules: true,
        allowJs: true,
        types: ['node', 'jest'],
      },
      include: ['src', 'test'],
    },
    null,
    2,
  )}\n`;
}

/** The compiler options of a tsconfig and of those it extends, as one standalone tsconfig.json. */
export function standaloneTsconfig(compilerOptions: Record<string, unknown>): string {
  const options: Record<string, unknown> = { ...compilerOptions, rootDir: 'src', outDir: 'dist' };
  // Project references are a workspace matter; a service on its own builds with plain tsc.
  for (const key of ['composite', 'tsBuildInfoFile', 'declaration', 'declarationMap']) delete options[key];
  return `${JSON.stringify({ compilerOptions: options, include: ['src'] }, null, 2)}\n`;
}

export const GITIGNORE = ['node_modules/', 'dist/', 'data/', 'coverage/', '*.tsbuildinfo', ''].join('\n');
