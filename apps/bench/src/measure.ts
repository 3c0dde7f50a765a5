import autocannon from 'autocannon';
import { headersOf, type BenchRequest } from './scenarios';

export interface LoadSettings {
  readonly duration: number;
  readonly connections: number;
  readonly pipelining: number;
}

export interface Measurement {
  /** Mean requests per second over the run. */
  readonly rps: number;
  /** 99th percentile latency in milliseconds. */
  readonly p99: number;
  /** Connection errors, timeouts and answers with an unexpected status. */
  readonly failures: number;
}

/** Drives one request against one server with autocannon for `settings.duration` seconds. */
export async function measure(
  origin: string,
  request: BenchRequest,
  expectedStatus: number,
  settings: LoadSettings,
): Promise<Measurement> {
  let unexpected = 0;
  const result = await autocannon({
    url: origin + request.path,
    method: request.method,
    headers: headersOf(request),
    ...(request.body === undefined ? {} : { body: request.body }),
    duration: settings.duration,
    connections: settings.connections,
    pipelining: settings.pipelining,
    setupClient: (client) => {
      client.on('response', (statusCode: number) => {
        if (statusCode !== expectedStatus) unexpected++;
      });
    },
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    failures: result.errors + result.timeouts + unexpected,
  };
}

/**
 * One measured run after `settings.settle` seconds of the same load that are not recorded. A server
 * left idle while others were measured was measurably slower for its first second or so (V8 lets
 * the code and heap of an idle process go cold), which counted against whichever server idled longest.
 */
export async function measureSettled(
  origin: string,
  request: BenchRequest,
  expectedStatus: number,
  settings: LoadSettings & { readonly settle: number },
): Promise<Measurement> {
  if (settings.settle > 0) await measure(origin, request, expectedStatus, { ...settings, duration: settings.settle });
  return measure(origin, request, expectedStatus, settings);
}
