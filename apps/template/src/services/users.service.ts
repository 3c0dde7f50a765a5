import { Injectable } from '@tsapi/core';
import { hashPassword, verifyPassword } from '@tsapi/security';

export interface User {
  username: string;
  fullName: string;
  email: string;
  disabled: boolean;
  passwordHash: string;
}

/** The demo account, so that /docs' "Authorize" works out of the box. */
export const DEMO_USER = { username: 'alice', password: 'wonderland' } as const;

/** An in-memory user store, one per app; the demo user's password is hashed on first use. */
@Injectable()
export class UsersService {
  readonly #users = new Map<string, User>();
  #seeded: Promise<void> | undefined;

  #seed(): Promise<void> {
    this.#seeded ??= hashPassword(DEMO_USER.password).then((passwordHash) => {
      this.#users.set(DEMO_USER.username, { username: DEMO_USER.username, fullName: 'Alice Liddell', email: 'alice@example.com', disabled: false, passwordHash });
    });
    return this.#seeded;
  }

  async find(username: string): Promise<User | undefined> {
    await this.#seed();
    return this.#users.get(username);
  }

  /** The user whose password matches; an unknown user takes as long as a wrong password. */
  async authenticate(username: string, password: string): Promise<User | undefined> {
    const user = await this.find(username);
    const valid = await verifyPassword(password, user?.passwordHash);
    return valid ? user : undefined;
  }
}
