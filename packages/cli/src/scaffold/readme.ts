import { PNPM } from './vendor';

export type ScaffoldMode = 'workspace' | 'standalone';

/** The template's own sections on running and testing it: the service gets its own instead. */
const REPLACED_SECTION = /^(run|test|start|quick start|getting started|start and test)\b/i;

function startAndTest(name: string, mode: ScaffoldMode): string {
  if (mode === 'workspace') {
    const pnpm = `npx -y ${PNPM}`;
    return `## Start and test

From the repository root:

\`\`\`sh
${pnpm} install
${pnpm} --filter ${name} build   # builds the workspace packages it uses, then the service
${pnpm} --filter ${name} start   # http://127.0.0.1:8000, documentation at /docs
${pnpm} --filter ${name} test
\`\`\`
`;
  }
  return `## Start and test

\`\`\`sh
npm install
npm run build
npm start                      # tsapi run dist/main.js: http://127.0.0.1:8000, documentation at /docs
npm test
\`\`\`

\`npm run dev\` recompiles and restarts on every change. \`npx tsapi run dist/main.js --port 3000
--workers 4\` serves with four worker processes; \`HOST\` and \`PORT\` set the address too.
SIGTERM or Ctrl-C closes gracefully. \`npx tsapi routes dist/main.js\` lists the routes and
\`npx tsapi openapi dist/main.js --out openapi.json\` writes the OpenAPI document.

The tsapi packages are installed from the tarballs in \`vendor/\` (\`overrides\` in package.json
points their dependencies on each other there too).
`;
}

/** Splits markdown into the part before the first `## ` heading and the level-2 sections. */
function sections(markdown: string): { head: string; parts: string[] } {
  const [head, ...parts] = markdown.split(/^(?=## )/m);
  return { head, parts };
}

/**
 * The service's README: the template's, retitled, its sections on running and testing replaced
 * by one for this service (their tables kept), and links into the workspace's packages pointed at
 * the installed packages when the service is on its own.
 */
export function serviceReadme(template: string, name: string, mode: ScaffoldMode): string {
  const { head, parts } = sections(template);
  const intro = head.replace(/^# .*$/m, `# ${name}`);
  const replaced = parts.filter((part) => REPLACED_SECTION.test(part.slice(3)));
  const tables = replaced.flatMap((part) =>
    part.split(/\n(?:\s*\n)+/).filter((block) => block.trimStart().startsWith('|')),
  );
  const kept = parts.filter((part) => !replaced.includes(part));
  const answers = tables.length > 0 ? `\n${tables.map((table) => `${table.trim()}\n`).join('\n')}` : '';
  const text = [intro.trimEnd() + '\n\n', startAndTest(name, mode), answers, kept.length > 0 ? '\n' : '', ...kept].join(
    '',
  );
  return mode === 'standalone'
    ? text.replace(/\]\((?:\.\.\/)+packages\/([\w-]+)\/README\.md\)/g, '](node_modules/@tsapi/$1/README.md)')
    : text;
}
