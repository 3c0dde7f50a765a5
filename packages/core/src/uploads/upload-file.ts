import { createReadStream } from 'node:fs';
import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * An uploaded file, as FastAPI's `UploadFile`: small files are kept in memory, larger ones in a
 * temporary file that is removed once the response is over (also when the client went away).
 *
 * @example
 * upload(@File('file') file: UploadFile) { return { filename: file.filename, size: file.size }; }
 */
export class UploadFile {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  /** The part's headers, lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly #memory: Buffer | undefined;
  readonly #path: string | undefined;

  constructor(init: { filename: string; contentType: string; size: number; headers: Record<string, string>; memory?: Buffer; path?: string }) {
    this.filename = init.filename;
    this.contentType = init.contentType;
    this.size = init.size;
    this.headers = init.headers;
    this.#memory = init.memory;
    this.#path = init.path;
  }

  /** The whole content. */
  async read(): Promise<Buffer> {
    return this.#memory ?? readFile(this.#path!);
  }

  /** The content as a stream, without loading it all. */
  get stream(): Readable {
    return this.#memory ? Readable.from([this.#memory]) : createReadStream(this.#path!);
  }

  /** Writes the content to `path` (a copy: the temporary file is still removed after the request). */
  async save(path: string): Promise<void> {
    if (this.#memory) await writeFile(path, this.#memory);
    else await copyFile(this.#path!, path);
  }

  /** Removes the temporary file, if any. */
  async dispose(): Promise<void> {
    if (this.#path) await rm(this.#path, { force: true });
  }
}
