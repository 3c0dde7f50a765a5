import { CliError } from '../cli-error';

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8000;

/** `--host`/`--port`, else `HOST`/`PORT` from the environment, else 127.0.0.1:8000. */
export function readListenOptions(
  values: { host?: unknown; port?: unknown },
  env: NodeJS.ProcessEnv = process.env,
): ListenOptions {
  const host = optionOrEnv(values.host, env.HOST) ?? DEFAULT_HOST;
  const port = optionOrEnv(values.port, env.PORT);
  return {
    host,
    port: port === undefined ? DEFAULT_PORT : parsePort(port, values.port !== undefined ? '--port' : 'PORT'),
  };
}

function optionOrEnv(option: unknown, env: string | undefined): string | undefined {
  if (typeof option === 'string') return option;
  return env === undefined || env === '' ? undefined : env;
}

function parsePort(text: string, name: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new CliError(`${name} must be a port number from 0 to 65535, got "${text}"`);
  return port;
}

/** `--workers N`: a whole number of at least 1. */
export function parseWorkers(text: string): number {
  const workers = Number(text);
  if (!/^\d+$/.test(text) || workers < 1 || !Number.isSafeInteger(workers)) {
    throw new CliError(`--workers must be a whole number of at least 1, got "${text}"`);
  }
  return workers;
}

/** `--timeout-graceful-shutdown S`: seconds, more than 0 (fractions allowed). */
export function parseGracefulTimeout(text: string): number {
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(seconds > 0) || !Number.isFinite(seconds)) {
    throw new CliError(`--timeout-graceful-shutdown must be a number of seconds above 0, got "${text}"`);
  }
  return seconds;
}

/** The one line for an address that cannot be listened on; other errors are not the user's to fix here. */
export function toListenError(error: unknown, { host, port }: ListenOptions): unknown {
  switch ((error as { code?: string }).code) {
    case 'EADDRINUSE':
      return new CliError(`port ${port} on ${host} is in use`);
    case 'EACCES':
      return new CliError(`not allowed to listen on port ${port} on ${host} (ports below 1024 need privileges)`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new CliError(`cannot listen on ${host}: it is not an address of this machine`);
    default:
      return error;
  }
}
