import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { HTTPException, Injectable, type UploadFile } from '@tsapi/core';
import { Settings } from '../settings';

/** The largest image accepted (the app's multipart `fileSize` limit answers 413 past it). */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

interface ImageType {
  readonly mediaType: string;
  readonly extension: string;
  readonly matches: (head: Buffer) => boolean;
}

const startsWith = (head: Buffer, bytes: readonly number[], at = 0): boolean =>
  bytes.every((byte, i) => head[at + i] === byte);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** The formats accepted, told apart by their first bytes (their "magic numbers"). */
const IMAGE_TYPES: readonly ImageType[] = [
  {
    mediaType: 'image/png',
    extension: 'png',
    matches: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  { mediaType: 'image/jpeg', extension: 'jpg', matches: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  {
    mediaType: 'image/gif',
    extension: 'gif',
    matches: (h) => startsWith(h, ascii('GIF87a')) || startsWith(h, ascii('GIF89a')),
  },
  {
    mediaType: 'image/webp',
    extension: 'webp',
    matches: (h) => startsWith(h, ascii('RIFF')) && startsWith(h, ascii('WEBP'), 8),
  },
];

/** What a client may declare when it does not know the type (curl does so for unknown extensions). */
const UNDECLARED = new Set(['', 'application/octet-stream']);

/** Item images on disk, under `UPLOAD_DIR`, in files named by the server. */
@Injectable()
export class ImageStore {
  readonly directory: string;

  constructor(settings: Settings) {
    this.directory = resolve(settings.uploadDir);
  }

  /**
   * Checks the upload by its content, stores it, and answers the stored file's name and media
   * type. 415 when the bytes are not PNG, JPEG, GIF or WebP, or not what the client declared.
   */
  async save(itemId: number, upload: UploadFile): Promise<{ file: string; mediaType: string }> {
    const content = await upload.read();
    const type = IMAGE_TYPES.find((candidate) => candidate.matches(content));
    if (type === undefined) throw new HTTPException(415, 'Unsupported image: send a PNG, JPEG, GIF or WebP file');
    const declared = upload.contentType.split(';')[0].trim().toLowerCase();
    if (!UNDECLARED.has(declared) && declared !== type.mediaType) {
      throw new HTTPException(415, `The file is ${type.mediaType} but was sent as ${declared}`);
    }
    const file = `${itemId}-${randomUUID()}.${type.extension}`;
    await mkdir(this.directory, { recursive: true });
    await writeFile(join(this.directory, file), content);
    return { file, mediaType: type.mediaType };
  }

  pathOf(file: string): string {
    return join(this.directory, file);
  }

  /** Removes a stored file; one already gone is fine. */
  async remove(file: string): Promise<void> {
    await rm(join(this.directory, file), { force: true });
  }
}
