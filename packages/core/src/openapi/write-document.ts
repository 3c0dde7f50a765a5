import { writeFile } from 'node:fs/promises';
import type { App } from '../app/app';

/**
 * Writes an app's OpenAPI document as indented JSON to a file, or to standard output when no
 * file is given (what `tsapi openapi` prints). Compiling the app reports its DefinitionErrors.
 *
 * @example
 * await writeOpenAPI(app, 'openapi.json');
 */
export async function writeOpenAPI(app: App, file?: string): Promise<string> {
  const text = `${JSON.stringify(app.openapi(), null, 2)}\n`;
  if (file === undefined) {
    await new Promise<void>((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
  } else {
    await writeFile(file, text);
  }
  return text;
}
