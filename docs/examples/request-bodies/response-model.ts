import 'reflect-metadata';
import { IsEmail, IsOptional, IsString, MinLength } from 'class-validator';
import { App, Body, Controller, Post, status } from '@tsapi/core';

class UserIn {
  @IsString() username!: string;
  @IsString() @MinLength(8) password!: string;
  @IsEmail() email!: string;
  @IsOptional() @IsString() fullName?: string;
}

class UserOut {
  @IsString() username!: string;
  @IsEmail() email!: string;
  @IsOptional() @IsString() fullName?: string;
}

@Controller('/users')
class UsersController {
  @Post('', { statusCode: status.HTTP_201_CREATED, responseModel: UserOut })
  create(@Body() user: UserIn) {
    return user; // the password is filtered out by the response model
  }
}

export const app = new App({ controllers: [UsersController] });
