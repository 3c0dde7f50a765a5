import { Controller, Depends, HTTPException, Post } from '@tsapi/core';
import { OAuth2PasswordRequestForm } from '@tsapi/security';
import { issueToken } from '../dependencies/current-user';
import { TokenOut } from '../dtos/user.dto';
import { UsersService } from '../services/users.service';
import { Settings } from '../settings';

/**
 * `POST /token`, built per app because its rate limit (`TOKEN_RATE_LIMIT`) is a setting and
 * route options are fixed when the class is declared.
 */
export function tokenController(settings: Settings) {
  @Controller('', { tags: ['users'] })
  class TokenController {
    /** OAuth2's password flow: a form with `username` and `password` gives a bearer token. */
    @Post('/token', { responseModel: TokenOut, rateLimit: settings.tokenRateLimit })
    async login(@Depends() form: OAuth2PasswordRequestForm, @Depends() users: UsersService) {
      const user = await users.authenticate(form.username, form.password);
      if (!user) throw new HTTPException(401, 'Incorrect username or password', { 'WWW-Authenticate': 'Bearer' });
      return { access_token: await issueToken(user, settings), token_type: 'bearer' };
    }
  }
  return TokenController;
}
