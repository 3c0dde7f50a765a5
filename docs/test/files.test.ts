import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient } from '@tsapi/testing';
import { createApp } from '../examples/files/uploads';
import { app as formsApp } from '../examples/files/forms';
import { app as streamingApp } from '../examples/files/streaming';

const storage = mkdtempSync(join(tmpdir(), 'tsapi-docs-files-'));
const client = new TestClient(createApp(storage));
const forms = new TestClient(formsApp);
const streaming = new TestClient(streamingApp);
afterAll(async () => {
  await Promise.all([client.close(), forms.close(), streaming.close()]);
  rmSync(storage, { recursive: true, force: true });
});

describe('uploads', () => {
  test('a file and a form field in one multipart body', async () => {
    const res = await client.post('/files', {
      form: { note: 'first draft' },
      files: { file: { filename: 'notes.txt', content: Buffer.from('hello world'), contentType: 'text/plain' } },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ filename: 'notes.txt', contentType: 'text/plain', size: 11, note: 'first draft' });
    expect(readFileSync(join(storage, 'notes.txt'), 'utf8')).toBe('hello world');
  });

  test('several files under one name', async () => {
    const res = await client.post('/files/many', {
      files: {
        files: [
          { filename: 'a.txt', content: Buffer.from('A') },
          { filename: 'b.txt', content: Buffer.from('B') },
        ],
      },
    });
    expect(res.json()).toEqual({ filenames: ['a.txt', 'b.txt'], firstText: 'A' });
  });

  test('a missing file is a 422', async () => {
    const res = await client.post('/files', { form: { note: 'no file' }, files: {} });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          input: null,
          loc: ['body', 'file'],
          msg: 'Field required',
          type: 'missing',
        },
      ],
    });
  });

  test('a file over the limit is a 413', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 'x');
    const res = await client.post('/files', { files: { file: { filename: 'big.bin', content: big } } });
    expect(res.status).toBe(413);
    expect(res.json()).toEqual({ detail: 'Payload Too Large' });
  });
});

describe('FileResponse', () => {
  test('streams a file with its headers', async () => {
    await client.post('/files', { files: { file: { filename: 'report.txt', content: Buffer.from('Q1: fine') } } });
    const res = await client.get('/files/report.txt');
    expect(res.status).toBe(200);
    expect(res.text).toBe('Q1: fine');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-length']).toBe('8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="report.txt"');
    expect(res.headers['etag']).toBeDefined();
  });

  test('answers ranges and missing files', async () => {
    await client.post('/files', { files: { file: { filename: 'range.txt', content: Buffer.from('0123456789') } } });
    const part = await client.get('/files/range.txt', { headers: { range: 'bytes=2-4' } });
    expect(part.status).toBe(206);
    expect(part.text).toBe('234');
    const missing = await client.get('/files/nothing.txt');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ detail: 'File not found' });
  });
});

describe('forms', () => {
  test('urlencoded fields are read and converted', async () => {
    const res = await forms.post('/login', { form: { username: 'alice', remember: 'on' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ username: 'alice', remember: true });
  });

  test('a missing field is a 422 at ["body", name]', async () => {
    const res = await forms.post('/login', { form: {} });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          input: null,
          loc: ['body', 'username'],
          msg: 'Field required',
          type: 'missing',
        },
      ],
    });
  });
});

describe('StreamingResponse', () => {
  test('sends what the iterable yields', async () => {
    const res = await streaming.get('/events?count=2');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(res.text).toBe('data: {"tick":0}\n\ndata: {"tick":1}\n\n');
  });
});
