/**
 * What every benchmarked server shares, kept apart from the DTOs so that the hand-written
 * Fastify servers never load class-validator (which they do not use).
 */

/** The origin every CORS-enabled server allows. */
export const ALLOWED_ORIGIN = 'https://app.example.com';

/** The header the one middleware of each server's stacked variant adds to every response. */
export const SERVED_BY_HEADER = 'x-served-by';

/** What each server process reports to the runner once it listens. */
export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}
