import 'reflect-metadata';
import { App, Controller, Cookie, Get, Header } from '@tsapi/core';

@Controller()
class ClientController {
  @Get('/client')
  readClient(
    @Header('user_agent') userAgent: string,
    @Header('x_request_id') requestId: string,
    @Cookie('session', { required: false }) session?: string,
  ) {
    return { userAgent, requestId, session: session ?? null };
  }
}

export const app = new App({ controllers: [ClientController] });
