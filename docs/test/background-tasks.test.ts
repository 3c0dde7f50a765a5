import { TestClient } from '@tsapi/testing';
import { app as notifyApp, sent } from '../examples/background-tasks/notify';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('background tasks', () => {
  const client = new TestClient(notifyApp);
  afterAll(() => client.close());

  test('tasks run after the response, in order', async () => {
    const res = await client.post('/send-notification/a@example.com?q=urgent');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ message: 'Notification sent in the background' });
    expect(sent).toEqual([]);
    await until(() => sent.length === 2);
    expect(sent.splice(0)).toEqual(['found query: urgent', 'notification for a@example.com (urgent)']);
  });

  test('closing the app waits for pending tasks', async () => {
    const local = new TestClient(notifyApp);
    await local.post('/send-notification/b@example.com');
    expect(sent).toEqual([]);
    await local.close();
    expect(sent.splice(0)).toEqual(['notification for b@example.com']);
  });
});
