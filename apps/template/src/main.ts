import type { App } from '@tsapi/core';
import { createApp } from './app';
import { loadSettings, SettingsError, type Settings } from './settings';

function readSettings(): Settings {
  try {
    return loadSettings();
  } catch (error) {
    // Run directly, a bad variable is a one-paragraph message, not a stack trace.
    if (error instanceof SettingsError && require.main === module) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const settings = readSettings();

/** The app, configured from the environment; `tsapi run dist/main.js` imports it and listens itself. */
export const app: App = createApp(settings);

async function serve(): Promise<void> {
  const url = await app.listen({ host: settings.host, port: settings.port });
  app.fastify.log.info(`tsapi template listening on ${url} (docs: ${url}/docs)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}

if (require.main === module) {
  serve().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
