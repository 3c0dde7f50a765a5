import 'reflect-metadata';
import { App, Controller, Form, Post } from '@tsapi/core';

@Controller()
class LoginController {
  @Post('/login')
  login(@Form('username') username: string, @Form('remember', { default: false }) remember: boolean) {
    return { username, remember };
  }
}

export const app = new App({ controllers: [LoginController] });
