import 'reflect-metadata';
import { IsString } from 'class-validator';
import {
  App,
  Body,
  Controller,
  Depends,
  Get,
  HTTPException,
  Header,
  Post,
  WebSocket,
  WebSocketRoute,
  dependency,
  status,
} from '@tsapi/core';

class ItemIn {
  @IsString() title!: string;
}

export const currentUser = dependency([Header('x-token', { type: 'string' })], (token: string) => {
  if (token !== 'coneofsilence') throw new HTTPException(401, 'Invalid X-Token header');
  return { name: 'alice' };
});

@Controller()
class ItemsController {
  @Get('/items/mine')
  readMine(@Depends(currentUser) user: { name: string }) {
    return { owner: user.name, items: ['Foo'] };
  }

  @Post('/items', { statusCode: status.HTTP_201_CREATED })
  create(@Body() item: ItemIn, @Depends(currentUser) user: { name: string }) {
    return { title: item.title, owner: user.name };
  }

  @WebSocketRoute('/ws')
  async greet(ws: WebSocket, @Depends(currentUser) user: { name: string }) {
    await ws.accept();
    await ws.sendJson({ msg: `Hello ${user.name}` });
    await ws.close();
  }
}

export function createApp(): App {
  return new App({ controllers: [ItemsController] });
}
