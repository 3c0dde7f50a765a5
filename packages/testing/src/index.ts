export { TestClient, type RequestOptions, type TestClientOptions } from './test-client';
export { TestResponse } from './test-response';
