import { runSoak } from '../src/soak/run-soak';

// The short variant of `pnpm soak`: the template under `tsapi run`, mixed traffic, then SIGTERM.
// It runs the built command and template, as a user would (jest's global setup builds them).
jest.setTimeout(180_000);

test('15 s of mixed valid and invalid traffic: every answer as expected, and a clean exit on SIGTERM', async () => {
  const result = await runSoak({ seconds: 15, rate: 100, warmup: 5 });
  console.log(`soak: ${result.tally.sent} requests, RSS ${result.baselineMiB.toFixed(1)} → ${result.finalMiB.toFixed(1)} MiB`);
  expect(result.tally.examples).toEqual([]);
  expect(result.tally.unexpected).toBe(0);
  expect(result.tally.sent).toBeGreaterThan(1300);
  expect(Object.keys(result.tally.byShot)).toHaveLength(12);
  expect(result.exitCode).toBe(0);
});
