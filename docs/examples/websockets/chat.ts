import 'reflect-metadata';
import {
  App,
  Controller,
  Depends,
  Path,
  Query,
  WebSocket,
  WebSocketDisconnect,
  WebSocketException,
  WebSocketRoute,
  dependency,
  status,
} from '@tsapi/core';

const tokenUser = dependency([Query('token', { type: 'string' })], (token: string) => {
  if (token !== 'alice-token') throw new WebSocketException(status.WS_1008_POLICY_VIOLATION, 'Unknown token');
  return 'alice';
});

@Controller()
class ChatController {
  @WebSocketRoute('/ws/{room}')
  async chat(ws: WebSocket, @Path('room') room: string, @Depends(tokenUser) user: string) {
    await ws.accept();
    try {
      for await (const text of ws.iterText()) {
        if (text === 'bye') return await ws.close(status.WS_1000_NORMAL_CLOSURE, 'Goodbye');
        await ws.sendJson({ room, user, text });
      }
    } catch (error) {
      if (!(error instanceof WebSocketDisconnect)) throw error;
    }
  }
}

export const app = new App({ controllers: [ChatController] });
