import { TestClient } from '@tsapi/testing';
import { app } from '../examples/security/oauth2-jwt';
import { app as apiKeyApp } from '../examples/security/api-key';

const client = new TestClient(app);
const keyed = new TestClient(apiKeyApp);
afterAll(async () => {
  await Promise.all([client.close(), keyed.close()]);
});

async function login(scope: string): Promise<string> {
  const res = await client.post('/token', { form: { username: 'johndoe', password: 'secret', scope } });
  expect(res.status).toBe(200);
  const body = res.json() as { access_token: string; token_type: string };
  expect(body.token_type).toBe('bearer');
  return body.access_token;
}

describe('OAuth2 password flow with JWT', () => {
  test('the token endpoint exchanges a password for a signed token', async () => {
    const token = await login('me items');
    expect(token.split('.')).toHaveLength(3);
  });

  test('a wrong password is a 401', async () => {
    const res = await client.post('/token', { form: { username: 'johndoe', password: 'wrong' } });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json()).toEqual({ detail: 'Incorrect username or password' });
  });

  test('the form fields are required', async () => {
    const res = await client.post('/token', { form: { username: 'johndoe' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          input: null,
          loc: ['body', 'password'],
          msg: 'Field required',
          type: 'missing',
        },
      ],
    });
  });

  test('a token with the scope reads the user', async () => {
    const token = await login('me');
    const res = await client.get('/users/me', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ username: 'johndoe', fullName: 'John Doe' });
  });

  test('a token without a required scope is refused', async () => {
    const token = await login('me');
    const res = await client.get('/users/me/items', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer scope="me items"');
    expect(res.json()).toEqual({ detail: 'Not enough permissions' });
    const both = await login('me items');
    const ok = await client.get('/users/me/items', { headers: { authorization: `Bearer ${both}` } });
    expect(ok.json()).toEqual([{ itemId: 'Foo', owner: 'johndoe' }]);
  });

  test('no token, or a forged one, is a 401', async () => {
    const missing = await client.get('/users/me');
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.json()).toEqual({ detail: 'Not authenticated' });
    const forged = await client.get('/users/me', { headers: { authorization: 'Bearer abc.def.ghi' } });
    expect(forged.status).toBe(401);
    expect(forged.json()).toEqual({ detail: 'Could not validate credentials' });
  });

  test('the document describes the scheme and the scopes of each operation', async () => {
    const doc = (await client.get('/openapi.json')).json<any>();
    expect(doc.components.securitySchemes).toEqual({
      OAuth2PasswordBearer: {
        flows: {
          password: {
            scopes: {
              items: 'Read items.',
              me: 'Read information about the current user.',
            },
            tokenUrl: 'token',
          },
        },
        type: 'oauth2',
      },
    });
    expect(doc.paths['/users/me/items'].get.security).toEqual([{ OAuth2PasswordBearer: ['me', 'items'] }]);
  });
});

describe('API keys', () => {
  test('a known key passes', async () => {
    const res = await keyed.get('/reports', { headers: { 'x-api-key': 'k-123' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ client: 'billing-service', reports: ['2024-q1'] });
  });

  test('a missing key is a 401, an unknown one what the dependency says', async () => {
    const missing = await keyed.get('/reports');
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('APIKey');
    expect(missing.json()).toEqual({ detail: 'Not authenticated' });
    const unknown = await keyed.get('/reports', { headers: { 'x-api-key': 'nope' } });
    expect(unknown.status).toBe(403);
    expect(unknown.json()).toEqual({ detail: 'Invalid API key' });
  });
});
