import 'reflect-metadata';
import { basename, join } from 'node:path';
import { App, Controller, File, FileResponse, Form, Get, Path, Post, UploadFile } from '@tsapi/core';

/** An app that keeps uploaded files in `storage` and serves them back. */
export function createApp(storage: string): App {
  @Controller('/files')
  class FilesController {
    @Post('')
    async upload(@File('file') file: UploadFile, @Form('note', { required: false }) note?: string) {
      await file.save(join(storage, basename(file.filename)));
      return { filename: file.filename, contentType: file.contentType, size: file.size, note: note ?? null };
    }

    @Post('/many')
    async uploadMany(@File('files') files: UploadFile[]) {
      return { filenames: files.map((file) => file.filename), firstText: (await files[0]!.read()).toString() };
    }

    @Get('/{name}')
    download(@Path('name') name: string) {
      return new FileResponse(join(storage, basename(name)), { filename: name });
    }
  }

  return new App({ controllers: [FilesController], uploads: { fileSize: 1024 * 1024, files: 5 } });
}
