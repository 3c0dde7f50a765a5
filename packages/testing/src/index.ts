export { TestClient, type RequestOptions, type TestClientOptions, type UploadSpec } from './test-client';
export { TestResponse } from './test-response';
export { TestWebSocket, type CloseInfo } from './test-websocket';
export { fuzz, type FuzzOptions, type FuzzReport, type FuzzFailure } from './fuzz/fuzz';
