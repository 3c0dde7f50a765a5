import { Depends, HTTPException, dependency } from '@tsapi/core';
import { OAuth2PasswordBearer, verifyAccessToken } from '@tsapi/security';
import { UsersService, type User } from '../services/users.service';
import { secretKey } from './settings';

/** Bearer tokens from `POST /token` (the password flow Swagger UI's "Authorize" uses). */
export const oauth2Scheme = new OAuth2PasswordBearer({ tokenUrl: 'token' });

/** The user a bearer token names; 401 for a bad token, 400 for a disabled account. */
export const currentUser = dependency([Depends(oauth2Scheme), Depends(UsersService)], async (token: string, users: UsersService): Promise<User> => {
  const claims = await verifyAccessToken(token, { secret: secretKey(), algorithms: ['HS256'] });
  const user = typeof claims.sub === 'string' ? await users.find(claims.sub) : undefined;
  if (!user) throw new HTTPException(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' });
  if (user.disabled) throw new HTTPException(400, 'Inactive user');
  return user;
});
