import { fuzz } from '@tsapi/testing';
import { createApp } from './catalog';

test('no generated request breaks the catalog', async () => {
  const report = await fuzz(createApp(), { requests: 600 });
  expect(report.failures).toEqual([]);
  expect(report.requests).toBe(600);
});
