import type { AppOptions } from '@tsapi/core';
import { requestIdFor } from './middleware/request-id';
import type { Settings } from './settings';

/**
 * Fastify's server options: pino logs at `LOG_LEVEL`, readable lines (pino-pretty) in
 * development and JSON otherwise, each request's lines tagged with its `X-Request-ID`.
 */
export function serverOptions(settings: Settings): AppOptions['fastify'] {
  const pretty = settings.nodeEnv === 'development' && settings.logLevel !== 'silent';
  return {
    logger: {
      level: settings.logLevel,
      // A resolved path: pino loads the transport from its own package, which cannot see ours.
      ...(pretty && {
        transport: {
          target: require.resolve('pino-pretty'),
          options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' },
        },
      }),
    },
    requestIdHeader: false,
    genReqId: requestIdFor,
  };
}
