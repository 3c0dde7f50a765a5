import 'reflect-metadata';
import { App, Controller, Depends, Get, HTTPException, Header, Path, dependency } from '@tsapi/core';

interface User {
  id: number;
  name: string;
}

/** What happens to the sessions, in order: a stand-in for a real database's log. */
export const events: string[] = [];

class Session {
  findUser(token: string): User | undefined {
    return token === 'secret-token' ? { id: 1, name: 'alice' } : undefined;
  }

  findItem(itemId: number): { id: number; title: string } | undefined {
    return itemId === 1 ? { id: 1, title: 'Plumbus' } : undefined;
  }
}

async function* getSession() {
  events.push('open');
  try {
    yield new Session();
    events.push('commit');
  } catch (error) {
    events.push('rollback');
    throw error;
  } finally {
    events.push('close');
  }
}

const currentUser = dependency(
  [Header('x-token', { type: 'string' }), Depends(getSession)],
  (token: string, session: Session) => {
    const user = session.findUser(token);
    if (!user) throw new HTTPException(401, 'Invalid token');
    return user;
  },
);

@Controller('/items')
class ItemsController {
  @Get('/{itemId}')
  readItem(
    @Path('itemId', { type: 'integer' }) itemId: number,
    @Depends(currentUser) user: User,
    @Depends(getSession) session: Session,
  ) {
    const item = session.findItem(itemId);
    if (!item) throw new HTTPException(404, 'Item not found');
    return { ...item, owner: user.name };
  }
}

export const app = new App({ controllers: [ItemsController] });
