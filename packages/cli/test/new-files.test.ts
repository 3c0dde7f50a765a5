import { checkPackageName, serviceReadme } from '@tsapi/cli';

describe('package names (npm rules)', () => {
  test.each(['demo', 'my-service', 'orders.v2', '@acme/orders', 'a~b'])('%s is accepted', (name) => {
    expect(() => checkPackageName(name)).not.toThrow();
  });

  test.each([
    ['', 'it is empty'],
    ['Demo', 'it has uppercase letters'],
    ['.hidden', 'it starts with "." or "_"'],
    ['_private', 'it starts with "." or "_"'],
    ['my service', 'it may only have lowercase letters, digits, "-", ".", "_" and "~" (and one @scope/)'],
    ['a/b', 'it may only have lowercase letters, digits, "-", ".", "_" and "~" (and one @scope/)'],
    ['http', 'it is reserved'],
    ['node_modules', 'it is reserved'],
    ['x'.repeat(215), 'it is longer than 214 characters'],
  ])('%p is refused: %s', (name, why) => {
    expect(() => checkPackageName(name)).toThrow(`"${name}" is not a valid package name: ${why}`);
  });
});

describe("the service's README", () => {
  const template = [
    '# tsapi template',
    '',
    'A service to start from.',
    '',
    '## Run',
    '',
    '```sh',
    'npx -y pnpm@12.4.2 start',
    '```',
    '',
    '| request | answer |',
    '| --- | --- |',
    '| `GET /` | `{"Hello":"World"}` |',
    '',
    '## Test',
    '',
    'npx jest apps/template',
    '',
    '## Make it yours',
    '',
    'See [`@tsapi/core`](../../packages/core/README.md).',
    '',
  ].join('\n');

  test('on its own: retitled, npm commands instead of the workspace ones, tables and other sections kept, links to installed packages', () => {
    const readme = serviceReadme(template, 'demo', 'standalone');
    expect(readme).toMatch(
      /^# demo\n\nA service to start from\.\n\n## Start and test\n\n```sh\nnpm install\nnpm run build\nnpm start /,
    );
    expect(readme).toContain('\n| request | answer |\n| --- | --- |\n| `GET /` | `{"Hello":"World"}` |\n');
    expect(readme).toContain('## Make it yours\n\nSee [`@tsapi/core`](node_modules/@tsapi/core/README.md).\n');
    expect(readme).not.toContain('pnpm');
    expect(readme).not.toContain('## Run');
    expect(readme).not.toContain('npx jest apps/template');
  });

  test('in the workspace: pnpm commands filtered to the service, links unchanged', () => {
    const readme = serviceReadme(template, 'demo', 'workspace');
    expect(readme).toContain('npx -y pnpm@12.4.2 --filter demo start');
    expect(readme).toContain('npx -y pnpm@12.4.2 --filter demo test');
    expect(readme).toContain('(../../packages/core/README.md)');
  });
});
