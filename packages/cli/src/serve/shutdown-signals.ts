const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Runs `shutdown` on the first SIGTERM or SIGINT; a second signal while it runs ends the process
 * at once with code 1 (an impatient Ctrl-C).
 */
export function onShutdownSignal(shutdown: (signal: NodeJS.Signals) => void): void {
  let stopping = false;
  const listener = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`tsapi: ${signal} again, exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    shutdown(signal);
  };
  for (const signal of SIGNALS) process.on(signal, listener);
}
