import Redis from 'ioredis';
import { createApp } from './app';

const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : undefined;

export const app = createApp({ redis });
app.fastify.addHook('onClose', async () => {
  await redis?.quit();
});
