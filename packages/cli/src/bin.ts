#!/usr/bin/env node
import { isUserError } from './cli-error';
import { runCli } from './main';

runCli(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      isUserError(error) ? `tsapi: ${error.message}\n` : `${(error as Error)?.stack ?? String(error)}\n`,
    );
    process.exit(1);
  },
);
