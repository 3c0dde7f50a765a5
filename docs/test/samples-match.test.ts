import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The guide's TypeScript samples are files that the other suites run: each ```ts block in a page
 * must name its file in an `<!-- example: … -->` comment just above it and repeat that file byte for byte, and each
 * file must be shown by some page, so that no sample drifts from the code that is tested.
 */
const DOCS = join(__dirname, '..');
const EXAMPLE_COMMENT = /^<!-- example: (\S+) -->$/;

function filesUnder(dir: string, extension: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return filesUnder(path, extension);
    return name.endsWith(extension) ? [path] : [];
  });
}

/** The file named by the comment just above a fence (Prettier puts one blank line between them). */
function exampleAbove(lines: string[], fence: number): string | undefined {
  const above = lines[fence - 1] === '' ? lines[fence - 2] : lines[fence - 1];
  return EXAMPLE_COMMENT.exec(above ?? '')?.[1];
}

interface TsBlock {
  page: string;
  line: number;
  example: string | undefined;
  code: string;
}

function tsBlocks(page: string): TsBlock[] {
  const lines = readFileSync(page, 'utf8').split('\n');
  const blocks: TsBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(`{3,})(\S*)/.exec(lines[i]!);
    if (!fence) continue;
    const close = lines.findIndex((line, j) => j > i && line === fence[1]);
    if (close === -1) throw new Error(`${relative(DOCS, page)}:${i + 1}: unclosed code fence`);
    if (fence[2] === 'ts' || fence[2] === 'typescript') {
      blocks.push({
        page: relative(DOCS, page),
        line: i + 1,
        example: exampleAbove(lines, i),
        code: lines.slice(i + 1, close).join('\n') + '\n',
      });
    }
    i = close;
  }
  return blocks;
}

const pages = filesUnder(DOCS, '.md');
const blocks = pages.flatMap(tsBlocks);
const examples = filesUnder(join(DOCS, 'examples'), '.ts').map((path) => relative(DOCS, path));

describe('the samples in the guide', () => {
  test('the guide has pages and samples', () => {
    expect(pages.length).toBeGreaterThanOrEqual(16);
    expect(blocks.length).toBeGreaterThanOrEqual(examples.length);
  });

  test('every ts block names its file in an example comment', () => {
    const unnamed = blocks.filter((block) => block.example === undefined).map((b) => `${b.page}:${b.line}`);
    expect(unnamed).toEqual([]);
  });

  test('every ts block is byte-identical to the file it names', () => {
    const drifted = blocks
      .filter((block) => block.example !== undefined)
      .filter((block) => {
        const path = join(DOCS, block.example!);
        return !examples.includes(block.example!) || readFileSync(path, 'utf8') !== block.code;
      })
      .map((b) => `${b.page}:${b.line} (${b.example})`);
    expect(drifted).toEqual([]);
  });

  test('every example file is shown by some page', () => {
    const shown = new Set(blocks.map((block) => block.example));
    expect(examples.filter((example) => !shown.has(example))).toEqual([]);
  });
});
