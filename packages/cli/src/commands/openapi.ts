import { resolve } from 'node:path';
import { writeOpenAPI } from '@tsapi/core';
import type { Command } from '../command';
import { loadApp } from '../entry/load-app';

export const openapiCommand: Command = {
  name: 'openapi',
  summary: "write an app's OpenAPI document",
  arguments: ['ENTRY'],
  options: { out: { type: 'string', short: 'o' } },
  usage: `Usage: tsapi openapi ENTRY [--out FILE]

Writes the OpenAPI 3.1 document of the app that ENTRY exports, as indented JSON, to FILE or to
standard output. The app is compiled but not started (its lifespan does not run).

Options:
  -o, --out FILE   write to FILE instead of standard output
  -h, --help       show this help

Example:
  tsapi openapi dist/main.js --out openapi.json
`,
  async run({ values, positionals }) {
    const app = await loadApp(positionals[0]);
    const out = typeof values.out === 'string' ? resolve(values.out) : undefined;
    await writeOpenAPI(app, out);
    if (out !== undefined) process.stderr.write(`tsapi: wrote ${values.out}\n`);
    return 0;
  },
};
