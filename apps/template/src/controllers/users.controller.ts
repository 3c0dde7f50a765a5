import { Body, Controller, Depends, Get, Post, status } from '@tsapi/core';
import { currentUser } from '../dependencies/current-user';
import { UserCreate, UserOut } from '../dtos/user.dto';
import { UsersService, type User } from '../services/users.service';

@Controller('/users', { tags: ['users'] })
export class UsersController {
  /** Registers an account; 409 when the username is taken. */
  @Post('', {
    statusCode: status.HTTP_201_CREATED,
    responseModel: UserOut,
    responses: { 409: { description: 'Username already registered' } },
  })
  register(@Body() data: UserCreate, @Depends() users: UsersService) {
    return users.create(data);
  }

  @Get('/me', { responseModel: UserOut })
  me(@Depends(currentUser) user: User) {
    return user;
  }
}
