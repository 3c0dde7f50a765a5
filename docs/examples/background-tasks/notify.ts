import 'reflect-metadata';
import { App, BackgroundTasks, Controller, Depends, Path, Post, Query, dependency } from '@tsapi/core';

/** Stands in for a log file or a mail server. */
export const sent: string[] = [];

async function writeLog(message: string) {
  await new Promise((resolve) => setTimeout(resolve, 10)); // slow work the client does not wait for
  sent.push(message);
}

const auditQuery = dependency(
  [BackgroundTasks, Query('q', { type: 'string', required: false })],
  (tasks: BackgroundTasks, q?: string) => {
    if (q) tasks.add(writeLog, `found query: ${q}`);
    return q;
  },
);

@Controller()
class NotificationsController {
  @Post('/send-notification/{email}')
  notify(@Path('email') email: string, tasks: BackgroundTasks, @Depends(auditQuery) q?: string) {
    tasks.add(writeLog, `notification for ${email}${q ? ` (${q})` : ''}`);
    return { message: 'Notification sent in the background' };
  }
}

export const app = new App({ controllers: [NotificationsController] });
