/** Writes to stdout and resolves once written, so that exiting right after loses nothing of a pipe. */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}
