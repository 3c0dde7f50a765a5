import { Depends, HTTPException, Query, dependency } from '@tsapi/core';
import { OAuth2PasswordBearer, createAccessToken, verifyAccessToken } from '@tsapi/security';
import { Database } from '../db/database';
import { Settings } from '../settings';
import { UsersService, type User } from '../services/users.service';

/** How long a token from `POST /token` is valid. */
export const TOKEN_MINUTES = 30;

/** Bearer tokens from `POST /token` (the password flow Swagger UI's "Authorize" uses). */
export const oauth2Scheme = new OAuth2PasswordBearer({ tokenUrl: 'token' });

/** A signed token naming the user by username (`sub`), valid for `TOKEN_MINUTES`. */
export function issueToken(user: User, settings: Settings): Promise<string> {
  return createAccessToken(
    { sub: user.username },
    { secret: settings.secretKey, algorithm: 'HS256', expiresIn: `${TOKEN_MINUTES}m` },
  );
}

/** The user a token names; 401 for a bad token or an unknown user, 400 for a disabled account. */
async function userFromToken(token: string, users: UsersService, settings: Settings): Promise<User> {
  const claims = await verifyAccessToken(token, { secret: settings.secretKey, algorithms: ['HS256'] });
  const user = typeof claims.sub === 'string' ? await users.findByUsername(claims.sub) : undefined;
  if (!user) throw new HTTPException(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' });
  if (user.disabled) throw new HTTPException(400, 'Inactive user');
  return user;
}

/** The signed-in user of an HTTP request (`Authorization: Bearer …`), read in the request's transaction. */
export const currentUser = dependency(
  [Depends(oauth2Scheme), Depends(UsersService), Depends(Settings)],
  (token: string, users: UsersService, settings: Settings) => userFromToken(token, users, settings),
);

/**
 * The user of a websocket (`?token=…`, since browsers cannot set headers on one). The connection
 * outlives any transaction, so the user is read from the database directly. A missing or bad
 * token closes the connection with 1008.
 */
export const socketUser = dependency(
  [Query('token', { type: 'string' }), Depends(Database), Depends(Settings)],
  (token: string, database: Database, settings: Settings) => userFromToken(token, new UsersService(database), settings),
);
