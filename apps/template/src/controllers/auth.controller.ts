import { Controller, Depends, Get, HTTPException, Post } from '@tsapi/core';
import { OAuth2PasswordRequestForm, createAccessToken } from '@tsapi/security';
import { IsBoolean, IsEmail, IsString } from 'class-validator';
import { currentUser } from '../security/current-user';
import { secretKey, TOKEN_MINUTES } from '../security/settings';
import { UsersService, type User } from '../services/users.service';

class TokenOut {
  @IsString() access_token!: string;
  @IsString() token_type!: string;
}

/** What the API tells about a user: never the password hash. */
class UserOut {
  @IsString() username!: string;
  @IsString() fullName!: string;
  @IsEmail() email!: string;
  @IsBoolean() disabled!: boolean;
}

@Controller('', { tags: ['users'] })
export class AuthController {
  constructor(private readonly users: UsersService) {}

  /** OAuth2's password flow: a form with `username` and `password` gives a bearer token. */
  @Post('/token', { responseModel: TokenOut })
  async login(@Depends() form: OAuth2PasswordRequestForm) {
    const user = await this.users.authenticate(form.username, form.password);
    if (!user) throw new HTTPException(401, 'Incorrect username or password', { 'WWW-Authenticate': 'Bearer' });
    const accessToken = await createAccessToken({ sub: user.username }, { secret: secretKey(), algorithm: 'HS256', expiresIn: `${TOKEN_MINUTES}m` });
    return { access_token: accessToken, token_type: 'bearer' };
  }

  @Get('/users/me', { responseModel: UserOut })
  me(@Depends(currentUser) user: User) {
    return user;
  }
}
