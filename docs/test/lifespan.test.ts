import { TestClient } from '@tsapi/testing';
import { app as modelApp, events } from '../examples/lifespan/model-lifespan';
import { app as classApp } from '../examples/lifespan/lifespan-class';

describe('lifespan', () => {
  test('state made at start-up reaches requests; shutdown runs on close', async () => {
    const client = new TestClient(modelApp);
    expect(events).toEqual([]);
    const res = await client.get('/predict?x=2');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ result: 84 });
    expect(events).toEqual(['loaded']);
    expect(modelApp.state.models).toBeInstanceOf(Map);
    await client.close();
    expect(events).toEqual(['loaded', 'released']);
  });

  test('a provider class with onStartup/onShutdown', async () => {
    const client = new TestClient(classApp);
    const res = await client.get('/health');
    expect(res.json()).toEqual({ database: 'up' });
    expect(classApp.state).toEqual({ startedAt: '2024-01-01T00:00:00.000Z' });
    await client.close();
  });
});
