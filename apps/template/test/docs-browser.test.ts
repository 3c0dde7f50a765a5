import 'reflect-metadata';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '@tsapi/core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../src/app';
import { testSettings } from './support/app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Everything the pages need must come from the app itself: the docs have to work offline.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

jest.setTimeout(60_000);

describe('docs pages in a real browser', () => {
  let app: App | undefined;
  let context: BrowserContext | undefined;
  let userDataDir: string | undefined;
  let uploadDir: string | undefined;
  let origin: string;
  const requested: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) ` +
          'or set CHROMIUM_PATH to a Chromium binary.',
      );
    }
    const settings = testSettings();
    uploadDir = settings.uploadDir;
    app = createApp(settings);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.fastify.server.address() as AddressInfo;
    origin = `http://127.0.0.1:${port}`;
    // The account Swagger UI signs in with, registered through the API as a user would.
    const registered = await fetch(`${origin}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'alice',
        password: 'wonderland',
        email: 'alice@example.com',
        fullName: 'Alice Liddell',
      }),
    });
    expect(registered.status).toBe(201);

    userDataDir = mkdtempSync(join(tmpdir(), 'tsapi-docs-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    context.on('request', (request) => requested.push(request.url()));
    // Nothing may leave the machine: anything not for the app is recorded above and then refused.
    await context.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => route.abort('blockedbyclient'),
    );
  });

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    if (uploadDir) rmSync(uploadDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    requested.length = 0;
  });

  /** Requests that went anywhere but this machine (a CDN, a font service, ...). */
  function foreignRequests(): string[] {
    return requested.filter((url) => {
      const { protocol, hostname } = new URL(url);
      if (protocol === 'data:' || protocol === 'blob:') return false;
      return hostname !== '127.0.0.1';
    });
  }

  async function openPage(path: string): Promise<Page> {
    const page = await context!.newPage();
    const response = await page.goto(`${origin}${path}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    return page;
  }

  async function openSwaggerUi(): Promise<Page> {
    const page = await openPage('/docs');
    await page.locator('.opblock-summary-path').first().waitFor({ state: 'visible' });
    return page;
  }

  async function openRedoc(): Promise<Page> {
    const page = await openPage('/redoc');
    // ReDoc renders one h2 per operation, headed by its summary.
    await page.locator('h2', { hasText: 'Read Root' }).first().waitFor({ state: 'visible' });
    return page;
  }

  test('Swagger UI at /docs renders every template route and the app title', async () => {
    const page = await openSwaggerUi();

    const paths = await page
      .locator('.opblock-summary-path')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-path') ?? ''));
    expect([...paths].sort()).toEqual([
      '/',
      '/audit',
      '/health',
      '/items',
      '/items',
      '/items/{itemId}',
      '/items/{itemId}',
      '/items/{itemId}',
      '/items/{itemId}/image',
      '/items/{itemId}/image',
      '/ready',
      '/token',
      '/users',
      '/users/me',
    ]);

    const methods = await page.locator('.opblock-summary-method').allInnerTexts();
    expect(methods.map((method) => method.trim()).sort()).toEqual([
      'DELETE',
      'GET',
      'GET',
      'GET',
      'GET',
      'GET',
      'GET',
      'GET',
      'GET',
      'PATCH',
      'POST',
      'POST',
      'POST',
      'PUT',
    ]);

    await expect(page.locator('.info .title').innerText()).resolves.toContain('tsapi template');
    await expect(page.title()).resolves.toBe('tsapi template - Swagger UI');
    await page.close();
  });

  test('Swagger UI at /docs loads everything from the app (no CDN)', async () => {
    const page = await openSwaggerUi();
    await page.waitForLoadState('networkidle');

    expect(requested).toEqual(
      expect.arrayContaining([
        `${origin}/docs`,
        `${origin}/docs/static/swagger-ui-bundle.js`,
        `${origin}/docs/static/swagger-ui.css`,
        `${origin}/docs/json`,
      ]),
    );
    expect(foreignRequests()).toEqual([]);
    await page.close();
  });

  test('Swagger UI signs in with the password flow as a registered user and calls GET /users/me', async () => {
    const page = await openSwaggerUi();

    await page.locator('.auth-wrapper button', { hasText: 'Authorize' }).click();
    const dialog = page.locator('.dialog-ux .modal-ux');
    await dialog.waitFor({ state: 'visible' });
    await expect(dialog.locator('h4').first().innerText()).resolves.toContain(
      'OAuth2PasswordBearer (OAuth2, password)',
    );

    await dialog.locator('#oauth_username').fill('alice');
    await dialog.locator('#oauth_password').fill('wonderland');
    const tokenResponse = page.waitForResponse(
      (response) => response.url() === `${origin}/token` && response.request().method() === 'POST',
    );
    await dialog.locator('.auth-btn-wrapper button', { hasText: /^Authorize$/ }).click();
    expect((await tokenResponse).status()).toBe(200);

    await dialog.locator('.auth-btn-wrapper button', { hasText: /^Logout$/ }).waitFor({ state: 'visible' });
    await expect(dialog.locator('h6', { hasText: 'Authorized' }).isVisible()).resolves.toBe(true);
    await dialog.locator('.auth-btn-wrapper button', { hasText: /^Close$/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    const operation = page.locator('#operations-users-me_users_me_get');
    await expect(operation.locator('.opblock-summary-path').getAttribute('data-path')).resolves.toBe('/users/me');
    await expect(operation.locator('.authorization__btn').getAttribute('aria-label')).resolves.toBe(
      'authorization button locked',
    );
    await operation.locator('.opblock-summary-control').click();
    await operation.locator('button', { hasText: 'Try it out' }).click();
    const meRequest = page.waitForRequest((request) => request.url() === `${origin}/users/me`);
    await operation.locator('button.execute', { hasText: 'Execute' }).click();
    expect((await meRequest).headers().authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);

    const response = operation.locator('.responses-wrapper .live-responses-table tbody tr.response');
    await response.waitFor({ state: 'visible' });
    await expect(response.locator('.response-col_status').innerText()).resolves.toBe('200');
    const body = await response.locator('.response-col_description .microlight').first().innerText();
    expect(body).toContain('"username": "alice"');
    expect(JSON.parse(body)).toEqual({
      id: 1,
      username: 'alice',
      fullName: 'Alice Liddell',
      email: 'alice@example.com',
      disabled: false,
    });

    expect(foreignRequests()).toEqual([]);
    await page.close();
  }, 60_000);

  test('ReDoc at /redoc renders every operation and the app title', async () => {
    const page = await openRedoc();

    const headings = (await page.locator('h2').allInnerTexts()).map((text) => text.trim());
    expect(headings).toEqual(
      expect.arrayContaining([
        'Read Root',
        'Register',
        'Login',
        'List',
        'Create',
        'Read',
        'Update',
        'Remove',
        'Upload',
        'Download',
      ]),
    );
    await expect(page.locator('h1').first().innerText()).resolves.toContain('tsapi template');
    await expect(page.title()).resolves.toBe('tsapi template - ReDoc');
    await page.close();
  });

  test('ReDoc at /redoc loads everything from the app (no CDN)', async () => {
    const page = await openRedoc();
    await page.waitForLoadState('networkidle');

    expect(requested).toEqual(
      expect.arrayContaining([`${origin}/redoc`, `${origin}/redoc/redoc.standalone.js`, `${origin}/openapi.json`]),
    );
    expect(foreignRequests()).toEqual([]);
    await page.close();
  });
});
