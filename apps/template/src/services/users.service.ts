import { HTTPException } from '@tsapi/core';
import { hashPassword, verifyPassword } from '@tsapi/security';
import type { Selectable } from 'kysely';
import { Db } from '../db/session';
import type { UsersTable } from '../db/tables';
import { isUniqueViolation } from '../db/unique-violation';
import type { UserCreate } from '../dtos/user.dto';

/** A stored user; `passwordHash` stays inside the server (`UserOut` has no such field). */
export interface User {
  id: number;
  username: string;
  email: string | null;
  fullName: string | null;
  disabled: boolean;
  passwordHash: string;
}

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    fullName: row.full_name,
    disabled: row.disabled === 1,
    passwordHash: row.password_hash,
  };
}

/**
 * Users in the database. A class dependency (`@Depends() users: UsersService`) built per request
 * on the request's transaction; outside a request, `new UsersService(database)`.
 */
export class UsersService {
  constructor(@Db() private readonly db: Db) {}

  /** Registers a user; 409 when the username is taken. */
  async create(data: UserCreate): Promise<User> {
    const passwordHash = await hashPassword(data.password);
    try {
      const row = await this.db
        .insertInto('users')
        .values({
          username: data.username,
          email: data.email ?? null,
          full_name: data.fullName ?? null,
          password_hash: passwordHash,
          created_at: new Date().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUser(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new HTTPException(409, 'Username already registered');
      throw error;
    }
  }

  async findById(id: number): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  async findByUsername(username: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return row && toUser(row);
  }

  /** The user whose password matches; an unknown user takes as long as a wrong password. */
  async authenticate(username: string, password: string): Promise<User | undefined> {
    const user = await this.findByUsername(username);
    const valid = await verifyPassword(password, user?.passwordHash);
    return valid ? user : undefined;
  }
}
