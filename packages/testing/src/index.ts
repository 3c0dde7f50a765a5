export { TestClient, type RequestOptions, type TestClientOptions } from './test-client';
export { TestResponse } from './test-response';
export { TestWebSocket, type CloseInfo } from './test-websocket';
