/**
 * The work behind GET /me, shared by both servers so that they do the same: a session opened
 * per request and closed after it, settings, and the user looked up with the session.
 */
export interface Session {
  readonly id: number;
  open: boolean;
}

export const sessionCounts = { opened: 0, closed: 0 };

const SETTINGS = Object.freeze({ greeting: 'hello' });

export async function* openSession(): AsyncGenerator<Session> {
  const session: Session = { id: ++sessionCounts.opened, open: true };
  try {
    yield session;
  } finally {
    session.open = false;
    sessionCounts.closed++;
  }
}

export function loadSettings(): { readonly greeting: string } {
  return SETTINGS;
}

export async function findUser(name: string, session: Session): Promise<{ name: string; viaSession: boolean }> {
  return { name, viaSession: session.open };
}

export function greet(user: { name: string; viaSession: boolean }, settings: { greeting: string }, session: Session) {
  return { message: `${settings.greeting}, ${user.name}`, viaSession: user.viaSession, sessionOpen: session.open };
}
