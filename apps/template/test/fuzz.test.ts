import 'reflect-metadata';
import { fuzz } from '@tsapi/testing';
import { TestApp, signUp } from './support/app';

// Thousands of in-process requests against a real database: tens of seconds on a busy machine.
jest.setTimeout(300_000);

test('requests generated from the OpenAPI document, valid and broken, signed in: no 5xx, FastAPI 422s, answers as documented', async () => {
  const t = new TestApp({}, { raiseServerExceptions: false, followRedirects: false });
  try {
    const token = await signUp(t.client, 'fuzzer');
    const report = await fuzz(t.app, {
      requests: 7000,
      seed: 20261129,
      headers: { authorization: `Bearer ${token}` },
      client: t.client,
      // Signing in again and again would only exercise the rate limit of /token.
      include: (operation) => operation.path !== '/token',
    });
    expect(report.failures).toEqual([]);
    expect(report.requests).toBeGreaterThanOrEqual(6900);
    expect(report.statuses[422]).toBeGreaterThan(1000);
    expect((report.statuses[200] ?? 0) + (report.statuses[201] ?? 0)).toBeGreaterThan(500);
  } finally {
    await t.close();
  }
});
