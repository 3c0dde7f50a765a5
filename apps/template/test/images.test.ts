import 'reflect-metadata';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp, bearer, eventually, signUp } from './support/app';

const MiB = 1024 * 1024;
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('rest of a png'),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('rest of a jpeg')]);
const GIF = Buffer.from('GIF89a rest of a gif');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x10, 0, 0, 0]), Buffer.from('WEBPVP8 rest')]);

/** A PNG of exactly `size` bytes. */
function pngOfSize(size: number): Buffer {
  return Buffer.concat([PNG, Buffer.alloc(size - PNG.length)]);
}

describe('item images', () => {
  let t: TestApp;
  let alice: { headers: Record<string, string> };

  beforeEach(async () => {
    t = new TestApp();
    alice = bearer(await signUp(t.client, 'alice'));
    await t.client.post('/items', { json: { name: 'Foo', price: 1 }, ...alice });
  });

  afterEach(async () => {
    await t.close();
  });

  const upload = (content: Buffer, contentType: string, filename = 'picture', auth = alice, itemId = 1) =>
    t.client.put(`/items/${itemId}/image`, { files: { image: { filename, content, contentType } }, ...auth });
  const storedFiles = () => (existsSync(t.settings.uploadDir) ? readdirSync(t.settings.uploadDir) : []);

  test.each([
    ['image/png', PNG],
    ['image/jpeg', JPEG],
    ['image/gif', GIF],
    ['image/webp', WEBP],
  ])('%s: stored, linked from the item, and downloaded with its type', async (type, content) => {
    const res = await upload(content, type);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ id: 1, imageUrl: '/items/1/image' });
    expect(Object.keys(res.json() as object).sort()).toEqual([
      'createdAt',
      'description',
      'id',
      'imageUrl',
      'name',
      'ownerId',
      'price',
      'updatedAt',
    ]);
    const download = await t.client.get('/items/1/image', alice);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toMatch(new RegExp(`^${type}`));
    expect(download.body.equals(content)).toBe(true);
    expect(storedFiles()).toEqual([expect.stringMatching(/^1-[0-9a-f-]{36}\.(png|jpg|gif|webp)$/)]);
  });

  test('a type the client did not know (application/octet-stream) is taken from the content', async () => {
    expect((await upload(WEBP, 'application/octet-stream', 'photo.webp')).status).toBe(200);
    expect((await t.client.get('/items/1/image', alice)).headers['content-type']).toMatch(/^image\/webp/);
  });

  test('anything but PNG, JPEG, GIF or WebP is 415, whatever it is declared as', async () => {
    for (const [content, type] of [
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml'],
      [Buffer.from('just text'), 'image/png'],
      [Buffer.from('%PDF-1.7'), 'application/pdf'],
      [Buffer.alloc(0), 'image/png'],
    ] as const) {
      const res = await upload(content, type);
      expect([res.status, res.json()]).toEqual([
        415,
        { detail: 'Unsupported image: send a PNG, JPEG, GIF or WebP file' },
      ]);
    }
    expect(storedFiles()).toEqual([]);
    expect((await t.client.get('/items/1', alice)).json()).toMatchObject({ imageUrl: null });
  });

  test('an image declared as another image type is 415', async () => {
    const res = await upload(JPEG, 'image/png');
    expect([res.status, res.json()]).toEqual([415, { detail: 'The file is image/jpeg but was sent as image/png' }]);
  });

  test('2 MiB is accepted, one byte more is 413', async () => {
    expect((await upload(pngOfSize(2 * MiB), 'image/png')).status).toBe(200);
    const res = await upload(pngOfSize(2 * MiB + 1), 'image/png');
    expect([res.status, res.json()]).toEqual([413, { detail: 'Payload Too Large' }]);
    expect((await t.client.get('/items/1/image', alice)).body.length).toBe(2 * MiB);
  });

  test('no file is 422 at ["body", "image"]', async () => {
    const res = await t.client.put('/items/1/image', { form: { note: 'no file' }, files: {}, ...alice });
    expect([res.status, res.json()]).toEqual([
      422,
      { detail: [{ type: 'missing', loc: ['body', 'image'], msg: 'Field required', input: null }] },
    ]);
  });

  test('an item without an image: 404 on download', async () => {
    const res = await t.client.get('/items/1/image', alice);
    expect([res.status, res.json()]).toEqual([404, { detail: 'Item has no image' }]);
  });

  test("another user's item: 403 for upload and download; an unknown item 404", async () => {
    await upload(PNG, 'image/png');
    const bob = bearer(await signUp(t.client, 'bob'));
    for (const res of [await upload(GIF, 'image/gif', 'x.gif', bob), await t.client.get('/items/1/image', bob)]) {
      expect([res.status, res.json()]).toEqual([403, { detail: 'Not enough permissions' }]);
    }
    expect((await upload(PNG, 'image/png', 'x.png', alice, 9)).status).toBe(404);
    expect((await t.client.get('/items/1/image', alice)).body.equals(PNG)).toBe(true);
  });

  test('a new image replaces the old one, whose file is removed', async () => {
    await upload(PNG, 'image/png');
    const [first] = storedFiles();
    await upload(GIF, 'image/gif');
    await eventually(async () => expect(storedFiles()).toEqual([expect.stringMatching(/\.gif$/)]));
    expect(existsSync(join(t.settings.uploadDir, first))).toBe(false);
    expect((await t.client.get('/items/1/image', alice)).body.equals(GIF)).toBe(true);
  });

  test('deleting the item removes its image file', async () => {
    await upload(PNG, 'image/png');
    expect(storedFiles()).toHaveLength(1);
    expect((await t.client.delete('/items/1', alice)).status).toBe(204);
    await eventually(async () => expect(storedFiles()).toEqual([]));
  });
});
