import 'reflect-metadata';
import { App, Controller, Depends, Get, HTTPException, Post, Security, SecurityScopes, dependency } from '@tsapi/core';
import {
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  createAccessToken,
  verifyAccessToken,
  verifyPassword,
} from '@tsapi/security';

const SECRET_KEY = process.env.SECRET_KEY ?? 'change-me-to-32-random-bytes-from-your-secret-store';

interface User {
  username: string;
  fullName: string;
  passwordHash: string;
}

// The hash of "secret", made with `await hashPassword('secret')`.
const users = new Map<string, User>([
  [
    'johndoe',
    {
      username: 'johndoe',
      fullName: 'John Doe',
      passwordHash: 'scrypt$32768$8$1$44/GfIs4Z0x2ooFCjCbnGg==$svor1DBNYF6Iux5JzDi/XusWMaRRpC3Qx3iCj5/0AdU=',
    },
  ],
]);

const oauth2Scheme = new OAuth2PasswordBearer({
  tokenUrl: 'token',
  scopes: { me: 'Read information about the current user.', items: 'Read items.' },
});

const currentUser = dependency(
  [SecurityScopes, Depends(oauth2Scheme)],
  async (required: SecurityScopes, token: string) => {
    const claims = await verifyAccessToken(token, { secret: SECRET_KEY, algorithms: ['HS256'] });
    const user = users.get(claims.sub ?? '');
    if (!user) throw new HTTPException(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' });
    const granted = (claims.scopes as string[] | undefined) ?? [];
    for (const scope of required.scopes) {
      if (!granted.includes(scope)) {
        throw new HTTPException(401, 'Not enough permissions', {
          'WWW-Authenticate': `Bearer scope="${required.scopeStr}"`,
        });
      }
    }
    return user;
  },
);

@Controller()
class AuthController {
  @Post('/token')
  async login(@Depends() form: OAuth2PasswordRequestForm) {
    const user = users.get(form.username);
    if (!(await verifyPassword(form.password, user?.passwordHash))) {
      throw new HTTPException(401, 'Incorrect username or password', { 'WWW-Authenticate': 'Bearer' });
    }
    const claims = { sub: form.username, scopes: form.scopes };
    const accessToken = await createAccessToken(claims, { secret: SECRET_KEY, algorithm: 'HS256', expiresIn: '30m' });
    return { access_token: accessToken, token_type: 'bearer' };
  }

  @Get('/users/me')
  readMe(@Security(currentUser, ['me']) user: User) {
    return { username: user.username, fullName: user.fullName };
  }

  @Get('/users/me/items')
  readOwnItems(@Security(currentUser, ['me', 'items']) user: User) {
    return [{ itemId: 'Foo', owner: user.username }];
  }
}

export const app = new App({ controllers: [AuthController] });
